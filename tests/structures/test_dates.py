"""Dates the French way in Paris time, and whole days as aware datetimes: Paris days, both
ends included, open ends allowed."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from structures.dates import day_bounds, french_date, french_datetime, french_time, start_of_day

PARIS = ZoneInfo("Europe/Paris")


def test_start_of_day_is_paris_midnight():
    assert start_of_day(date(2026, 1, 15)) == datetime(2026, 1, 15, tzinfo=PARIS)
    # Summer time: midnight in Paris is 22:00 UTC the day before.
    summer = start_of_day(date(2026, 7, 14))
    assert summer == datetime(2026, 7, 14, tzinfo=PARIS)
    assert summer.utcoffset() == timedelta(hours=2)


def test_day_bounds_include_both_days():
    since, until = day_bounds(date(2026, 3, 1), date(2026, 3, 31))
    assert since == datetime(2026, 3, 1, tzinfo=PARIS)
    assert until == datetime(2026, 4, 1, tzinfo=PARIS)  # excluded: [since, until)


def test_day_bounds_of_one_day_across_the_clock_change():
    # 29 March 2026: the clocks go forward, the day lasts 23 hours.
    since, until = day_bounds(date(2026, 3, 29), date(2026, 3, 29))
    assert until.astimezone(UTC) - since.astimezone(UTC) == timedelta(hours=23)


def test_an_open_end_stays_open():
    assert day_bounds(None, date(2026, 3, 31)) == (None, datetime(2026, 4, 1, tzinfo=PARIS))
    assert day_bounds(date(2026, 3, 1), None) == (datetime(2026, 3, 1, tzinfo=PARIS), None)
    assert day_bounds(None, None) == (None, None)


# French dates and times, written by hand: what a worker reads on every page.


def test_a_utc_datetime_is_shown_in_paris_time():
    # Winter: Paris is UTC+1.
    assert french_datetime(datetime(2026, 12, 12, 19, 30, tzinfo=UTC)) == (
        "samedi 12 décembre 2026 à 20\u00a0h\u00a030"
    )
    # Summer: Paris is UTC+2, and the date turns before UTC's does.
    assert french_datetime(datetime(2026, 7, 13, 22, 15, tzinfo=UTC)) == (
        "mardi 14 juillet 2026 à 0\u00a0h\u00a015"
    )


def test_the_first_of_the_month_is_1er():
    assert french_date(date(2026, 12, 1)) == "mardi 1er décembre 2026"
    # 23:30 UTC on 30 November is already 1 December in Paris.
    assert french_datetime(datetime(2026, 11, 30, 23, 30, tzinfo=UTC)) == (
        "mardi 1er décembre 2026 à 0\u00a0h\u00a030"
    )
    assert french_date(date(2026, 12, 11)) == "vendredi 11 décembre 2026"
    assert french_date(date(2026, 12, 21)) == "lundi 21 décembre 2026"


def test_full_hours_and_midnight_have_no_minutes():
    assert french_time(datetime(2026, 12, 12, 9, 0, tzinfo=PARIS)) == "9\u00a0h"
    assert french_datetime(datetime(2026, 12, 12, 23, 0, tzinfo=UTC)) == (
        "dimanche 13 décembre 2026 à 0\u00a0h"
    )


def test_minutes_are_two_digits():
    assert french_time(datetime(2026, 12, 12, 19, 5, tzinfo=UTC)) == "20\u00a0h\u00a005"
    assert french_time(datetime(2026, 12, 12, 20, 30, tzinfo=PARIS)) == "20\u00a0h\u00a030"
    assert french_time(time(9, 5)) == "9\u00a0h\u00a005"


def test_spring_forward_on_the_last_sunday_of_march():
    # 29 March 2026 at 01:00 UTC the Paris clocks jump from 2 h to 3 h.
    assert french_datetime(datetime(2026, 3, 29, 0, 59, tzinfo=UTC)) == (
        "dimanche 29 mars 2026 à 1\u00a0h\u00a059"
    )
    assert french_datetime(datetime(2026, 3, 29, 1, 0, tzinfo=UTC)) == (
        "dimanche 29 mars 2026 à 3\u00a0h"
    )


def test_fall_back_on_the_last_sunday_of_october():
    # 25 October 2026 at 01:00 UTC the Paris clocks go back from 3 h to 2 h: 2 h 30 twice.
    assert french_time(datetime(2026, 10, 25, 0, 30, tzinfo=UTC)) == "2\u00a0h\u00a030"
    assert french_time(datetime(2026, 10, 25, 1, 30, tzinfo=UTC)) == "2\u00a0h\u00a030"
    assert french_datetime(datetime(2026, 10, 25, 2, 0, tzinfo=UTC)) == (
        "dimanche 25 octobre 2026 à 3\u00a0h"
    )


def test_a_naive_datetime_is_taken_as_paris_time_already():
    assert (
        french_datetime(datetime(2026, 12, 12, 20, 30))
        == "samedi 12 décembre 2026 à 20\u00a0h\u00a030"
    )


def test_nothing_gives_an_empty_string():
    assert french_date(None) == french_time(None) == french_datetime(None) == ""


def test_start_of_day_across_the_clock_changes():
    assert start_of_day(date(2026, 3, 29)) == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    assert start_of_day(date(2026, 3, 30)) == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)
    assert start_of_day(date(2026, 10, 25)) == datetime(2026, 10, 24, 22, 0, tzinfo=UTC)
    assert start_of_day(date(2026, 10, 26)) == datetime(2026, 10, 25, 23, 0, tzinfo=UTC)


def test_day_bounds_of_the_autumn_clock_change_last_25_hours():
    since, until = day_bounds(date(2026, 10, 25), date(2026, 10, 25))
    assert until.astimezone(UTC) - since.astimezone(UTC) == timedelta(hours=25)

"""Whole days as aware datetimes: Paris days, both ends included, open ends allowed."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from structures.dates import day_bounds, start_of_day

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

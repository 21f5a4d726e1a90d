"""Statistics against a hand-built data set: exact figures, fixed query counts."""

from datetime import date

import pytest

from bookings.models import Booking
from bookings.statistics.queries import (
    TOP_VENUES,
    Figures,
    default_period,
    department_statistics,
    months_between,
    structure_statistics,
)
from events.models import Slot
from tests.factories import BookingFactory, SlotFactory, StructureFactory

from .world import PERIOD, at

pytestmark = pytest.mark.django_db


def figures(rows):
    return [
        (row.label, row.figures.booked, row.figures.used, row.figures.no_shows,
         row.figures.unrecorded, row.figures.cancelled)
        for row in rows
    ]  # fmt: skip


def test_structure_totals(world):
    stats = structure_statistics(world["nord"], *PERIOD)

    assert stats.totals == Figures(
        booked=9,
        used=5,
        no_shows=2,
        unrecorded=2,
        cancelled=2,
        persons_booked=5,  # A, B, D, F, G: guests and companions are not counted
        persons_reached=3,  # A, D, G came; B was absent, F is not recorded
    )
    assert stats.totals.attendance_rate == 71.4  # 5 present of 7 recorded


def test_structure_breakdowns(world):
    stats = structure_statistics(world["nord"], *PERIOD)

    assert figures(stats.months) == [
        ("janvier 2026", 0, 0, 0, 0, 0),
        ("février 2026", 0, 0, 0, 0, 0),
        ("mars 2026", 4, 2, 2, 0, 0),
        ("avril 2026", 1, 1, 0, 0, 0),
        ("mai 2026", 3, 2, 0, 1, 2),
        ("juin 2026", 1, 0, 0, 1, 0),
    ]
    # "Jazz au parc" is a concert and a play: it counts in both genres.
    assert figures(stats.genres) == [
        ("Théâtre", 8, 4, 2, 2, 2),
        ("Concert", 4, 2, 0, 2, 2),
        ("Sans genre", 1, 1, 0, 0, 0),
    ]
    assert figures(stats.audiences) == [
        ("Famille", 5, 3, 2, 0, 0),
        ("Public non précisé", 4, 2, 0, 2, 2),
        ("Adultes", 4, 2, 2, 0, 0),
    ]
    assert figures(stats.venues) == [
        ("Salle A", 5, 3, 2, 0, 0),
        ("Salle B", 4, 2, 0, 2, 2),
    ]
    assert figures(stats.top_events) == [
        ("Jazz au parc", 4, 2, 0, 2, 2),
        ("Le Malade imaginaire", 4, 2, 2, 0, 0),
        ("Cirque d'hiver", 1, 1, 0, 0, 0),
    ]
    assert stats.months[2].figures.attendance_rate == 50.0
    assert stats.months[5].figures.attendance_rate is None  # nothing recorded yet


def test_period_filters_on_the_slot_start(world):
    march = structure_statistics(world["nord"], date(2026, 3, 1), date(2026, 3, 31))
    assert (march.totals.booked, march.totals.used, march.totals.no_shows) == (4, 2, 2)

    old = structure_statistics(world["nord"], date(2025, 1, 1), date(2025, 1, 31))
    assert (old.totals.booked, old.totals.used) == (1, 1)

    nothing = structure_statistics(world["nord"], date(2024, 1, 1), date(2024, 12, 31))
    assert nothing.totals == Figures(persons_booked=0, persons_reached=0)
    assert nothing.totals.is_empty
    assert nothing.genres == nothing.venues == nothing.top_events == []
    assert len(nothing.months) == 12


def test_period_days_are_paris_days_both_included():
    structure = StructureFactory()
    # 00:30 in Paris on January 1st is still December 31st in UTC; 23:30 on June 30th too.
    for starts_at in (at(2026, 1, 1, 0, 30), at(2026, 6, 30, 23, 30), at(2026, 7, 1, 0, 30)):
        BookingFactory(structure=structure, slot=SlotFactory(starts_at=starts_at))

    stats = structure_statistics(structure, *PERIOD)

    assert stats.totals.booked == 2
    assert [row.figures.booked for row in stats.months] == [1, 0, 0, 0, 0, 1]


def test_other_structures_are_not_counted(world):
    stats = structure_statistics(world["other"], *PERIOD)
    assert (stats.totals.booked, stats.totals.used) == (2, 2)
    assert [row.label for row in stats.top_events] == ["Bobigny danse", "Le Malade imaginaire"]


def test_department_figures(world):
    stats = department_statistics(world["paris"], *PERIOD)

    # Nord's 9 + Sud's 1 on Paris events + Bobigny's 1 on a Paris event (the 93 event: no).
    assert stats.totals == Figures(
        booked=11,
        used=6,
        no_shows=3,
        unrecorded=2,
        cancelled=2,
        persons_booked=7,
        persons_reached=4,
    )
    assert stats.totals.attendance_rate == 66.7
    assert [
        (row.label, row.extra, row.figures.booked, row.figures.used, row.figures.persons_reached)
        for row in stats.structures
    ] == [
        ("Relais Nord", "75", 9, 5, 3),
        ("Relais de Bobigny", "93", 1, 0, 0),
        ("Relais Sud", "75", 1, 1, 1),
    ]
    assert [
        (p.name, p.slots, p.offered, p.booked, p.used, p.no_shows, p.booking_rate, p.use_rate)
        for p in stats.partners
    ] == [
        ("Musée vide", 1, 20, 0, 0, 0, 0.0, None),
        ("Théâtre du Soleil", 2, 15, 6, 4, 2, 40.0, 66.7),
        ("Parc musical", 2, 14, 5, 2, 1, 35.7, 40.0),
    ]
    assert stats.offered == 49
    assert [row.figures.booked for row in stats.months] == [0, 0, 5, 1, 4, 1]


def test_statistics_take_a_fixed_number_of_queries(world, django_assert_num_queries):
    with django_assert_num_queries(4):
        structure_statistics(world["nord"], *PERIOD)
    with django_assert_num_queries(4):
        department_statistics(world["paris"], *PERIOD)

    slot = Slot.objects.get(starts_at=at(2026, 3, 10, 20))
    Slot.objects.filter(pk=slot.pk).update(invitations_offered=100)
    for _ in range(30):
        BookingFactory(slot=slot, structure=world["nord"])

    with django_assert_num_queries(4):
        stats = structure_statistics(world["nord"], *PERIOD)
    with django_assert_num_queries(4):
        department_statistics(world["paris"], *PERIOD)
    assert stats.totals.booked == 39


def test_default_period_is_the_last_twelve_months():
    assert default_period(date(2026, 6, 15)) == (date(2025, 7, 1), date(2026, 6, 15))
    assert default_period(date(2026, 1, 31)) == (date(2025, 2, 1), date(2026, 1, 31))
    assert default_period(date(2026, 12, 1)) == (date(2026, 1, 1), date(2026, 12, 1))
    assert len(months_between(*default_period(date(2026, 6, 15)))) == 12


def test_cancelled_bookings_count_only_as_cancelled(world):
    cancelled = Booking.objects.filter(status=Booking.Status.CANCELLED)
    assert cancelled.count() == 1
    stats = structure_statistics(world["nord"], date(2026, 5, 1), date(2026, 5, 31))
    assert (stats.totals.booked, stats.totals.cancelled) == (3, 2)
    assert stats.totals.persons_booked == 3  # A, D and F; E's booking was cancelled


def test_only_the_busiest_venues_are_listed():
    structure = StructureFactory()
    for count in range(1, TOP_VENUES + 3):  # venues with 1, 2, … invitations
        slot = SlotFactory(
            starts_at=at(2026, 3, 10),
            invitations_offered=20,
            event__venue__name=f"Salle {count:02d}",
        )
        BookingFactory.create_batch(count, slot=slot, structure=structure)

    stats = structure_statistics(structure, *PERIOD)

    assert [row.label for row in stats.venues] == [
        f"Salle {count:02d}" for count in range(TOP_VENUES + 2, 2, -1)
    ]

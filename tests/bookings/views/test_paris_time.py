"""The pages of bookings show Paris time, written here by hand: a slot at 23:30 UTC in
winter is "0 h 30" the next day in Paris, one at 18:00 UTC on 1 July is
"jeudi 1er juillet 2027 à 20 h"."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from bookings.cancellation import cancel
from bookings.models import Booking, Participant
from tests.factories import SlotFactory

from ..tracking_cast import booking_for, person

pytestmark = pytest.mark.django_db

BOOKED_AT = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
BOOKED_AT_FR = "mardi 1er décembre 2026 à 0\u00a0h\u00a030"
# The winter slot: its start and its cutoff (48 hours before), as Paris reads them.
STARTS_AT = datetime(2026, 12, 12, 23, 30, tzinfo=UTC)
STARTS_AT_FR = "dimanche 13 décembre 2026 à 0\u00a0h\u00a030"
CLOSES_AT_FR = "vendredi 11 décembre 2026 à 0\u00a0h\u00a030"
# The summer slot: Paris is UTC+2.
SUMMER_AT = datetime(2027, 7, 1, 18, 0, tzinfo=UTC)
SUMMER_AT_FR = "jeudi 1er juillet 2027 à 20\u00a0h"


@pytest.fixture
def clock():
    with time_machine.travel(BOOKED_AT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def slot(clock):
    return SlotFactory(event__title="Cyrano de Bergerac", starts_at=STARTS_AT)


@pytest.fixture
def booking(worker, slot):
    return booking_for(worker, slot, person(worker.structure, "Marie", "Dupont"))


@pytest.fixture
def summer_booking(worker, clock):
    slot = SlotFactory(event__title="Le Cid", starts_at=SUMMER_AT)
    return booking_for(worker, slot, person(worker.structure, "Paul", "Durand"))


def page(app, name, *args):
    response = app.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_the_booking_page_shows_the_start_and_the_cutoff_in_paris_time(app, slot):
    content = page(app, "bookings:new", slot.pk)

    assert "Dimanche 13 décembre 2026 à 0\u00a0h\u00a030" in content
    assert f"<dt>Clôture</dt><dd>{CLOSES_AT_FR}</dd>" in content


def test_the_confirmation_shows_paris_time(app, booking):
    content = page(app, "bookings:confirmation", booking.reference)

    assert "<dt>Date</dt><dd>Dimanche 13 décembre 2026 à 0\u00a0h\u00a030</dd>" in content
    assert f"Camille Martin, le {BOOKED_AT_FR}</dd>" in content


def test_the_detail_shows_its_dates_the_french_way_in_paris_time(app, booking):
    content = page(app, "bookings:detail", booking.reference)

    assert "<dt>Date</dt><dd>Dimanche 13 décembre 2026 à 0\u00a0h\u00a030</dd>" in content
    assert f"Camille Martin, le {BOOKED_AT_FR}</dd>" in content
    assert f"possible jusqu'au {CLOSES_AT_FR}</dd>" in content
    assert f'<td data-label="Date">{BOOKED_AT_FR}</td>' in content  # the history


def test_the_detail_of_a_summer_outing_is_two_hours_ahead_of_utc(app, summer_booking):
    content = page(app, "bookings:detail", summer_booking.reference)

    assert "<dt>Date</dt><dd>Jeudi 1er juillet 2027 à 20\u00a0h</dd>" in content


def test_a_cancelled_booking_shows_when_in_paris_time(app, booking, worker, clock):
    clock.move_to(datetime(2026, 12, 5, 22, 45, tzinfo=UTC))
    app.force_login(worker)  # a new session: the last request was days ago
    cancel_page = page(app, "bookings:cancel", booking.reference)
    assert "Dimanche 13 décembre 2026 à 0\u00a0h\u00a030" in cancel_page

    cancel(Booking.objects.get(pk=booking.pk), by=worker)

    content = page(app, "bookings:detail", booking.reference)
    assert (
        "<dt>Annulée</dt><dd>le samedi 5 décembre 2026 à 23\u00a0h\u00a045 par Camille Martin"
    ) in content


@pytest.mark.parametrize("name", ["bookings:current", "bookings:all"])
def test_the_lists_show_paris_time(app, booking, summer_booking, name):
    content = page(app, name)

    assert f'<td data-label="Date">{STARTS_AT_FR}</td>' in content
    assert f'<td data-label="Date">{SUMMER_AT_FR}</td>' in content


def test_the_follow_up_pages_show_paris_time(app, booking, worker, clock):
    clock.move_to(datetime(2026, 12, 13, 10, 0, tzinfo=UTC))  # the morning after
    app.force_login(worker)  # a new session: the last request was days ago

    assert f'<td data-label="Date">{STARTS_AT_FR}</td>' in page(app, "bookings:testimonials")
    attendance = page(app, "bookings:attendance", booking.reference)
    assert f"<dt>Date</dt><dd>{STARTS_AT_FR}</dd>" in attendance

    Booking.objects.filter(pk=booking.pk).update(attendance_recorded_at=datetime.now(UTC))
    Participant.objects.filter(booking=booking).update(attended=True)
    recorded = page(app, "bookings:testimonials")
    reference = f'<span class="nowrap">{booking.reference}</span>'
    assert f"{STARTS_AT_FR} – réservation {reference}" in recorded
    attendance = page(app, "bookings:attendance", booking.reference)
    assert (
        "<dt>Présences saisies le</dt><dd>dimanche 13 décembre 2026 à 11\u00a0h</dd>"
    ) in attendance

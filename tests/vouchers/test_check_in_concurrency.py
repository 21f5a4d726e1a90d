"""Ticks racing each other and the worker's attendance, on PostgreSQL: each arrival is
counted once, and a tick never deadlocks with a transaction that locks the booking first
(record_attendance, cancel).

Each thread has its own database connection (closed at the end of the thread) and a
barrier releases them together.
"""

import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from bookings.models import Booking, BookingLogEntry, Participant
from tests import factories
from tests.concurrency import race
from vouchers import checkin

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def booking():
    """A family of three at the door: the cutoff passed, the show in an hour."""
    slot = factories.SlotFactory(
        starts_at=timezone.now() + timedelta(hours=1),
        closes_at=timezone.now() - timedelta(hours=1),
        invitations_offered=10,
    )
    booking = factories.BookingFactory(slot=slot, invitations=3)
    for _ in range(2):
        factories.ParticipantFactory(booking=booking)
    return booking


def arrivals(booking):
    return list(
        Participant.objects.filter(booking=booking)
        .order_by("pk")
        .values_list("checked_in_at", flat=True)
    )


def ticked_in_history(booking):
    lines = BookingLogEntry.objects.filter(booking=booking, action="checked_in")
    return sorted(pk for line in lines for pk in line.details["participants"])


@pytest.mark.parametrize("threads", [2, 6])
def test_many_taps_on_one_person_count_once(booking, threads):
    mina = booking.participants.order_by("pk").first()

    results = race(threads, lambda i: checkin.check_in(booking.slot, mina.pk))

    assert all(isinstance(r, checkin.Outcome) for r in results), results
    assert sorted(r.changed for r in results) == [0] * (threads - 1) + [1]
    assert ticked_in_history(booking) == [mina.pk]
    assert arrivals(booking)[0] is not None


def test_the_whole_booking_and_single_ticks_count_each_person_once(booking):
    people = list(booking.participants.order_by("pk").values_list("pk", flat=True))

    def attempt(i):
        if i == 0:
            return checkin.check_in_booking(booking.slot, booking.pk)
        return checkin.check_in(booking.slot, people[(i - 1) % 3])

    results = race(5, attempt)

    assert all(isinstance(r, checkin.Outcome) for r in results), results
    assert sum(r.changed for r in results) == 3
    assert ticked_in_history(booking) == people
    assert None not in arrivals(booking)


def test_a_tick_waits_for_the_workers_transaction_and_never_deadlocks(booking):
    """The worker's save locks the booking, then writes its participants; a tick that
    locked the participant first would wait for the booking while holding what the save
    needs: PostgreSQL would kill one of them ("deadlock detected")."""
    mina = booking.participants.order_by("pk").first()

    def attempt(i):
        if i == 0:
            with transaction.atomic():
                Booking.objects.select_for_update().get(pk=booking.pk)
                time.sleep(0.3)  # the tick arrives meanwhile
                Participant.objects.filter(booking=booking).update(attended=True)
            return "saved"
        time.sleep(0.05)
        return checkin.check_in(booking.slot, mina.pk)

    results = race(2, attempt)

    assert results[0] == "saved"
    assert isinstance(results[1], checkin.Outcome), results[1]
    assert results[1].changed == 1


def test_a_tick_against_a_cancellation_is_refused_or_done_before_it(booking):
    """A cancellation (here as of just before the cutoff) races a tick: the tick either
    lands first or is refused with the cancellation's message; never a tick on a
    cancelled booking."""
    mina = booking.participants.order_by("pk").first()

    def attempt(i):
        if i == 0:
            from bookings.cancellation import cancel

            before_cutoff = booking.slot.closes_at - timedelta(minutes=1)
            return cancel(booking, by=booking.booked_by, now=before_cutoff, notify=False)
        return checkin.check_in(booking.slot, mina.pk)

    results = race(2, attempt)

    assert isinstance(results[0], Booking), results[0]
    tick = results[1]
    if isinstance(tick, checkin.CheckInError):
        assert "a été annulée entre-temps" in tick.message
        assert arrivals(booking)[0] is None
    else:
        assert isinstance(tick, checkin.Outcome) and tick.changed == 1

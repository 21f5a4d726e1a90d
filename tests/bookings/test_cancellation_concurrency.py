"""Cancellations racing each other, a booking, and the guest list, on PostgreSQL.

Each thread has its own database connection (closed at the end of the thread) and a
barrier releases them together. A control run with the locks removed shows the race is
real, so the passing runs prove something.
"""

import threading
import time

import pytest
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from bookings import cancellation
from bookings.cancellation import ALREADY_CANCELLED, EXPIRED, CancellationError, cancel
from bookings.models import Booking, BookingLogEntry, Participant
from bookings.services import BookingError
from events.models import Slot
from tests.concurrency import race
from tests.factories import SlotFactory, UserFactory

from .tracking_cast import booking_for, person

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def assert_counts_exact(slot):
    slot.refresh_from_db()
    active = Participant.objects.filter(slot=slot, is_active=True).count()
    assert slot.invitations_booked == active
    assert 0 <= slot.invitations_booked <= slot.invitations_offered
    assert active == sum(
        Booking.objects.confirmed().filter(slot=slot).values_list("invitations", flat=True)
    )


def group_booking(worker, slot, size=3):
    """A followed person and size - 1 guests."""
    guests = [(0, "Invité", f"N{i}") for i in range(size - 1)]
    return booking_for(worker, slot, person(worker.structure, "Marie", "Dupont"), guests=guests)


@pytest.mark.parametrize("threads", [2, 5])
def test_simultaneous_cancels_release_the_invitations_once(worker, threads):
    slot = SlotFactory(invitations_offered=10)
    booking = group_booking(worker, slot, size=3)
    other = booking_for(worker, slot, person(worker.structure, "Paul", "Durand"))

    results = race(threads, lambda i: cancel(booking, by=worker))

    cancelled = [r for r in results if isinstance(r, Booking)]
    refused = [r for r in results if not isinstance(r, Booking)]
    assert len(cancelled) == 1
    assert all(isinstance(r, CancellationError) for r in refused), refused
    assert {r.message for r in refused} == {ALREADY_CANCELLED}
    assert BookingLogEntry.objects.filter(booking=booking, action="cancelled").count() == 1
    assert_counts_exact(slot)
    assert slot.invitations_booked == other.invitations == 1


def test_control_run_without_the_locks_releases_twice(worker, monkeypatch):
    """Read-check-write without row locks: both threads see a confirmed booking."""
    slot = SlotFactory(invitations_offered=10)
    booking = group_booking(worker, slot, size=3)
    booking_for(worker, slot, person(worker.structure, "Paul", "Durand"))
    both_have_read = threading.Barrier(2)
    check = cancellation.cancellation_refusal

    def check_then_wait(booking, **kwargs):
        error = check(booking, **kwargs)
        both_have_read.wait(timeout=30)
        return error

    monkeypatch.setattr(QuerySet, "select_for_update", lambda self, **kwargs: self)
    monkeypatch.setattr(cancellation, "cancellation_refusal", check_then_wait)
    results = race(2, lambda i: cancel(booking, by=worker))

    assert all(isinstance(r, Booking) for r in results)  # cancelled twice
    slot.refresh_from_db()
    assert BookingLogEntry.objects.filter(booking=booking, action="cancelled").count() == 2
    # Paul's invitation is still booked, but the counter says nobody is there any more.
    assert Participant.objects.filter(slot=slot, is_active=True).count() == 1
    assert slot.invitations_booked == 0


@pytest.mark.parametrize("run", range(3))
@pytest.mark.parametrize("bookers", [1, 3])
def test_a_cancel_racing_bookings_for_the_last_seats_keeps_the_count_exact(run, bookers):
    """A full slot: one thread cancels a booking of 2 while others book 1 seat each."""
    worker = UserFactory()
    slot = SlotFactory(invitations_offered=4, max_per_booking=4)
    leaving = group_booking(worker, slot, size=2)
    group_booking(UserFactory(), slot, size=2)  # the slot is now full
    slot.refresh_from_db()
    assert slot.is_full
    newcomers = [UserFactory() for _ in range(bookers)]
    persons = [person(u.structure, "Zoé", f"Nouvelle{i}") for i, u in enumerate(newcomers)]

    def attempt(i):
        if i == 0:
            return cancel(leaving, by=worker)
        return booking_for(newcomers[i - 1], slot, persons[i - 1])

    results = race(bookers + 1, attempt)

    assert isinstance(results[0], Booking) and results[0].is_cancelled
    booked = [r for r in results[1:] if isinstance(r, Booking)]
    refused = [r for r in results[1:] if not isinstance(r, Booking)]
    assert all(isinstance(r, BookingError) for r in refused), refused
    assert len(booked) <= 2
    assert_counts_exact(slot)
    assert slot.invitations_booked == 2 + len(booked)


def wait_until_a_backend_waits_for_a_lock(deadline_seconds=30):
    """Poll pg_stat_activity (no sleep: each query is the wait) until a lock wait shows."""
    deadline = time.monotonic() + deadline_seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # Inside a transaction the activity view is a snapshot: take a fresh one.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
    pytest.fail("The cancellation never waited for the slot's lock.")


def test_a_cancel_waiting_for_the_guest_list_is_refused_once_it_left(worker):
    """The guest-list job holds the slot's lock while it sends; a cancellation arriving
    then waits for it, sees the list sent, and is refused: the partner's list is right."""
    slot = SlotFactory(invitations_offered=10)
    booking = group_booking(worker, slot, size=2)
    locked = threading.Event()
    outcome = {}

    def send_guest_list():
        try:
            with transaction.atomic():
                locked_slot = Slot.objects.select_for_update().get(pk=slot.pk)
                locked.set()
                wait_until_a_backend_waits_for_a_lock()
                locked_slot.guest_list_sent_at = timezone.now()
                locked_slot.save(update_fields=["guest_list_sent_at"])
        finally:
            connection.close()

    def cancel_meanwhile():
        try:
            locked.wait(timeout=30)
            outcome["result"] = cancel(booking, by=worker)
        except Exception as error:
            outcome["result"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=send_guest_list), threading.Thread(target=cancel_meanwhile)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)

    assert isinstance(outcome["result"], CancellationError), outcome
    assert outcome["result"].message == EXPIRED
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert_counts_exact(slot)
    assert slot.invitations_booked == 2

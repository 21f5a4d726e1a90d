"""Waiting lists under concurrency, on PostgreSQL: cancellations at once fill the list in
order, never more than freed, and the seat count stays exact.

Each thread has its own database connection and a barrier releases them together
(tests.concurrency.race).
"""

import pytest

from bookings.cancellation import cancel
from bookings.models import Booking, WaitingEntry
from tests.concurrency import race
from tests.factories import PersonFactory, SlotFactory

from .tracking_cast import booking_for
from .waiting_cast import assert_counts_exact, group, wait, worker_of

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]
Status = WaitingEntry.Status


def booked_by_others(slot, sizes):
    bookings = []
    for size in sizes:
        other = worker_of()
        persons = PersonFactory.create_batch(size, structure=other.structure)
        bookings.append(booking_for(other, slot, *persons))
    return bookings


def test_two_cancellations_at_once_fill_the_waiting_list_in_order():
    slot = SlotFactory(invitations_offered=4, max_per_booking=4)
    first, second = booked_by_others(slot, [2, 2])
    entries = [group(worker_of(), slot, size) for size in (3, 1, 2, 1)]

    results = race(2, lambda i: cancel([first, second][i], by=[first, second][i].booked_by))

    assert all(isinstance(r, Booking) for r in results), results
    statuses = [WaitingEntry.objects.get(pk=e.pk).status for e in entries]
    # The slot's lock puts one cancellation after the other. The first frees 2: the 3 is
    # skipped, the 1 is booked, the 2 skipped, the last 1 booked. The second frees 2: the
    # 3 is skipped again, the 2 is booked. Never more than the 4 freed.
    assert statuses == [Status.WAITING, Status.BOOKED, Status.BOOKED, Status.BOOKED]
    assert_counts_exact(slot)
    slot.refresh_from_db()
    assert slot.invitations_left == 0
    assert Booking.objects.confirmed().filter(slot=slot).count() == 3


@pytest.mark.parametrize("threads", [2, 4])
def test_cancellations_racing_never_book_more_than_freed(threads):
    slot = SlotFactory(invitations_offered=threads, max_per_booking=4)
    bookings = booked_by_others(slot, [1] * threads)
    entries = [group(worker_of(), slot, 1) for _ in range(threads + 2)]

    results = race(threads, lambda i: cancel(bookings[i], by=bookings[i].booked_by))

    assert all(isinstance(r, Booking) for r in results), results
    statuses = [WaitingEntry.objects.get(pk=e.pk).status for e in entries]
    assert statuses == [Status.BOOKED] * threads + [Status.WAITING] * 2  # in order
    assert_counts_exact(slot)
    slot.refresh_from_db()
    assert slot.invitations_left == 0


def test_a_join_racing_a_cancellation_is_either_booked_or_waiting(worker):
    """The slot's lock orders them: the list joins before (and the cancellation books it)
    or after (and the slot has room: it is told to book instead)."""
    slot = SlotFactory(invitations_offered=1, max_per_booking=4)
    (taken,) = booked_by_others(slot, [1])
    marie = PersonFactory(structure=worker.structure)

    def attempt(i):
        if i == 0:
            return cancel(taken, by=taken.booked_by)
        return wait(worker, slot, marie)

    results = race(2, attempt)

    assert isinstance(results[0], Booking)
    entry = WaitingEntry.objects.filter(structure=worker.structure).first()
    if entry is None:  # joined after: refused, the invitation is free for a booking
        assert "Il reste assez d'invitations" in results[1].message
    else:
        assert entry.status == Status.BOOKED
    assert_counts_exact(slot)

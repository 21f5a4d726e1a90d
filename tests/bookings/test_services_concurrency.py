"""Bookings racing for the last invitations, on PostgreSQL (SQLite serialises writers).

Each thread has its own database connection (closed at the end of the thread) and a
barrier releases them together. A control run with the guard removed shows the race is
real, so the passing runs prove something (pretix's pattern).
"""

import threading
import uuid

import pytest
from django.db import connection

from bookings import cancellation, services
from bookings.models import Booking, Participant
from bookings.services import BookingError, ParticipantRequest, book
from events.models import Slot
from tests.concurrency import race
from tests.factories import PersonFactory, SlotFactory, UserFactory

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]
Role = Participant.Role


def one_booking_each(slot, worker, persons, size=1):
    """attempt(i): worker books persons[i] (and size - 1 guests) on the slot."""

    def attempt(i):
        participants = [ParticipantRequest(key="b", role=Role.BENEFICIARY, person_id=persons[i].pk)]
        participants += [
            ParticipantRequest(
                key=f"g{g}", role=Role.GUEST, host="b", first_name="Invité", last_name=f"N{g}"
            )
            for g in range(size - 1)
        ]
        return book(
            slot=slot,
            structure=worker.structure,
            user=worker,
            participants=participants,
            form_token=uuid.uuid4(),
            notify=False,
        )

    return attempt


def assert_counts_exact(slot):
    slot.refresh_from_db()
    active = Participant.objects.filter(slot=slot, is_active=True).count()
    assert slot.invitations_booked == active
    assert slot.invitations_booked <= slot.invitations_offered
    assert active == sum(
        Booking.objects.confirmed().filter(slot=slot).values_list("invitations", flat=True)
    )


@pytest.mark.parametrize("threads, offered, size", [(2, 2, 2), (20, 5, 1), (20, 7, 2)])
def test_racing_bookings_never_oversell(threads, offered, size):
    worker = UserFactory()
    persons = [PersonFactory(structure=worker.structure) for _ in range(threads)]
    slot = SlotFactory(invitations_offered=offered, max_per_booking=4)

    results = race(threads, one_booking_each(slot, worker, persons, size))

    booked = [r for r in results if isinstance(r, Booking)]
    refused = [r for r in results if not isinstance(r, Booking)]
    assert len(booked) == offered // size
    assert all(isinstance(r, BookingError) for r in refused), refused
    assert all("plus assez d'invitations" in r.message for r in refused)
    left = offered - size * len(booked)
    assert all(r.remaining == left for r in refused)
    assert_counts_exact(slot)
    assert slot.invitations_booked == size * len(booked)


def test_control_run_without_the_guard_oversells(monkeypatch):
    """Read-check-write without a database guard: both threads see the last seat."""
    worker = UserFactory()
    persons = [PersonFactory(structure=worker.structure) for _ in range(2)]
    slot = SlotFactory(invitations_offered=1)
    both_have_read = threading.Barrier(2)

    def take_seats_unguarded(slot, count):
        current = Slot.objects.get(pk=slot.pk)
        if current.invitations_left < count:
            raise BookingError("plus assez d'invitations")
        both_have_read.wait(timeout=30)
        Slot.objects.filter(pk=slot.pk).update(
            invitations_booked=current.invitations_booked + count
        )

    monkeypatch.setattr(services, "_take_seats", take_seats_unguarded)
    results = race(2, one_booking_each(slot, worker, persons))

    assert all(isinstance(r, Booking) for r in results)  # two bookings for one seat
    slot.refresh_from_db()
    assert Participant.objects.filter(slot=slot, is_active=True).count() == 2
    assert slot.invitations_booked == 1  # a lost update: the counter lies


@pytest.mark.parametrize("threads", [2, 5])
@pytest.mark.parametrize("offered", [1, 10])
def test_racing_double_submit_books_once(threads, offered):
    """Submits of one form at once: one booking, and every submit gets it (even the last
    seat's: the twin that finds no seat left answers with the booking, not an error)."""
    worker = UserFactory()
    marie = PersonFactory(structure=worker.structure)
    slot = SlotFactory(invitations_offered=offered)
    token = uuid.uuid4()

    def attempt(i):
        return book(
            slot=slot,
            structure=worker.structure,
            user=worker,
            participants=[ParticipantRequest(key="b", role=Role.BENEFICIARY, person_id=marie.pk)],
            form_token=token,
            notify=False,
        )

    results = race(threads, attempt)

    assert all(isinstance(r, Booking) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Booking.objects.get().form_token == token
    assert_counts_exact(slot)
    assert slot.invitations_booked == 1


def test_racing_bookings_of_the_same_person_book_her_once():
    """Two workers of a structure book the same person on one slot at the same moment."""
    first = UserFactory()
    second = UserFactory(structure=first.structure)
    marie = PersonFactory(structure=first.structure, first_name="Marie", last_name="Dupont")
    slot = SlotFactory(invitations_offered=10)
    workers = [first, second]

    def attempt(i):
        return book(
            slot=slot,
            structure=workers[i].structure,
            user=workers[i],
            participants=[ParticipantRequest(key="b", role=Role.BENEFICIARY, person_id=marie.pk)],
            form_token=uuid.uuid4(),
            notify=False,
        )

    results = race(2, attempt)
    booked = [r for r in results if isinstance(r, Booking)]
    refused = [r for r in results if not isinstance(r, Booking)]
    assert len(booked) == 1
    assert [r.message for r in refused] == ["Marie Dupont a déjà une invitation pour ce créneau."]
    assert_counts_exact(slot)
    assert slot.invitations_booked == 1


def test_a_racing_booking_cancelled_at_once_still_gets_a_clean_refusal(monkeypatch):
    """Marie is free when a booking of her starts. A colleague's booking of her commits
    before it takes the seats, and is cancelled as soon as the first one fails. The answer
    is the refusal the worker can read, never the database's IntegrityError."""
    first = UserFactory()
    second = UserFactory(structure=first.structure)
    marie = PersonFactory(structure=first.structure, first_name="Marie", last_name="Dupont")
    slot = SlotFactory(invitations_offered=10)
    take_seats = services._take_seats
    check_persons = services.refuse_persons_already_booked
    theirs = {}
    colleague_done = threading.Event()

    def colleague_books_her_first(slot, count):
        if colleague_done.is_set():  # the colleague's own booking
            return take_seats(slot, count)

        # Another connection (a thread): this one is inside the booking's transaction.
        def colleague():
            colleague_done.set()
            try:
                theirs["booking"] = one_booking_each(slot, second, [marie])(0)
            finally:
                connection.close()

        thread = threading.Thread(target=colleague)
        thread.start()
        thread.join(timeout=30)
        take_seats(slot, count)

    def colleague_cancels_between(slot, participants):
        if not connection.in_atomic_block and "booking" in theirs:  # after the rollback
            cancellation.cancel(theirs.pop("booking"), by=second, notify=False)
        check_persons(slot, participants)

    monkeypatch.setattr(services, "_take_seats", colleague_books_her_first)
    monkeypatch.setattr(services, "refuse_persons_already_booked", colleague_cancels_between)
    with pytest.raises(BookingError) as refused:
        one_booking_each(slot, first, [marie])(0)

    assert refused.value.message == "Marie Dupont a déjà une invitation pour ce créneau."
    assert Booking.objects.get().structure == first.structure  # the colleague's
    assert_counts_exact(slot)

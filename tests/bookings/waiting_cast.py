"""The cast of the waiting-list tests: full slots, and lists put on their waiting list by
the real service (bookings.waiting.join)."""

from bookings import waiting
from bookings.models import Booking, Participant
from tests.factories import PersonFactory, SlotFactory, StructureFactory, UserFactory

from .tracking_cast import booking_for, requests_for


def worker_of(structure=None):
    return UserFactory(structure=structure or StructureFactory())


def wait(worker, slot, *persons, guests=(), companions=(), token=None):
    return waiting.join(
        slot=slot,
        structure=worker.structure,
        user=worker,
        participants=requests_for(persons, guests, companions),
        form_token=token,
    )


def full_slot(offered=4, **slot_fields):
    """A slot whose `offered` invitations are each booked by another structure."""
    slot = SlotFactory(invitations_offered=offered, max_per_booking=4, **slot_fields)
    bookings = []
    for _ in range(offered):
        other = worker_of()
        bookings.append(booking_for(other, slot, PersonFactory(structure=other.structure)))
    return slot, bookings


def group(worker, slot, size):
    """A waiting entry of `size`: a followed person and size - 1 guests."""
    guests = [(0, "Invité", f"N{i}") for i in range(size - 1)]
    return wait(worker, slot, PersonFactory(structure=worker.structure), guests=guests)


def assert_counts_exact(slot):
    slot.refresh_from_db()
    active = Participant.objects.filter(slot=slot, is_active=True).count()
    confirmed = Booking.objects.confirmed().filter(slot=slot)
    assert slot.invitations_booked == active == sum(b.invitations for b in confirmed)
    assert slot.invitations_booked <= slot.invitations_offered

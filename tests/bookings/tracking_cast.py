"""The cast of the tracking and cancellation tests: bookings made by the real service."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from bookings.cancellation import CONFIRMED, EXPIRED
from bookings.models import Booking, Participant
from bookings.services import ParticipantRequest, book
from tests.factories import PersonFactory, SlotFactory
from tests.typography import typeset

Role = Participant.Role
# The messages as the pages write them (HTML-escaped, with the French typography).
CONFIRMED_HTML = typeset(CONFIRMED)
EXPIRED_HTML = typeset(EXPIRED)


def person(structure, first_name, last_name, **kwargs):
    return PersonFactory(structure=structure, first_name=first_name, last_name=last_name, **kwargs)


def requests_for(persons, guests=(), companions=()):
    """The ParticipantRequests of followed `persons`, their `guests` ((host index, first
    name, last name)) and `companions`, as book() and waiting.join() take them."""
    participants = [
        ParticipantRequest(key=f"b{i}", role=Role.BENEFICIARY, person_id=p.pk)
        for i, p in enumerate(persons)
    ]
    participants += [
        ParticipantRequest(
            key=f"g{i}", role=Role.GUEST, host=f"b{host}", first_name=first, last_name=last
        )
        for i, (host, first, last) in enumerate(guests)
    ]
    participants += [
        ParticipantRequest(key=f"c{i}", role=Role.COMPANION, person_id=p.pk)
        for i, p in enumerate(companions)
    ]
    return participants


def booking_for(worker, slot, *persons, guests=(), companions=(), at=None):
    """`worker` books `persons` (followed persons), their `guests` ((host index, first
    name, last name)) and `companions` on `slot` through bookings.services.book().

    `at` books at another moment (e.g. before the cutoff of a slot now past).
    """
    participants = requests_for(persons, guests, companions)

    def run():
        return book(
            slot=slot,
            structure=worker.structure,
            user=worker,
            participants=participants,
            notify=False,
        )

    if at is None:
        booking = run()
    else:
        with time_machine.travel(at, tick=False):
            booking = run()
    slot.refresh_from_db(fields=["invitations_booked"])
    return booking


def before_cutoff(slot):
    return min(slot.closes_at, timezone.now()) - timedelta(days=1)


# The booking the cancellation tests cancel (the service, the pages).


def cancellable_slot():
    """Cyrano in ten days; its département team and its venue have a phone number."""
    slot = SlotFactory(
        event__title="Cyrano de Bergerac",
        event__venue__name="Théâtre de la Ville",
        event__venue__phone="01 42 74 22 77",
        starts_at=timezone.now() + timedelta(days=10),
        invitations_offered=10,
    )
    department = slot.event.department
    department.team_phone = "01 53 00 00 75"
    department.team_email = "equipe-paris@asso.test"
    department.save()
    return slot


def family_booking(worker, slot, marie):
    """Marie, her guest Léa and a companion: 3 invitations."""
    anne = person(worker.structure, "Anne", "Benoît", kind="companion")
    return booking_for(worker, slot, marie, guests=[(0, "Léa", "Invitée")], companions=[anne])


def assert_unchanged(booking, booked=3):
    booking.refresh_from_db()
    booking.slot.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.cancelled_at is None and booking.cancelled_by is None
    assert booking.slot.invitations_booked == booked
    assert booking.participants.filter(is_active=True).count() == 3
    assert not booking.log_entries.exclude(action="booked").exists()

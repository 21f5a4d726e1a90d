"""The cast of the tracking and cancellation tests: bookings made by the real service."""

from datetime import timedelta

import time_machine
from django.utils import timezone
from django.utils.html import escape

from bookings.cancellation import CONFIRMED, EXPIRED
from bookings.models import Participant
from bookings.services import ParticipantRequest, book
from tests.factories import PersonFactory

Role = Participant.Role
# The messages as the pages write them (apostrophes are HTML-escaped).
CONFIRMED_HTML = escape(CONFIRMED)
EXPIRED_HTML = escape(EXPIRED)


def person(structure, first_name, last_name, **kwargs):
    return PersonFactory(structure=structure, first_name=first_name, last_name=last_name, **kwargs)


def booking_for(worker, slot, *persons, guests=(), companions=(), at=None):
    """`worker` books `persons` (followed persons), their `guests` ((host index, first
    name, last name)) and `companions` on `slot` through bookings.services.book().

    `at` books at another moment (e.g. before the cutoff of a slot now past).
    """
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

"""What the booking service tests hand to book(): participant requests, and the checks after
a refusal."""

import pytest

from bookings.models import Booking, BookingLogEntry, Participant
from bookings.services import BookingError, ParticipantRequest, book

Role = Participant.Role


def beneficiary(person, key="b1"):
    return ParticipantRequest(key=key, role=Role.BENEFICIARY, person_id=person.pk)


def guest(host_key, first_name="Léa", last_name="Invitée", key="g1"):
    return ParticipantRequest(
        key=key, role=Role.GUEST, host=host_key, first_name=first_name, last_name=last_name
    )


def companion(person, key="c1"):
    return ParticipantRequest(key=key, role=Role.COMPANION, person_id=person.pk)


def run(slot, worker, participants, **kwargs):
    return book(
        slot=slot, structure=worker.structure, user=worker, participants=participants, **kwargs
    )


def assert_nothing_saved(slot, booked_before=0):
    assert not Booking.objects.exists()
    assert not Participant.objects.exists()
    assert not BookingLogEntry.objects.exists()
    slot.refresh_from_db()
    assert slot.invitations_booked == booked_before


def refused(slot, worker, participants, **kwargs):
    with pytest.raises(BookingError) as excinfo:
        run(slot, worker, participants, **kwargs)
    return excinfo.value

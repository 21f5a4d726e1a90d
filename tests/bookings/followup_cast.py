"""The cast of the follow-up tests: a past outing of a worker's structure, with a followed
person, her guest and a companion."""

from bookings.models import BookingLogEntry, Participant
from tests.factories import BookingFactory, ParticipantFactory, PersonFactory, SlotFactory


def outing(worker, past=True, **kwargs):
    """A booking of the worker's structure: Mina (followed), her guest Léo, a companion."""
    structure = worker.structure
    mina = PersonFactory(structure=structure, first_name="Mina", last_name="Durand")
    booking = BookingFactory(
        structure=structure,
        booked_by=worker,
        beneficiary=mina,
        invitations=3,
        slot=SlotFactory(
            past=past,
            event__title="Le Malade imaginaire",
            invitations_offered=20,
        ),
        **kwargs,
    )
    host = booking.participants.get()
    Participant.objects.create(
        booking=booking,
        role=Participant.Role.GUEST,
        first_name="Léo",
        last_name="Petit",
        invited_by=host,
        is_active=not booking.is_cancelled,
    )
    ParticipantFactory(
        booking=booking,
        role=Participant.Role.COMPANION,
        person=PersonFactory(
            structure=structure, companion=True, first_name="Sam", last_name="Roy"
        ),
        is_active=not booking.is_cancelled,
    )
    return booking


def roles(booking):
    participants = {p.role: p for p in booking.participants.all()}
    return participants["beneficiary"], participants["guest"], participants["companion"]


def attendance_of(booking):
    return list(booking.participants.order_by("pk").values_list("attended", flat=True))


def assert_nothing_saved(booking):
    booking.refresh_from_db()
    assert booking.attendance_recorded_at is None
    assert attendance_of(booking) == [None, None, None]
    assert not booking.testimonials.exists()
    assert not booking.log_entries.filter(action=BookingLogEntry.Action.ATTENDANCE).exists()

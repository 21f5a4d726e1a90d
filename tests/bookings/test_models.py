"""Bookings, participants, history and testimonials: database constraints on direct ORM
writes, defaults and helpers; the "à valider" queryset."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from bookings import models as bookings_models  # no Test* class name at module level
from bookings.models import (
    REFERENCE_ALPHABET,
    Booking,
    BookingLogEntry,
    Participant,
    new_reference,
)
from tests.constraints import refused
from tests.factories import (
    BookingFactory,
    BookingLogEntryFactory,
    ParticipantFactory,
    TestimonialFactory,
    UserFactory,
)

from .followup_cast import outing

pytestmark = pytest.mark.django_db


# Booking and participants.


def test_duplicate_booking_reference_fails():
    booking = BookingFactory()
    other = BookingFactory.build(
        slot=booking.slot, structure=booking.structure, booked_by=booking.booked_by
    )
    other.reference = booking.reference

    with refused():
        other.save()


def test_booking_needs_at_least_one_invitation():
    booking = BookingFactory()

    with refused():
        Booking.objects.filter(pk=booking.pk).update(invitations=0)


def test_cancelled_booking_needs_its_date():
    booking = BookingFactory()

    with refused():
        Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CANCELLED)


def test_confirmed_booking_has_no_cancellation_date():
    booking = BookingFactory()

    with refused():
        Booking.objects.filter(pk=booking.pk).update(cancelled_at=timezone.now())


def beneficiary_of(booking):
    return booking.participants.get(role=Participant.Role.BENEFICIARY)


def test_same_person_twice_in_a_booking_fails():
    booking = BookingFactory()
    person = beneficiary_of(booking).person

    with refused():
        ParticipantFactory(booking=booking, person=person, role=Participant.Role.COMPANION)


def test_same_person_active_twice_on_a_slot_fails():
    booking = BookingFactory()
    person = beneficiary_of(booking).person
    other_booking = BookingFactory(
        slot=booking.slot, structure=booking.structure, beneficiary=False
    )

    with refused():
        ParticipantFactory(booking=other_booking, person=person)


def test_same_person_on_a_slot_again_once_the_first_is_inactive():
    booking = BookingFactory()
    first = beneficiary_of(booking)
    Participant.objects.filter(pk=first.pk).update(is_active=False)
    other_booking = BookingFactory(
        slot=booking.slot, structure=booking.structure, beneficiary=False
    )

    second = ParticipantFactory(booking=other_booking, person=first.person)

    assert second.slot_id == first.slot_id


def test_same_person_on_two_slots_is_allowed():
    booking = BookingFactory()
    person = beneficiary_of(booking).person

    BookingFactory(structure=booking.structure, beneficiary=person)

    assert person.participations.count() == 2


def test_guests_without_a_person_may_be_many_on_a_slot():
    booking = BookingFactory()
    host = beneficiary_of(booking)

    for first_name in ["Inès", "Adam"]:
        ParticipantFactory(
            booking=booking,
            role=Participant.Role.GUEST,
            person=None,
            first_name=first_name,
            last_name="Benali",
            invited_by=host,
        )

    assert host.guests.count() == 2


def test_guest_without_host_fails():
    booking = BookingFactory()

    with refused():
        ParticipantFactory(
            booking=booking,
            role=Participant.Role.GUEST,
            person=None,
            first_name="Inès",
            last_name="Benali",
        )


@pytest.mark.parametrize("role", [Participant.Role.BENEFICIARY, Participant.Role.COMPANION])
def test_beneficiary_or_companion_with_a_host_fails(role):
    booking = BookingFactory()
    host = beneficiary_of(booking)

    with refused():
        ParticipantFactory(booking=booking, role=role, invited_by=host)


def test_participant_copies_the_slot_and_a_search_name():
    booking = BookingFactory()

    participant = ParticipantFactory(
        booking=booking, person__first_name="Élodie", person__last_name="Garnier"
    )

    assert participant.slot_id == booking.slot_id
    assert participant.search_name == "elodie garnier"


def test_reference_alphabet_has_no_look_alikes():
    assert len(set(REFERENCE_ALPHABET)) == len(REFERENCE_ALPHABET) == 31
    assert not set(REFERENCE_ALPHABET) & set("0O1IL")


def test_booking_reference_format():
    pattern = re.compile(rf"^CDC-[{REFERENCE_ALPHABET}]{{6}}$")
    references = {new_reference() for _ in range(300)}

    assert all(pattern.match(reference) for reference in references)
    assert len(references) > 290
    assert pattern.match(BookingFactory().reference)


# Booking history and testimonials.


def test_log_entry_cannot_be_updated():
    entry = BookingLogEntryFactory(details={"invitations": 1})
    entry.details = {"invitations": 99}

    with pytest.raises(ValidationError):
        entry.save()

    entry.refresh_from_db()
    assert entry.details == {"invitations": 1}


def test_log_entry_cannot_be_deleted():
    entry = BookingLogEntryFactory()

    with pytest.raises(ValidationError):
        entry.delete()

    assert BookingLogEntry.objects.filter(pk=entry.pk).exists()


def test_moderated_testimonial_needs_its_date():
    testimonial = TestimonialFactory()

    with refused():
        bookings_models.Testimonial.objects.filter(pk=testimonial.pk).update(
            status=bookings_models.Testimonial.Status.APPROVED
        )


# The "à valider" rule (BookingQuerySet.to_validate).


def test_to_validate_is_confirmed_past_and_not_recorded(worker):
    waiting = outing(worker)
    outing(worker, past=False)  # still to come
    outing(worker, cancelled=True, cancelled_at=timezone.now())  # cancelled
    recorded = outing(worker)
    Booking.objects.filter(pk=recorded.pk).update(attendance_recorded_at=timezone.now())
    outing(UserFactory())  # another structure's

    assert list(Booking.objects.for_structure(worker.structure).to_validate()) == [waiting]
    assert Booking.objects.for_structure(worker.structure).to_validate().count() == 1


def test_the_slot_start_is_the_moment_it_becomes_to_validate(worker, time_machine):
    booking = outing(worker, past=False)
    time_machine.move_to(booking.slot.starts_at - timedelta(minutes=1), tick=False)
    assert Booking.objects.for_structure(worker.structure).to_validate().count() == 0
    time_machine.move_to(booking.slot.starts_at, tick=False)
    assert Booking.objects.for_structure(worker.structure).to_validate().count() == 1


def test_a_participant_testimonies_once():
    testimonial = TestimonialFactory()

    with refused():
        TestimonialFactory(booking=testimonial.booking, participant=testimonial.participant)

"""record_attendance(): attendance and testimonials after the outing, refused before it,
for a cancelled booking or on bad input."""

import pytest
from django.utils import timezone

from bookings import models
from bookings.followup import (
    FollowUpError,
    TestimonialInput,
    record_attendance,
)
from tests.factories import TestimonialFactory, UserFactory

from .followup_cast import assert_nothing_saved, attendance_of, outing, roles

pytestmark = pytest.mark.django_db

BookingLogEntry = models.BookingLogEntry
PENDING, APPROVED = models.Testimonial.Status.PENDING, models.Testimonial.Status.APPROVED
MAX_LENGTH = models.Testimonial.MAX_LENGTH


def test_record_attendance_and_a_testimonial(worker):
    booking = outing(worker)
    mina, leo, sam = roles(booking)

    record_attendance(
        booking,
        worker,
        {mina.pk: True, leo.pk: True, sam.pk: False},
        [TestimonialInput(participant_id=leo.pk, text="  Génial !  ", consent=True)],
    )

    booking.refresh_from_db()
    assert booking.attendance_recorded_at is not None
    assert attendance_of(booking) == [True, True, False]
    assert models.Booking.objects.for_structure(worker.structure).to_validate().count() == 0
    testimonial = booking.testimonials.get()
    assert (testimonial.participant, testimonial.text, testimonial.consent) == (
        leo,
        "Génial !",
        True,
    )
    assert testimonial.status == PENDING
    assert testimonial.author_label == "Invité (L.)"
    entry = booking.log_entries.get(action=BookingLogEntry.Action.ATTENDANCE)
    assert entry.actor == worker
    assert entry.details == {
        "present": sorted([mina.pk, leo.pk]),
        "absent": [sam.pk],
        "testimonials_added": 1,
        "testimonials_changed": 0,
        "testimonials_deleted": 0,
    }


def test_an_event_not_yet_taken_place_is_refused(worker):
    booking = outing(worker, past=False)
    mina, leo, sam = roles(booking)

    with pytest.raises(FollowUpError, match="L'événement n'a pas encore eu lieu"):
        record_attendance(booking, worker, {mina.pk: True, leo.pk: True, sam.pk: True})

    assert_nothing_saved(booking)


def test_a_cancelled_booking_is_refused(worker):
    booking = outing(worker, cancelled=True, cancelled_at=timezone.now())
    mina, leo, sam = roles(booking)

    with pytest.raises(FollowUpError, match="Cette réservation a été annulée"):
        record_attendance(booking, worker, {mina.pk: True, leo.pk: True, sam.pk: True})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("missing", "Indiquez pour chaque participant"),
        ("foreign author", "L'auteur du témoignage doit être un participant"),
        ("too long", f"Le témoignage compte {MAX_LENGTH + 1} caractères : {MAX_LENGTH} au maximum"),
        ("empty", "Écrivez le témoignage"),
    ],
)
def test_bad_input_saves_nothing(worker, change, message):
    booking = outing(worker)
    mina, leo, sam = roles(booking)
    attendance = {mina.pk: True, leo.pk: True, sam.pk: False}
    testimonial = TestimonialInput(participant_id=mina.pk, text="Merci !")
    if change == "missing":
        del attendance[sam.pk]
    elif change == "foreign author":
        other = outing(UserFactory())
        testimonial = TestimonialInput(participant_id=roles(other)[0].pk, text="Merci !")
    elif change == "too long":
        testimonial = TestimonialInput(participant_id=mina.pk, text="a" * (MAX_LENGTH + 1))
    else:
        testimonial = TestimonialInput(participant_id=mina.pk, text="   ")

    with pytest.raises(FollowUpError, match=message):
        record_attendance(booking, worker, attendance, [testimonial])

    assert_nothing_saved(booking)


def test_pending_testimonials_stay_editable_moderated_ones_do_not(worker):
    booking = outing(worker)
    mina, leo, sam = roles(booking)
    attendance = {mina.pk: True, leo.pk: True, sam.pk: True}
    pending = TestimonialFactory(booking=booking, participant=mina, text="Bien", consent=False)
    to_delete = TestimonialFactory(booking=booking, participant=sam, text="À effacer")
    approved = TestimonialFactory(
        booking=booking, participant=leo, status=APPROVED, moderated_at=timezone.now()
    )

    record_attendance(
        booking,
        worker,
        attendance,
        [
            TestimonialInput(participant_id=mina.pk, text="Très bien", consent=True, pk=pending.pk),
            TestimonialInput(participant_id=None, pk=to_delete.pk, delete=True),
        ],
    )

    pending.refresh_from_db()
    assert (pending.text, pending.consent, pending.status) == ("Très bien", True, PENDING)
    assert not booking.testimonials.filter(pk=to_delete.pk).exists()

    for change in (
        TestimonialInput(participant_id=leo.pk, text="Corrigé", pk=approved.pk),
        TestimonialInput(participant_id=None, pk=approved.pk, delete=True),
    ):
        with pytest.raises(FollowUpError, match="déjà été relu"):
            record_attendance(booking, worker, attendance, [change])
    approved.refresh_from_db()
    assert approved.text == "Une très belle soirée, merci !"

    other = TestimonialFactory(booking=outing(UserFactory()))
    with pytest.raises(FollowUpError, match="ne fait pas partie de la réservation"):
        record_attendance(
            booking,
            worker,
            attendance,
            [TestimonialInput(participant_id=mina.pk, text="Volé", pk=other.pk)],
        )


def test_each_participant_testimonies_once(worker):
    """A booking of three holds at most three testimonials, however the save is forged."""
    booking = outing(worker)
    mina, leo, sam = roles(booking)
    attendance = {mina.pk: True, leo.pk: True, sam.pk: True}
    kept = TestimonialFactory(booking=booking, participant=leo, text="Déjà dit")
    moderated = TestimonialFactory(
        booking=booking, participant=sam, status=APPROVED, moderated_at=timezone.now()
    )

    for testimonials in (
        [TestimonialInput(participant_id=mina.pk, text=f"n° {i}") for i in range(95)],
        [TestimonialInput(participant_id=leo.pk, text="Encore")],
        [TestimonialInput(participant_id=sam.pk, text="Après la relecture")],
        [TestimonialInput(participant_id=sam.pk, text="Changé d'auteur", pk=kept.pk)],
    ):
        with pytest.raises(FollowUpError, match="Chaque participant témoigne une fois"):
            record_attendance(booking, worker, attendance, testimonials)

    assert set(booking.testimonials.all()) == {kept, moderated}
    # Deleting one and adding another for the same person in one save is a change.
    record_attendance(
        booking,
        worker,
        attendance,
        [
            TestimonialInput(participant_id=None, pk=kept.pk, delete=True),
            TestimonialInput(participant_id=leo.pk, text="Finalement"),
        ],
    )
    assert booking.testimonials.get(participant=leo).text == "Finalement"

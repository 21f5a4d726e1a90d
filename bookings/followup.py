"""After the outing: who came, and what they said (attendance and testimonials)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from structures.dates import french_datetime

from .models import Booking, BookingLogEntry, Participant, Testimonial


class FollowUpError(ValidationError):
    """A follow-up the rules refuse; the message is French and shown to the worker."""


@dataclass(frozen=True)
class TestimonialInput:
    """A testimonial as the worker wrote it: a new one (pk None) or a change of a pending one."""

    participant_id: int | None
    text: str = ""
    consent: bool = False
    pk: int | None = None
    delete: bool = False


def not_yet_message(booking):
    return (
        "L'événement n'a pas encore eu lieu : vous pourrez saisir les présences "
        f"à partir du {french_datetime(booking.slot.starts_at)}."
    )


CANCELLED_MESSAGE = "Cette réservation a été annulée : il n'y a pas de présences à saisir."


def attendance_refusal(booking, now=None):
    """Why the attendance of `booking` cannot be recorded now, or None."""
    if booking.is_cancelled:
        return CANCELLED_MESSAGE
    if booking.slot.starts_at > (now or timezone.now()):
        return not_yet_message(booking)
    return None


@dataclass
class TestimonialChanges:
    """What a save does to a booking's testimonials, checked before anything is written."""

    create: list = field(default_factory=list)
    change: list = field(default_factory=list)  # (pk, values)
    delete: list = field(default_factory=list)  # pks


@transaction.atomic
def record_attendance(booking, by, attendance, testimonials=(), *, now=None):
    """Record who came to a booking's outing, and add or change its testimonials.

    `attendance` maps every participant id of the booking to True (present) or False
    (absent); `testimonials` is a list of TestimonialInput. One transaction: the booking
    row is locked, and any refusal (event not yet taken place, cancelled booking, a
    participant missing or foreign, a text too long, a testimonial already moderated)
    raises FollowUpError and leaves nothing changed. Sets Participant.attended and
    Booking.attendance_recorded_at (the booking leaves "à valider"), creates testimonials
    as pending, and writes one BookingLogEntry(action=attendance), all dated `now`
    (default: the current time).
    """
    now = now or timezone.now()
    booking = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
    refused = attendance_refusal(booking, now)
    if refused:
        raise FollowUpError(refused)
    participants = {p.pk: p for p in booking.participants.all()}
    if set(attendance) != set(participants):
        raise FollowUpError("Indiquez pour chaque participant s'il était présent ou absent.")
    changes = _testimonial_changes(booking, testimonials, participants)

    present = sorted(pk for pk, came in attendance.items() if came)
    absent = sorted(pk for pk, came in attendance.items() if not came)
    Participant.objects.filter(pk__in=present).update(attended=True)
    Participant.objects.filter(pk__in=absent).update(attended=False)
    booking.attendance_recorded_at = now
    booking.save(update_fields=["attendance_recorded_at"])
    _save_testimonials(booking, changes, now)
    BookingLogEntry.objects.create(
        booking=booking,
        action=BookingLogEntry.Action.ATTENDANCE,
        actor=by,
        at=now,
        details={
            "present": present,
            "absent": absent,
            "testimonials_added": len(changes.create),
            "testimonials_changed": len(changes.change),
            "testimonials_deleted": len(changes.delete),
        },
    )
    return booking


def _testimonial_changes(booking, testimonials, participants):
    """Check every TestimonialInput against the booking (rows locked); raise FollowUpError."""
    existing = {t.pk: t for t in Testimonial.objects.select_for_update().filter(booking=booking)}
    changes = TestimonialChanges()
    for item in testimonials:
        if item.pk is not None:
            testimonial = existing.get(item.pk)
            if testimonial is None:
                raise FollowUpError("Ce témoignage ne fait pas partie de la réservation.")
            if not testimonial.is_editable:
                raise FollowUpError(
                    "Ce témoignage a déjà été relu par l'équipe du département : "
                    "il ne peut plus être modifié."
                )
            if item.delete:
                changes.delete.append(item.pk)
                continue
        if item.participant_id not in participants:
            raise FollowUpError("L'auteur du témoignage doit être un participant de la sortie.")
        values = {
            "participant_id": item.participant_id,
            "text": _checked_text(item.text),
            "consent": item.consent,
        }
        if item.pk is None:
            changes.create.append(Testimonial(booking=booking, **values))
        else:
            changes.change.append((item.pk, values))
    _check_one_each(existing, changes)
    return changes


ONE_EACH = (
    "Chaque participant témoigne une fois par sortie : complétez son témoignage "
    "plutôt que d'en ajouter un autre."
)


def _check_one_each(existing, changes):
    """Refuse two testimonials by one participant, as the database would."""
    authors = {pk: testimonial.participant_id for pk, testimonial in existing.items()}
    for pk in changes.delete:
        del authors[pk]
    for pk, values in changes.change:
        authors[pk] = values["participant_id"]
    written = [*authors.values(), *(t.participant_id for t in changes.create)]
    if len(written) != len(set(written)):
        raise FollowUpError(ONE_EACH)


def _checked_text(text):
    text = text.strip()
    if not text:
        raise FollowUpError("Écrivez le témoignage ou laissez-le vide.")
    try:
        Testimonial.check_text(text)
    except ValidationError as error:
        raise FollowUpError(error.message) from None
    return text


def _save_testimonials(booking, changes, now):
    pending = Testimonial.objects.filter(booking=booking, status=Testimonial.Status.PENDING)
    for pk, values in changes.change:
        # The status condition makes a moderation that slipped in refuse the whole save.
        if not pending.filter(pk=pk).update(**values, updated_at=now):
            raise FollowUpError("Ce témoignage vient d'être relu : il ne peut plus être modifié.")
    deleted = pending.filter(pk__in=changes.delete).delete()[0] if changes.delete else 0
    if deleted != len(changes.delete):
        raise FollowUpError("Ce témoignage vient d'être relu : il ne peut plus être supprimé.")
    Testimonial.objects.bulk_create(changes.create)

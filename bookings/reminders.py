"""Reminders to the workers who booked: before the cutoff, and the day before the outing.

`send_due_reminders()` is what `manage.py send_reminders` runs every 15 minutes, possibly
on several machines at once. Two reminders, each owed once per booking:

- before the cutoff (REMINDER_BEFORE_CUTOFF_HOURS ahead of `closes_at`): the bookings of
  the worker's structure on the slot, until when they can be cancelled, and why to cancel
  if someone cannot come (the invitations go to other people);
- before the outing (REMINDER_BEFORE_OUTING_HOURS ahead of `starts_at`): where and when,
  the venue's access information and each booking's counter-mark.

A booking made once its reminder's moment had passed gets none: it would arrive right
after the confirmation, which says the same. The e-mails are grouped: one per slot and
worker who booked. Each group is handled in its own transaction that locks its bookings
with `SELECT … FOR UPDATE SKIP LOCKED` and re-checks that they are still due, then queues
the e-mail (structures.outbox) and dates the reminder on them: a second copy of the job
skips the rows another copy holds, and once that copy commits they no longer match.

The e-mail is written when it leaves, from the bookings as they stand then; it is dropped
if the slot closed (or started) since, or if no confirmed booking of the structure is left.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from events.models import Slot
from events.models.slots import open_condition, outing_label
from structures import outbox
from structures.text import one_line

from .models import Booking, participant_lines

Kind = outbox.Kind


def cutoff_reminder_due(now):
    """Confirmed bookings not yet reminded of the cutoff, on a slot still open whose cutoff
    is at most REMINDER_BEFORE_CUTOFF_HOURS ahead and whose guest list has not left, booked
    before that reminder's moment."""
    delay = timedelta(hours=settings.REMINDER_BEFORE_CUTOFF_HOURS)
    return open_condition(now, "slot__") & Q(
        status=Booking.Status.CONFIRMED,
        cutoff_reminder_at__isnull=True,
        slot__closes_at__lte=now + delay,
        slot__guest_list_queued_at__isnull=True,
        slot__guest_list_sent_at__isnull=True,
        created_at__lt=F("slot__closes_at") - delay,
    )


def outing_reminder_due(now):
    """Confirmed bookings not yet reminded of the outing, on a slot starting within
    REMINDER_BEFORE_OUTING_HOURS, booked before that reminder's moment."""
    delay = timedelta(hours=settings.REMINDER_BEFORE_OUTING_HOURS)
    return Q(
        status=Booking.Status.CONFIRMED,
        outing_reminder_at__isnull=True,
        slot__starts_at__gt=now,
        slot__starts_at__lte=now + delay,
        created_at__lt=F("slot__starts_at") - delay,
    )


@dataclass(frozen=True)
class Reminder:
    kind: str
    due: Callable[..., Q]  # now -> the bookings owed this reminder
    stamp: str  # the Booking field dating when it was owed


CUTOFF = Reminder(Kind.CUTOFF_REMINDER, cutoff_reminder_due, "cutoff_reminder_at")
OUTING = Reminder(Kind.OUTING_REMINDER, outing_reminder_due, "outing_reminder_at")


@dataclass(frozen=True)
class Queued:
    """How many e-mails one run queued, of each reminder."""

    cutoff: int = 0
    outing: int = 0


def send_due_reminders(now=None):
    """Queue every reminder due at `now` (default: the current time): one e-mail per slot
    and worker who booked, each group in its own locked transaction. Returns the counts."""
    now = now or timezone.now()
    return Queued(cutoff=_queue_due(CUTOFF, now), outing=_queue_due(OUTING, now))


def _queue_due(reminder, now):
    due = Booking.objects.filter(reminder.due(now))
    groups = list(
        due.order_by("slot_id", "booked_by_id")
        .values_list(
            "slot_id",
            "booked_by_id",
            "slot__event__department_id",
            "slot__event__title",
            "slot__starts_at",
        )
        .distinct()
    )
    queued = 0
    for slot_id, user_id, department_id, title, starts_at in groups:
        with transaction.atomic():
            locked = list(
                due.filter(slot_id=slot_id, booked_by_id=user_id)
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            if not locked:  # another copy of the job holds them, or has just queued them
                continue
            outbox.post(
                reminder.kind,
                department_id=department_id,
                user_id=user_id,
                object_id=slot_id,
                about=outing_label(title, starts_at),
            )
            Booking.objects.filter(pk__in=locked).update(**{reminder.stamp: now})
            queued += 1
    return queued


@outbox.letter(Kind.CUTOFF_REMINDER)
def cutoff_reminder(email):
    """The structure's bookings on the slot, each with its cancellation link, and until
    when. Nothing once the slot is closed: it is too late to cancel."""
    context = _context(email)
    if context is None or not context["slot"].is_open() or context["slot"].guest_list_sent_at:
        return None
    return _message(email, "cutoff_reminder", context)


@outbox.letter(Kind.OUTING_REMINDER)
def outing_reminder(email):
    """Where and when, how to get in, and each booking's counter-mark. Nothing once the
    outing has started."""
    context = _context(email)
    if context is None or context["slot"].starts_at <= timezone.now():
        return None
    context["when"] = _days_away(context["slot"].starts_at)
    return _message(email, "outing_reminder", context)


def _context(email):
    """The worker, the slot and their structure's confirmed bookings on it, or None when
    there is nobody to write to or nothing left to remind."""
    worker = email.user
    if worker is None or not worker.is_active or worker.structure_id is None:
        return None
    slot = Slot.objects.select_related("event__venue", "event__department").get(pk=email.object_id)
    bookings = (
        Booking.objects.confirmed()
        .filter(slot=slot, structure_id=worker.structure_id)
        .select_related("booked_by")
        .prefetch_related("participants")
        .order_by("created_at", "pk")
    )
    entries = [_entry(booking, worker) for booking in bookings]
    if not entries:
        return None
    event = slot.event
    return {
        "association_name": settings.ASSOCIATION_NAME,
        "worker": worker,
        "slot": slot,
        "event": event,
        "venue": event.venue,
        "department": event.department,
        "bookings": entries,
    }


def _entry(booking, worker):
    return {
        "booking": booking,
        "lines": participant_lines(booking.participants.all()),
        "booked_by": None if booking.booked_by_id == worker.pk else booking.booked_by,
        "cancel_url": _absolute("bookings:cancel", booking.reference),
        "voucher_url": _absolute("vouchers:download", booking.reference),
    }


def _absolute(name, reference):
    # A URL name, not an import: the vouchers app sits above bookings.
    return settings.SITE_URL + reverse(name, args=[reference])


def _days_away(moment):
    """'aujourd'hui', 'demain', 'après-demain' or 'dans 3 jours', in Paris days."""
    days = (timezone.localdate(moment) - timezone.localdate()).days
    return {0: "aujourd'hui", 1: "demain", 2: "après-demain"}.get(days, f"dans {days} jours")


def _message(email, template, context):
    subject = render_to_string(f"emails/{template}_subject.txt", context)
    return EmailMessage(
        subject=one_line(subject),  # a header line: no newline may slip in
        body=render_to_string(f"emails/{template}.txt", context),
        to=[email.user.email],
    )

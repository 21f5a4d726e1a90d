"""Sending guest lists to partners at the cutoff, exactly once.

`send_due_guest_lists()` is what `manage.py send_guest_lists` runs every minute, possibly
on several machines at once. Each due slot is handled in its own transaction that first
locks the slot's row with `SELECT … FOR UPDATE SKIP LOCKED` and re-checks that its list is
still due: a second copy of the job skips the row another copy holds, and once that copy
commits the row no longer matches. In that transaction the list's e-mail is queued
(structures.outbox) and the slot marked `guest_list_queued_at`: the list is owed once.

The e-mail is written when it leaves, from the bookings as they stand after the cutoff,
and retried if the mail server refuses it or times out. Once it left, the slot records
`guest_list_sent_at`. A list that cannot leave (partner without e-mail: at once; mail
server refusing: after the last try) is recorded on the slot (`guest_list_failed_at`,
`guest_list_error`), shown on the admin home, and the département team gets a warning
with the files attached. Staff fix the cause and send it again from the admin (or a new
contact e-mail on the partner clears the failure, and the next run sends it).
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from events.models import Slot
from events.models.slots import open_condition
from structures import outbox
from structures.dates import french_datetime
from structures.models import OutgoingEmail

from . import checkin, guest_lists

logger = logging.getLogger(__name__)

QUEUED = "queued"
SKIPPED_EMPTY = "skipped_empty"  # nobody booked and the département wants no note

MISSING_EMAIL = "Le partenaire « {partner} » n'a pas d'adresse e-mail de contact."

Kind = outbox.Kind


@dataclass(frozen=True)
class Outcome:
    slot: Slot
    status: str


def is_due(now):
    """Past the cutoff, and the list neither queued, sent nor recorded as failed."""
    return ~open_condition(now) & Q(
        guest_list_sent_at__isnull=True,
        guest_list_failed_at__isnull=True,
        guest_list_queued_at__isnull=True,
    )


def due_slots(now=None):
    return Slot.objects.filter(is_due(now or timezone.now()))


def send_due_guest_lists(now=None):
    """Queue every due guest list; each slot in its own locked transaction. Returns outcomes."""
    now = now or timezone.now()
    outcomes = []
    for pk in list(due_slots(now).order_by("closes_at", "pk").values_list("pk", flat=True)):
        with transaction.atomic():
            slot = (
                guest_lists.slot_queryset()
                .filter(is_due(now), pk=pk)
                .select_for_update(skip_locked=True, of=("self",))
                .first()
            )
            if slot is None:  # another copy of the job holds it, or has just queued it
                continue
            outcomes.append(send_guest_list(slot, now=now))
    return outcomes


def send_guest_list_now(slot_pk, *, now=None):
    """Send (or send again) one slot's list at staff's request, whatever its status."""
    with transaction.atomic():
        slot = guest_lists.slot_queryset().select_for_update(of=("self",)).get(pk=slot_pk)
        return send_guest_list(slot, now=now)


def send_guest_list(slot, *, now=None):
    """Queue the e-mail of `slot`'s guest list (PDF and CSV) to its partner, the team in
    copy, and mark the slot; a slot with no booking gets the short "aucune réservation"
    note, or nothing, as its département chose.

    Call inside a transaction holding the slot's row lock (load the slot with
    `guest_lists.slot_queryset()`).
    """
    now = now or timezone.now()
    event = slot.event
    department = event.department
    slot.guest_list_failed_at = None
    slot.guest_list_error = ""
    if not department.notify_empty_guest_list and not guest_lists.has_guests(slot):
        slot.guest_list_sent_at = now
        status = SKIPPED_EMPTY
    else:
        slot.guest_list_queued_at = now
        # This e-mail replaces those that failed: "Renvoyer" on one of them would send twice.
        OutgoingEmail.objects.failed().filter(kind=Kind.GUEST_LIST, object_id=slot.pk).update(
            status=OutgoingEmail.Status.DROPPED
        )
        outbox.post(
            Kind.GUEST_LIST,
            department_id=event.department_id,
            object_id=slot.pk,
            about=slot.label,
        )
        status = QUEUED
    slot.save(
        update_fields=[
            "guest_list_sent_at",
            "guest_list_queued_at",
            "guest_list_failed_at",
            "guest_list_error",
        ]
    )
    return Outcome(slot, status)


def _list_sent(email):
    Slot.objects.filter(pk=email.object_id).update(
        guest_list_sent_at=email.sent_at, guest_list_failed_at=None, guest_list_error=""
    )


def _list_failed(email):
    """Record the failure on the slot and warn the team, with the files attached."""
    Slot.objects.filter(pk=email.object_id).update(
        guest_list_failed_at=email.failed_at, guest_list_error=email.error
    )
    outbox.post(
        Kind.GUEST_LIST_WARNING,
        department_id=email.department_id,
        object_id=email.object_id,
        about=email.about,
    )


@outbox.letter(Kind.GUEST_LIST, sent=_list_sent, failed=_list_failed)
def guest_list_email(email):
    slot = guest_lists.slot_queryset().get(pk=email.object_id)
    partner = slot.event.partner
    if not partner.contact_email:
        raise outbox.Undeliverable(MISSING_EMAIL.format(partner=partner.name))
    return _partner_message(slot, guest_lists.guest_list(slot))


@outbox.letter(Kind.GUEST_LIST_WARNING)
def guest_list_warning(email):
    slot = guest_lists.slot_queryset().get(pk=email.object_id)
    department = slot.event.department
    if not department.team_email:
        raise outbox.Undeliverable(
            f"Le département {department} n'a pas d'adresse e-mail d'équipe pour l'alerte."
        )
    guests = guest_lists.guest_list(slot)
    context = _context(
        slot,
        guests,
        error=slot.guest_list_error,
        partner_url=settings.SITE_URL
        + reverse("admin:events_partner_change", args=[slot.event.partner_id]),
    )
    message = EmailMessage(
        subject=render_to_string("emails/guest_list_warning_subject.txt", context).strip(),
        body=render_to_string("emails/guest_list_warning.txt", context),
        to=[department.team_email],
    )
    _attach_files(message, slot, guests)
    return message


def _context(slot, guests, **extra):
    event = slot.event
    return {
        "association_name": settings.ASSOCIATION_NAME,
        "slot": slot,
        "event": event,
        "venue": event.venue,
        "partner": event.partner,
        "department": event.department,
        "when": french_datetime(slot.starts_at),
        "guests": guests,
        "site_url": settings.SITE_URL,
        "check_in_url": checkin.url(slot),
        "check_in_until": french_datetime(checkin.window(slot)[1]),
        **extra,
    }


def _attach_files(message, slot, guests):
    message.attach(
        guest_lists.filename(slot, "pdf"), guest_lists.render_pdf_bytes(guests), "application/pdf"
    )
    message.attach(
        guest_lists.filename(slot, "csv"),
        guest_lists.render_csv_bytes(guests),
        "text/csv",
    )


def _partner_message(slot, guests):
    department = slot.event.department
    team = [department.team_email] if department.team_email else []
    context = _context(slot, guests)
    template = "emails/guest_list_empty" if guests.is_empty else "emails/guest_list"
    message = EmailMessage(
        subject=render_to_string("emails/guest_list_subject.txt", context).strip(),
        body=render_to_string(f"{template}.txt", context),
        to=[slot.event.partner.contact_email],
        cc=team,
        reply_to=team,
    )
    if not guests.is_empty:
        _attach_files(message, slot, guests)
    return message

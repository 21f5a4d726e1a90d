"""Sending guest lists to partners at the cutoff, exactly once.

`send_due_guest_lists()` is what `manage.py send_guest_lists` runs every minute, possibly
on several machines at once. Each due slot is handled in its own transaction that first
locks the slot's row with `SELECT … FOR UPDATE SKIP LOCKED` and re-checks that its list is
still unsent: a second copy of the job skips the row another copy holds, and once that
copy commits the row no longer matches. The e-mail leaves while the lock is held and the
sending is recorded in the same transaction, so a list goes out once (at worst twice if
the machine died between the SMTP hand-off and the commit, never zero times unnoticed).

A list that cannot leave (partner without e-mail, mail server refusing) is recorded on
the slot (`guest_list_failed_at`, `guest_list_error`), shown on the admin home, and the
département team is warned by e-mail with the files attached. The job does not retry it
every minute: staff fix the cause and send it again from the admin (or a new contact
e-mail on the partner clears the failure, and the next run sends it).
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
from structures.dates import french_datetime

from . import guest_lists

logger = logging.getLogger(__name__)

SENT = "sent"
SENT_EMPTY = "sent_empty"  # the "aucune réservation" note
SKIPPED_EMPTY = "skipped_empty"  # nobody booked and the département wants no note
FAILED = "failed"

MISSING_EMAIL = "Le partenaire « {partner} » n'a pas d'adresse e-mail de contact."
SEND_ERROR = "L'envoi de l'e-mail a échoué : {error}"


@dataclass(frozen=True)
class Outcome:
    slot: Slot
    status: str
    error: str = ""


def is_due(now):
    """Past the cutoff, and the list neither sent nor recorded as failed."""
    return ~open_condition(now) & Q(
        guest_list_sent_at__isnull=True, guest_list_failed_at__isnull=True
    )


def due_slots(now=None):
    return Slot.objects.filter(is_due(now or timezone.now()))


def send_due_guest_lists(now=None):
    """Send every due guest list; each slot in its own locked transaction. Returns outcomes."""
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
            if slot is None:  # another copy of the job holds it, or has just sent it
                continue
            outcomes.append(send_guest_list(slot, now=now))
    return outcomes


def send_guest_list_now(slot_pk):
    """Send (or send again) one slot's list at staff's request, whatever its status."""
    with transaction.atomic():
        slot = guest_lists.slot_queryset().select_for_update(of=("self",)).get(pk=slot_pk)
        return send_guest_list(slot)


def send_guest_list(slot, *, now=None):
    """E-mail `slot`'s guest list (PDF and CSV) to its partner, the team in copy; record it.

    Call inside a transaction holding the slot's row lock (load the slot with
    `guest_lists.slot_queryset()`). A slot with no booking gets the short "aucune
    réservation" note, or nothing, as its département chose.
    """
    now = now or timezone.now()
    event = slot.event
    department = event.department
    guests = guest_lists.guest_list(slot)
    if guests.is_empty and not department.notify_empty_guest_list:
        return _record_sent(slot, now, SKIPPED_EMPTY)
    if not event.partner.contact_email:
        error = MISSING_EMAIL.format(partner=event.partner.name)
        _warn_team(slot, guests, error)
        return _record_failure(slot, now, error)
    message = _partner_message(slot, guests)
    try:
        message.send()
    except Exception as error:  # the mail server's refusal, whatever its type
        logger.exception("Guest list of slot %s not sent", slot.pk)
        error = SEND_ERROR.format(error=error)[:255]
        return _record_failure(slot, now, error)
    return _record_sent(slot, now, SENT_EMPTY if guests.is_empty else SENT)


def _record_sent(slot, now, status):
    slot.guest_list_sent_at = now
    slot.guest_list_failed_at = None
    slot.guest_list_error = ""
    slot.save(update_fields=["guest_list_sent_at", "guest_list_failed_at", "guest_list_error"])
    return Outcome(slot, status)


def _record_failure(slot, now, error):
    slot.guest_list_failed_at = now
    slot.guest_list_error = error
    slot.save(update_fields=["guest_list_failed_at", "guest_list_error"])
    return Outcome(slot, FAILED, error)


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


def _warn_team(slot, guests, error):
    department = slot.event.department
    if not department.team_email:
        logger.error("Guest list of slot %s not sent and no team e-mail: %s", slot.pk, error)
        return
    context = _context(
        slot,
        guests,
        error=error,
        partner_url=settings.SITE_URL
        + reverse("admin:events_partner_change", args=[slot.event.partner_id]),
    )
    message = EmailMessage(
        subject=render_to_string("emails/guest_list_warning_subject.txt", context).strip(),
        body=render_to_string("emails/guest_list_warning.txt", context),
        to=[department.team_email],
    )
    _attach_files(message, slot, guests)
    try:
        message.send()
    except Exception:
        logger.exception("Warning about the guest list of slot %s not sent", slot.pk)

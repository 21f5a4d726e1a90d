"""E-mails about bookings, queued in the booking's transaction (structures.outbox).

The confirmation, which carries the counter-mark, is written by the vouchers app."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from structures import outbox
from structures.models import OutgoingEmail
from structures.text import one_line

from .models import Booking, WaitingEntry, participant_lines

Kind = outbox.Kind
WaitingStatus = WaitingEntry.Status
BOOKING_KINDS = (Kind.BOOKING_CONFIRMATION, Kind.BOOKING_CANCELLATION)
UNDELIVERED_SHOWN_FOR = timedelta(days=30)


def queue_booking_email(kind, booking):
    """Owe the worker who booked an e-mail of `kind` about `booking` (current transaction)."""
    return outbox.post(
        kind,
        department_id=booking.slot.event.department_id,
        user_id=booking.booked_by_id,
        object_id=booking.pk,
        about=booking.reference,
    )


@outbox.letter(Kind.BOOKING_CANCELLATION)
def booking_cancellation(email):
    """Tell the worker who booked that the booking is cancelled (by whom, and what now)."""
    booking = Booking.objects.with_details().select_related("cancelled_by").get(pk=email.object_id)
    context = booking_context(booking)
    subject = render_to_string("emails/booking_cancelled_subject.txt", context)
    return EmailMessage(
        subject=one_line(subject),  # a header line: no newline may slip in
        body=render_to_string("emails/booking_cancelled.txt", context),
        to=[booking.booked_by.email],
    )


def queue_waiting_list_ended(entry):
    """Owe the worker who put `entry` on the waiting list the news that the portal ended
    it (expired at the cutoff, or refused by a booking rule) (current transaction)."""
    slot = entry.slot
    return outbox.post(
        Kind.WAITING_LIST_ENDED,
        department_id=slot.event.department_id,
        user_id=entry.created_by_id,
        object_id=entry.pk,
        about=slot.label,
    )


@outbox.letter(Kind.WAITING_LIST_ENDED)
def waiting_list_ended(email):
    entry = WaitingEntry.objects.select_related(
        "slot__event__venue", "slot__event__department", "created_by"
    ).get(pk=email.object_id)
    if entry.status not in (WaitingStatus.EXPIRED, WaitingStatus.REFUSED):
        return None
    event = entry.slot.event
    context = {
        "association_name": settings.ASSOCIATION_NAME,
        "entry": entry,
        "expired": entry.status == WaitingStatus.EXPIRED,
        "slot": entry.slot,
        "event": event,
        "venue": event.venue,
        "department": event.department,
        "events_url": settings.SITE_URL + reverse("events:hub"),
    }
    subject = render_to_string("emails/waiting_list_ended_subject.txt", context)
    return EmailMessage(
        subject=one_line(subject),
        body=render_to_string("emails/waiting_list_ended.txt", context),
        to=[entry.created_by.email],
    )


def booking_context(booking):
    """What every e-mail about one booking tells: the outing, its people, where to see it."""
    event = booking.slot.event
    return {
        "association_name": settings.ASSOCIATION_NAME,
        "booking": booking,
        "slot": booking.slot,
        "event": event,
        "venue": event.venue,
        "department": event.department,
        "lines": participant_lines(booking.participants.all()),
        "detail_url": settings.SITE_URL + reverse("bookings:detail", args=[booking.reference]),
    }


def undelivered(user, *, now=None, limit=5):
    """The e-mails about `user`'s own bookings that could not leave, newest first, as
    (email, booking) pairs: failed in the last 30 days, and still about something that
    holds (no confirmation of a booking cancelled since)."""
    since = (now or timezone.now()) - UNDELIVERED_SHOWN_FOR
    emails = list(
        OutgoingEmail.objects.failed()
        .filter(user=user, kind__in=BOOKING_KINDS, created_at__gte=since)
        .order_by("-created_at", "-id")[:limit]
    )
    bookings = Booking.objects.filter(
        booked_by=user, pk__in=[email.object_id for email in emails]
    ).in_bulk()
    return [
        (email, bookings[email.object_id])
        for email in emails
        if email.object_id in bookings
        and not (email.kind == Kind.BOOKING_CONFIRMATION and bookings[email.object_id].is_cancelled)
    ]

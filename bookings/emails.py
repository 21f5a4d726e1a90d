"""E-mails about bookings. They run after the booking's transaction has committed."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from structures.dates import french_datetime
from vouchers import pdf


def send_booking_confirmation(booking_id):
    """E-mail the worker who booked: the recap, with the counter-mark PDF attached.

    Stores the counter-mark on the way, so the download that follows serves the file.
    """
    booking = pdf.voucher_queryset().get(pk=booking_id)
    voucher = pdf.stored_voucher(booking)
    event = booking.slot.event
    context = _context(booking)
    title = " ".join(event.title.split())  # a header line: no newline may slip in
    message = EmailMessage(
        subject=(
            f"Réservation confirmée {booking.reference} : {title}, "
            f"{french_datetime(booking.slot.starts_at)}"
        ),
        body=render_to_string("emails/booking_confirmed.txt", context),
        to=[booking.booked_by.email],
    )
    with voucher.open("rb") as file:
        message.attach(pdf.filename(booking), file.read(), "application/pdf")
    message.send()


def send_booking_cancellation(booking_id):
    """E-mail the worker who booked that the booking is cancelled (by whom, and what now)."""
    booking = (pdf.voucher_queryset().select_related("cancelled_by")).get(pk=booking_id)
    cancelled_by = booking.cancelled_by
    context = _context(booking)
    context["by_team"] = (
        cancelled_by is not None and cancelled_by.structure_id != booking.structure_id
    )
    subject = render_to_string("emails/booking_cancelled_subject.txt", context)
    EmailMessage(
        subject=" ".join(subject.split()),  # a header line: no newline may slip in
        body=render_to_string("emails/booking_cancelled.txt", context),
        to=[booking.booked_by.email],
    ).send()


def _context(booking):
    """What every e-mail about one booking tells: the outing, its people, where to see it."""
    event = booking.slot.event
    return {
        "association_name": settings.ASSOCIATION_NAME,
        "booking": booking,
        "slot": booking.slot,
        "event": event,
        "venue": event.venue,
        "department": event.department,
        "lines": pdf.participant_lines(booking.participants.all()),
        "detail_url": settings.SITE_URL + reverse("bookings:detail", args=[booking.reference]),
    }

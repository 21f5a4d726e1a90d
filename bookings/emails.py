"""E-mails about bookings. They run after the booking's transaction has committed.

The confirmation, which carries the counter-mark, is sent by the vouchers app."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Booking, participant_lines


def send_booking_cancellation(booking_id):
    """E-mail the worker who booked that the booking is cancelled (by whom, and what now)."""
    booking = Booking.objects.with_details().select_related("cancelled_by").get(pk=booking_id)
    context = booking_context(booking)
    subject = render_to_string("emails/booking_cancelled_subject.txt", context)
    EmailMessage(
        subject=" ".join(subject.split()),  # a header line: no newline may slip in
        body=render_to_string("emails/booking_cancelled.txt", context),
        to=[booking.booked_by.email],
    ).send()


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

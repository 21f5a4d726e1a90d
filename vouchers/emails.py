"""The booking confirmation: the recap e-mail with the counter-mark attached."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from bookings.emails import booking_context
from bookings.models import Booking
from structures.dates import french_datetime

from . import pdf


def send_booking_confirmation(booking_id):
    """E-mail the worker who booked: the recap, with the counter-mark PDF attached.

    Stores the counter-mark on the way, so the download that follows serves the file.
    """
    booking = Booking.objects.with_details().get(pk=booking_id)
    voucher = pdf.stored_voucher(booking)
    title = " ".join(booking.slot.event.title.split())  # a header line: no newline may slip in
    message = EmailMessage(
        subject=(
            f"Réservation confirmée {booking.reference} : {title}, "
            f"{french_datetime(booking.slot.starts_at)}"
        ),
        body=render_to_string("emails/booking_confirmed.txt", booking_context(booking)),
        to=[booking.booked_by.email],
    )
    with voucher.open("rb") as file:
        message.attach(pdf.filename(booking), file.read(), "application/pdf")
    message.send()


def on_booking_placed(sender, booking_id, notify, **kwargs):
    """Receiver of bookings.signals.booking_placed (sent after the booking committed)."""
    if notify:
        send_booking_confirmation(booking_id)

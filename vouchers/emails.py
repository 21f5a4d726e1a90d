"""The booking confirmation: the recap e-mail with the counter-mark attached."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from bookings.emails import Kind, booking_context, queue_booking_email
from bookings.models import Booking
from structures import outbox
from structures.dates import french_datetime

from . import pdf


def on_booking_placed(sender, booking, notify, **kwargs):
    """Receiver of bookings.signals.booking_placed (inside the booking's transaction)."""
    if notify:
        queue_booking_email(Kind.BOOKING_CONFIRMATION, booking)


@outbox.letter(Kind.BOOKING_CONFIRMATION)
def booking_confirmation(email):
    """The recap for the worker who booked, with the counter-mark PDF attached (stored on
    the way, so the download that follows serves the file). Nothing for a booking
    cancelled since: its cancellation notice says what holds."""
    booking = Booking.objects.with_details().get(pk=email.object_id)
    if booking.is_cancelled:
        return None
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
    return message

"""The booking confirmation: the recap e-mail with the counter-mark attached."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from bookings.emails import Kind, booking_context, queue_booking_email
from bookings.models import Booking, WaitingEntry
from structures import outbox

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
    context = {
        **booking_context(booking),
        "from_waiting_list": WaitingEntry.objects.filter(booking=booking).exists(),
    }
    message = EmailMessage(
        # A header line: Slot.label lets no newline slip in.
        subject=f"Réservation confirmée {booking.reference} : {booking.slot.label}",
        body=render_to_string("emails/booking_confirmed.txt", context),
        to=[booking.booked_by.email],
    )
    with voucher.open("rb") as file:
        message.attach(pdf.filename(booking), file.read(), "application/pdf")
    return message

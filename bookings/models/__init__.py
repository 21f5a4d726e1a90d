"""The bookings app's models: bookings and their history, participants, testimonials."""

from .booking import (
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    REFERENCE_PREFIX,
    Booking,
    BookingLogEntry,
    delete_voucher_files,
    new_reference,
)
from .participant import Line, Participant, participant_lines
from .testimonial import Testimonial

__all__ = [
    "REFERENCE_ALPHABET",
    "REFERENCE_LENGTH",
    "REFERENCE_PREFIX",
    "Booking",
    "BookingLogEntry",
    "Line",
    "Participant",
    "Testimonial",
    "delete_voucher_files",
    "new_reference",
    "participant_lines",
]

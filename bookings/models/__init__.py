"""The bookings app's models: bookings and their history, participants, testimonials,
waiting lists."""

from .booking import (
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    REFERENCE_PREFIX,
    Booking,
    BookingLogEntry,
    delete_voucher_files,
    new_reference,
    reference_in,
    typed_reference,
)
from .participant import Line, Participant, participant_lines
from .testimonial import Testimonial
from .waiting import WaitingEntry, WaitingParticipant

__all__ = [
    "REFERENCE_ALPHABET",
    "REFERENCE_LENGTH",
    "REFERENCE_PREFIX",
    "Booking",
    "BookingLogEntry",
    "Line",
    "Participant",
    "Testimonial",
    "WaitingEntry",
    "WaitingParticipant",
    "delete_voucher_files",
    "new_reference",
    "participant_lines",
    "reference_in",
    "typed_reference",
]

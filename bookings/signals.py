"""What the booking workflow tells the apps above it (they connect in their AppConfig).

Sent inside the booking's transaction, so what a receiver writes (an e-mail owed, see
structures.outbox) commits with the booking or not at all; a receiver must not reach
outside the database. `notify` is False when nobody should be told (the demo data).
"""

from django.dispatch import Signal

# sender=Booking, booking=the Booking just created (its slot and event loaded), notify=bool
booking_placed = Signal()

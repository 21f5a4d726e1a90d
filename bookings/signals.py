"""What the booking workflow tells the apps above it (they connect in their AppConfig).

Sent once the booking's transaction has committed, so a receiver never sees a booking
that was rolled back. `notify` is False when nobody should be told (the demo data).
"""

from django.dispatch import Signal

# sender=Booking, booking_id=int, notify=bool
booking_placed = Signal()

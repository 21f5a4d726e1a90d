"""A booking's slot as an iCalendar file (RFC 5545) for "Ajouter à mon agenda".

The icalendar library writes the file: it escapes text values and folds long lines.
"""

from datetime import UTC
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from structures.text import plural


def booking_calendar(booking):
    """The .ics text of `booking` (load it with slot__event__venue)."""
    slot = booking.slot
    event = slot.event
    venue = event.venue
    detail_url = settings.SITE_URL + reverse("bookings:detail", args=[booking.reference])
    host = urlsplit(settings.SITE_URL).hostname or "billetterie"

    entry = Event()
    entry.add("uid", f"{booking.reference}@{host}")
    # A cancelled booking's file replaces the one imported before (same UID).
    entry.add("sequence", 1 if booking.is_cancelled else 0)
    # In UTC, so that no calendar depends on a time zone definition.
    entry.add("dtstamp", timezone.now().astimezone(UTC))
    entry.add("dtstart", slot.starts_at.astimezone(UTC))
    entry.add("dtend", slot.outing_ends_at.astimezone(UTC))
    entry.add("summary", event.title)
    entry.add("location", f"{venue.name}, {venue.full_address}")
    entry.add(
        "description",
        f"Réservation {booking.reference} : {plural(booking.invitations, 'invitation')}.\n"
        "Contremarque à présenter à l'accueil le jour de l'événement.\n"
        f"{detail_url}",
    )
    entry.add("url", detail_url)
    entry.add("status", "CANCELLED" if booking.is_cancelled else "CONFIRMED")

    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", f"-//{settings.ASSOCIATION_NAME}//Réservations//FR")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(entry)
    return calendar.to_ical().decode()

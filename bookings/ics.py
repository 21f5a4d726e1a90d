"""A booking's slot as an iCalendar file (RFC 5545) for "Ajouter à mon agenda"."""

from datetime import UTC, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from structures.text import plural

# A slot without an end nor an event duration still needs one in most calendars.
DEFAULT_DURATION = timedelta(hours=2)
MAX_LINE_OCTETS = 75


def escape(text):
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    text = str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def utc(value):
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line):
    """Split a content line into chunks of at most 75 octets, never inside a character."""
    chunks, current, size = [], "", 0
    for char in line:
        octets = len(char.encode())
        limit = MAX_LINE_OCTETS if not chunks else MAX_LINE_OCTETS - 1  # the leading space
        if size + octets > limit:
            chunks.append(current)
            current, size = "", 0
        current += char
        size += octets
    chunks.append(current)
    return "\r\n ".join(chunks)


def slot_end(slot):
    if slot.ends_at:
        return slot.ends_at
    minutes = slot.event.duration_minutes
    return slot.starts_at + (timedelta(minutes=minutes) if minutes else DEFAULT_DURATION)


def booking_calendar(booking):
    """The .ics text of `booking` (load it with slot__event__venue)."""
    slot = booking.slot
    event = slot.event
    venue = event.venue
    detail_url = settings.SITE_URL + reverse("bookings:detail", args=[booking.reference])
    host = urlsplit(settings.SITE_URL).hostname or "billetterie"
    description = (
        f"Réservation {booking.reference} : {plural(booking.invitations, 'invitation')}.\n"
        "Contremarque à présenter à l'accueil le jour de l'événement.\n"
        f"{detail_url}"
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{escape(settings.ASSOCIATION_NAME)}//Réservations//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{booking.reference}@{host}",
        # A cancelled booking's file replaces the one imported before (same UID).
        f"SEQUENCE:{1 if booking.is_cancelled else 0}",
        f"DTSTAMP:{utc(timezone.now())}",
        f"DTSTART:{utc(slot.starts_at)}",
        f"DTEND:{utc(slot_end(slot))}",
        f"SUMMARY:{escape(event.title)}",
        f"LOCATION:{escape(f'{venue.name}, {venue.full_address}')}",
        f"DESCRIPTION:{escape(description)}",
        f"URL:{detail_url}",
        f"STATUS:{'CANCELLED' if booking.is_cancelled else 'CONFIRMED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)

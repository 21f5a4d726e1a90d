"""The clock of the offers' admin tests, and the forms they post as the admin renders them
(one date-and-time field each, as the browser's picker sends it)."""

from datetime import datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)


def slot_data(slot, **overrides):
    """The slot change form as the admin renders it (one date-and-time field each)."""
    data = {
        "event": slot.event_id,
        "starts_at": "2026-03-14T20:30",
        "ends_at": "",
        "invitations_offered": "12",
        "max_per_booking": "4",
        "closes_at": "2026-03-12T20:30",
    }
    data.update(overrides)
    return data


def event_add_data(partner, venue, genre, **overrides):
    data = {
        "title": "Le Petit Prince",
        "description": "Un conte pour petits et grands.",
        "partner": partner.pk,
        "venue": venue.pk,
        "genres": [genre.pk],
        "duration_minutes": "75",
        "recommended_age": "dès 6 ans",
        "is_published": "on",
        "published_at": "",
        "slots-TOTAL_FORMS": "1",
        "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "1000",
        "slots-0-starts_at": "2026-03-21T15:00",
        "slots-0-invitations_offered": "8",
        "slots-0-max_per_booking": "4",
        "slots-0-closes_at": "",
    }
    data.update(overrides)
    return data

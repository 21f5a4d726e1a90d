"""The clock of the offers' admin tests, and the forms they post as the admin renders them
(French date and time fields)."""

from datetime import datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)


def slot_data(slot, **overrides):
    """The slot change form as the admin renders it (French date and time fields)."""
    data = {
        "event": slot.event_id,
        "starts_at_0": "14/03/2026",
        "starts_at_1": "20:30:00",
        "ends_at_0": "",
        "ends_at_1": "",
        "invitations_offered": "12",
        "max_per_booking": "4",
        "closes_at_0": "12/03/2026",
        "closes_at_1": "20:30:00",
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
        "published_at_0": "",
        "published_at_1": "",
        "slots-TOTAL_FORMS": "1",
        "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "1000",
        "slots-0-starts_at_0": "21/03/2026",
        "slots-0-starts_at_1": "15:00:00",
        "slots-0-invitations_offered": "8",
        "slots-0-max_per_booking": "4",
        "slots-0-closes_at_0": "",
        "slots-0-closes_at_1": "",
    }
    data.update(overrides)
    return data

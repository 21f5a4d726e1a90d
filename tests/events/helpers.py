"""Event builders shared by the event tests and the personal space tests (tests/portal)."""

from datetime import timedelta

from tests.factories import (
    AudienceFactory,
    EventFactory,
    GenreFactory,
    PartnerFactory,
    SlotFactory,
)


def event_in(department, now, days=10, **kwargs):
    slot_kwargs = {
        key.removeprefix("slot__"): kwargs.pop(key) for key in list(kwargs) if key[:6] == "slot__"
    }
    event = EventFactory(partner__department=department, **kwargs)
    SlotFactory(event=event, starts_at=now + timedelta(days=days), **slot_kwargs)
    return event


NOISE = ("Hors département", "Brouillon secret", "Date révolue", "Trop tard", "Partenaire parti")


def noise(department, other_department, now):
    """Events that must never be shown or counted for `department` (titles in NOISE)."""
    event_in(other_department, now, title=NOISE[0])
    event_in(department, now, title=NOISE[1], draft=True)
    event_in(department, now, days=-3, title=NOISE[2])
    event_in(department, now, days=1, title=NOISE[3])  # cutoff (48 h) passed
    inactive = PartnerFactory(department=department, is_active=False)
    event_in(department, now, title=NOISE[4], partner=inactive)


def many_events(department, now, count):
    genres = [GenreFactory() for _ in range(3)]
    audiences = [AudienceFactory() for _ in range(3)]
    for n in range(count):
        event = event_in(
            department,
            now,
            days=3 + n % 20,
            title=f"Théâtre numéro {n}",
            published_at=now - timedelta(days=n % 5),
            genres=genres,
            audiences=audiences,
        )
        SlotFactory(event=event, starts_at=now + timedelta(days=25 + n % 7))

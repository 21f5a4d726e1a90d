"""The three sections of the events hub ("Tous les événements"), each with its full list."""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from .department_choice import PARAM
from .models import Event

HUB_EVENTS = 4


@dataclass
class Section:
    id: str
    title: str
    events: list
    count: int
    url: str
    empty: str


def search_url(department, **params):
    """The full list of events of `department` (all if None), filtered by `params`."""
    if department is None:
        return reverse("events:search")
    return f"{reverse('events:search')}?{urlencode({PARAM: department.code, **params})}"


def hub_sections(department):
    """New events, events closing soon, and all events online: four cards and a count each.

    Four queries whatever the number of events: the counts, the three card lists (one
    query each) and the genres and audiences of all cards together.
    """
    now = timezone.now()
    new_since = now - timedelta(days=settings.NEW_EVENTS_DAYS)
    closing_until = now + timedelta(days=settings.CLOSING_SOON_DAYS)
    online = Event.objects.online().in_department(department)
    counts = online.counts(new_since, closing_until)
    cards = online.with_open_slots().select_related("venue")

    def url(**params):
        return search_url(department, **params)

    sections = [
        Section(
            "nouveautes",
            "Nouveaux événements",
            cards.published_since(new_since).order_by("-published_at", "-pk"),
            counts["new"],
            url(nouveautes=1),
            "Aucun nouvel événement ces derniers jours.",
        ),
        Section(
            "cloture",
            "Réservation bientôt close",
            cards.closing_before(closing_until).order_by("next_date", "pk"),
            counts["closing"],
            url(cloture=1),
            "Aucune réservation ne se termine dans les prochains jours.",
        ),
        Section(
            "tous",
            "Tous les événements en ligne",
            cards.order_by("next_date", "title", "pk"),
            counts["total"],
            url(),
            "Aucun événement n'est en ligne dans ce département pour le moment.",
        ),
    ]
    for section in sections:
        section.events = list(section.events[:HUB_EVENTS])
    prefetch_related_objects(
        [event for section in sections for event in section.events], "genres", "audiences"
    )
    return sections

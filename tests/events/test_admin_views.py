"""A series of slots at once, from the event's admin page."""

from datetime import datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from structures.models import Department
from tests import factories

from .admin_data import PARIS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("admin_now")]


# --- A series of slots at once ---------------------------------------------------------------


def series_data(**overrides):
    data = {
        "first_start": "2026-03-14T20:30",
        "weeks": "6",
        "invitations_offered": "10",
        "max_per_booking": "4",
        "cutoff_hours": "48",
    }
    data.update(overrides)
    return data


def test_series_page_proposes_the_department_delay(admin_client):
    event = factories.EventFactory()
    Department.objects.filter(pk=event.department_id).update(cutoff_hours=72)

    response = admin_client.get(reverse("admin:events_event_slot_series", args=[event.pk]))

    assert response.status_code == 200
    assert response.context["adminform"].form["cutoff_hours"].value() == 72
    change_page = admin_client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert reverse("admin:events_event_slot_series", args=[event.pk]) in change_page.text


def test_series_adds_one_slot_a_week_at_the_same_time_across_dst(admin_client):
    event = factories.EventFactory()
    url = reverse("admin:events_event_slot_series", args=[event.pk])

    response = admin_client.post(url, series_data())

    assert response.status_code == 302
    slots = list(event.slots.order_by("starts_at"))
    # Summer time starts on Sunday 29 March 2026: still 20:30 in Paris afterwards.
    assert [timezone.localtime(slot.starts_at) for slot in slots] == [
        datetime(2026, 3, 14, 20, 30, tzinfo=PARIS) + timedelta(weeks=week) for week in range(6)
    ]
    assert {timezone.localtime(slot.starts_at).weekday() for slot in slots} == {5}
    assert all(slot.starts_at - slot.closes_at == timedelta(hours=48) for slot in slots)
    assert {(slot.invitations_offered, slot.max_per_booking) for slot in slots} == {(10, 4)}
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [
        "6 créneaux ajoutés, du samedi 14 mars 2026 au samedi 18 avril 2026, à 20\u00a0h\u00a030."
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"first_start": "2026-03-01T20:30"}, "serait déjà passée"),
        ({"weeks": "0"}, "Saisissez 1 ou plus."),
        ({"weeks": "53"}, "Saisissez 52 ou moins."),
        ({"invitations_offered": "0"}, "Saisissez 1 ou plus."),
        ({"max_per_booking": "11"}, "ne peut pas dépasser les invitations offertes"),
        ({"first_start": "2026-03-32T20:30"}, "Saisissez une date et une heure"),
    ],
    ids=["past", "no-week", "too-many-weeks", "no-invitation", "max-above-offer", "bad-date"],
)
def test_series_refuses_bad_input(admin_client, overrides, message):
    event = factories.EventFactory()

    response = admin_client.post(
        reverse("admin:events_event_slot_series", args=[event.pk]), series_data(**overrides)
    )

    assert response.status_code == 200
    assert message in response.text
    assert not event.slots.exists()


def test_series_refuses_a_date_already_taken(admin_client):
    slot = factories.SlotFactory(starts_at=datetime(2026, 3, 28, 20, 30, tzinfo=PARIS))

    response = admin_client.post(
        reverse("admin:events_event_slot_series", args=[slot.event_id]), series_data()
    )

    assert "déjà un créneau le samedi 28 mars 2026 à 20\u00a0h\u00a030" in response.text
    assert slot.event.slots.count() == 1

"""The slot and event forms of the admin: seats the admin cannot touch, clear errors, nothing
half-saved."""

from datetime import datetime

import pytest
from django.urls import reverse

from events.admin import SlotAdmin
from events.models import Event, Slot
from tests import factories

from .admin_data import PARIS, event_add_data, slot_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("admin_now")]


def test_forged_booked_count_is_ignored(admin_client, booked_slot):
    url = reverse("admin:events_slot_change", args=[booked_slot.pk])

    response = admin_client.post(url, slot_data(booked_slot, invitations_booked="0"))

    assert response.status_code == 302
    booked_slot.refresh_from_db()
    assert booked_slot.invitations_offered == 12
    assert booked_slot.invitations_booked == 3
    assert booked_slot.starts_at == datetime(2026, 3, 14, 20, 30, tzinfo=PARIS)


def test_offer_cannot_drop_below_what_is_booked(admin_client, booked_slot):
    url = reverse("admin:events_slot_change", args=[booked_slot.pk])

    response = admin_client.post(url, slot_data(booked_slot, invitations_offered="2"))

    assert response.status_code == 200
    assert "3 invitations sont déjà réservées" in response.text
    booked_slot.refresh_from_db()
    assert booked_slot.invitations_offered == 10


def test_cutoff_after_the_start_is_refused(admin_client, booked_slot):
    url = reverse("admin:events_slot_change", args=[booked_slot.pk])

    response = admin_client.post(url, slot_data(booked_slot, closes_at="2026-03-15T20:30"))

    assert response.status_code == 200
    assert "La clôture doit précéder le début du créneau." in response.text


def test_venue_of_another_partner_is_refused(admin_client):
    venue = factories.VenueFactory()
    other_partner = factories.PartnerFactory()
    genre = factories.GenreFactory()

    response = admin_client.post(
        reverse("admin:events_event_add"), event_add_data(other_partner, venue, genre)
    )

    assert response.status_code == 200
    assert "Ce lieu appartient à un autre partenaire." in response.text
    assert not Event.objects.exists()
    assert not Slot.objects.exists()


# --- Bad input on slots: clear errors, nothing half-saved ----------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": "2026-03-14T19:00"}, "La fin doit être postérieure"),
        ({"invitations_offered": "0"}, "Saisissez 1 ou plus."),
        ({"invitations_offered": "-3"}, "Saisissez 1 ou plus."),
        ({"max_per_booking": "0"}, "Saisissez 1 ou plus."),
    ],
    ids=["end-before-start", "zero-invitations", "negative-invitations", "zero-max"],
)
def test_bad_slot_input_is_refused_with_a_message(admin_client, booked_slot, overrides, message):
    url = reverse("admin:events_slot_change", args=[booked_slot.pk])

    response = admin_client.post(url, slot_data(booked_slot, **overrides))

    assert response.status_code == 200
    assert message in response.text
    booked_slot.refresh_from_db()
    assert booked_slot.invitations_offered == 10 and booked_slot.ends_at is None


def test_event_with_a_bad_slot_is_not_half_saved(admin_client):
    venue = factories.VenueFactory()
    genre = factories.GenreFactory()
    data = event_add_data(
        venue.partner,
        venue,
        genre,
        **{"slots-0-closes_at": "2026-03-22T15:00"},
    )

    response = admin_client.post(reverse("admin:events_event_add"), data)

    assert response.status_code == 200
    assert "La clôture doit précéder le début du créneau." in response.text
    assert not Event.objects.exists()
    assert not Slot.objects.exists()


def test_inline_refuses_an_offer_below_what_is_booked(admin_client, booked_slot):
    event = booked_slot.event
    data = {
        "title": event.title,
        "partner": event.partner_id,
        "venue": event.venue_id,
        "genres": [factories.GenreFactory().pk],
        "is_published": "on",
        "published_at": "2026-03-01T10:00",
        "slots-TOTAL_FORMS": "1",
        "slots-INITIAL_FORMS": "1",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "1000",
        "slots-0-id": booked_slot.pk,
        "slots-0-event": event.pk,
        "slots-0-starts_at": "2026-03-14T20:30",
        "slots-0-invitations_offered": "2",
        "slots-0-max_per_booking": "4",
        "slots-0-closes_at": "2026-03-12T20:30",
    }

    response = admin_client.post(reverse("admin:events_event_change", args=[event.pk]), data)

    assert response.status_code == 200
    assert "3 invitations sont déjà réservées" in response.text
    booked_slot.refresh_from_db()
    assert booked_slot.invitations_offered == 10


def test_saving_a_slot_never_writes_back_a_stale_seat_count(admin_client, booked_slot, monkeypatch):
    """The form loaded the slot before a booking took 3 seats: the count in the database
    wins, the offer is checked against it, and the save keeps it."""
    stale = Slot.objects.get(pk=booked_slot.pk)
    stale.invitations_booked = 0
    monkeypatch.setattr(
        SlotAdmin, "get_object", lambda self, request, object_id, from_field=None: stale
    )
    url = reverse("admin:events_slot_change", args=[booked_slot.pk])

    refused = admin_client.post(url, slot_data(booked_slot, invitations_offered="2"))
    saved = admin_client.post(url, slot_data(booked_slot, invitations_offered="12"))

    assert "3 invitations sont déjà réservées" in refused.text
    assert saved.status_code == 302
    booked_slot.refresh_from_db()
    assert (booked_slot.invitations_offered, booked_slot.invitations_booked) == (12, 3)

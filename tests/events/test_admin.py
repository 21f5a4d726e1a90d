"""Offers in the Django admin: events with their slots inline, seats the admin cannot touch."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from events.models import Event, Partner, Slot
from tests import factories

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


@pytest.fixture
def booked_slot():
    slot = factories.SlotFactory(invitations_offered=10)
    factories.BookingFactory.create_batch(3, slot=slot)
    slot.refresh_from_db()
    assert slot.invitations_booked == 3
    return slot


def test_slot_form_has_no_booked_count_field(admin_client, booked_slot):
    response = admin_client.get(reverse("admin:events_slot_change", args=[booked_slot.pk]))

    assert "invitations_booked" not in response.context["adminform"].form.fields
    assert 'name="invitations_booked"' not in response.text
    assert "invitations réservées" in response.text.lower()


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

    response = admin_client.post(url, slot_data(booked_slot, closes_at_0="15/03/2026"))

    assert response.status_code == 200
    assert "La clôture doit précéder le début du créneau." in response.text


def test_event_page_shows_slots_inline_with_read_only_counts(admin_client, booked_slot):
    url = reverse("admin:events_event_change", args=[booked_slot.event_id])

    response = admin_client.get(url)

    assert response.status_code == 200
    assert 'name="slots-0-invitations_offered"' in response.text
    assert 'name="slots-0-invitations_booked"' not in response.text
    assert 'name="slots-0-guest_list_sent_at' not in response.text


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


def test_staff_create_an_event_with_its_slot(admin_client):
    venue = factories.VenueFactory(partner__department=factories.DepartmentFactory(code="93"))
    genre = factories.GenreFactory(name="Théâtre", slug="theatre")

    response = admin_client.post(
        reverse("admin:events_event_add"), event_add_data(venue.partner, venue, genre)
    )

    assert response.status_code == 302
    event = Event.objects.get(title="Le Petit Prince")
    assert event.department.code == "93"
    assert event.is_published and event.published_at == NOW
    slot = event.slots.get()
    assert slot.starts_at == datetime(2026, 3, 21, 15, 0, tzinfo=PARIS)
    assert slot.closes_at == datetime(2026, 3, 19, 15, 0, tzinfo=PARIS)
    assert (slot.invitations_offered, slot.invitations_booked) == (8, 0)


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


def test_partner_is_created_with_its_first_venue(admin_client):
    paris = factories.DepartmentFactory(code="75")
    data = {
        "name": "Théâtre de la Ville",
        "department": paris.pk,
        "is_active": "on",
        "contact_email": "billetterie@theatre.test",
        "venues-TOTAL_FORMS": "1",
        "venues-INITIAL_FORMS": "0",
        "venues-MIN_NUM_FORMS": "0",
        "venues-MAX_NUM_FORMS": "1000",
        "venues-0-name": "Grande salle",
        "venues-0-department": paris.pk,
        "venues-0-address": "2 place du Châtelet",
        "venues-0-postal_code": "75004",
        "venues-0-city": "Paris",
    }

    response = admin_client.post(reverse("admin:events_partner_add"), data)

    assert response.status_code == 302
    partner = Partner.objects.get(name="Théâtre de la Ville")
    assert [venue.name for venue in partner.venues.all()] == ["Grande salle"]


def test_events_are_found_without_accents_and_filtered_by_department(admin_client):
    soleil = factories.EventFactory(title="Théâtre du Soleil")
    factories.EventFactory(
        title="Théâtre de Saint-Denis",
        partner__department=factories.DepartmentFactory(code="93"),
    )
    url = reverse("admin:events_event_changelist")

    found = admin_client.get(url, {"q": "theatre soleil"}).context["cl"].result_list
    in_75 = admin_client.get(url, {"department__id__exact": soleil.department_id})

    assert list(found) == [soleil]
    assert list(in_75.context["cl"].result_list) == [soleil]


def test_slots_are_found_by_event_title(admin_client, booked_slot):
    other = factories.SlotFactory(event__title="Concert du Nouvel An")
    url = reverse("admin:events_slot_changelist")

    response = admin_client.get(url, {"q": "nouvel an"})

    assert list(response.context["cl"].result_list) == [other]

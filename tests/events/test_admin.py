"""Offers in the Django admin: events with their slots inline, seats the admin cannot touch."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from events.admin import SlotAdmin
from events.models import Event, Partner, Slot
from structures.models import Department
from tests import factories

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


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


# --- Bad input on slots: clear errors, nothing half-saved ----------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at_0": "14/03/2026", "ends_at_1": "19:00:00"}, "La fin doit être postérieure"),
        ({"invitations_offered": "0"}, "supérieure ou égale à 1"),
        ({"invitations_offered": "-3"}, "supérieure ou égale à 1"),
        ({"max_per_booking": "0"}, "supérieure ou égale à 1"),
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
        **{"slots-0-closes_at_0": "22/03/2026", "slots-0-closes_at_1": "15:00:00"},
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
        "published_at_0": "01/03/2026",
        "published_at_1": "10:00:00",
        "slots-TOTAL_FORMS": "1",
        "slots-INITIAL_FORMS": "1",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "1000",
        "slots-0-id": booked_slot.pk,
        "slots-0-event": event.pk,
        "slots-0-starts_at_0": "14/03/2026",
        "slots-0-starts_at_1": "20:30:00",
        "slots-0-invitations_offered": "2",
        "slots-0-max_per_booking": "4",
        "slots-0-closes_at_0": "12/03/2026",
        "slots-0-closes_at_1": "20:30:00",
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


def test_empty_cutoff_takes_the_department_delay(admin_client):
    department = factories.DepartmentFactory(code="93")
    department.cutoff_hours = 72
    department.save()
    venue = factories.VenueFactory(partner__department=department)

    admin_client.post(
        reverse("admin:events_event_add"),
        event_add_data(venue.partner, venue, factories.GenreFactory()),
    )

    slot = Slot.objects.get()
    assert slot.closes_at == datetime(2026, 3, 18, 15, 0, tzinfo=PARIS)


def test_duplicate_department_code_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:structures_department_add"),
        {"code": "75", "name": "Paris bis", "cutoff_hours": "48"},
    )

    assert response.status_code == 200
    assert "existe déjà" in response.text
    assert Department.objects.filter(code="75").count() == 1


# --- Actions on events -------------------------------------------------------------------


def run_action(client, action, events):
    return client.post(
        reverse("admin:events_event_changelist"),
        {"action": action, "_selected_action": [event.pk for event in events], "index": "0"},
    )


def test_publish_and_unpublish(admin_client):
    draft = factories.EventFactory(draft=True)
    published = factories.EventFactory(published_at=datetime(2026, 1, 5, 9, 0, tzinfo=PARIS))

    run_action(admin_client, "publish", [draft])
    run_action(admin_client, "unpublish", [published])
    run_action(admin_client, "publish", [published])

    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.is_published and draft.published_at == NOW
    # Taken off and put back: it keeps its first publication date.
    assert published.is_published
    assert published.published_at == datetime(2026, 1, 5, 9, 0, tzinfo=PARIS)


def test_action_messages_agree_in_number(admin_client):
    events = factories.EventFactory.create_batch(2, draft=True)

    run_action(admin_client, "publish", events)
    response = admin_client.get(reverse("admin:events_event_changelist"))
    assert "2 événements publiés." in response.content.decode()

    run_action(admin_client, "unpublish", events[:1])
    response = admin_client.get(reverse("admin:events_event_changelist"))
    assert "1 événement retiré du portail" in response.content.decode()


def test_unpublished_event_leaves_the_portal(admin_client):
    event = factories.EventFactory()

    run_action(admin_client, "unpublish", [event])

    assert not Event.objects.published().filter(pk=event.pk).exists()


def test_duplicate_makes_an_unpublished_copy_without_slots(admin_client, booked_slot):
    event = booked_slot.event
    genre = factories.GenreFactory(name="Cirque", slug="cirque")
    event.genres.set([genre])

    response = run_action(admin_client, "duplicate", [event])

    copy = Event.objects.get(title=f"{event.title} (copie)")
    assert response.status_code == 302
    assert response.url == reverse("admin:events_event_change", args=[copy.pk])
    assert not copy.is_published and copy.published_at is None
    assert (copy.partner, copy.venue, copy.department) == (
        event.partner,
        event.venue,
        event.department,
    )
    assert list(copy.genres.all()) == [genre]
    assert not copy.slots.exists()
    assert event.slots.count() == 1


def test_department_team_is_offered_the_actions(client):
    event = factories.EventFactory()
    staff = factories.UserFactory(staff=True, departments=[event.department])
    staff.groups.add(Group.objects.get(name="Équipe département"))
    client.force_login(staff)

    response = client.get(reverse("admin:events_event_changelist"))

    for action in ("publish", "unpublish", "duplicate"):
        assert f'value="{action}"' in response.text


# --- A series of slots at once ---------------------------------------------------------------


def series_data(**overrides):
    data = {
        "first_start_0": "14/03/2026",
        "first_start_1": "20:30",
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
        "6 créneaux ajoutés, du samedi 14 mars 2026 au samedi 18 avril 2026, à 20 h 30."
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"first_start_0": "01/03/2026"}, "serait déjà passée"),
        ({"weeks": "0"}, "supérieure ou égale à 1"),
        ({"weeks": "53"}, "inférieure ou égale à 52"),
        ({"invitations_offered": "0"}, "supérieure ou égale à 1"),
        ({"max_per_booking": "11"}, "ne peut pas dépasser les invitations offertes"),
        ({"first_start_0": "32/03/2026"}, "Saisissez une date valide"),
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

    assert "déjà un créneau le samedi 28 mars 2026 à 20 h 30" in response.text
    assert slot.event.slots.count() == 1

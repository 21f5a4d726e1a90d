"""Offers in the Django admin: events with their slots inline, partners, search, actions."""

from datetime import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from events.models import Event, Partner, Slot
from tests import factories

from .admin_data import NOW, PARIS, event_add_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("admin_now")]


def test_slot_form_has_no_booked_count_field(admin_client, booked_slot):
    response = admin_client.get(reverse("admin:events_slot_change", args=[booked_slot.pk]))

    assert "invitations_booked" not in response.context["adminform"].form.fields
    assert 'name="invitations_booked"' not in response.text
    assert "invitations réservées" in response.text.lower()


def test_event_page_shows_slots_inline_with_read_only_counts(admin_client, booked_slot):
    url = reverse("admin:events_event_change", args=[booked_slot.event_id])

    response = admin_client.get(url)

    assert response.status_code == 200
    assert 'name="slots-0-invitations_offered"' in response.text
    assert 'name="slots-0-invitations_booked"' not in response.text
    assert 'name="slots-0-guest_list_sent_at' not in response.text


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

"""The Django admin in a real browser, under the strict CSP ('self' only).

The `page` fixture fails the test on any Content-Security-Policy violation, so these walks
prove the admin's own scripts (inlines, autocomplete, prepopulated slugs, filter widgets)
run without inline code.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from bookings.models import WaitingEntry
from events.models import Event
from structures.groups import department_team
from tests.bookings.waiting_cast import full_slot, group
from tests.e2e.admin_pages import fill_slot, start_new_event
from tests.factories import BookingFactory, GenreFactory, SlotFactory, UserFactory, VenueFactory

PARIS = ZoneInfo("Europe/Paris")


def test_staff_create_an_event_with_two_slots_in_the_admin(page, login_as):
    venue = VenueFactory(name="Salle Molière", partner__name="Théâtre du Rond-Point")
    GenreFactory(name="Théâtre", slug="theatre")
    login_as(UserFactory(staff=True, is_superuser=True))

    start_new_event(page)
    fill_slot(page, 0, "2099-03-21T15:00", 8)
    page.get_by_role("button", name="Ajouter un créneau").click()
    fill_slot(page, 1, "2099-03-28T15:00", 6)
    page.get_by_role("button", name="Enregistrer", exact=True).click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    event = Event.objects.get(title="Le Petit Prince")
    assert event.venue == venue
    assert sorted(slot.invitations_offered for slot in event.slots.all()) == [6, 8]
    assert [timezone.localtime(slot.starts_at) for slot in event.slots.order_by("starts_at")] == [
        datetime(2099, 3, 21, 15, 0, tzinfo=PARIS),
        datetime(2099, 3, 28, 15, 0, tzinfo=PARIS),
    ]
    assert [genre.name for genre in event.genres.all()] == ["Théâtre"]


@pytest.mark.parametrize("javascript", [False], ids=["sans-js"])
def test_staff_move_a_slot_with_one_date_and_time_field_without_javascript(page, login_as):
    """The browser's own picker: nothing to run, and the time typed is Paris time."""
    slot = SlotFactory(event__title="Cyrano de Bergerac")
    login_as(UserFactory(staff=True, is_superuser=True))

    page.goto(reverse("admin:events_slot_change", args=[slot.pk]))
    page.get_by_label("Début").fill("2099-07-14T20:30")
    page.get_by_label("Clôture des réservations").fill("2099-07-12T20:30")
    page.get_by_role("button", name="Enregistrer", exact=True).click()

    expect(page.locator(".messagelist .success")).to_contain_text("Cyrano de Bergerac")
    slot.refresh_from_db()
    assert slot.starts_at == datetime(2099, 7, 14, 20, 30, tzinfo=PARIS)
    assert slot.closes_at == datetime(2099, 7, 12, 20, 30, tzinfo=PARIS)


def test_genre_slug_is_filled_from_its_name(page, login_as):
    login_as(UserFactory(staff=True, is_superuser=True))

    page.goto(reverse("admin:events_genre_add"))
    page.get_by_label("Nom").press_sequentially("Arts de la rue")

    expect(page.get_by_label("Slug")).to_have_value("arts-de-la-rue")


def test_worker_account_page_runs_without_csp_violation(page, login_as):
    login_as(UserFactory(staff=True, is_superuser=True))

    page.goto(reverse("admin:structures_user_add"))

    expect(page.get_by_label("Adresse e-mail")).to_be_visible()
    expect(page.get_by_text("Aucun mot de passe à saisir")).to_be_visible()
    expect(page.locator("input[type=password]")).to_have_count(0)


def test_staff_raise_a_full_slots_offer_and_its_waiting_list_is_booked(page, login_as):
    """The slot page shows its waiting list; raising "Invitations offertes" books it."""
    slot, _ = full_slot(1, event__title="Cyrano de Bergerac")
    waiting = group(UserFactory(structure__name="Relais Nord"), slot, 2)
    staff = UserFactory(staff=True, departments=[slot.event.department])
    staff.groups.add(department_team())
    login_as(staff)

    page.goto(reverse("admin:events_slot_change", args=[slot.pk]))
    expect(page.get_by_text("1. Relais Nord – 2 invitations")).to_be_visible()
    page.get_by_label("Invitations offertes").fill("3")
    page.get_by_role("button", name="Enregistrer et continuer les modifications").click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.get_by_text("Personne en attente.")).to_be_visible()
    expect(page.get_by_text("Invitations attribuées depuis la liste d'attente : 2")).to_be_visible()
    waiting.refresh_from_db()
    assert waiting.status == WaitingEntry.Status.BOOKED
    page.get_by_role("link", name="voir le détail").click()
    expect(page.locator("#result_list")).to_contain_text(waiting.booking.reference)
    expect(page.locator("#result_list")).to_contain_text("Réservée")


def test_staff_filter_bookings_by_an_event_typed_and_find_one_by_reference(page, login_as):
    """Thousands of events: the bookings' event filter is typed (autocomplete), not listed;
    a reference typed in any case finds its booking."""
    cyrano = BookingFactory(slot__event__title="Cyrano de Bergerac")
    department = cyrano.slot.event.department
    other = BookingFactory(
        slot__event__title="Le Misanthrope", slot__event__partner__department=department
    )
    staff = UserFactory(staff=True, departments=[department])
    staff.groups.add(department_team())
    login_as(staff)

    page.goto(reverse("admin:bookings_booking_changelist"))
    expect(page.locator("#result_list")).to_contain_text(other.reference)
    page.locator("#changelist-filter .select2-selection").first.click()
    page.locator(".select2-search__field").press_sequentially("cyrano")
    page.get_by_role("option", name="Cyrano de Bergerac").click()

    expect(page).to_have_url(re.compile(rf"slot__event__id__exact={cyrano.slot.event_id}"))
    expect(page.locator("#result_list")).to_contain_text(cyrano.reference)
    expect(page.locator("#result_list")).not_to_contain_text(other.reference)
    page.get_by_role("link", name="Tous", exact=True).click()
    page.locator("#searchbar").fill(other.reference.lower())
    page.locator("#searchbar").press("Enter")
    expect(page.locator("#result_list")).to_contain_text(other.reference)
    expect(page.locator("#result_list")).not_to_contain_text(cyrano.reference)
    expect(page.get_by_text("1 réservation")).to_be_visible()

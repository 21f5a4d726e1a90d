"""The département back office in a real browser: staff publish an event with a series of
slots in the admin, and a worker of the département finds it on the portal at once.

The portal pages are checked by axe-core (the Django admin itself is not ours to fix).
"""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event
from structures.groups import department_team
from structures.models import Department
from tests.e2e.admin_pages import start_new_event
from tests.factories import (
    PASSWORD,
    DepartmentFactory,
    GenreFactory,
    StructureFactory,
    UserFactory,
    VenueFactory,
)


def paris():
    DepartmentFactory(code="75", name="Paris")
    Department.objects.filter(code="75").update(is_active=True, cutoff_hours=48)
    return Department.objects.get(code="75")


def next_saturday_in_three_weeks():
    today = timezone.localdate()
    return today + timedelta(days=(5 - today.weekday()) % 7 + 21)


def test_staff_publish_a_series_that_a_worker_then_finds(
    page, login_as, login, assert_no_axe_violations
):
    department = paris()
    VenueFactory(
        name="Salle Molière", partner__name="Théâtre du Rond-Point", partner__department=department
    )
    GenreFactory(name="Théâtre", slug="theatre")
    staff = UserFactory(staff=True, departments=[department], first_name="Thomas")
    staff.groups.add(department_team())
    UserFactory(
        email="relais@demo.test",
        first_name="Camille",
        structure=StructureFactory(department=department, name="Association La Passerelle"),
    )
    first = next_saturday_in_three_weeks()

    # Staff: the event, published, without slots for now.
    login_as(staff)
    start_new_event(page)
    page.locator("#id_is_published").check()
    page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    # Then six Saturdays at 20:30 in one form.
    page.get_by_role("link", name="Ajouter une série de créneaux").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ajouter une série de créneaux")
    page.get_by_label("Premier créneau").fill(first.strftime("%Y-%m-%dT20:30"))
    page.get_by_label("Nombre de semaines").fill("6")
    page.get_by_label("Invitations offertes par créneau").fill("8")
    page.get_by_role("button", name="Ajouter les créneaux").click()
    expect(page.locator(".messagelist .success")).to_contain_text("6 créneaux ajoutés")
    event = Event.objects.get(title="Le Petit Prince")
    assert event.is_published and event.department == department
    assert event.slots.count() == 6

    # A worker of Paris finds it on the portal, with its six dates.
    page.context.clear_cookies()
    login("relais@demo.test", PASSWORD)
    page.goto(reverse("events:search"))
    page.get_by_label("Titre de l'événement").fill("petit prince")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("heading", name="1 événement")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Le Petit Prince").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Le Petit Prince")
    expect(
        page.get_by_role("link", name=re.compile(r"^Réserver – samedi .* à 20\sh\s30"))
    ).to_have_count(6)
    expect(
        page.get_by_role("link", name=re.compile("8 invitations disponibles")).first
    ).to_be_visible()
    assert_no_axe_violations(page)

"""The portal on a 360 × 740 phone, with and without JavaScript: the menu folds behind
"Menu", every page's heading starts in the top quarter of the screen, the département
switch shows its whole choice, breadcrumbs lead back up, and the booking page keeps each
action's message in sight. axe-core on the phone layout too."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from bookings.models import Booking, BookingLogEntry
from events.department_choice import PARAM
from people.models import Person
from tests.factories import (
    BookingFactory,
    DepartmentFactory,
    PersonFactory,
    SlotFactory,
    StructureFactory,
    UserFactory,
)

PHONE = {"width": 360, "height": 740}
WIDE = {"width": 1280, "height": 800}


@pytest.fixture
def worker(transactional_db):
    paris = DepartmentFactory(code="75")
    DepartmentFactory(code="93")
    worker = UserFactory(
        first_name="Camille",
        last_name="Martin",
        structure=StructureFactory(department=paris, name="Association La Passerelle"),
    )
    return worker


@pytest.fixture
def pages(worker):
    """One address of each kind of page a worker opens."""
    fatima = PersonFactory(structure=worker.structure, first_name="Fatima", last_name="Benali")
    slot = SlotFactory(
        event__title="Séance en audiodescription : Intouchables",
        event__partner__department=worker.structure.department,
    )
    booking = BookingFactory(slot=slot, structure=worker.structure, beneficiary=fatima)
    return {
        "Mon espace": reverse("home"),
        "Tous les événements": reverse("events:hub"),
        "Rechercher un événement": reverse("events:search"),
        "Séance en audiodescription : Intouchables": reverse("events:detail", args=[slot.event.pk]),
        "Réserver des invitations": reverse("bookings:new", args=[slot.pk]),
        "Réservations en cours": reverse("bookings:current"),
        "Toutes les réservations": reverse("bookings:all"),
        f"Réservation {booking.reference}": booking.get_absolute_url(),
        "Personnes suivies": reverse("bookings:persons"),
        "Fatima Benali": fatima.get_absolute_url(),
        "Mes statistiques": reverse("bookings:stats"),
        "Mes témoignages": reverse("bookings:testimonials"),
        "Contact": reverse("structures:contact"),
    }


def heading_top(page):
    return page.get_by_role("heading", level=1).bounding_box()["y"]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "sans-js"])
def test_every_heading_starts_in_the_top_quarter_of_a_phone(page, login_as, worker, pages):
    page.set_viewport_size(PHONE)
    login_as(worker)
    for heading, url in pages.items():
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert heading_top(page) < PHONE["height"] / 4, f"{url}: {heading_top(page)} px"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "sans-js"])
def test_the_menu_folds_behind_a_button_on_a_phone_and_stands_open_on_a_wide_screen(
    page, login_as, worker, assert_no_axe_violations, javascript
):
    page.set_viewport_size(PHONE)
    login_as(worker)
    page.goto(reverse("home"))
    menu = page.get_by_role("navigation", name="Menu principal")
    expect(menu.get_by_role("link", name="Toutes les réservations")).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()
    expect(menu.get_by_role("link", name="Toutes les réservations")).to_be_visible()
    # On a phone, "Se déconnecter" is in the menu (the header keeps one line).
    expect(page.get_by_role("button", name="Se déconnecter")).to_have_count(1)
    expect(menu.get_by_role("button", name="Se déconnecter")).to_be_visible()
    for link in menu.get_by_role("link").all():
        assert link.bounding_box()["height"] >= 44
    if javascript:
        assert_no_axe_violations(page)
    menu.get_by_role("link", name="Toutes les réservations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toutes les réservations")

    page.set_viewport_size(WIDE)
    page.goto(reverse("home"))
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    expect(menu.get_by_role("link", name="Toutes les réservations")).to_be_visible()
    account = page.get_by_role("navigation", name="Mon compte")
    expect(account).to_contain_text("Se déconnecter")
    box = account.bounding_box()  # at the right end of the header, on every page
    assert box["x"] + box["width"] >= WIDE["width"] - 32
    if javascript:
        assert_no_axe_violations(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "sans-js"])
def test_the_department_switch_shows_its_whole_choice_on_a_phone(
    page, login_as, worker, javascript
):
    page.set_viewport_size(PHONE)
    login_as(worker)
    page.goto(reverse("events:hub"))
    switch = page.get_by_label("Département")
    expect(switch).to_have_value("75")
    # The chosen option's text fits in the drop-down, its arrow and padding beside it.
    fits = switch.evaluate(
        """select => {
            const context = document.createElement("canvas").getContext("2d");
            context.font = getComputedStyle(select).font;
            const text = context.measureText(select.selectedOptions[0].text).width;
            return text + 40 <= select.clientWidth;
        }"""
    )
    assert fits, "« 75 – Paris » does not fit in the drop-down"
    assert heading_top(page) < PHONE["height"] / 4
    switch.select_option(label="93 – Seine-Saint-Denis")
    if javascript:  # it submits by itself
        expect(page.get_by_role("button", name="changer de département")).to_be_hidden()
    else:
        page.get_by_role("button", name="changer de département").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Seine-Saint-Denis")
    assert f"{PARAM}=93" in page.url


def test_breadcrumbs_lead_back_up_and_event_pages_name_their_departement(
    page, login_as, worker, assert_no_axe_violations
):
    fatima = PersonFactory(structure=worker.structure, first_name="Fatima", last_name="Benali")
    slot = SlotFactory(
        event__title="Cyrano de Bergerac", event__partner__department=worker.structure.department
    )
    booking = BookingFactory(slot=slot, structure=worker.structure, beneficiary=fatima)
    page.set_viewport_size(WIDE)
    login_as(worker)
    crumbs = page.get_by_role("navigation", name="Fil d'Ariane")

    page.goto(reverse("bookings:new", args=[slot.pk]))
    expect(crumbs.get_by_role("listitem")).to_have_text(
        ["Tous les événements", "Cyrano de Bergerac", "Réserver"]
    )
    assert_no_axe_violations(page)
    crumbs.get_by_role("link", name="Cyrano de Bergerac").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cyrano de Bergerac")
    expect(page.get_by_role("main")).to_contain_text("(75 – Paris)")
    expect(crumbs.get_by_role("listitem")).to_have_text(
        ["Tous les événements", "75 – Paris", "Cyrano de Bergerac"]
    )
    crumbs.get_by_role("link", name="75 – Paris").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Paris")
    expect(page.get_by_role("link", name="Cyrano de Bergerac").first).to_be_visible()

    page.goto(booking.get_absolute_url())
    expect(crumbs.get_by_role("listitem")).to_have_text(
        ["Toutes les réservations", f"Réservation {booking.reference}"]
    )
    crumbs.get_by_role("link", name="Toutes les réservations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toutes les réservations")

    page.goto(fatima.get_absolute_url())
    expect(crumbs.get_by_role("listitem")).to_have_text(["Personnes suivies", "Fatima Benali"])
    assert_no_axe_violations(page)

    # On a phone, one line: the way back up only, the heading says where you are.
    page.set_viewport_size(PHONE)
    page.goto(reverse("events:detail", args=[slot.event.pk]))
    expect(crumbs.get_by_role("link", name="75 – Paris")).to_be_visible()
    expect(crumbs.get_by_role("link", name="Tous les événements")).to_be_hidden()
    assert crumbs.bounding_box()["height"] <= 50
    crumbs.get_by_role("link", name="75 – Paris").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Paris")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "sans-js"])
def test_the_booking_page_shows_each_message_where_the_action_comes_back(
    page, login_as, worker, assert_no_axe_violations, javascript
):
    structure = worker.structure
    PersonFactory(structure=structure, first_name="Fatima", last_name="Benali")
    PersonFactory(
        structure=structure,
        first_name="Monique",
        last_name="Girard",
        kind=Person.Kind.COMPANION,
        companion_type=Person.CompanionType.VOLUNTEER,
    )
    slot = SlotFactory(invitations_offered=10, max_per_booking=4)
    page.set_viewport_size(PHONE)
    login_as(worker)
    page.goto(reverse("bookings:new", args=[slot.pk]))

    page.get_by_label("Nom ou prénom de la personne suivie").fill("benali")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("button", name="Ajouter Fatima Benali").click()
    participants = page.get_by_role("region", name="2. Participants et invités")
    message = participants.get_by_text("Ajout à la liste : Fatima Benali.")
    expect(message).to_be_in_viewport()
    expect(participants).to_contain_text("1 invitation sur 4, accompagnateurs compris")

    # A guest with the longest name allowed, in one word: it wraps, the page does not widen.
    page.get_by_text("Ajouter un invité de Fatima Benali").click()
    guest = page.locator("details", has_text="Ajouter un invité de Fatima Benali")
    guest.get_by_label("Prénom de l'invité").fill("Léa")
    guest.get_by_label(re.compile(r"^Nom de l.invité")).fill("B" * 100)
    guest.get_by_role("button", name="Ajouter l'invité").click()
    expect(participants.get_by_text("Ajout à la liste : Léa BBB")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_label("Accompagnateur de la structure").select_option(
        label="Monique Girard (bénévole)"
    )
    page.get_by_role("button", name="Ajouter l'accompagnateur").click()
    companions = page.get_by_role("region", name="3. Accompagnateurs (facultatif)")
    expect(companions.get_by_text("Ajout à la liste : Monique Girard.")).to_be_in_viewport()
    expect(companions.get_by_role("heading", name="Monique Girard")).to_be_visible()
    expect(participants.get_by_role("heading", name="Monique Girard")).to_have_count(0)
    expect(participants).to_contain_text("3 invitations sur 4, accompagnateurs compris")
    if javascript:
        assert_no_axe_violations(page)

    companions.get_by_role("button", name="Retirer Monique Girard").click()
    expect(companions.get_by_text("Retrait de la liste : Monique Girard.")).to_be_in_viewport()
    expect(page.get_by_text("Ajout à la liste")).to_have_count(0)  # shown once, then gone


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "sans-js"])
def test_the_confirmation_downloads_the_counter_mark_once_on_arrival_only(
    page, login_as, worker, assert_no_axe_violations, javascript
):
    PersonFactory(structure=worker.structure, first_name="Fatima", last_name="Benali")
    slot = SlotFactory(invitations_offered=10, max_per_booking=4)
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    login_as(worker)
    page.goto(reverse("bookings:new", args=[slot.pk]))
    page.get_by_label("Nom ou prénom de la personne suivie").fill("benali")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("button", name="Ajouter Fatima Benali").click()
    if javascript:
        with page.expect_download():
            page.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_text("Le téléchargement de la contremarque démarre")).to_be_visible()
    else:
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_text("Le téléchargement de la contremarque démarre")).to_be_hidden()
    expect(page.get_by_role("heading", name="Réservation confirmée")).to_be_visible()
    expect(page.get_by_text("Téléchargez la contremarque")).to_be_visible()
    expect(page.get_by_role("link", name="Télécharger la contremarque")).to_be_visible()
    expect(page.get_by_text("se télécharge directement")).to_have_count(0)
    if javascript:
        assert_no_axe_violations(page)

    # A later visit (a reload, the link from the lists) downloads nothing by itself.
    page.reload()
    expect(page.get_by_role("heading", name="Réservation confirmée")).to_be_visible()
    expect(page.get_by_text("Le téléchargement de la contremarque démarre")).to_be_hidden()
    page.wait_for_load_state("networkidle")
    booking = Booking.objects.get()
    voucher_entries = booking.log_entries.filter(action=BookingLogEntry.Action.VOUCHER)
    assert len(downloads) == (1 if javascript else 0)
    assert voucher_entries.count() == len(downloads)

"""The tutorial's booking journey in a real browser, by the visible French labels.

Pick a slot on the event page → search and add a followed person → create a new person
→ add a guest → add a companion → "Enregistrer" → the recap page → the counter-mark
downloads by itself → its QR code's page says it is valid. axe-core on every page.
"""

import re
from urllib.parse import urlsplit

from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from bookings.models import Booking
from people.models import Person
from structures.models import Department
from tests.factories import DepartmentFactory, PersonFactory, SlotFactory, UserFactory
from vouchers import tokens


def test_book_for_a_followed_person_a_new_person_a_guest_and_a_companion(
    page, login_as, assert_no_axe_violations, tmp_path
):
    DepartmentFactory(code="75")
    Department.objects.filter(code="75").update(team_phone="01 23 45 67 89")
    worker = UserFactory(first_name="Camille", last_name="Martin")
    structure = worker.structure
    PersonFactory(structure=structure, first_name="Fatima", last_name="Benali")
    PersonFactory(
        structure=structure,
        first_name="Monique",
        last_name="Girard",
        kind=Person.Kind.COMPANION,
        companion_type=Person.CompanionType.VOLUNTEER,
    )
    slot = SlotFactory(event__title="Cyrano de Bergerac", invitations_offered=10, max_per_booking=4)
    login_as(worker)

    # Pick the slot on the event page.
    page.goto(reverse("events:detail", args=[slot.event.pk]))
    page.locator(f'a[href="{reverse("bookings:new", args=[slot.pk])}"]').click()
    expect(page.get_by_role("heading", name="Réserver des invitations")).to_be_visible()
    expect(page.get_by_text("0 invitation sur 4, accompagnateurs compris").first).to_be_visible()
    assert_no_axe_violations(page)

    # Search a followed person (accent- and case-insensitive) and add her.
    page.get_by_label("Nom ou prénom de la personne suivie").fill("BENALI")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("button", name="Ajouter Fatima Benali").click()
    expect(page.get_by_role("heading", name="Fatima Benali")).to_be_visible()
    expect(page.get_by_text("1 invitation sur 4, accompagnateurs compris").first).to_be_visible()

    # The search finds nobody: create the person.
    page.get_by_label("Nom ou prénom de la personne suivie").fill("Zoé Nouvelle")
    page.get_by_role("button", name="Rechercher").click()
    expect(
        page.get_by_text("Aucune personne suivie de votre structure ne correspond")
    ).to_be_visible()
    assert_no_axe_violations(page)
    new_person = page.locator("details", has_text="Créer une nouvelle personne suivie")
    new_person.get_by_label("Prénom").fill("Zoé")
    new_person.get_by_label(re.compile(r"^Nom")).fill("Nouvelle")
    new_person.get_by_label("Année de naissance (facultatif)").fill("2012")
    new_person.get_by_role("button", name="Créer et ajouter à la liste").click()
    expect(page.get_by_role("heading", name="Zoé Nouvelle")).to_be_visible()

    # A guest of Fatima.
    page.get_by_text("Ajouter un invité de Fatima Benali").click()
    guest = page.locator("details", has_text="Ajouter un invité de Fatima Benali")
    guest.get_by_label("Prénom de l'invité").fill("Léa")
    guest.get_by_label(re.compile(r"^Nom de l'invité")).fill("Benali")
    guest.get_by_role("button", name="Ajouter l'invité").click()
    expect(page.get_by_text("Léa Benali", exact=True)).to_be_visible()

    # A companion of the structure.
    page.get_by_label("Accompagnateur de la structure").select_option(
        label="Monique Girard (bénévole)"
    )
    page.get_by_role("button", name="Ajouter l'accompagnateur").click()
    expect(page.get_by_role("heading", name="Monique Girard")).to_be_visible()
    expect(page.get_by_text("4 invitations sur 4, accompagnateurs compris").first).to_be_visible()
    assert_no_axe_violations(page)

    # "Enregistrer": the recap page, and the counter-mark downloads by itself.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_role("heading", name="Réservation confirmée")).to_be_visible()
    booking = Booking.objects.get()
    download = download_info.value
    assert download.suggested_filename == f"contremarque-{booking.reference}.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    text = " ".join(page_.extract_text() for page_ in PdfReader(path).pages)
    assert booking.reference in text and "Cyrano de Bergerac" in text
    assert "01 23 45 67 89" in text

    expect(page.get_by_text(booking.reference).first).to_be_visible()
    for name in ["Fatima Benali", "Zoé Nouvelle", "Léa Benali", "Monique Girard"]:
        expect(page.get_by_role("cell", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Invité de Fatima Benali")).to_be_visible()
    # Without JavaScript the same link stays visible.
    expect(page.get_by_role("link", name="Télécharger la contremarque")).to_be_visible()
    assert_no_axe_violations(page)
    assert booking.invitations == 4 and booking.booked_by == worker
    assert Person.objects.filter(structure=structure, first_name="Zoé").exists()

    # The QR code's page, as the venue's phone would open it (no login needed there).
    page.context.clear_cookies()
    page.goto(urlsplit(tokens.verify_url(booking)).path)
    # Booked for a later day: valid then, and the desk is told it is not for today.
    expect(page.get_by_role("alert")).to_contain_text("Pas pour aujourd'hui : cette contremarque")
    # First names and last-name initials only.
    expect(page.get_by_text("Fatima B.")).to_be_visible()
    expect(page.get_by_text("Benali")).to_have_count(0)
    assert_no_axe_violations(page)


def test_the_last_invitations_taken_meanwhile_keeps_the_list(
    page, login_as, assert_no_axe_violations
):
    worker = UserFactory()
    PersonFactory(structure=worker.structure, first_name="Fatima", last_name="Benali")
    slot = SlotFactory(invitations_offered=3, max_per_booking=4)
    login_as(worker)
    page.goto(reverse("bookings:new", args=[slot.pk]))
    page.get_by_label("Nom ou prénom de la personne suivie").fill("fatima")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("button", name="Ajouter Fatima Benali").click()
    expect(page.get_by_role("heading", name="Fatima Benali")).to_be_visible()

    type(slot).objects.filter(pk=slot.pk).update(invitations_booked=3)  # others were faster
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "Il n'y a plus assez d'invitations pour cette réservation : il n'en reste aucune"
    )
    expect(page.get_by_role("heading", name="Fatima Benali")).to_be_visible()
    assert not Booking.objects.exists()
    assert_no_axe_violations(page)

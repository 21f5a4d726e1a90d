"""The directory of followed persons ("Personnes suivies") in a real browser, by the
visible French labels, and its duplicate guard on the booking page.

Side menu → create a person → the same name again: the duplicate warning → "Utiliser
cette personne" → her page → "Modifier" → find her again by a search in another word
order without accents → "Archiver la fiche" → "Fiches archivées", and out of the booking
page's search. On the booking page: the inline duplicate warning, both ways out of it, and
the hint of a blank search. axe-core on the new pages at desktop and phone widths.
"""

import re

from django.urls import reverse
from playwright.sync_api import expect

from people.models import Person, PersonLogEntry
from tests.factories import (
    PASSWORD,
    BookingFactory,
    PersonFactory,
    SlotFactory,
    UserFactory,
)

DUPLICATE_WARNING = "Une personne de votre structure porte déjà ce nom. Est-ce la même personne ?"
OTHER_PERSON = "Non, c'est une autre personne : créer la fiche"
BLANK_SEARCH_HINT = (
    "Tapez quelques lettres du nom ou du prénom, par exemple « dia » pour trouver Aïcha Diallo."
)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


def persons_named(structure, first_key, last_key):
    return Person.objects.filter(structure=structure, first_key=first_key, last_key=last_key)


def fill_person(scope, first_name, last_name, birth_year=None):
    """The person form's fields, by their labels ("Nom" alone would also match "Prénom")."""
    scope.get_by_label("Prénom").fill(first_name)
    scope.get_by_label(re.compile(r"^Nom")).fill(last_name)
    if birth_year is not None:
        scope.get_by_label("Année de naissance (facultatif)").fill(str(birth_year))


def search_on_booking_page(page, text):
    page.get_by_label("Nom ou prénom de la personne suivie").fill(text)
    page.get_by_role("button", name="Rechercher").click()


def test_directory_create_reuse_edit_search_and_archive(page, login, assert_no_axe_violations):
    worker = UserFactory()
    structure = worker.structure
    PersonFactory(structure=structure, first_name="Paul", last_name="Roy")
    slot = SlotFactory(event__title="Cyrano de Bergerac")
    login(worker.email, PASSWORD)

    # "Personnes suivies", from the side menu.
    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_role("link", name="Personnes suivies", exact=True).click()
    expect(page.get_by_role("heading", name="Personnes suivies", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Roy Paul")).to_be_visible()

    # Create Aïcha Diallo.
    page.get_by_role("link", name="Créer une personne suivie").click()
    expect(page.get_by_role("heading", name="Créer une personne suivie", level=1)).to_be_visible()
    fill_person(page, "Aïcha", "Diallo", 1990)
    page.get_by_role("button", name="Créer la fiche").click()
    expect(page.get_by_role("status").filter(has_text="La fiche est créée.")).to_be_visible()
    expect(page.get_by_role("heading", name="Aïcha Diallo", level=1)).to_be_visible()
    aicha = persons_named(structure, "aicha", "diallo").get()
    assert aicha.birth_year == 1990

    # The same person typed again, without the accent and in capitals: the warning.
    menu.get_by_role("link", name="Personnes suivies", exact=True).click()
    page.get_by_role("link", name="Créer une personne suivie").click()
    fill_person(page, "Aicha", "DIALLO")
    page.get_by_role("button", name="Créer la fiche").click()
    warning = page.get_by_role("alert").filter(has_text=DUPLICATE_WARNING)
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Aïcha Diallo (année de naissance : 1990)")
    expect(warning.get_by_role("button", name=OTHER_PERSON)).to_be_visible()
    # What was typed is still there, should it be someone else after all.
    expect(page.get_by_label("Prénom")).to_have_value("Aicha")

    # "Utiliser cette personne": her page, and still one record.
    warning.get_by_role("link", name="Utiliser cette personne").click()
    expect(page.get_by_role("heading", name="Aïcha Diallo", level=1)).to_be_visible()
    assert page.url.endswith(aicha.get_absolute_url())
    assert persons_named(structure, "aicha", "diallo").count() == 1

    # "Modifier": her phone.
    page.get_by_role("link", name="Modifier").click()
    expect(page.get_by_role("heading", name="Modifier la fiche d'Aïcha Diallo")).to_be_visible()
    page.get_by_label("Téléphone (facultatif)").fill("06 12 34 56 78")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="La fiche est enregistrée.")).to_be_visible()
    expect(page.get_by_role("heading", name="Aïcha Diallo", level=1)).to_be_visible()
    expect(page.get_by_role("definition").filter(has_text="06 12 34 56 78")).to_be_visible()
    aicha.refresh_from_db()
    assert aicha.phone == "06 12 34 56 78"

    # Found again in the directory, words swapped and without the accent.
    menu.get_by_role("link", name="Personnes suivies", exact=True).click()
    page.get_by_label("Nom ou prénom").fill("diallo aicha")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("heading", name="1 fiche pour « diallo aicha »")).to_be_visible()
    expect(page.get_by_role("link", name="Roy Paul")).to_have_count(0)
    expect(page.get_by_label("Nom ou prénom")).to_have_value("diallo aicha")
    page.get_by_role("button", name="Effacer la recherche").click()
    expect(page.get_by_role("heading", name="2 fiches", exact=True)).to_be_visible()

    # "Archiver la fiche".
    page.get_by_role("link", name="Diallo Aïcha").click()
    page.get_by_role("button", name="Archiver la fiche").click()
    expect(page.get_by_role("status").filter(has_text="La fiche est archivée")).to_be_visible()
    expect(page.get_by_role("button", name="Réactiver la fiche")).to_be_visible()
    expect(page.get_by_text("fiche archivée", exact=True)).to_be_visible()
    # Her history, newest first: who did what, no names of hers.
    history = page.get_by_role("region", name="Historique de la fiche")
    expect(history.locator("td[data-label=Action]")).to_have_text(
        ["Archivage", "Modification", "Création"]
    )
    expect(history.locator("td[data-label=Par]")).to_have_text([worker.get_full_name()] * 3)
    assert_no_axe_violations(page)
    aicha.refresh_from_db()
    assert aicha.is_archived

    # Listed under "Fiches archivées", no longer in the main list.
    page.get_by_role("link", name="Personnes suivies", exact=True).first.click()
    expect(page.get_by_role("heading", name="1 fiche", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Roy Paul")).to_be_visible()
    expect(page.get_by_role("link", name="Diallo Aïcha")).to_have_count(0)
    tabs = page.get_by_role("navigation", name="Fiches affichées")
    tabs.get_by_role("link", name="Fiches archivées").click()
    expect(tabs.get_by_role("link", name="Fiches archivées")).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_role("heading", name="1 fiche archivée")).to_be_visible()
    expect(page.get_by_role("link", name="Diallo Aïcha")).to_be_visible()
    expect(page.get_by_role("link", name="Roy Paul")).to_have_count(0)

    # The booking page's search no longer offers her, and still finds the others.
    page.goto(reverse("bookings:new", args=[slot.pk]))
    search_on_booking_page(page, "roy")
    expect(page.get_by_role("button", name="Ajouter Paul Roy")).to_be_visible()
    search_on_booking_page(page, "Diallo")
    expect(
        page.get_by_text("Aucune personne suivie de votre structure ne correspond à « Diallo »")
    ).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Ajouter Aïcha Diallo"))).to_have_count(0)


def test_booking_page_duplicate_warning_use_the_person_or_create_another(
    page, login_as, assert_no_axe_violations
):
    worker = UserFactory()
    structure = worker.structure
    # With a birth year on her record: "marie dupont" typed without one is a likely
    # duplicate (warning); the same names and no year on both sides would be an exact one,
    # refused outright.
    PersonFactory(structure=structure, first_name="Marie", last_name="Dupont", birth_year=1975)
    PersonFactory(structure=structure, first_name="Hélène", last_name="Roy")
    slot = SlotFactory(invitations_offered=10, max_per_booking=4)
    login_as(worker)
    page.goto(reverse("bookings:new", args=[slot.pk]))
    new_person = page.locator("details", has_text="Créer une nouvelle personne suivie")

    # "marie dupont" typed in the creation form: the warning, then use the existing record.
    new_person.get_by_text("Créer une nouvelle personne suivie").click()
    fill_person(new_person, "marie", "dupont")
    new_person.get_by_role("button", name="Créer et ajouter à la liste").click()
    warning = new_person.get_by_role("alert").filter(has_text=DUPLICATE_WARNING)
    expect(warning).to_contain_text("Marie Dupont (année de naissance : 1975)")
    assert_no_axe_violations(page)
    warning.get_by_role("button", name="Utiliser cette personne").click()
    expect(
        page.get_by_role("status").filter(has_text="Ajout à la liste : Marie Dupont.")
    ).to_be_visible()
    participants = page.get_by_role("region", name="2. Participants et invités")
    expect(participants.get_by_role("heading", name="Marie Dupont", level=3)).to_be_visible()
    expect(participants.get_by_text("1 invitation sur 4, accompagnateurs compris")).to_be_visible()
    assert persons_named(structure, "marie", "dupont").count() == 1

    # "helene roy" is someone else: confirmed, a second record, added to the list.
    new_person.get_by_text("Créer une nouvelle personne suivie").click()
    fill_person(new_person, "Helene", "Roy")
    new_person.get_by_role("button", name="Créer et ajouter à la liste").click()
    warning = new_person.get_by_role("alert").filter(has_text=DUPLICATE_WARNING)
    expect(warning).to_contain_text("Hélène Roy")
    warning.get_by_role("button", name=OTHER_PERSON).click()
    expect(
        page.get_by_role("status").filter(has_text="Fiche créée, et ajout à la liste : Helene Roy.")
    ).to_be_visible()
    expect(participants.get_by_role("heading", name="Helene Roy", level=3)).to_be_visible()
    expect(participants.get_by_role("heading", name="Marie Dupont", level=3)).to_be_visible()
    expect(participants.get_by_text("2 invitations sur 4, accompagnateurs compris")).to_be_visible()
    assert persons_named(structure, "helene", "roy").count() == 2


def test_booking_page_empty_search_says_what_to_type(page, login_as, assert_no_axe_violations):
    """ "Rechercher" with nothing typed: the page's own French hint, not the browser's."""
    worker = UserFactory()
    slot = SlotFactory()
    login_as(worker)
    page.goto(reverse("bookings:new", args=[slot.pk]))

    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_text(BLANK_SEARCH_HINT)).to_be_visible()
    assert_no_axe_violations(page)


def test_booking_page_search_of_spaces_says_what_to_type(page, login_as, assert_no_axe_violations):
    worker = UserFactory()
    slot = SlotFactory()
    login_as(worker)
    page.goto(reverse("bookings:new", args=[slot.pk]))

    box = page.get_by_label("Nom ou prénom de la personne suivie")
    box.fill("   ")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_text(BLANK_SEARCH_HINT)).to_be_visible()
    # Tied to the field, so that a screen reader reads it there.
    expect(box).to_have_accessible_description(BLANK_SEARCH_HINT)
    expect(box).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)

    # The link to the whole directory.
    page.get_by_role("link", name="Voir toutes les personnes suivies de votre structure").click()
    expect(page.get_by_role("heading", name="Personnes suivies", level=1)).to_be_visible()


def test_directory_pages_pass_axe_at_desktop_and_phone_widths(
    page, login_as, assert_no_axe_violations
):
    worker = UserFactory()
    structure = worker.structure
    aicha = PersonFactory(
        structure=structure, first_name="Aïcha", last_name="Diallo", birth_year=1990
    )
    PersonFactory(structure=structure, first_name="Paul", last_name="Roy")
    # Her page with both tables of invitations and a history.
    BookingFactory(
        structure=structure,
        booked_by=worker,
        beneficiary=aicha,
        slot__event__title="Cyrano de Bergerac",
    )
    BookingFactory(
        structure=structure,
        booked_by=worker,
        beneficiary=aicha,
        slot__past=True,
        slot__event__title="Le Lac des cygnes",
    )
    PersonLogEntry.objects.create(person=aicha, actor=worker, action=PersonLogEntry.Action.CREATED)
    login_as(worker)

    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)

        page.goto(reverse("bookings:persons"))
        expect(page.get_by_role("heading", name="2 fiches", exact=True)).to_be_visible()
        assert_no_axe_violations(page)

        page.goto(reverse("bookings:person_new"))
        fill_person(page, "aicha", "diallo")
        page.get_by_role("button", name="Créer la fiche").click()
        expect(page.get_by_role("alert").filter(has_text=DUPLICATE_WARNING)).to_be_visible()
        assert_no_axe_violations(page)

        page.goto(aicha.get_absolute_url())
        expect(page.get_by_role("heading", name="Aïcha Diallo", level=1)).to_be_visible()
        upcoming = page.get_by_role("region", name="Invitations à venir")
        expect(upcoming.get_by_text("Cyrano de Bergerac")).to_be_visible()
        past = page.get_by_role("region", name="Invitations passées")
        expect(past.get_by_text("Le Lac des cygnes")).to_be_visible()
        history = page.get_by_role("region", name="Historique de la fiche")
        expect(history.get_by_role("cell", name="Création")).to_be_visible()
        assert_no_axe_violations(page)

    assert persons_named(structure, "aicha", "diallo").count() == 1


def test_merge_two_records_download_the_data_and_erase(
    page, login_as, assert_no_axe_violations, tmp_path
):
    """Two records of one person become one; her data downloads; then it is erased."""
    worker = UserFactory()
    structure = worker.structure
    kept = PersonFactory(structure=structure, first_name="Aïcha", last_name="Diallo")
    copy = PersonFactory(
        structure=structure, first_name="Aicha", last_name="Dialo", birth_year=1990
    )
    past = BookingFactory(
        structure=structure, beneficiary=copy, booked_by=worker, slot__past=True,
        slot__event__title="Le Misanthrope",
    )  # fmt: skip
    login_as(worker)
    page.set_viewport_size(PHONE)

    # From her page, "Fusionner avec une autre fiche": the other record is proposed.
    page.goto(kept.get_absolute_url())
    page.get_by_role("link", name="Fusionner avec une autre fiche").click()
    expect(page.get_by_role("heading", name="Fusionner deux fiches d'Aïcha Diallo")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Rechercher l'autre fiche").fill("dialo")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="Choisir Aicha Dialo").click()
    expect(page.get_by_role("heading", name="Confirmer la fusion")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Fusionner les deux fiches").click()
    expect(page.get_by_text("Les deux fiches n'en font plus qu'une")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("Le Misanthrope"))).to_be_visible()
    assert not Person.objects.filter(pk=copy.pk).exists()
    kept.refresh_from_db()
    assert kept.birth_year == 1990  # taken from the other record
    assert past.participants.get().person == kept

    # "Télécharger ses données (JSON)": everything held about her.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger ses données (JSON)").click()
    path = tmp_path / "donnees.json"
    download_info.value.save_as(path)
    assert '"prenom": "Aïcha"' in path.read_text(encoding="utf-8")

    # "Effacer ses données": what stays is said before the confirmation.
    page.get_by_role("link", name="Effacer ses données").click()
    expect(page.get_by_text("Cela ne peut pas être annulé.")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Effacer définitivement ses données").click()
    expect(page.get_by_text("Les données de la personne sont effacées.")).to_be_visible()
    expect(page.get_by_role("heading", name="Personnes suivies", level=1)).to_be_visible()
    kept.refresh_from_db()
    assert (kept.full_name, kept.birth_year) == ("Personne anonymisée", None)
    actions = list(kept.log_entries.order_by("pk").values_list("action", flat=True))
    assert actions[-3:] == [
        PersonLogEntry.Action.MERGED,
        PersonLogEntry.Action.EXPORTED,
        PersonLogEntry.Action.ERASED,
    ]


def test_erasing_a_person_with_an_invitation_to_come_says_to_cancel_first(
    page, login_as, assert_no_axe_violations
):
    worker = UserFactory()
    marie = PersonFactory(structure=worker.structure, first_name="Marie", last_name="Dupont")
    booking = BookingFactory(structure=worker.structure, beneficiary=marie, booked_by=worker)
    login_as(worker)

    page.goto(reverse("bookings:person_erase", args=[marie.pk]))

    expect(page.get_by_text("Marie Dupont a 1 invitation à venir")).to_be_visible()
    expect(page.get_by_role("button", name="Effacer définitivement ses données")).to_have_count(0)
    assert_no_axe_violations(page)
    page.get_by_role("link", name=re.compile(booking.reference)).click()
    expect(page.get_by_role("heading", name=re.compile(booking.reference))).to_be_visible()

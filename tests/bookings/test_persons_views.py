"""The directory of followed persons: list, search, create with the duplicate guard, edit,
archive, merge, export and erase, as a worker uses them."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from people.forms import EXACT_DUPLICATE, PHONE_INVALID
from people.models import Person, PersonLogEntry
from structures.dates import french_datetime
from structures.text import one_line
from tests.factories import BookingFactory, PersonFactory, SlotFactory, StructureFactory
from tests.typography import typeset

pytestmark = pytest.mark.django_db
Action = PersonLogEntry.Action


@pytest.fixture
def app(client, worker):
    client.force_login(worker)
    return client


@pytest.fixture
def aicha(structure):
    return PersonFactory(structure=structure, first_name="Aïcha", last_name="Diallo")


def names(response):
    return [p.full_name for p in response.context["page"].object_list]


def search(app, text, **extra):
    app.post(reverse("bookings:person_search"), {"q": text, **extra})
    return app.get(reverse("bookings:persons"))


# The directory.


def test_the_directory_lists_the_structures_persons_in_name_order(app, structure, outsider):
    for first, last in [("Zoé", "Élan"), ("Paul", "Adam"), ("Inès", "Ébène"), ("Luc", "Dupré")]:
        PersonFactory(structure=structure, first_name=first, last_name=last)
    PersonFactory(structure=structure, first_name="Sam", last_name="Roy", companion=True)
    PersonFactory(structure=outsider.structure, first_name="Nadia", last_name="Autre")

    response = app.get(reverse("bookings:persons"))

    # Accents aside: "Ébène" sorts with the e's, before "Élan"; no companion, no other relay.
    assert names(response) == ["Paul Adam", "Luc Dupré", "Inès Ébène", "Zoé Élan"]
    companions = app.get(reverse("bookings:persons") + "?type=accompagnateurs")
    assert names(companions) == ["Sam Roy"]


@pytest.mark.parametrize("text", ["diallo", "AICHA", "diallo aïcha", "aic dia", "Aïcha  Diallo"])
def test_the_search_ignores_accents_case_and_word_order(app, aicha, structure, text):
    PersonFactory(structure=structure, first_name="Marie", last_name="Dupont")

    assert names(search(app, text)) == ["Aïcha Diallo"]


def test_the_search_keeps_names_out_of_the_address(app, aicha):
    response = app.post(reverse("bookings:person_search"), {"q": "Diallo"})

    assertRedirects(response, reverse("bookings:persons"))
    page = app.get(reverse("bookings:persons"))
    assertContains(page, "1 fiche pour «&nbsp;Diallo&nbsp;»")
    cleared = search(app, "", effacer="1")
    assert cleared.context["query"] == ""


def test_a_search_without_match_says_what_to_do(app, aicha):
    assertContains(search(app, "Zorglub"), "Aucune fiche ne correspond à «&nbsp;Zorglub&nbsp;»")


def test_page_titles_never_name_a_person(app, aicha):
    for url in [
        aicha.get_absolute_url(),
        reverse("bookings:person_edit", args=[aicha.pk]),
        reverse("bookings:person_merge", args=[aicha.pk]),
        reverse("bookings:person_erase", args=[aicha.pk]),
    ]:
        html = app.get(url).content.decode()
        title = html.split("<title>")[1].split("</title>")[0]
        assert "Diallo" not in title and "Aïcha" not in title, url


# Creating, with the duplicate guard.


def create(app, **data):
    fields = {"first_name": "", "last_name": "", "birth_year": "", "phone": "", **data}
    return app.post(reverse("bookings:person_new"), fields)


def test_create_a_person_records_it_in_the_history(app, structure, worker):
    response = create(app, first_name="Aïcha", last_name="Diallo", birth_year="1990")

    person = Person.objects.get(structure=structure)
    assertRedirects(response, person.get_absolute_url())
    assert person.log_entries.get().action == Action.CREATED
    assert person.log_entries.get().actor == worker


@pytest.mark.parametrize(
    "first, last",
    [("Aïcha", "Diallo"), ("Aicha", "DIALLO"), ("diallo", "aicha"), ("AÏCHA ", "diallo")],
)
def test_a_likely_duplicate_is_shown_before_creating(app, aicha, first, last):
    response = create(app, first_name=first, last_name=last)

    assert response.status_code == 200
    assertContains(response, "Utiliser cette personne")
    assertContains(response, f'href="{aicha.get_absolute_url()}"')
    assert Person.objects.count() == 1


def test_a_spelling_variant_can_be_confirmed_as_someone_else(app, aicha):
    response = create(app, first_name="Aicha", last_name="Diallo")

    assertContains(response, "Une personne de votre structure porte déjà ce nom")
    assertContains(response, "Non, c'est une autre personne : créer la fiche")


def test_an_exact_duplicate_offers_only_the_existing_record(app, aicha):
    response = create(app, first_name="Aïcha", last_name="Diallo")

    assertContains(response, "Cette personne existe déjà dans votre structure")
    assertNotContains(response, "Non, c'est une autre personne")


def test_a_different_birth_year_is_another_person(app, structure):
    PersonFactory(structure=structure, first_name="Aïcha", last_name="Diallo", birth_year=1990)

    create(app, first_name="Aicha", last_name="Diallo", birth_year="2004")

    assert Person.objects.count() == 2


def test_the_same_name_in_another_structure_is_no_duplicate(app, outsider):
    PersonFactory(structure=outsider.structure, first_name="Aïcha", last_name="Diallo")

    create(app, first_name="Aïcha", last_name="Diallo")

    assert Person.objects.count() == 2


def test_a_confirmed_homonym_is_created(app, aicha):
    response = create(app, first_name="Aicha", last_name="Diallo", autre_personne="1")

    assert response.status_code == 302
    assert Person.objects.filter(last_key="diallo").count() == 2


def test_an_exact_duplicate_is_refused_even_when_confirmed(app, aicha):
    response = create(app, first_name="aïcha", last_name="DIALLO", autre_personne="1")

    assertContains(response, typeset(EXACT_DUPLICATE))
    assertContains(response, "Utiliser cette personne")
    assert Person.objects.count() == 1


def test_an_archived_record_is_offered_too(app, aicha, worker):
    aicha.archive(by=worker)

    response = create(app, first_name="Aicha", last_name="Diallo")

    assertContains(response, "fiche archivée")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"first_name": "", "last_name": "Diallo"}, "Indiquez le prénom."),
        ({"first_name": "A" * 300, "last_name": "Diallo"}, "Le prénom compte au plus 100"),
        ({"first_name": "Aïcha", "last_name": "D" * 300}, "Le nom compte au plus 100"),
        ({"first_name": "Aïcha", "last_name": "Diallo", "phone": "12"}, PHONE_INVALID),
        ({"first_name": "Aïcha", "last_name": "Diallo", "phone": "appelez-moi"}, PHONE_INVALID),
        ({"first_name": "Aïcha", "last_name": "Diallo", "phone": "+1 2"}, PHONE_INVALID),
        ({"first_name": "Aïcha", "last_name": "Diallo", "phone": "0033 0 12"}, PHONE_INVALID),
        ({"first_name": "A", "last_name": "B", "birth_year": "1850"}, "après 1900"),
    ],
)
def test_bad_input_gets_a_french_message_and_saves_nothing(app, data, message):
    response = create(app, **data)

    assertContains(response, message.replace("'", "&#x27;"))
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    "phone",
    [
        "06 12 34 56 78",
        "0612345678",
        "01.23.45.67.89",
        "+33 6 12 34 56 78",
        "+32 2 123 45 67",
        "0033 6 12 34 56 78",
        "0044 20 7946 0958",
    ],
)
def test_french_and_international_phones_are_accepted(app, phone):
    create(app, first_name="Aïcha", last_name="Diallo", phone=phone)

    assert Person.objects.get().phone == phone


def test_create_a_companion_with_its_kind(app, structure):
    app.post(
        reverse("bookings:person_new") + "?type=accompagnateurs",
        {"first_name": "Sam", "last_name": "Roy", "companion_type": "volunteer", "phone": ""},
    )

    person = Person.objects.get()
    assert (person.kind, person.kind_label) == ("companion", "Accompagnateur (bénévole)")


# Editing, archiving.


def test_edit_records_the_changed_fields_not_their_values(app, aicha):
    url = reverse("bookings:person_edit", args=[aicha.pk])
    response = app.post(url, {"first_name": "Aïcha", "last_name": "Diallo", "phone": "0612345678"})

    assertRedirects(response, aicha.get_absolute_url())
    entry = aicha.log_entries.get()
    assert (entry.action, entry.details) == (Action.CHANGED, {"fields": ["phone"]})
    assert "0612345678" not in json.dumps(entry.details)


def test_renaming_onto_another_person_is_refused(app, aicha, structure):
    marie = PersonFactory(structure=structure, first_name="Marie", last_name="Dupont")

    url = reverse("bookings:person_edit", args=[marie.pk])
    response = app.post(url, {"first_name": "Aïcha", "last_name": "Diallo", "phone": ""})

    assertContains(response, "Cette personne existe déjà")
    marie.refresh_from_db()
    assert marie.last_name == "Dupont"


def test_archive_then_restore(app, aicha):
    url = reverse("bookings:person_archive", args=[aicha.pk])

    app.post(url)
    aicha.refresh_from_db()
    assert aicha.is_archived
    assert names(app.get(reverse("bookings:persons"))) == []
    assert names(app.get(reverse("bookings:persons") + "?archives=1")) == ["Aïcha Diallo"]

    app.post(url, {"reactiver": "1"})
    aicha.refresh_from_db()
    assert not aicha.is_archived
    actions = list(aicha.log_entries.values_list("action", flat=True))
    assert actions == [Action.ARCHIVED, Action.RESTORED]


def test_an_archived_person_keeps_her_history_but_leaves_the_booking_search(app, aicha, worker):
    slot = SlotFactory(invitations_offered=10)
    BookingFactory(structure=aicha.structure, beneficiary=aicha, booked_by=worker)
    aicha.archive(by=worker)

    app.post(reverse("bookings:search", args=[slot.pk]), {"q": "Diallo"})
    page = app.get(reverse("bookings:new", args=[slot.pk]))

    assert page.context["results"]["persons"] == []
    detail = app.get(aicha.get_absolute_url())
    assert len(detail.context["invitations"].upcoming) == 1


# The person's page.


def test_the_page_shows_upcoming_and_past_invitations_with_links(app, aicha, worker):
    upcoming = BookingFactory(structure=aicha.structure, beneficiary=aicha, booked_by=worker)
    past = BookingFactory(
        structure=aicha.structure, beneficiary=aicha, booked_by=worker, slot__past=True
    )

    response = app.get(aicha.get_absolute_url())

    invitations = response.context["invitations"]
    assert [p.booking for p in invitations.upcoming] == [upcoming]
    assert [p.booking for p in invitations.past] == [past]
    assertContains(response, upcoming.get_absolute_url())
    assertContains(response, past.get_absolute_url())


def test_the_page_takes_a_fixed_number_of_queries(
    app, aicha, worker, django_assert_max_num_queries
):
    BookingFactory(structure=aicha.structure, beneficiary=aicha, booked_by=worker)
    with django_assert_max_num_queries(12) as one:
        app.get(aicha.get_absolute_url())
    for _ in range(10):
        BookingFactory(structure=aicha.structure, beneficiary=aicha, booked_by=worker)
    with django_assert_max_num_queries(len(one)):
        app.get(aicha.get_absolute_url())


def test_an_erased_person_has_no_page_any_more(app, aicha, worker):
    app.post(reverse("bookings:person_erase", args=[aicha.pk]))

    assert app.get(aicha.get_absolute_url()).status_code == 404


# Export.


def test_the_json_export_holds_the_person_and_nobody_else(app, aicha, worker):
    booking = BookingFactory(
        structure=aicha.structure, beneficiary=aicha, booked_by=worker, invitations=2
    )
    host = booking.participants.get()
    booking.participants.create(
        role="guest", first_name="Léo", last_name="Invitéprivé", invited_by=host
    )
    other = PersonFactory(structure=aicha.structure, first_name="Marie", last_name="Autre")
    BookingFactory(structure=aicha.structure, beneficiary=other, booked_by=worker)
    aicha.phone = "06 12 34 56 78"
    aicha.birth_year = 1990
    aicha.save()

    response = app.get(reverse("bookings:person_json", args=[aicha.pk]))

    data = json.loads(response.content)
    text = response.content.decode()
    assert data["personne"]["prenom"] == "Aïcha"
    assert data["personne"]["telephone"] == "06 12 34 56 78"
    assert data["personne"]["annee_de_naissance"] == 1990
    assert [i["reference"] for i in data["invitations"]] == [booking.reference]
    assert data["invitations"][0]["invites"] == 1
    assert data["invitations"][0]["arrivee_pointee_par_le_lieu"] is None
    for someone_else in ["Invitéprivé", "Léo", "Marie", "Autre", worker.last_name, worker.email]:
        assert someone_else not in text
    assert aicha.log_entries.get().action == Action.EXPORTED
    assert response["Content-Disposition"] == f'attachment; filename="personne-{aicha.pk}.json"'


def test_the_pdf_export_is_readable(app, aicha, worker):
    from io import BytesIO

    from pypdf import PdfReader

    booking = BookingFactory(structure=aicha.structure, beneficiary=aicha, booked_by=worker)
    arrived = booking.slot.starts_at - timedelta(minutes=5)
    booking.participants.update(checked_in_at=arrived)

    response = app.get(reverse("vouchers:person_pdf", args=[aicha.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    text = one_line(text)  # keeps the non-breaking spaces of "23 h 01"
    assert "Aïcha" in text and "Diallo" in text
    assert booking.reference in text
    assert f"Arrivée pointée par le lieu le {french_datetime(arrived)}" in text
    assert worker.last_name not in text
    assert "Données personnelles – page 1 sur 1" in text  # not the guest list's footer
    assert aicha.log_entries.get().details == {"format": "pdf"}


# Other structures.


def test_another_structures_person_is_not_found(app, outsider):
    theirs = PersonFactory(structure=outsider.structure)
    for name in ["bookings:person", "bookings:person_edit", "bookings:person_merge"]:
        assert app.get(reverse(name, args=[theirs.pk])).status_code == 404


def test_a_worker_without_structure_gets_the_no_structure_page(client, staff_75):
    client.force_login(staff_75)
    assert client.get(reverse("bookings:persons")).status_code == 403


def test_an_unrelated_structure_is_ignored(app):
    StructureFactory()
    assert app.get(reverse("bookings:persons")).status_code == 200


def test_the_directory_takes_a_fixed_number_of_queries(
    app, structure, django_assert_max_num_queries
):
    PersonFactory(structure=structure)
    with django_assert_max_num_queries(10) as one:
        app.get(reverse("bookings:persons"))
    PersonFactory.create_batch(30, structure=structure)
    with django_assert_max_num_queries(len(one)):
        assert len(names(app.get(reverse("bookings:persons")))) == 31


# What the review of the pages asked for.


def test_a_companion_homonym_is_told_how_to_tell_them_apart(app, structure):
    PersonFactory(structure=structure, first_name="Sam", last_name="Roy", companion=True)

    response = app.post(
        reverse("bookings:person_new") + "?type=accompagnateurs",
        {"first_name": "Sam", "last_name": "Roy", "companion_type": "volunteer", "phone": ""},
    )

    assertContains(response, "ajoutez une initiale ou un deuxième prénom")
    assertNotContains(response, "année de naissance pour les distinguer")


def test_a_search_from_the_archives_stays_in_the_archives(app, aicha, worker):
    aicha.archive(by=worker)

    response = app.post(
        reverse("bookings:person_search"), {"q": "diallo", "archives": "1"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("bookings:persons") + "?archives=1"
    assert names(response) == ["Aïcha Diallo"]
    assertContains(response, "1 fiche archivée pour «&nbsp;diallo&nbsp;»")


def test_an_empty_archive_says_so(app):
    response = app.get(reverse("bookings:persons") + "?archives=1")
    assertContains(response, "0 fiche archivée<")
    assertContains(response, "Aucune fiche archivée.")


def test_a_refused_edit_keeps_the_saved_name_in_the_heading(app, aicha, structure):
    PersonFactory(structure=structure, first_name="Lucie", last_name="Dupont")

    url = reverse("bookings:person_edit", args=[aicha.pk])
    response = app.post(url, {"first_name": "Lucie", "last_name": "Dupônt", "phone": ""})

    assertContains(response, "Modifier la fiche d&#x27;Aïcha Diallo")
    assertContains(response, "Non, c'est une autre personne : enregistrer les changements")


def test_the_merge_page_proposes_the_likely_duplicate_first(app, structure):
    zoe = PersonFactory(structure=structure, first_name="Zoé", last_name="Rousseau")
    for i in range(30):
        PersonFactory(structure=structure, first_name="Zoé", last_name=f"Autre{i:02}")
    copy = PersonFactory(structure=structure, first_name="Zoe", last_name="ROUSSEAU")

    response = app.get(reverse("bookings:person_merge", args=[zoe.pk]))

    assert response.context["candidates"][0] == copy
    assertContains(response, "précisez la recherche")


def test_a_merged_record_is_said_to_be_gone(app, aicha, structure, worker):
    copy = PersonFactory(
        structure=structure, first_name="Aicha", last_name="Diallo", birth_year=1990
    )
    url = reverse("bookings:person_merge", args=[aicha.pk])
    app.post(url, {"avec": copy.pk, "confirmer": "1"})

    response = app.get(url, {"avec": copy.pk})  # the browser's Back button

    assertContains(response, "fusionnée ou effacée")


def test_a_head_request_downloads_nothing_and_records_nothing(app, aicha):
    app.head(reverse("bookings:person_json", args=[aicha.pk]))
    assert not aicha.log_entries.exists()

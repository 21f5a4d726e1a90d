"""The actions of the booking page (plain forms and redirects, the list of participants in
the session): add or create persons, guests and companions, remove them."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from bookings.models import Booking
from people.models import Person
from tests.factories import (
    BookingFactory,
    PersonFactory,
    SlotFactory,
    StructureFactory,
)

from .booking_steps import (
    ACTION_URLS,
    UNKNOWN,
    add,
    assert_back_to_page,
    entries,
    guest_data,
    page_url,
    participant_list,
    post,
)

pytestmark = pytest.mark.django_db


# Adding followed persons.


def test_add_a_followed_person(app, slot, marie):
    add(app, slot, marie)
    assert entries(app, slot) == [("beneficiary", "Marie Dupont")]
    response = app.get(page_url(slot))
    assertContains(response, "Ajout à la liste\u00a0: Marie Dupont.")
    assertContains(response, "1 invitation sur 4, accompagnateurs compris")


@pytest.mark.parametrize("forged", ["other", "unknown", "garbage", "empty", "companion"])
def test_forged_person_ids_get_the_same_error(app, slot, structure, forged):
    ids = {
        "other": lambda: PersonFactory(structure=StructureFactory()).pk,
        "unknown": lambda: 999_999,
        "garbage": lambda: "1 OR 1=1",
        "empty": lambda: "",
        "companion": lambda: PersonFactory(structure=structure, companion=True).pk,
    }
    response = post(app, slot, "add", person=ids[forged]())
    assertContains(response, UNKNOWN)
    assert entries(app, slot) == []
    assert not Booking.objects.exists()


def test_the_same_person_cannot_be_added_twice(app, slot, marie):
    add(app, slot, marie)
    response = post(app, slot, "add", person=marie.pk)
    assertContains(response, "Marie Dupont figure déjà dans la liste.")
    assert len(entries(app, slot)) == 1


def test_a_person_already_booked_on_the_slot_is_refused(app, slot, structure, marie):
    BookingFactory(slot=slot, structure=structure, beneficiary=marie)
    post(app, slot, "search", q="marie")
    assertContains(app.get(page_url(slot)), "A déjà une invitation pour ce créneau")
    response = post(app, slot, "add", person=marie.pk)
    assertContains(response, "Marie Dupont a déjà une invitation pour ce créneau.")
    assert entries(app, slot) == []


def test_the_list_stops_at_max_per_booking(app, structure):
    slot = SlotFactory(max_per_booking=2)
    for person in PersonFactory.create_batch(2, structure=structure):
        add(app, slot, person)
    response = post(app, slot, "add", person=PersonFactory(structure=structure).pk)
    assertContains(response, "au plus 2 invitations pour ce créneau")
    assert len(entries(app, slot)) == 2


def test_a_list_larger_than_what_remains_is_offered_the_waiting_list(app, structure):
    """The list may grow past the invitations left (up to the maximum): it can wait."""
    slot = SlotFactory(invitations_offered=2, max_per_booking=4)
    BookingFactory(slot=slot)
    add(app, slot, PersonFactory(structure=structure))
    page = app.get(page_url(slot))
    assertContains(page, "Enregistrer</button>")
    assertNotContains(page, "S'inscrire sur la liste d'attente")
    add(app, slot, PersonFactory(structure=structure))
    page = app.get(page_url(slot))
    assertContains(page, "2 invitations sur 4, accompagnateurs compris")
    assertContains(page, "Il reste 1 invitation sur ce créneau, et votre liste en compte 2.")
    assertContains(page, "S'inscrire sur la liste d'attente</button>")
    assertNotContains(page, "Enregistrer</button>")


# Creating persons.


def test_create_a_new_person(app, slot, structure):
    response = post(
        app,
        slot,
        "create",
        **{
            "personne-first_name": " Aïcha ",
            "personne-last_name": "Benali",
            "personne-birth_year": "1984",
            "personne-phone": "06 12 34 56 78",
        },
    )
    assert_back_to_page(response, slot)
    person = Person.objects.get(last_name="Benali")
    assert (person.structure, person.kind, person.first_name) == (structure, "beneficiary", "Aïcha")
    assert (person.birth_year, person.phone) == (1984, "06 12 34 56 78")
    assert entries(app, slot) == [("beneficiary", "Aïcha Benali")]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"personne-first_name": "", "personne-last_name": "Benali"}, "Indiquez le prénom."),
        ({"personne-first_name": "Aïcha", "personne-last_name": "  "}, "Indiquez le nom."),
        (
            {"personne-first_name": "A" * 300, "personne-last_name": "Benali"},
            "Le prénom compte au plus 100 caractères\u00a0: abrégez-le.",
        ),
        (
            {"personne-first_name": "A", "personne-last_name": "B", "personne-birth_year": "3000"},
            "L&#x27;année de naissance ne peut pas être dans le futur.",
        ),
        (
            {"personne-first_name": "A", "personne-last_name": "B", "personne-phone": "<script>"},
            "Indiquez un numéro français",
        ),
    ],
)
def test_create_with_bad_input_saves_nothing_and_keeps_the_list(app, slot, marie, data, message):
    add(app, slot, marie)
    response = post(app, slot, "create", **data)
    assertContains(response, message)
    assertContains(response, '<details id="nouvelle-personne" open>')
    assert Person.objects.count() == 1
    assert entries(app, slot) == [("beneficiary", "Marie Dupont")]


# Guests.


def test_add_a_guest_to_a_beneficiary(app, slot, marie):
    host = add(app, slot, marie)
    response = post(app, slot, "guest", **guest_data(host))
    assert_back_to_page(response, slot)
    assert entries(app, slot) == [("beneficiary", "Marie Dupont"), ("guest", "Léa Invitée")]
    response = app.get(page_url(slot))
    assertContains(response, "Ajouter un invité de Marie Dupont")
    assertContains(response, "2 invitations sur 4, accompagnateurs compris")


def test_add_a_guest_elides_de_before_a_vowel(app, slot, structure):
    add(app, slot, PersonFactory(structure=structure, first_name="Aïcha", last_name="Diallo"))
    response = app.get(page_url(slot))
    assertContains(response, "Ajouter un invité d&#x27;Aïcha Diallo")
    assertNotContains(response, "Ajouter un invité de Aïcha")


@pytest.mark.parametrize("host", ["", "nobody", "companion"])
def test_a_guest_without_a_beneficiary_host_is_refused(app, slot, structure, marie, host):
    add(app, slot, marie)
    if host == "companion":
        anne = PersonFactory(structure=structure, companion=True)
        post(app, slot, "companion", person=anne.pk)
        host = participant_list(app, slot)["entries"][-1]["key"]
    before = entries(app, slot)
    response = post(app, slot, "guest", **guest_data(host))
    assert_back_to_page(response, slot)
    assertContains(
        app.get(page_url(slot)),
        "Un invité doit être rattaché à une personne suivie de la réservation.",
    )
    assert entries(app, slot) == before


@pytest.mark.parametrize(
    "first_name, last_name, message",
    [
        ("", "Invitée", "Indiquez le prénom de l&#x27;invité."),
        ("Léa", "", "Indiquez le nom de l&#x27;invité."),
        (
            "L" * 300,
            "Invitée",
            "Le prénom et le nom d&#x27;un invité comptent au plus 100 caractères.",
        ),
        ("marie", "DUPONT", "marie DUPONT figure déjà dans la liste."),
    ],
)
def test_guest_bad_input(app, slot, marie, first_name, last_name, message):
    host = add(app, slot, marie)
    response = post(app, slot, "guest", **guest_data(host, first_name, last_name))
    assertContains(response, message)
    assertContains(response, "<details open>")
    assert entries(app, slot) == [("beneficiary", "Marie Dupont")]


# Companions.


def test_add_an_existing_companion(app, slot, structure):
    anne = PersonFactory(structure=structure, companion=True, first_name="Anne", last_name="B")
    response = post(app, slot, "companion", person=anne.pk)
    assert_back_to_page(response, slot)
    assert entries(app, slot) == [("companion", "Anne B")]
    assertContains(app.get(page_url(slot)), "Accompagnateur (professionnel)")


def section(page, heading_id):
    """The page's section under the heading of that id (up to the next section)."""
    content = page.content.decode()
    start = content.index(f'id="{heading_id}"')
    return content[start : content.find("<section", start)]


def test_each_action_comes_back_to_its_section_with_its_message_there(app, slot, structure, marie):
    """The redirect's anchor is the section that changed, and the message is under its
    heading: the page does not scroll away from a message left at the top."""
    anne = PersonFactory(structure=structure, companion=True, first_name="Anne", last_name="B")
    response = post(app, slot, "add", person=marie.pk)
    assert response["Location"] == page_url(slot) + "#participants"
    page = app.get(page_url(slot))
    top = page.content.decode().split('id="recherche"')[0]
    assert "Ajout à la liste" not in top
    assert "Ajout à la liste\u00a0: Marie Dupont." in section(page, "participants")

    response = post(app, slot, "companion", person=anne.pk)
    assert response["Location"] == page_url(slot) + "#accompagnateurs"
    page = app.get(page_url(slot))
    companions = section(page, "accompagnateurs")
    assert "Ajout à la liste\u00a0: Anne B." in companions
    assert "<h3>Anne B</h3>" in companions  # listed under "3. Accompagnateurs"
    assert "Anne B" not in section(page, "participants")
    assert "2 invitations sur 4, accompagnateurs compris" in section(page, "participants")
    assert "Marie Dupont" not in companions  # the message was shown once, then forgotten

    key = participant_list(app, slot)["entries"][-1]["key"]
    response = post(app, slot, "remove", key=key)
    assert response["Location"] == page_url(slot) + "#accompagnateurs"
    assert "Retrait de la liste\u00a0: Anne B." in section(
        app.get(page_url(slot)), "accompagnateurs"
    )


def test_another_structures_companion_is_unknown(app, slot):
    other = PersonFactory(structure=StructureFactory(), companion=True)
    response = post(app, slot, "companion", person=other.pk)
    assertContains(response, UNKNOWN)
    assert entries(app, slot) == []


@pytest.mark.parametrize("kind", ["professional", "volunteer"])
def test_create_a_companion(app, slot, structure, kind):
    data = {
        "accompagnateur-first_name": "Jean",
        "accompagnateur-last_name": "Bénévole",
        "accompagnateur-companion_type": kind,
    }
    assert_back_to_page(post(app, slot, "create_companion", **data), slot)
    person = Person.objects.get()
    assert (person.structure, person.kind, person.companion_type) == (structure, "companion", kind)
    assert entries(app, slot) == [("companion", "Jean Bénévole")]


def test_a_full_list_offers_neither_to_choose_nor_to_create_a_companion(app, structure):
    slot = SlotFactory(max_per_booking=2)
    PersonFactory(structure=structure, companion=True)
    add(app, slot, PersonFactory(structure=structure))
    response = app.get(page_url(slot))
    assertContains(response, "Ajouter l'accompagnateur")
    assertContains(response, "Créer un accompagnateur")

    add(app, slot, PersonFactory(structure=structure))
    response = app.get(page_url(slot))
    assertNotContains(response, "Ajouter l'accompagnateur")
    assertNotContains(response, "Créer un accompagnateur")
    assertNotContains(response, reverse("bookings:create_companion", args=[slot.pk]))
    assertNotContains(response, reverse("bookings:create_person", args=[slot.pk]))  # nor a person
    assertContains(response, "La liste est complète&nbsp;: retirez un participant")


def test_a_companion_added_to_a_full_list_from_an_old_page_says_why(app, structure):
    slot = SlotFactory(max_per_booking=1)
    anne = PersonFactory(structure=structure, companion=True)
    add(app, slot, PersonFactory(structure=structure))
    response = post(app, slot, "companion", person=anne.pk)
    assertContains(response, "Une réservation compte au plus 1 invitation pour ce créneau")
    assert len(entries(app, slot)) == 1


def test_the_page_shows_what_the_structure_already_booked_on_this_slot(app, structure, slot):
    """After "Enregistrer" then Back, the empty page says the booking exists."""
    booking = BookingFactory(slot=slot, structure=structure)
    other = BookingFactory(slot=slot)  # another structure's: never shown

    response = app.get(page_url(slot))

    assertContains(response, "Votre structure a déjà réservé sur ce créneau")
    assertContains(response, reverse("bookings:detail", args=[booking.reference]))
    assertNotContains(response, other.reference)


def test_create_a_companion_needs_a_type(app, slot):
    data = {"accompagnateur-first_name": "Jean", "accompagnateur-last_name": "B"}
    response = post(app, slot, "create_companion", **data)
    assertContains(
        response, "Indiquez s&#x27;il s&#x27;agit d&#x27;un professionnel ou d&#x27;un bénévole."
    )
    assert not Person.objects.exists()


# Removing.


def test_remove_a_beneficiary_removes_their_guests(app, slot, structure, marie):
    host = add(app, slot, marie)
    post(app, slot, "guest", **guest_data(host))
    add(app, slot, PersonFactory(structure=structure, first_name="Paul", last_name="Durand"))
    response = post(app, slot, "remove", key=host)
    assert_back_to_page(response, slot)
    assert entries(app, slot) == [("beneficiary", "Paul Durand")]
    assertContains(app.get(page_url(slot)), "Retrait de la liste\u00a0: Marie Dupont, Léa Invitée.")


@pytest.mark.parametrize("where", ["participants", "accompagnateurs", None, "forged"])
def test_remove_an_unknown_key_says_so_in_the_section_of_the_button(app, slot, marie, where):
    """Removed meanwhile in another tab: the message shows where the page comes back."""
    add(app, slot, marie)
    data = {"key": "nope"} | ({"section": where} if where else {})
    response = post(app, slot, "remove", **data)
    section_id = where if where == "accompagnateurs" else "participants"
    assert response["Location"] == page_url(slot) + f"#{section_id}"
    page = app.get(page_url(slot))
    assert "Cette personne n&#x27;est plus dans la liste." in section(page, section_id)
    assert len(entries(app, slot)) == 1


@pytest.mark.parametrize("action", sorted(ACTION_URLS))
def test_a_get_on_an_action_returns_to_the_page(app, slot, marie, action):
    """A reload after an error, a shared address or the login's way back: never a dead end,
    and nothing changes."""
    add(app, slot, marie)
    before = entries(app, slot)
    response = app.get(reverse(ACTION_URLS[action], args=[slot.pk]), {"key": "x", "person": 1})
    assertRedirects(response, page_url(slot), fetch_redirect_response=False)
    assert entries(app, slot) == before and not Booking.objects.exists()
    assert app.post(page_url(slot)).status_code == 405  # the page itself is read-only


def test_the_login_returns_to_the_page_after_an_action_url(client, slot, worker):
    url = reverse("bookings:add_person", args=[slot.pk])
    response = client.get(url, follow=True)  # the session expired: off to the login page
    assert response.redirect_chain[-1][0] == f"{reverse('login')}?next={url}"
    client.force_login(worker)
    assertRedirects(client.get(url), page_url(slot), fetch_redirect_response=False)

"""The booking page (plain forms and redirects, draft in the session) and the recap page."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from bookings.models import Booking, Participant
from bookings.participant_list import SESSION_KEY
from events.models import Slot
from people.models import Person
from tests.factories import (
    BookingFactory,
    PersonFactory,
    SlotFactory,
    StructureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
UNKNOWN = "Cette personne est introuvable parmi les personnes de votre structure."


@pytest.fixture
def slot():
    return SlotFactory(
        event__title="Le Songe d'une nuit d'été", invitations_offered=10, max_per_booking=4
    )


@pytest.fixture
def app(client, worker):
    client.force_login(worker)
    return client


@pytest.fixture
def marie(structure):
    return PersonFactory(structure=structure, first_name="Marie", last_name="Dupont")


def page_url(slot):
    return reverse("bookings:new", args=[slot.pk])


# Each action of the page has its own URL.
ACTION_URLS = {
    "search": "bookings:search",
    "add": "bookings:add_person",
    "create": "bookings:create_person",
    "guest": "bookings:add_guest",
    "companion": "bookings:add_companion",
    "create_companion": "bookings:create_companion",
    "remove": "bookings:remove",
    "book": "bookings:book",
}


def post(client, slot, action, **data):
    return client.post(reverse(ACTION_URLS[action], args=[slot.pk]), data)


def draft(client, slot):
    return client.session.get(SESSION_KEY, {}).get(str(slot.pk), {"entries": []})


def entries(client, slot):
    return [
        (e["role"], f"{e['first_name']} {e['last_name']}") for e in draft(client, slot)["entries"]
    ]


def assert_back_to_page(response, slot):
    assert response.status_code == 302
    assert response["Location"].startswith(page_url(slot))


def add(client, slot, person):
    response = post(client, slot, "add", person=person.pk)
    assert_back_to_page(response, slot)
    return draft(client, slot)["entries"][-1]["key"]


# Access.


def test_login_required(client, slot):
    url = page_url(slot)
    response = client.get(url)
    assertRedirects(response, f"{reverse('login')}?next={url}", fetch_redirect_response=False)


def test_staff_without_structure_cannot_book(client, slot):
    client.force_login(UserFactory(staff=True))
    response = client.get(page_url(slot))
    assertContains(response, "Page réservée aux travailleurs sociaux", status_code=403)
    assertContains(response, "rattaché à aucune structure sociale", status_code=403)
    response = post(client, slot, "book", token="00000000-0000-0000-0000-000000000000")
    assert response.status_code == 403 and not Booking.objects.exists()


def test_unknown_slot_and_draft_event_are_404(app, slot):
    assert app.get(reverse("bookings:new", args=[999_999])).status_code == 404
    draft_slot = SlotFactory(event__draft=True)
    assert app.get(page_url(draft_slot)).status_code == 404


def test_inactive_structure_sees_why_and_cannot_add(app, slot, structure, marie):
    structure.is_active = False
    structure.save()
    response = app.get(page_url(slot))
    assertContains(response, "L&#x27;adhésion de votre structure n&#x27;est pas active")
    assertNotContains(response, "Enregistrer</button>")
    response = post(app, slot, "add", person=marie.pk)
    assert_back_to_page(response, slot)
    assert entries(app, slot) == []


# The page.


def test_page_shows_the_slot_and_the_empty_list(app, slot, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = app.get(page_url(slot))
    assertContains(response, "<h1>Réserver des invitations</h1>", html=True)
    assertContains(response, "Le Songe d&#x27;une nuit d&#x27;été")
    assertContains(response, "0 invitation sur 4 maximum")
    assertContains(response, '<label for="id_q">Nom ou prénom de la personne suivie\xa0:</label>')
    assertContains(response, '<label for="id_personne-first_name">Prénom\xa0:</label>')
    assertContains(response, "Enregistrer</button>")


def test_page_queries_stay_flat(app, slot, structure, django_assert_max_num_queries):
    persons = [PersonFactory(structure=structure, last_name=f"Dupont{i}") for i in range(30)]
    PersonFactory(structure=structure, companion=True)
    hosts = [add(app, slot, person) for person in persons[:3]]
    post(app, slot, "guest", **guest_data(hosts[0]))
    post(app, slot, "search", q="dupont")
    with django_assert_max_num_queries(10):
        response = app.get(page_url(slot))
    assertContains(response, "4 invitations sur 4 maximum")
    assertContains(response, "D'autres personnes correspondent")


def test_search_is_accent_insensitive_and_scoped(app, slot, structure):
    PersonFactory(structure=structure, first_name="Hélène", last_name="Lefèvre")
    PersonFactory(structure=StructureFactory(), first_name="Hélène", last_name="Autre")
    PersonFactory(structure=structure, first_name="Helene", last_name="Accompagne", companion=True)
    response = post(app, slot, "search", q="helene")
    assert_back_to_page(response, slot)
    response = app.get(page_url(slot))
    assertContains(response, "Hélène Lefèvre")
    assertNotContains(response, "Autre")
    assertNotContains(response, "Helene Accompagne</td>")
    assertContains(response, 'Ajouter<span class="visually-hidden"> Hélène Lefèvre</span>')


def test_search_finding_nobody_offers_to_create(app, slot):
    post(app, slot, "search", q="Personne Inconnue")
    response = app.get(page_url(slot))
    assertContains(response, "Aucune personne suivie de votre structure ne correspond")
    assertContains(response, '<details id="nouvelle-personne" open>')


def test_search_of_300_characters_is_refused(app, slot):
    response = post(app, slot, "search", q="x" * 300)
    assertContains(response, "au plus 100 caractères")
    assert draft(app, slot).get("query", "") == ""


def test_search_query_is_not_in_the_url(app, slot, marie):
    """A person's name stays out of URLs and server logs: the search is a POST."""
    response = post(app, slot, "search", q="Dupont")
    assert "Dupont" not in response["Location"]


# Adding followed persons.


def test_add_a_followed_person(app, slot, marie):
    add(app, slot, marie)
    assert entries(app, slot) == [("beneficiary", "Marie Dupont")]
    response = app.get(page_url(slot))
    assertContains(response, "Ajout à la liste : Marie Dupont.")
    assertContains(response, "1 invitation sur 4 maximum")


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


def test_the_list_stops_at_what_remains(app, structure):
    slot = SlotFactory(invitations_offered=2, max_per_booking=4)
    BookingFactory(slot=slot)
    add(app, slot, PersonFactory(structure=structure))
    response = post(app, slot, "add", person=PersonFactory(structure=structure).pk)
    assertContains(response, "il en reste 1 sur ce créneau")
    assertContains(response, "1 invitation sur 1 maximum")


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
            "Assurez-vous que cette valeur comporte au plus 100 caractères (actuellement 300).",
        ),
        (
            {"personne-first_name": "A", "personne-last_name": "B", "personne-birth_year": "3000"},
            "L&#x27;année de naissance ne peut pas être dans le futur.",
        ),
        (
            {"personne-first_name": "A", "personne-last_name": "B", "personne-phone": "<script>"},
            "Indiquez un numéro de téléphone valide",
        ),
    ],
)
def test_create_with_bad_input_saves_nothing_and_keeps_the_draft(app, slot, marie, data, message):
    add(app, slot, marie)
    response = post(app, slot, "create", **data)
    assertContains(response, message)
    assertContains(response, '<details id="nouvelle-personne" open>')
    assert Person.objects.count() == 1
    assert entries(app, slot) == [("beneficiary", "Marie Dupont")]


# Guests.


def guest_data(host, first_name="Léa", last_name="Invitée"):
    return {
        "host": host,
        f"invite-{host}-first_name": first_name,
        f"invite-{host}-last_name": last_name,
    }


def test_add_a_guest_to_a_beneficiary(app, slot, marie):
    host = add(app, slot, marie)
    response = post(app, slot, "guest", **guest_data(host))
    assert_back_to_page(response, slot)
    assert entries(app, slot) == [("beneficiary", "Marie Dupont"), ("guest", "Léa Invitée")]
    response = app.get(page_url(slot))
    assertContains(response, "Ajouter un invité de Marie Dupont")
    assertContains(response, "2 invitations sur 4 maximum")


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
        host = draft(app, slot)["entries"][-1]["key"]
    before = entries(app, slot)
    response = post(app, slot, "guest", **guest_data(host))
    assert_back_to_page(response, slot)
    assertContains(
        app.get(page_url(slot)), "Un invité doit être rattaché à une personne suivie de la liste."
    )
    assert entries(app, slot) == before


@pytest.mark.parametrize(
    "first_name, last_name, message",
    [
        ("", "Invitée", "Indiquez le prénom de l&#x27;invité."),
        ("Léa", "", "Indiquez le nom de l&#x27;invité."),
        ("L" * 300, "Invitée", "au plus 100 caractères (actuellement 300)"),
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
    assertNotContains(response, 'value="create_companion"')
    assertNotContains(response, 'value="create"')  # nor a new followed person
    assertContains(response, "La liste est complète : retirez un participant")


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
    assertContains(app.get(page_url(slot)), "Retrait de la liste : Marie Dupont, Léa Invitée.")


def test_remove_an_unknown_key(app, slot, marie):
    add(app, slot, marie)
    response = post(app, slot, "remove", key="nope")
    assertContains(response, "Cette personne n&#x27;est plus dans la liste.")
    assert len(entries(app, slot)) == 1


@pytest.mark.parametrize("action", sorted(ACTION_URLS))
def test_actions_take_post_only(app, slot, action):
    url = reverse(ACTION_URLS[action], args=[slot.pk])
    assert app.get(url).status_code == 405
    assert app.post(page_url(slot)).status_code == 405  # the page itself is read-only


# Booking.


def page_token(client, slot):
    """The one-time token of the "Enregistrer" form, as the page shows it."""
    page = client.get(page_url(slot)).content.decode()
    return page.split('name="token" value="', 1)[1].split('"', 1)[0]


def book(client, slot, token=None):
    """Click "Enregistrer" (with the token the page shows now, unless given)."""
    return post(client, slot, "book", token=token or page_token(client, slot))


def compose(client, slot, structure, marie):
    """Marie and her guest, and a companion: the tutorial's booking."""
    host = add(client, slot, marie)
    post(client, slot, "guest", **guest_data(host))
    anne = PersonFactory(structure=structure, companion=True, first_name="Anne", last_name="B")
    post(client, slot, "companion", person=anne.pk)


def test_book_the_draft(app, slot, structure, worker, marie):
    app.get(page_url(slot))  # the draft's token exists once the page was shown...
    compose(app, slot, structure, marie)
    token = draft(app, slot)["token"]

    response = book(app, slot)

    booking = Booking.objects.get()
    assertRedirects(
        response,
        reverse("bookings:confirmation", args=[booking.reference]),
        fetch_redirect_response=False,
    )
    assert str(booking.form_token) == token
    assert (booking.structure, booking.booked_by, booking.invitations) == (structure, worker, 3)
    assert [p.full_name for p in booking.participants.all()] == [
        "Marie Dupont",
        "Léa Invitée",
        "Anne B",
    ]
    assert Slot.objects.get(pk=slot.pk).invitations_booked == 3
    assert str(slot.pk) not in app.session[SESSION_KEY]  # the draft is done


def test_double_submit_books_once_and_shows_the_same_recap(app, slot, structure, marie):
    compose(app, slot, structure, marie)
    token = draft(app, slot)["token"]
    first = book(app, slot, token)
    second = book(app, slot, token)
    assert Booking.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert Slot.objects.get(pk=slot.pk).invitations_booked == 3


def test_a_broken_token_is_refused(app, slot, marie):
    add(app, slot, marie)
    for token in ("not-a-uuid", ""):
        response = post(app, slot, "book", token=token)
        assertContains(response, "Cette page n&#x27;était plus à jour")
    assert not Booking.objects.exists()
    assert entries(app, slot) == [("beneficiary", "Marie Dupont")]


def test_the_token_of_the_page_clicked_is_used(app, slot, marie):
    """Two renderings of one draft may carry different tokens: each click is its own."""
    add(app, slot, marie)
    token = "6a8d2c1e-0000-4000-8000-000000000000"
    book(app, slot, token)
    assert str(Booking.objects.get().form_token) == token


def assert_refused_and_kept(app, slot, response, message, before):
    assertContains(response, message)
    assert not Booking.objects.exists()
    assert not Participant.objects.exists()
    assert entries(app, slot) == before


def test_book_without_participant(app, slot):
    app.get(page_url(slot))
    response = book(app, slot)
    assert_refused_and_kept(
        app, slot, response, "Ajoutez au moins une personne suivie avant d&#x27;enregistrer.", []
    )


def test_book_companions_only(app, slot, structure):
    post(app, slot, "companion", person=PersonFactory(structure=structure, companion=True).pk)
    before = entries(app, slot)
    response = book(app, slot)
    assert_refused_and_kept(app, slot, response, "au moins une personne suivie", before)


def test_book_more_than_remains_says_how_many(app, slot, structure, marie):
    compose(app, slot, structure, marie)
    before = entries(app, slot)
    Slot.objects.filter(pk=slot.pk).update(invitations_booked=8)  # others booked meanwhile
    response = book(app, slot)
    assert_refused_and_kept(
        app,
        slot,
        response,
        "plus assez d&#x27;invitations pour cette réservation : il en reste 2",
        before,
    )


def test_book_more_than_max_per_booking(app, slot, structure, marie):
    compose(app, slot, structure, marie)
    before = entries(app, slot)
    Slot.objects.filter(pk=slot.pk).update(max_per_booking=2)
    response = book(app, slot)
    assert_refused_and_kept(app, slot, response, "au plus 2 invitations pour ce créneau", before)


def test_book_after_the_cutoff(app, structure, marie):
    slot = SlotFactory()
    compose(app, slot, structure, marie)
    before = entries(app, slot)
    token = page_token(app, slot)
    with time_machine.travel(slot.closes_at + timedelta(minutes=1)):
        response = book(app, slot, token)
        assert_refused_and_kept(
            app, slot, response, "Les réservations de ce créneau sont closes", before
        )
        assertNotContains(response, "Enregistrer</button>")


def test_book_after_the_start(app, structure, marie):
    slot = SlotFactory()
    compose(app, slot, structure, marie)
    before = entries(app, slot)
    token = page_token(app, slot)
    with time_machine.travel(slot.starts_at + timedelta(minutes=1)):
        response = book(app, slot, token)
    assert_refused_and_kept(app, slot, response, "Ce créneau a déjà commencé", before)


def test_book_an_event_unpublished_meanwhile(app, slot, structure, marie):
    compose(app, slot, structure, marie)
    before = entries(app, slot)
    token = page_token(app, slot)
    slot.event.is_published = False
    slot.event.published_at = None
    slot.event.save()
    response = book(app, slot, token)
    assert_refused_and_kept(
        app, slot, response, "Cet événement n&#x27;est plus proposé à la réservation.", before
    )


def test_book_with_a_structure_deactivated_meanwhile(app, slot, structure, marie):
    compose(app, slot, structure, marie)
    before = entries(app, slot)
    token = page_token(app, slot)
    structure.is_active = False
    structure.save()
    response = book(app, slot, token)
    assert_refused_and_kept(
        app, slot, response, "L&#x27;adhésion de votre structure n&#x27;est pas active", before
    )


def test_book_a_person_booked_meanwhile_shows_it_next_to_her(app, slot, structure, marie):
    compose(app, slot, structure, marie)
    before = entries(app, slot)
    BookingFactory(slot=slot, structure=structure, beneficiary=marie)
    response = book(app, slot)
    assertContains(response, "Marie Dupont a déjà une invitation pour ce créneau.")
    assertContains(response, "voir le message dans la liste des participants")
    assert Booking.objects.count() == 1
    assert entries(app, slot) == before


def test_book_with_a_person_moved_to_another_structure(app, slot, structure, marie):
    """The draft names a person the structure no longer has: unknown, nothing saved."""
    add(app, slot, marie)
    Person.objects.filter(pk=marie.pk).update(structure=StructureFactory())
    response = book(app, slot)
    assert_refused_and_kept(app, slot, response, UNKNOWN, [("beneficiary", "Marie Dupont")])


@pytest.mark.django_db(transaction=True)
def test_the_email_leaves_after_the_response(client, slot):
    worker = UserFactory()
    client.force_login(worker)
    marie = PersonFactory(structure=worker.structure, first_name="Marie", last_name="Dupont")
    add(client, slot, marie)
    response = book(client, slot)  # the test client closes the response, as WSGI servers do
    booking = Booking.objects.get()
    assert response["Location"].endswith(f"/{booking.reference}/confirmation/")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [worker.email]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"
    booking.refresh_from_db()
    assert booking.voucher  # stored, so the download serves it


# The recap page.


def test_confirmation_page(app, slot, structure, marie, django_assert_max_num_queries):
    compose(app, slot, structure, marie)
    book(app, slot)
    booking = Booking.objects.get()
    url = reverse("bookings:confirmation", args=[booking.reference])
    with django_assert_max_num_queries(6):
        response = app.get(url)
    assertContains(response, "Réservation confirmée")
    assertContains(response, booking.reference)
    assertContains(response, "Le Songe d&#x27;une nuit d&#x27;été")
    assertContains(response, '<td data-label="Rôle">Invité de Marie Dupont</td>', html=True)
    assertContains(response, "Accompagnateur")
    download = reverse("vouchers:download", args=[booking.reference])
    assertContains(
        response,
        f'<a class="button" href="{download}" data-autodownload download>'
        "Télécharger la contremarque</a>",
        html=True,
    )


def test_confirmation_is_for_the_structure_only(client, slot):
    booking = BookingFactory(slot=slot)
    url = reverse("bookings:confirmation", args=[booking.reference])
    colleague = UserFactory(structure=booking.structure)
    client.force_login(colleague)
    assert client.get(url).status_code == 200
    client.force_login(UserFactory())  # a worker of another structure
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(staff=True))  # no structure: the one clear page
    assertContains(client.get(url), "Page réservée aux travailleurs sociaux", status_code=403)
    client.logout()
    assert client.get(url).status_code == 302


def test_confirmation_of_an_unknown_reference_is_404(app):
    assert app.get(reverse("bookings:confirmation", args=["CDC-NOPE00"])).status_code == 404


def test_confirmation_of_a_cancelled_booking_offers_no_download(app, slot, structure):
    booking = BookingFactory(slot=slot, structure=structure, cancelled=True)
    response = app.get(reverse("bookings:confirmation", args=[booking.reference]))
    assertContains(response, "Réservation annulée")
    assertNotContains(response, "data-autodownload")

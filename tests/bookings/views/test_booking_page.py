"""The booking page: who may open it, what it shows, the search; then the recap page."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from bookings.models import Booking
from tests.factories import (
    BookingFactory,
    PersonFactory,
    SlotFactory,
    StructureFactory,
    UserFactory,
)

from .booking_steps import (
    add,
    assert_back_to_page,
    book,
    compose,
    entries,
    guest_data,
    page_url,
    participant_list,
    post,
)

pytestmark = pytest.mark.django_db


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
    assertContains(response, "0 invitation sur 4, accompagnateurs compris")
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
    assertContains(response, "4 invitations sur 4, accompagnateurs compris")
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
    assert participant_list(app, slot).get("query", "") == ""


def test_search_query_is_not_in_the_url(app, slot, marie):
    """A person's name stays out of URLs and server logs: the search is a POST."""
    response = post(app, slot, "search", q="Dupont")
    assert "Dupont" not in response["Location"]


# The recap page.


def test_confirmation_page(app, slot, structure, marie, django_assert_max_num_queries):
    compose(app, slot, structure, marie)
    book(app, slot)
    booking = Booking.objects.get()
    url = reverse("bookings:confirmation", args=[booking.reference])
    app.get(url)  # the first visit, from "Enregistrer" (below)
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
        f'<a class="button" href="{download}" download>Télécharger la contremarque</a>',
        html=True,
    )


def test_the_counter_mark_downloads_by_itself_only_on_arrival_from_enregistrer(
    app, slot, structure, marie, django_assert_max_num_queries
):
    """Each download is written in the booking's history: a later visit to the page (the
    link in "Réservations en cours", a reload) must not download it again."""
    compose(app, slot, structure, marie)
    response = book(app, slot)
    url = reverse("bookings:confirmation", args=[Booking.objects.get().reference])
    assert response.url == url
    with django_assert_max_num_queries(8):  # and the session forgets the download
        arrival = app.get(url)
    assertContains(arrival, "data-autodownload ")
    assertContains(arrival, "data-autodownload-note hidden")
    assertNotContains(arrival, "se télécharge directement")
    later = app.get(url)
    assertNotContains(later, "data-autodownload")
    assertContains(later, "Télécharger la contremarque")


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

"""The waiting list as a worker uses it: joined from the booking page, shown with its rank
in "Réservations en cours", withdrawn there; double clicks, refusals and other relays."""

import pytest
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from bookings import waiting
from bookings.cancellation import cancel
from bookings.models import WaitingEntry
from tests.factories import UserFactory
from tests.typography import typeset

from ..waiting_cast import full_slot, group
from .booking_steps import add, entries, guest_data, page_token, page_url, post

pytestmark = pytest.mark.django_db
CURRENT = reverse("bookings:current")
JOIN = "S'inscrire sur la liste d'attente</button>"


def join(client, slot, token=None):
    url = reverse("bookings:join_waiting_list", args=[slot.pk])
    return client.post(url, {"token": token or page_token(client, slot)})


def leave_url(entry):
    return reverse("bookings:leave_waiting_list", args=[entry.pk])


def test_a_full_slot_offers_the_waiting_list_and_joining_shows_the_rank(app, worker, marie):
    slot, _ = full_slot(2)
    group(UserFactory(), slot, 1)  # another relay waits already
    page = app.get(page_url(slot))
    assertContains(page, "Ce créneau est complet")
    host = add(app, slot, marie)
    post(app, slot, "guest", **guest_data(host))
    page = app.get(page_url(slot))
    assertContains(page, JOIN)
    assertNotContains(page, "Enregistrer</button>")

    response = join(app, slot)

    assertRedirects(response, CURRENT + "#contenu", fetch_redirect_response=False)
    entry = WaitingEntry.objects.get(structure=worker.structure)
    assert entry.invitations == 2 and entries(app, slot) == []  # the list is handed over
    listing = app.get(CURRENT)
    assertContains(listing, "En liste d'attente</h2>")
    assertContains(listing, "au rang 2")
    assertContains(listing, "En liste d'attente, rang 2")
    assertContains(listing, "Marie Dupont")
    assertContains(listing, leave_url(entry))
    assertContains(app.get(page_url(slot)), "Votre structure est sur la liste d'attente")


def test_a_double_click_joins_once(app, marie):
    slot, _ = full_slot(1)
    add(app, slot, marie)
    token = page_token(app, slot)
    join(app, slot, token)
    second = join(app, slot, token)
    assert second.status_code == 302
    assert WaitingEntry.objects.count() == 1


def test_joining_a_slot_with_room_says_to_book(app, slot, marie):
    add(app, slot, marie)
    response = join(app, slot)
    assert response.status_code == 200
    assertContains(response, "Il reste assez d&#x27;invitations pour cette liste")
    assert not WaitingEntry.objects.exists()


def test_a_person_already_waiting_cannot_be_added_again(app, marie):
    slot, _ = full_slot(1)
    add(app, slot, marie)
    join(app, slot)
    response = post(app, slot, "add", person=marie.pk)
    assertContains(response, "Marie Dupont est déjà sur la liste d&#x27;attente de ce créneau")
    assert entries(app, slot) == []


def test_leaving_asks_first_then_withdraws(app, worker, marie):
    slot, _ = full_slot(1)
    add(app, slot, marie)
    join(app, slot)
    entry = WaitingEntry.objects.get()
    page = app.get(leave_url(entry))
    assertContains(page, "<h1>Retirer une inscription de la liste d'attente</h1>")
    assertContains(page, "Marie Dupont")
    assert WaitingEntry.objects.get().is_waiting  # a GET changes nothing

    response = app.post(leave_url(entry))

    assertRedirects(response, CURRENT, fetch_redirect_response=False)
    entry.refresh_from_db()
    assert (entry.status, entry.ended_by) == (WaitingEntry.Status.LEFT, worker)
    listing = app.get(CURRENT)
    assertContains(listing, typeset(waiting.LEFT))
    assertNotContains(listing, "En liste d'attente</h2>")
    again = app.post(leave_url(entry), follow=True)  # a second click, or an old page
    assertContains(again, escape(waiting.NOT_WAITING))


def test_a_booking_filled_from_the_list_replaces_the_entry_on_the_page(app, worker, marie):
    slot, bookings = full_slot(1)
    add(app, slot, marie)
    join(app, slot)
    cancel(bookings[0], by=bookings[0].booked_by, notify=False)
    booking = WaitingEntry.objects.get().booking
    listing = app.get(CURRENT)
    assertNotContains(listing, "En liste d'attente, rang")
    assertContains(listing, booking.reference)
    detail = app.get(booking.get_absolute_url())
    assertContains(detail, "Réservation depuis la liste d&#x27;attente")


def test_another_relays_list_is_not_shown_nor_withdrawn(app, outsider):
    slot, _ = full_slot(1)
    theirs = group(outsider, slot, 1)
    assertNotContains(app.get(CURRENT), "En liste d'attente</h2>")
    assert app.get(leave_url(theirs)).status_code == 404
    assert app.post(leave_url(theirs)).status_code == 404
    assert WaitingEntry.objects.get().is_waiting


def test_the_page_of_a_full_slot_explains_the_waiting_list_before_anyone_is_added(app, marie):
    slot, _ = full_slot(1)
    page = app.get(page_url(slot))
    assertContains(page, "aucune&nbsp;: complet")
    assertContains(page, "ajoutez d'abord les participants ci-dessus, puis inscrivez")
    assertContains(page, "Comment fonctionne la liste d'attente&nbsp;?")
    assertNotContains(page, "Enregistrer</button>")
    assertNotContains(page, JOIN)


def test_the_search_marks_a_person_already_waiting(app, marie):
    slot, _ = full_slot(1)
    add(app, slot, marie)
    join(app, slot)
    post(app, slot, "search", q="marie")
    page = app.get(page_url(slot))
    assertContains(page, "Déjà sur la liste d'attente de ce créneau")
    assertNotContains(page, "Ajouter<span")


def test_the_detail_of_a_booking_from_the_list_says_it_was_automatic(app, marie):
    slot, bookings = full_slot(1)
    add(app, slot, marie)
    join(app, slot)
    cancel(bookings[0], by=bookings[0].booked_by, notify=False)
    booking = WaitingEntry.objects.get().booking
    detail = app.get(booking.get_absolute_url())
    assertContains(detail, "automatiquement, depuis la liste d'attente (inscription du ")


def test_the_personal_space_counts_the_lists_waiting(app, marie):
    slot, _ = full_slot(1)
    add(app, slot, marie)
    join(app, slot)
    home = app.get(reverse("home"))
    assertContains(home, "<strong>1</strong> liste en attente d'invitations")
    assertContains(home, f'href="{CURRENT}#liste-attente"')

""" "Réservations en cours" and "Toutes les réservations": scope, order, rows, filters."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from bookings.cancellation import cancel
from tests.bookings.waiting_cast import full_slot, group
from tests.factories import SlotFactory, UserFactory

from ..tracking_cast import before_cutoff, booking_for, person

pytestmark = pytest.mark.django_db
CURRENT, ALL = reverse("bookings:current"), reverse("bookings:all")
GARBLED = "Certains filtres n'ont pas été compris"


def slot_in(days, title="Spectacle", **kwargs):
    return SlotFactory(
        starts_at=timezone.now() + timedelta(days=days), event__title=title, **kwargs
    )


def references(response):
    """The booking references of the rows, in order."""
    return re.findall(r'Réf\. <span class="reference">(CDC-\w+)</span>', response.text)


@pytest.fixture
def cast(worker):
    """An upcoming booking (Hélène Dupré and her guest, with a companion), a later one, a
    past one, a cancelled one, and another structure's booking."""
    structure = worker.structure
    helene = person(structure, "Hélène", "Dupré")
    anne = person(structure, "Anne", "Benoît", kind="companion")
    soon = booking_for(
        worker,
        slot_in(5, "Cyrano de Bergerac"),
        helene,
        guests=[(0, "Léa", "Martin")],
        companions=[anne],
    )
    later = booking_for(worker, slot_in(20, "Le Lac des cygnes"), person(structure, "Paul", "Roy"))
    past_slot = SlotFactory(past=True, event__title="Le Malade imaginaire")
    past = booking_for(worker, past_slot, helene, at=before_cutoff(past_slot))
    cancelled = booking_for(worker, slot_in(8, "Carmen"), person(structure, "Zoé", "Blanc"))
    cancel(cancelled, by=worker)
    outsider = UserFactory()
    theirs = booking_for(
        outsider, slot_in(3, "Cyrano de Bergerac"), person(outsider.structure, "Hélène", "Dupré")
    )
    return {
        "soon": soon,
        "later": later,
        "past": past,
        "cancelled": cancelled,
        "theirs": theirs,
        "outsider": outsider,
    }


# The lists.


def test_current_lists_upcoming_confirmed_bookings_next_outing_first(app, cast):
    response = app.get(CURRENT)
    assert references(response) == [cast["soon"].reference, cast["later"].reference]
    assertContains(response, "2 réservations")
    assertContains(response, 'aria-current="page">Réservations en cours')


CLOSED = '<span class="badge badge-warn">annulation close</span>'


def test_bookings_past_their_cancellation_cutoff_say_so(app, worker, cast):
    """Between the cutoff (or the guest list's sending) and the outing, a booking can no
    longer be cancelled online: the lists mark it "annulation close", and only it."""
    structure = worker.structure
    closed_slot = slot_in(10, "Le Cid")
    closed = booking_for(worker, closed_slot, person(structure, "Inès", "Roux"))
    type(closed_slot).objects.filter(pk=closed_slot.pk).update(closes_at=timezone.now())
    sent_slot = slot_in(12, "Bérénice")
    sent = booking_for(worker, sent_slot, person(structure, "Omar", "Diallo"))
    type(sent_slot).objects.filter(pk=sent_slot.pk).update(guest_list_sent_at=timezone.now())

    for url in (CURRENT, ALL):
        rows = re.findall(r"<tr>.*?</tr>", app.get(url).text, flags=re.DOTALL)
        marked = {
            reference for row in rows if CLOSED in row for reference in re.findall(r"CDC-\w+", row)
        }
        assert marked == {closed.reference, sent.reference}, url
        # Past and cancelled bookings are not marked: there is nothing to cancel.
        assert cast["past"].reference not in marked and cast["cancelled"].reference not in marked


def test_all_lists_every_booking_last_booked_first(app, cast):
    response = app.get(ALL)
    assert references(response) == [
        cast[name].reference for name in ("cancelled", "later", "soon", "past")
    ]


def test_another_structures_bookings_are_never_shown(app, cast):
    for url in (CURRENT, ALL, f"{ALL}?titre=cyrano"):
        assertNotContains(app.get(url), cast["theirs"].reference)
    assertNotContains(filtered(app, ALL, personne="helene"), cast["theirs"].reference)


def filtered(app, url, **filters):
    """Click "Rechercher" in the "Filtrer" form: posted, then the list it redirects to."""
    return app.post(url, filters, follow=True)


def test_a_persons_name_stays_out_of_the_address(app, cast):
    response = app.post(ALL, {"personne": "Hélène", "titre": "cyrano"})

    assert response.status_code == 302
    assert response["Location"] == f"{ALL}?titre=cyrano"
    page = app.get(response["Location"])
    assert references(page) == [cast["soon"].reference]
    assertContains(page, 'value="Hélène"')
    cleared = app.get(f"{ALL}?effacer=1", follow=True)
    assert len(references(cleared)) == 4


def test_a_name_in_the_address_is_ignored(app, cast):
    assert len(references(app.get(f"{ALL}?personne=helene"))) == 4


def test_a_row_shows_what_the_worker_needs(app, cast):
    booking = cast["soon"]
    response = app.get(CURRENT)
    row = re.search(rf"<tr>(?:(?!</tr>).)*{booking.reference}.*?</tr>", response.text, re.S)[0]
    detail = reverse("bookings:detail", args=[booking.reference])
    assert f'<a href="{detail}">Cyrano de Bergerac' in row
    assert booking.slot.event.venue.name in row
    assert '<td data-label="Invitations">3</td>' in row
    assert '<td data-label="Personnes suivies">Hélène Dupré</td>' in row  # not guests
    assert '<td data-label="Réservée par">Camille Martin</td>' in row
    assert "Confirmée" in row
    assert " à " in re.search(r'<td data-label="Date">(.*?)</td>', row)[1]  # the French date


def test_statuses(app, cast):
    response = app.get(ALL)
    for name, status in [("soon", "Confirmée"), ("past", "Passée"), ("cancelled", "Annulée")]:
        row = re.search(rf"{cast[name].reference}</span>.*?</tr>", response.text, re.S)[0]
        assert f">{status}</span>" in row


def test_empty_lists_say_so(app):
    assertContains(app.get(CURRENT), "aucune réservation pour un événement à venir")
    assertContains(app.get(ALL), "Votre structure n'a encore aucune réservation")


@pytest.mark.parametrize("url", [CURRENT, ALL])
def test_the_lists_cost_a_fixed_number_of_queries(app, worker, url, django_assert_max_num_queries):
    structure = worker.structure

    def add_bookings(count):
        for i in range(count):
            persons = [person(structure, f"Prénom{i}", f"Nom{i}-{n}") for n in range(2)]
            booking_for(
                worker,
                slot_in(i + 3),
                *persons,
                guests=[(0, "Invité", f"N{i}")],
                companions=[person(structure, "Acc", f"N{i}", kind="companion")],
            )

    # Session, user, structure, its workers (the "Réservée par" choices), count, page, and
    # the followed persons of the page's bookings; on "en cours", the lists on a waiting
    # list and their participants.
    limit = 9 if url == CURRENT else 7
    add_bookings(2)
    with django_assert_max_num_queries(limit):
        assert len(references(app.get(url))) == 2
    add_bookings(28)
    for _ in range(3):
        slot, _booked = full_slot(1)
        group(worker, slot, 2)
    answer = app.post(url, {"personne": "prenom", "titre": "spectacle", "par": worker.pk})
    with django_assert_max_num_queries(limit):
        response = app.get(answer["Location"])
    assert len(references(response)) == 12
    assertContains(response, "30 réservations")


def test_pagination_keeps_the_filters(app, worker):
    helene = [person(worker.structure, "Hélène", f"Nom{i}") for i in range(14)]
    for i, someone in enumerate(helene):
        booking_for(worker, slot_in(i + 3), someone)
    response = filtered(app, ALL, personne="helene", statut="confirmee")
    assertContains(response, "14 réservations")
    assertContains(response, "Page 1 sur 2")
    assertContains(response, 'href="?statut=confirmee&amp;page=2">Page suivante')
    second = app.get(f"{ALL}?statut=confirmee&page=2")
    assert len(references(second)) == 2


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "1.5", ""])
def test_a_garbage_page_number_still_shows_a_page(app, cast, page):
    response = app.get(f"{ALL}?page={page}")
    assert response.status_code == 200
    assert references(response)


def test_staff_without_structure_get_a_kind_page(client, cast):
    client.force_login(UserFactory(staff=True))
    for url in (CURRENT, ALL):
        response = client.get(url)
        assertContains(response, "aucune structure sociale", status_code=403)
        assertContains(response, reverse("admin:index"), status_code=403)
        assertNotContains(response, "CDC-", status_code=403)


@pytest.mark.parametrize("url", [CURRENT, ALL])
def test_login_required(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_other_methods_are_refused(app):
    assert app.put(ALL).status_code == 405


# "Filtrer"


def test_the_filter_form(app, cast, worker):
    colleague = UserFactory(structure=worker.structure, first_name="Noé", last_name="Petit")
    response = app.get(ALL)
    assertContains(response, "<summary>Filtrer</summary>")
    assertContains(response, 'method="post"')
    for label in [
        "Nom d&#x27;une personne concernée",
        "Titre de l&#x27;événement",
        "Statut",
        "Événement à partir du",
        "Jusqu&#x27;au",
        "Réservée par",
    ]:
        assertContains(response, label)
    # "Réservée par" offers the structure's workers, nobody else.
    assertContains(response, f'<option value="{colleague.pk}">Noé Petit</option>', html=True)
    assertNotContains(response, f'<option value="{cast["outsider"].pk}"')
    # "En cours" holds confirmed bookings only: no status to choose.
    assertNotContains(app.get(CURRENT), "Tous les statuts")


@pytest.mark.parametrize("query", ["helene", "HÉLÈNE", "  hélène  dupre ", "dupré hélène", "lene"])
def test_the_person_filter_ignores_accents_case_and_word_order(app, cast, query):
    response = filtered(app, ALL, personne=query)
    assert references(response) == [cast["soon"].reference, cast["past"].reference]
    assert "<details open>" in response.text


def test_the_person_filter_finds_guests_and_companions_too(app, cast):
    assert references(filtered(app, ALL, personne="lea martin")) == [cast["soon"].reference]
    assert references(filtered(app, ALL, personne="benoit")) == [cast["soon"].reference]
    # Cancelled bookings keep their persons: the history of a person is complete.
    assert references(filtered(app, ALL, personne="zoe")) == [cast["cancelled"].reference]
    assert references(filtered(app, ALL, personne="personne inconnue")) == []


def test_two_matching_participants_list_the_booking_once(app, worker):
    structure = worker.structure
    booking_for(
        worker,
        slot_in(4),
        person(structure, "Hélène", "Dupré"),
        person(structure, "Hélène", "Roy"),
        guests=[(0, "Hélène", "Petit")],
    )
    response = filtered(app, ALL, personne="helene")
    assert len(references(response)) == 1
    assertContains(response, "1 réservation<")


def test_the_person_filter_on_current(app, cast):
    assert references(filtered(app, CURRENT, personne="helene")) == [cast["soon"].reference]


def test_the_title_filter(app, cast):
    assert references(app.get(ALL, {"titre": "cygnes lac"})) == [cast["later"].reference]
    assert references(app.get(ALL, {"titre": "MALADE"})) == [cast["past"].reference]


@pytest.mark.parametrize(
    "status, expected",
    [("confirmee", ["later", "soon"]), ("annulee", ["cancelled"]), ("passee", ["past"])],
)
def test_the_status_filter(app, cast, status, expected):
    assert references(app.get(ALL, {"statut": status})) == [cast[n].reference for n in expected]


def test_the_date_range_filter(app, cast):
    day = timezone.localdate(cast["soon"].slot.starts_at)
    assert references(app.get(ALL, {"du": day, "au": day})) == [cast["soon"].reference]
    after = day + timedelta(days=1)
    assert references(app.get(ALL, {"du": after})) == [
        cast[n].reference for n in ("cancelled", "later")
    ]
    assert references(app.get(CURRENT, {"au": day})) == [cast["soon"].reference]


def test_the_booked_by_filter(app, cast, worker):
    colleague = UserFactory(structure=worker.structure)
    theirs = booking_for(colleague, slot_in(6), person(worker.structure, "Luc", "Noir"))
    assert references(app.get(ALL, {"par": colleague.pk})) == [theirs.reference]
    assert len(references(app.get(ALL, {"par": worker.pk}))) == 4


@pytest.mark.parametrize(
    "params",
    [
        {"du": "pas-une-date"},
        {"du": "2026-02-30"},
        {"du": "0001-01-01"},
        {"au": "99999-01-01"},
        {"du": "2026-06-10", "au": "2026-06-01"},
        {"statut": "perdue"},
        {"par": "abc"},
        {"par": "999999"},
        {"personne": "x" * 101},
    ],
)
def test_garbage_filters_are_ignored_with_a_french_message(app, cast, params):
    response = filtered(app, ALL, **params) if "personne" in params else app.get(ALL, params)
    assertContains(response, GARBLED)
    assert len(references(response)) == 4  # the faulty filter is not applied


def test_another_structures_worker_is_not_a_valid_choice(app, cast):
    response = app.get(ALL, {"par": cast["outsider"].pk})
    assertContains(response, GARBLED)
    assertNotContains(response, cast["theirs"].reference)


def test_the_garbage_message_sits_next_to_the_field(app, cast):
    response = app.get(ALL, {"du": "2026-06-10", "au": "2026-06-01"})
    assertContains(response, "Saisissez une date de fin à partir du 10/06/2026, la date de début.")

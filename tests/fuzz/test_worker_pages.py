"""Fuzzing the filters and forms of the worker's pages: the events hub and list, the booking
lists, "Mes statistiques" and its CSV, "Mes témoignages", the contact page, the login and
password reset forms. No answer is a server error, no typed HTML is shown as HTML."""

from urllib.parse import quote

import pytest
from django.core import mail
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from structures.models import User
from tests.factories import (
    AudienceFactory,
    BookingFactory,
    GenreFactory,
    SlotFactory,
)

from .strategies import check, form_data, fuzz, nasty_text

pytestmark = pytest.mark.django_db

EVENT_FILTERS = ["departement", "titre", "genre", "public", "du", "au", "disponibles",
                 "nouveautes", "cloture", "page"]  # fmt: skip
BOOKING_FILTERS = ["personne", "titre", "statut", "du", "au", "par", "page"]


@pytest.fixture
def offer(worker, other_structure, now):
    """Events of both départements, bookings of both relays, genres and audiences."""
    genre, audience = GenreFactory(), AudienceFactory()
    ours = SlotFactory(event__genres=[genre], event__audiences=[audience])
    theirs = SlotFactory(event__partner__department=other_structure.department)
    BookingFactory(slot=ours, structure=worker.structure, booked_by=worker)
    BookingFactory(slot=theirs, structure=other_structure)
    return {"ids": [genre.pk, audience.pk, ours.pk, theirs.pk, "75", "93", "2A", "971"]}


@fuzz(60)
@given(data=st.data())
def test_events_hub_and_list(worker_client, offer, data):
    params = data.draw(form_data(EVENT_FILTERS, *offer["ids"]))
    check(worker_client.get(reverse("events:hub"), params))
    check(worker_client.get(reverse("events:search"), params))


@fuzz(60)
@given(data=st.data())
def test_booking_lists(worker_client, offer, outsider, data):
    params = data.draw(form_data(BOOKING_FILTERS, outsider.pk, *offer["ids"]))
    check(worker_client.get(reverse("bookings:all"), params))
    check(worker_client.get(reverse("bookings:current"), params))


@fuzz(40)
@given(data=st.data())
def test_statistics_page_and_csv(worker_client, offer, data):
    params = data.draw(form_data(["start", "end"]))
    check(worker_client.get(reverse("bookings:stats"), params))
    check(worker_client.get(reverse("bookings:stats_csv"), params))


@fuzz(30)
@given(params=form_data(["page", "a_valider", "departement"]))
def test_testimonials_and_contact(worker_client, offer, params):
    check(worker_client.get(reverse("bookings:testimonials"), params))
    check(worker_client.get(reverse("structures:contact"), params))


@fuzz(40)
@given(text=nasty_text)
def test_addresses_that_are_not_a_reference_a_token_or_an_id(worker_client, offer, text):
    part = quote(text[:300], safe="")
    for url in [f"/reservations/{part}/", f"/reservations/{part}/annuler/", f"/v/{part}/",
                f"/v/contremarque/{part}/", f"/temoignages/{part}/"]:  # fmt: skip
        assert check(worker_client.get(url)).status_code in (400, 404)
    check(worker_client.get(f"/evenements/{part}/"))
    check(worker_client.post(f"/reserver/{part}/ajouter/", {"person": text}))


@fuzz(40)
@given(data=form_data(["username", "password"]))
def test_login_form(client, worker, data):
    response = check(client.post(reverse("login"), data))
    assert response.status_code in (200, 400)
    assert "_auth_user_id" not in client.session


@fuzz(30)
@given(data=form_data(["email"], "camille@relais.test"))
def test_password_reset_form(client, worker, data):
    mail.outbox.clear()
    check(client.post(reverse("password_reset"), data))
    assert len(mail.outbox) <= 1
    assert User.objects.count() == 1

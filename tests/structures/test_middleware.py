"""A NUL byte anywhere in a request answers the French 400 page (structures.middleware):
PostgreSQL refuses NUL in text, so each of these addresses was a 500 before."""

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from bookings.models import Booking
from people.models import Person
from tests.factories import BookingFactory, SlotFactory

pytestmark = pytest.mark.django_db

BAD_REQUEST = "Cette demande ne peut pas être traitée"

WORKER_URLS = [
    "/reservations/%00/",
    "/reservations/%00/annuler/",
    "/reservations/%00/agenda.ics",
    "/reservations/%00/confirmation/",
    "/v/contremarque/%00/",
    "/v/%00/",
    "/temoignages/%00/",
    "/contact/?departement=%00",
    "/evenements/?departement=%00",
    "/evenements/liste/?titre=a%00b",
    "/reservations/?titre=a%00b",
    "/reservations/en-cours/?personne=%00",
    "/statistiques/?du=%00",
    "/statistiques/export.csv?au=%00",
    "/temoignages/?page=%00",
    "/contact/?%00=75",
]

# Changelist filters and searches of each kind (choices, related ids, dates, text).
ADMIN_URLS = [
    "/admin/autocomplete/?term=%00&app_label=events&model_name=event&field_name=partner",
    "/admin/autocomplete/?term=a&app_label=%00&model_name=event&field_name=partner",
    "/admin/events/event/?q=%00",
    "/admin/events/event/?department__id__exact=%00",
    "/admin/structures/structure/?kind__exact=%00",
    "/admin/people/person/?kind=%00",
    "/admin/bookings/booking/?q=CDC-%00",
    "/admin/bookings/booking/?status__exact=%00",
    "/admin/structures/user/?q=%00",
    "/admin/events/event/%00/change/",
]


def assert_bad_request(response):
    assert response.status_code == 400
    assertContains(response, BAD_REQUEST, status_code=400)
    assertContains(response, 'lang="fr"', status_code=400)
    assertNotContains(response, "Traceback", status_code=400)


def client_of(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", WORKER_URLS)
def test_a_nul_byte_on_a_worker_page_is_a_french_400(worker, url):
    assert_bad_request(client_of(worker).get(url))


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_a_nul_byte_in_the_admin_is_a_french_400(staff_75, url):
    assert_bad_request(client_of(staff_75).get(url))


def test_anonymous_visitors_get_the_400_page_too():
    client = Client(raise_request_exception=False)
    assert_bad_request(client.get(reverse("login"), {"next": "/\x00"}))
    assert_bad_request(client.post(reverse("login"), {"username": "a\x00@b.fr", "password": "x"}))


def test_the_400_page_keeps_the_security_headers(worker):
    response = client_of(worker).get("/contact/?departement=%00")
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"


def test_a_nul_byte_in_a_post_saves_nothing(worker, now):
    slot = SlotFactory(event__partner__department=worker.structure.department)
    url = reverse("bookings:create_person", args=[slot.pk])
    data = {"personne-first_name": "Léa\x00", "personne-last_name": "Roux"}

    assert_bad_request(client_of(worker).post(url, data))
    assert not Person.objects.exists()


def test_a_nul_byte_in_an_admin_action_changes_nothing(staff_75, paris, now):
    booking = BookingFactory(slot__event__partner__department=paris, structure__department=paris)
    data = {"action": "cancel_on_behalf\x00", "_selected_action": [booking.pk]}

    response = client_of(staff_75).post(reverse("admin:bookings_booking_changelist"), data)

    assert_bad_request(response)
    assert Booking.objects.get().status == Booking.Status.CONFIRMED


def test_text_without_a_nul_byte_goes_through(worker):
    response = client_of(worker).get("/reservations/", {"personne": "é\t\x01<b>"})
    assertContains(response, "&lt;b&gt;")

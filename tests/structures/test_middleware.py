"""What every request goes through (structures.middleware): a NUL byte anywhere answers the
French 400 page (PostgreSQL refuses NUL in text, so each of these addresses was a 500
before); idle sessions end; no page or file of people's data is kept in a cache; the
Permissions-Policy header; French pages for 400 and 405."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from bookings.models import Booking
from people.models import Person
from tests.factories import PASSWORD, BookingFactory, SlotFactory, UserFactory

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
    response = client_of(worker).get("/reservations/", {"titre": "é\t\x01<b>"})
    assertContains(response, "&lt;b&gt;")


# --- Sessions --------------------------------------------------------------------------


def test_the_session_cookie_ends_with_the_browser(client):
    UserFactory(email="relais@demo.test")

    response = client.post(reverse("login"), {"username": "relais@demo.test", "password": PASSWORD})

    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""


def test_two_idle_hours_end_the_session(worker_client):
    start = timezone.now()
    with time_machine.travel(start + timedelta(hours=1, minutes=59)):
        assert worker_client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + timedelta(hours=3, minutes=58)):
        assert worker_client.get(reverse("home")).status_code == 200  # each page moves the end
    with time_machine.travel(start + timedelta(hours=6)):
        response = worker_client.get(reverse("home"))

    assertRedirects(response, f"{reverse('login')}?next=/", fetch_redirect_response=False)
    assert SESSION_KEY not in worker_client.session


def test_the_idle_period_is_a_setting(client, worker, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    client.force_login(worker)

    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        response = client.get(reverse("home"))

    assert response.status_code == 302


def test_pages_write_the_session_at_most_once_a_minute(worker_client):
    worker_client.get(reverse("structures:contact"))
    with CaptureQueriesContext(connection) as first:
        worker_client.get(reverse("structures:contact"))
    with (
        time_machine.travel(timezone.now() + timedelta(minutes=2)),
        CaptureQueriesContext(connection) as later,
    ):
        worker_client.get(reverse("structures:contact"))

    def writes(queries):
        return [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]

    assert writes(first) == []
    assert len(writes(later)) == 1


# --- Headers ---------------------------------------------------------------------------


@pytest.fixture
def booking(worker):
    return BookingFactory(structure=worker.structure, booked_by=worker)


@pytest.mark.parametrize(
    "page",
    [
        "bookings:detail",
        "bookings:confirmation",
        "bookings:ics",
        "vouchers:download",
        "bookings:current",
        "bookings:all",
        "bookings:stats",
        "bookings:stats_csv",
        "bookings:testimonials",
        "home",
    ],
)
def test_pages_and_files_of_people_are_never_stored(worker_client, booking, page):
    args = (
        [booking.reference]
        if page in {"bookings:detail", "bookings:confirmation", "bookings:ics", "vouchers:download"}
        else []
    )

    response = worker_client.get(reverse(page, args=args))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_every_page_refuses_browser_features_it_does_not_use(client):
    response = client.get(reverse("login"))

    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in policy


# --- Error pages -----------------------------------------------------------------------


def test_a_get_on_a_post_only_address_gets_a_french_page(worker_client):
    response = worker_client.get(reverse("logout"))

    assert response.status_code == 405
    assert response["Allow"] == "POST, OPTIONS"
    assertContains(response, "Action impossible depuis cette adresse", status_code=405)


def test_a_bad_request_gets_a_french_page(settings):
    settings.ALLOWED_HOSTS = ["billetterie.example.org"]

    response = Client().get("/compte/connexion/", HTTP_HOST="pirate.example.com")

    assertContains(response, "Cette demande ne peut pas être traitée", status_code=400)

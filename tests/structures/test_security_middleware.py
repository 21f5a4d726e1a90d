"""Shared computers: idle sessions end, no page or file of people's data is kept in a cache;
the Permissions-Policy header; French pages for 400 and 405."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from tests.factories import PASSWORD, BookingFactory, UserFactory

pytestmark = pytest.mark.django_db


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

"""Accounts under attack: login lockouts (django-axes), staff unlocking, the client address
behind proxies, the password-reset rate limit."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from structures import ratelimit
from structures.security import client_ip
from tests.factories import PASSWORD, UserFactory
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db

LOCKED = "Trop de tentatives de connexion ont échoué (5 essais)"


def login(client, email, password, address="198.51.100.7", url=None):
    return client.post(
        url or reverse("login"),
        {"username": email, "password": password},
        REMOTE_ADDR=address,
    )


def fail(times, email, address="198.51.100.7", url=None):
    """Wrong passwords: the form again with its message, and the fifth says it is locked."""
    return [login(Client(), email, "pas-le-bon", address, url).status_code for _ in range(times)]


# --- Lockout --------------------------------------------------------------------------


def test_four_failures_leave_the_account_open(client):
    UserFactory(email="relais@demo.test")
    fail(4, "relais@demo.test")

    assertRedirects(
        login(client, "relais@demo.test", PASSWORD), reverse("home"), fetch_redirect_response=False
    )


def test_five_failures_on_an_account_lock_it_even_with_the_right_password(client):
    UserFactory(email="relais@demo.test")
    assert fail(5, "Relais@Demo.test", address="198.51.100.1") == [200, 200, 200, 200, 429]

    response = login(client, "relais@demo.test", PASSWORD, address="203.0.113.9")

    assert response.status_code == 429
    assertContains(response, LOCKED, status_code=429)
    assertContains(response, "bloquée pendant 15 minutes", status_code=429)
    assertContains(response, reverse("password_reset"), status_code=429)
    assert "_auth_user_id" not in client.session


def test_five_failures_from_one_address_lock_it_for_every_account(client):
    UserFactory(email="relais@demo.test")
    for n in range(5):
        fail(1, f"inconnu-{n}@demo.test", address="198.51.100.66")

    locked = login(client, "relais@demo.test", PASSWORD, address="198.51.100.66")
    elsewhere = login(Client(), "relais@demo.test", PASSWORD, address="198.51.100.67")

    assertContains(locked, LOCKED, status_code=429)
    assertRedirects(elsewhere, reverse("home"), fetch_redirect_response=False)


def test_the_lockout_ends_after_fifteen_minutes(client):
    UserFactory(email="relais@demo.test")
    fail(5, "relais@demo.test")

    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = login(client, "relais@demo.test", PASSWORD)

    assertRedirects(response, reverse("home"), fetch_redirect_response=False)


def test_the_admin_login_is_locked_too(client):
    UserFactory(email="equipe@demo.test", is_staff=True, structure=None)
    fail(5, "equipe@demo.test", url=reverse("admin:login"))

    response = login(client, "equipe@demo.test", PASSWORD, url=reverse("admin:login"))

    assertContains(response, LOCKED, status_code=429)


def test_a_success_forgets_earlier_failures(client):
    UserFactory(email="relais@demo.test")
    fail(4, "relais@demo.test")
    login(Client(), "relais@demo.test", PASSWORD)
    fail(4, "relais@demo.test")

    response = login(client, "relais@demo.test", PASSWORD)

    assertRedirects(response, reverse("home"), fetch_redirect_response=False)


# --- Unlocking from the admin ---------------------------------------------------------


def test_staff_see_the_lockout_and_unlock_the_account(client, staff_75, structure):
    worker = UserFactory(email="relais@demo.test", structure=structure)
    fail(5, "relais@demo.test", address="198.51.100.5")
    client.force_login(staff_75)
    change_url = reverse("admin:structures_user_change", args=[worker.pk])

    assertContains(client.get(change_url), "Bloquée jusqu&#x27;à")
    response = client.post(
        reverse("admin:structures_user_changelist"),
        {"action": "unlock_logins", "_selected_action": [worker.pk]},
        follow=True,
    )

    assertContains(response, "Ces comptes peuvent se connecter à nouveau : relais@demo.test.")
    assertContains(client.get(change_url), "Non bloquée.")
    assertRedirects(
        login(Client(), "relais@demo.test", PASSWORD, address="198.51.100.5"),
        reverse("home"),
        fetch_redirect_response=False,
    )


def test_staff_cannot_unlock_another_departments_worker(client, staff_75, outsider):
    fail(5, outsider.email)
    client.force_login(staff_75)

    client.post(
        reverse("admin:structures_user_changelist"),
        {"action": "unlock_logins", "_selected_action": [outsider.pk]},
    )

    assertContains(login(Client(), outsider.email, PASSWORD), LOCKED, status_code=429)


# --- The client's address --------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.2"),  # no proxy of ours: the header is the client's to write
        (1, "203.0.113.4", "203.0.113.4"),
        (1, "6.6.6.6, 203.0.113.4", "203.0.113.4"),  # a forged first hop is never read
        (2, "6.6.6.6, 203.0.113.4, 10.0.0.9", "203.0.113.4"),
        (2, "203.0.113.4", "10.0.0.2"),  # fewer hops than proxies: the connection's address
        (1, "", "10.0.0.2"),
    ],
)
def test_client_ip_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


def test_behind_a_proxy_lockouts_count_the_real_client(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(email="relais@demo.test")
    for n in range(5):
        Client().post(
            reverse("login"),
            {"username": f"x{n}@demo.test", "password": "faux"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.50",
        )

    other_client = client.post(
        reverse("login"),
        {"username": "relais@demo.test", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.51",
    )

    assertRedirects(other_client, reverse("home"), fetch_redirect_response=False)


# --- Password reset -------------------------------------------------------------------


def reset(client, email, address="198.51.100.7"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_password_reset_sends_three_emails_an_hour_to_one_address(client, mailoutbox):
    UserFactory(email="relais@demo.test")

    answers = [reset(client, "relais@demo.test", f"198.51.100.{n}") for n in range(50)]
    run_tasks()

    assert len(mailoutbox) == 3
    assert {answer.status_code for answer in answers} == {302}
    assert {answer["Location"] for answer in answers} == {reverse("password_reset_done")}
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        reset(client, "relais@demo.test")
        run_tasks()
    assert len(mailoutbox) == 4


def test_password_reset_sends_ten_an_hour_from_one_client(client, mailoutbox):
    for n in range(12):
        UserFactory(email=f"relais{n}@demo.test")

    for n in range(12):
        reset(client, f"relais{n}@demo.test", address="198.51.100.99")
    run_tasks()

    assert len(mailoutbox) == 10


def test_password_reset_answers_alike_for_unknown_limited_and_known_addresses(client):
    UserFactory(email="relais@demo.test")
    known = reset(client, "relais@demo.test")
    unknown = reset(client, "personne@demo.test")
    for _ in range(5):
        limited = reset(client, "relais@demo.test")

    pages = [client.get(answer["Location"]) for answer in (known, unknown, limited)]
    assert known["Location"] == unknown["Location"] == limited["Location"]
    assert pages[0].content == pages[1].content == pages[2].content


def test_rate_limits_store_no_address(mailoutbox):
    assert ratelimit.allow(
        {("password-reset-email", "relais@demo.test"): 1}, window=timedelta(hours=1)
    )
    assert not ratelimit.allow(
        {("password-reset-email", "relais@demo.test"): 1}, window=timedelta(hours=1)
    )
    from structures.models import RateLimitHit

    [hit] = RateLimitHit.objects.all()
    assert "relais" not in hit.key and len(hit.key) == 64
    assert mail.outbox == []

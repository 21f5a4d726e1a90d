"""The login journey in a real browser: the tutorial's first step."""

import re

from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory


def session_cookies(page):
    return [c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]


def test_worker_logs_in_and_lands_on_the_personal_space(page, login, assert_no_axe_violations):
    UserFactory(email="relais@demo.test", first_name="Camille")
    page.goto(reverse("login"))
    expect(page.get_by_role("heading", name="Se connecter")).to_be_visible()
    expect(page.get_by_role("navigation", name="Menu principal")).to_have_count(0)
    assert_no_axe_violations(page)

    login("relais@demo.test", PASSWORD)

    expect(page).to_have_url(re.compile(re.escape(reverse("home")) + "$"))
    expect(page.get_by_role("heading", name="Mon espace")).to_be_visible()
    expect(page.get_by_role("navigation", name="Menu principal")).to_be_visible()
    assert session_cookies(page)
    assert_no_axe_violations(page)


def test_wrong_password_shows_a_french_error_and_opens_no_session(
    page, login, assert_no_axe_violations
):
    UserFactory(email="relais@demo.test")

    login("relais@demo.test", "pas-le-bon-mot-de-passe")

    expect(page.get_by_role("alert")).to_contain_text("Adresse e-mail ou mot de passe incorrect")
    expect(page.get_by_role("heading", name="Se connecter")).to_be_visible()
    expect(page).to_have_url(re.compile(re.escape(reverse("login")) + "$"))
    assert not session_cookies(page)
    # The address stays filled in, so the worker only retypes the password.
    expect(page.get_by_label("Adresse e-mail")).to_have_value("relais@demo.test")
    assert_no_axe_violations(page)


def test_a_page_asked_before_login_opens_after_it(page, login):
    UserFactory(email="relais@demo.test")
    page.goto(reverse("bookings:current"))
    expect(page.get_by_role("heading", name="Se connecter")).to_be_visible()

    login("relais@demo.test", PASSWORD)

    expect(page).to_have_url(re.compile(re.escape(reverse("bookings:current")) + "$"))


def test_password_reset_page(page, assert_no_axe_violations):
    UserFactory(email="relais@demo.test")
    page.goto(reverse("login"))
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    expect(page.get_by_role("heading", name="Mot de passe oublié")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Adresse e-mail").fill("relais@demo.test")
    page.get_by_role("button", name="Recevoir le lien par e-mail").click()

    expect(page.get_by_role("heading", name="Vérifiez votre boîte e-mail")).to_be_visible()
    assert_no_axe_violations(page)


def test_session_cookie_login_and_logout(page, login_as):
    login_as(UserFactory())
    page.goto(reverse("home"))
    expect(page.get_by_role("heading", name="Mon espace")).to_be_visible()

    page.get_by_role("button", name="Se déconnecter").click()

    expect(page.get_by_role("heading", name="Se connecter")).to_be_visible()
    page.goto(reverse("home"))
    expect(page.get_by_role("heading", name="Se connecter")).to_be_visible()


def test_empty_login_form_shows_errors_next_to_the_fields(page, assert_no_axe_violations):
    page.goto(reverse("login"))
    page.get_by_role("button", name="Se connecter").click()

    expect(page.get_by_text("Ce champ est obligatoire : renseignez-le.")).to_have_count(2)
    expect(page.get_by_label("Adresse e-mail")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)


def test_five_wrong_passwords_lock_the_login_and_say_what_to_do(
    page, login, assert_no_axe_violations
):
    UserFactory(email="relais@demo.test")
    for _ in range(4):
        login("relais@demo.test", "pas-le-bon-mot-de-passe")
        expect(page.get_by_role("alert")).to_contain_text("mot de passe incorrect")

    login("relais@demo.test", "pas-le-bon-mot-de-passe")

    expect(page.get_by_role("heading", name="Connexion bloquée pour un moment")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("bloquée pendant 15 minutes")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Revenir à la connexion").click()
    login("relais@demo.test", PASSWORD)
    expect(page.get_by_role("heading", name="Connexion bloquée pour un moment")).to_be_visible()
    assert not session_cookies(page)

    page.get_by_role("link", name="Choisir un nouveau mot de passe").click()
    expect(page.get_by_role("heading", name="Mot de passe oublié")).to_be_visible()

"""Accounts: login by e-mail, login required everywhere, password reset, logout; the login
form's expired-form page and CSP."""

import re
import uuid

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, converters, get_resolver, reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from bookings.converters import ReferenceConverter
from tests.factories import PASSWORD, UserFactory
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db

INVALID_LOGIN = "Adresse e-mail ou mot de passe incorrect"


def login_post(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


# --- Login ---------------------------------------------------------------------------


def test_login_page_is_public_french_and_without_side_menu(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get(reverse("login"))

    assertContains(response, "<h1>Se connecter</h1>", html=True)
    assertContains(response, "Adresse e-mail")
    assertContains(response, "Mot de passe")
    assertContains(response, f'href="{reverse("password_reset")}"')
    assertContains(response, "Mot de passe oublié&nbsp;?")
    assertNotContains(response, "Menu principal")


def test_login_by_email_lands_on_the_personal_space(client):
    user = UserFactory(email="relais@demo.test")

    response = login_post(client, "relais@demo.test", PASSWORD)

    assertRedirects(response, reverse("home"), fetch_redirect_response=False)
    assert logged_in_user_id(client) == str(user.pk)
    assertContains(client.get(reverse("home")), "Mon espace")


def test_login_email_is_case_insensitive(client):
    user = UserFactory(email="relais@demo.test")

    response = login_post(client, "  Relais@Demo.TEST ", PASSWORD)

    assertRedirects(response, reverse("home"), fetch_redirect_response=False)
    assert logged_in_user_id(client) == str(user.pk)


def test_login_follows_next_to_the_page_asked_for(client):
    UserFactory(email="relais@demo.test")
    url = reverse("bookings:current")

    response = client.post(
        reverse("login"), {"username": "relais@demo.test", "password": PASSWORD, "next": url}
    )

    assertRedirects(response, url, fetch_redirect_response=False)


def test_login_never_redirects_to_another_site(client):
    UserFactory(email="relais@demo.test")

    response = client.post(
        reverse("login"),
        {"username": "relais@demo.test", "password": PASSWORD, "next": "https://evil.test/"},
    )

    assertRedirects(response, reverse("home"), fetch_redirect_response=False)


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("relais@demo.test", "pas-le-bon-mot-de-passe"),
        ("inconnu@demo.test", PASSWORD),
        ("relais@demo.test", PASSWORD.upper()),
    ],
    ids=["wrong-password", "unknown-email", "password-is-case-sensitive"],
)
def test_wrong_credentials_show_one_french_error_and_open_no_session(client, email, password):
    UserFactory(email="relais@demo.test")

    response = login_post(client, email, password)

    assert response.status_code == 200
    assertContains(response, INVALID_LOGIN)
    assertContains(response, 'role="alert"')
    assert logged_in_user_id(client) is None


def test_inactive_account_cannot_log_in(client):
    UserFactory(email="ancien@demo.test", is_active=False)

    response = login_post(client, "ancien@demo.test", PASSWORD)

    assertContains(response, INVALID_LOGIN)
    assert logged_in_user_id(client) is None


def test_empty_login_form_says_which_fields_are_missing(client):
    response = login_post(client, "", "")

    assertContains(response, "Ce champ est obligatoire\u00a0: renseignez-le.", count=2)
    assert logged_in_user_id(client) is None


def test_a_logged_in_worker_opening_the_login_page_goes_to_the_personal_space(client):
    client.force_login(UserFactory())

    response = client.get(reverse("login"))

    assertRedirects(response, reverse("home"), fetch_redirect_response=False)


# --- Login required everywhere -------------------------------------------------------

# Sample values for each path converter, to reverse every URL of the portal.
SAMPLE_ARGS = {
    converters.IntConverter: 1,
    converters.StringConverter: "CDC-7K3M9Q",
    converters.SlugConverter: "exemple",
    converters.PathConverter: "a/b",
    converters.UUIDConverter: uuid.uuid4(),
    ReferenceConverter: "CDC-7K3M9Q",
}

# Pages anyone may open: the accounts pages. The counter-mark verification page
# (vouchers:verify) and the venue's check-in sheet (vouchers:check_in) are opened without
# login through a signed link; their own tests cover them, so the sweep skips them.
PUBLIC_URL_NAMES = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
# The legal pages the footer links (portal/legal.py) are public too: tests/portal/test_legal.py.
SKIPPED_URL_NAMES = {
    "vouchers:verify",
    "vouchers:check_in",
    "vouchers:check_in_arrive",
    "vouchers:check_in_booking",
    "vouchers:check_in_undo",
    "legal:privacy",
    "legal:notice",
    "legal:accessibility",
}

# The portal's pages named in the project notes: the sweep below must find them all.
PORTAL_URL_NAMES = {
    "home",
    "events:hub",
    "events:search",
    "events:detail",
    "bookings:new",
    "bookings:current",
    "bookings:all",
    "bookings:detail",
    "bookings:stats",
    "bookings:testimonials",
    "structures:contact",
    "logout",
}


def named_urls(resolver=None, namespace=""):
    """Every named URL of the project with sample kwargs, except the admin's own site."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the admin has its own login page and its own tests
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            # A new converter type needs a sample value above: fail loudly on it.
            kwargs = {key: SAMPLE_ARGS[type(c)] for key, c in pattern.pattern.converters.items()}
            yield f"{namespace}{pattern.name}", kwargs


def login_required_urls():
    return [
        (name, kwargs)
        for name, kwargs in named_urls()
        if name not in PUBLIC_URL_NAMES | SKIPPED_URL_NAMES
    ]


def test_the_sweep_finds_every_portal_page():
    found = {name for name, _ in named_urls()}

    assert PORTAL_URL_NAMES.issubset(found)
    assert PUBLIC_URL_NAMES.issubset(found)


@pytest.mark.parametrize(("name", "kwargs"), login_required_urls(), ids=lambda v: str(v))
def test_every_portal_page_requires_login(client, name, kwargs):
    url = reverse(name, kwargs=kwargs)

    response = client.get(url)

    assertRedirects(response, f"{reverse('login')}?next={url}", fetch_redirect_response=False)


@pytest.mark.parametrize(
    "url",
    [
        reverse("login"),
        reverse("password_reset"),
        reverse("password_reset_done"),
        reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "abc-def"}),
        reverse("password_reset_complete"),
    ],
)
def test_accounts_pages_are_public(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assertNotContains(response, "Menu principal")


# --- Password reset ------------------------------------------------------------------


def test_password_reset_gives_the_same_answer_for_unknown_and_known_addresses(client):
    UserFactory(email="relais@demo.test")

    unknown = client.post(reverse("password_reset"), {"email": "inconnu@demo.test"}, follow=True)
    run_tasks()
    unknown_outbox = len(mail.outbox)
    known = client.post(reverse("password_reset"), {"email": "relais@demo.test"}, follow=True)
    run_tasks()

    assert unknown_outbox == 0
    assert len(mail.outbox) == 1
    assert unknown.redirect_chain == known.redirect_chain
    assert unknown.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert unknown.content == known.content
    assertContains(known, "Vérifiez votre boîte e-mail")
    assertContains(known, "Si un compte existe avec cette adresse")


def test_password_reset_sends_no_email_to_an_inactive_account(client):
    UserFactory(email="ancien@demo.test", is_active=False)

    response = client.post(reverse("password_reset"), {"email": "ancien@demo.test"})
    run_tasks()

    assertRedirects(response, reverse("password_reset_done"), fetch_redirect_response=False)
    assert mail.outbox == []


def test_an_invited_worker_without_a_password_yet_can_ask_for_a_link(client):
    worker = UserFactory(email="nouvelle@relais.test")
    worker.set_unusable_password()
    worker.save()

    client.post(reverse("password_reset"), {"email": "Nouvelle@Relais.test"})
    run_tasks()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nouvelle@relais.test"]


def test_password_reset_rejects_a_malformed_address_next_to_the_field(client):
    response = client.post(reverse("password_reset"), {"email": "pas-une-adresse"})
    run_tasks()

    assertContains(response, "Saisissez une adresse e-mail complète, par exemple prenom.nom@")
    assert mail.outbox == []


def test_password_reset_email_link_sets_a_new_password(client):
    user = UserFactory(email="relais@demo.test", first_name="Camille")

    client.post(reverse("password_reset"), {"email": "RELAIS@demo.test"})
    run_tasks()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["relais@demo.test"]
    assert message.subject == f"Choisir un nouveau mot de passe – {settings.ASSOCIATION_NAME}"
    assert message.body.startswith("Bonjour Camille,")
    assert "Pour choisir un nouveau mot de passe, ouvrez ce lien" in message.body
    assert "&#x27;" not in message.body  # plain text, not HTML-escaped
    link = re.search(rf"{re.escape(settings.SITE_URL)}(/\S+)", message.body).group(1)

    # The link hides its token behind a redirect, then shows the form.
    response = client.get(link, follow=True)
    assertContains(response, "Choisir un nouveau mot de passe")
    form_url = response.redirect_chain[-1][0]
    new_password = "un-nouveau-mot-de-passe-solide"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assertRedirects(response, reverse("password_reset_complete"), fetch_redirect_response=False)
    assertContains(client.get(reverse("password_reset_complete")), "Mot de passe enregistré")

    assert logged_in_user_id(client) is None  # a reset does not log in by itself
    login_post(client, "relais@demo.test", PASSWORD)
    assert logged_in_user_id(client) is None  # the old password is gone
    login_post(client, "relais@demo.test", new_password)
    assert logged_in_user_id(client) == str(user.pk)

    # The link works once.
    client.logout()
    assertContains(client.get(link, follow=True), "Ce lien ne fonctionne plus")


def test_password_reset_refuses_a_weak_or_mismatched_password_in_french(client):
    UserFactory(email="relais@demo.test")
    client.post(reverse("password_reset"), {"email": "relais@demo.test"})
    run_tasks()
    link = re.search(rf"{re.escape(settings.SITE_URL)}(/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]

    weak = client.post(form_url, {"new_password1": "123", "new_password2": "123"})
    mismatch = client.post(
        form_url, {"new_password1": "un-mot-de-passe-1", "new_password2": "un-mot-de-passe-2"}
    )

    assertContains(weak, "Ce mot de passe est trop court\u00a0: choisissez-en un d&#x27;au moins")
    assertContains(mismatch, "Les deux mots de passe ne sont pas identiques\u00a0: saisissez")


def test_a_broken_reset_link_explains_what_to_do(client):
    url = reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "abc-def"})

    response = client.get(url)

    assertContains(response, "Ce lien ne fonctionne plus")
    assertContains(response, f'href="{reverse("password_reset")}"')


# --- Logout --------------------------------------------------------------------------


def test_logout_is_post_only(client):
    user = UserFactory()
    client.force_login(user)

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert logged_in_user_id(client) == str(user.pk)


def test_logout_logs_out_and_goes_back_to_the_login_page(client):
    client.force_login(UserFactory())

    response = client.post(reverse("logout"))

    assertRedirects(response, reverse("login"), fetch_redirect_response=False)
    assert logged_in_user_id(client) is None
    home = client.get(reverse("home"))
    assertRedirects(home, f"{reverse('login')}?next=/", fetch_redirect_response=False)


def test_every_page_offers_logout_as_a_form(client):
    client.force_login(UserFactory())

    response = client.get(reverse("home"))

    # Twice: in the header on a wide screen, in the folded menu on a phone (CSS shows one).
    assertContains(
        response, f'<form method="post" action="{reverse("logout")}" class="logout">', count=2
    )


# --- The login form expired, the accounts pages' CSP ------------------------------------


def test_expired_form_403_is_french():
    UserFactory(email="relais@demo.test")
    client = Client(enforce_csrf_checks=True)

    response = login_post(client, "relais@demo.test", PASSWORD)

    assertContains(response, "Le formulaire a expiré", status_code=403)
    assert logged_in_user_id(client) is None


def test_error_and_accounts_pages_carry_the_strict_csp(client):
    response = client.get(reverse("login"))

    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "style-src 'self'" in response["Content-Security-Policy"]

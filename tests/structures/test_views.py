"""The error pages (structures.views): French, never a traceback. The contact page has its own
file, test_contact.py."""

import pytest
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import Client
from django.urls import path, reverse
from pytest_django.asserts import assertContains, assertNotContains

import config.urls
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@login_not_required
def broken_view(request):
    raise RuntimeError("boom")


@login_not_required
def forbidden_view(request):
    raise PermissionDenied


# A URLconf for the error-page tests: the project's, plus two views that fail on purpose.
urlpatterns = [
    path("test/panne/", broken_view),
    path("test/interdit/", forbidden_view),
    *config.urls.urlpatterns,
]
handler404 = config.urls.handler404
handler403 = config.urls.handler403
handler500 = config.urls.handler500


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "logged-in"])
def test_404_page_is_french_and_never_a_traceback(client, logged_in):
    assert settings.DEBUG is False
    if logged_in:
        client.force_login(UserFactory())

    response = client.get("/cette-page-nexiste-pas/")

    assert response.status_code == 404
    assertContains(response, "Page introuvable", status_code=404)
    assertNotContains(response, "Traceback", status_code=404)
    assertNotContains(response, "URLconf", status_code=404)
    next_step = reverse("home") if logged_in else reverse("login")
    assertContains(response, f'href="{next_step}"', status_code=404)


@pytest.mark.urls(__name__)
def test_500_page_is_french_and_never_a_traceback():
    client = Client(raise_request_exception=False)

    response = client.get("/test/panne/")

    assert response.status_code == 500
    assertContains(response, "un problème est survenu", status_code=500)
    assertContains(response, "Revenir à l'accueil", status_code=500)
    assertNotContains(response, "boom", status_code=500)
    assertNotContains(response, "Traceback", status_code=500)


def test_500_page_renders_without_a_request():
    html = render_to_string("500.html")

    assert "un problème est survenu" in html
    assert 'lang="fr"' in html


@pytest.mark.urls(__name__)
def test_403_page_is_french(client):
    response = client.get("/test/interdit/")

    assertContains(response, "Accès refusé", status_code=403)

"""The base layout: the side menu of the tutorial, and what staff without a structure see."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db
WORKER_MENU = [
    "Mon espace",
    "Tous les événements",
    "Réservations en cours",
    "Toutes les réservations",
    "Mes statistiques",
    "Mes témoignages",
    "Contact",
]


def test_a_worker_has_the_tutorial_side_menu_and_the_round_button(client):
    client.force_login(UserFactory(first_name="Camille", last_name="Dupont"))
    response = client.get(reverse("structures:contact"))
    for label in WORKER_MENU:
        assertContains(response, f">{label}</a>")
    assertContains(response, 'class="avatar"')
    assertContains(response, "Aller au contenu")
    assertNotContains(response, ">Administration</a>")


def test_staff_without_a_structure_see_no_worker_only_entries(client):
    client.force_login(UserFactory(staff=True, departments=[DepartmentFactory(code="75")]))
    response = client.get(reverse("structures:contact"))
    assertContains(response, ">Contact</a>")
    assertContains(response, ">Administration</a>")
    for label in ["Réservations en cours", "Mes statistiques", "Mes témoignages"]:
        assertNotContains(response, f">{label}</a>")

"""The contact page: the worker's département team, and any other team on demand."""

import pytest
from django.urls import reverse

from structures.models import Department
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("structures:contact")


@pytest.fixture(autouse=True)
def teams():
    """Give Paris and Seine-Saint-Denis a team; Ain (no team) stays inactive."""
    Department.objects.update_or_create(
        code="75",
        defaults={
            "name": "Paris",
            "is_active": True,
            "team_name": "Équipe de Paris",
            "team_phone": "01 23 45 67 89",
            "team_email": "paris@asso.test",
            "team_address": "5 rue des Lilas\n75011 Paris",
        },
    )
    Department.objects.update_or_create(
        code="93",
        defaults={
            "name": "Seine-Saint-Denis",
            "is_active": True,
            "team_name": "",
            "team_phone": "01 48 00 00 00",
            "team_email": "93@asso.test",
            "team_address": "",
        },
    )
    for code, name in (("01", "Ain"), ("2A", "Corse-du-Sud")):
        Department.objects.update_or_create(code=code, defaults={"name": name, "is_active": False})


def test_needs_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_shows_the_workers_team(client, worker, django_assert_max_num_queries):
    client.force_login(worker)

    with django_assert_max_num_queries(5):
        response = client.get(URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Votre équipe" in content
    assert "Équipe de Paris" in content
    assert '<a href="tel:0123456789">01 23 45 67 89</a>' in content
    assert '<a href="mailto:paris@asso.test">paris@asso.test</a>' in content
    assert "5 rue des Lilas<br>75011 Paris" in content


def test_drop_down_lists_active_departments_with_a_label_and_a_button(client, worker):
    client.force_login(worker)

    content = client.get(URL).content.decode()

    assert "<label for=\"id_departement\">Voir l'équipe d'un autre département</label>" in content
    assert '<option value="75" selected>75 – Paris</option>' in content
    assert '<option value="93">93 – Seine-Saint-Denis</option>' in content
    assert 'value="01"' not in content  # Ain has no team: not offered
    assert '<button type="submit" class="button">Afficher</button>' in content


def test_shows_a_chosen_departments_team(client, worker):
    client.force_login(worker)

    response = client.get(URL, {"departement": "93"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Équipe Seine-Saint-Denis" in content  # team_label falls back on the name
    assert "01 48 00 00 00" in content
    assert "93@asso.test" in content
    assert "Équipe de Paris" in content  # the worker's own team stays on top
    assert '<option value="93" selected>' in content


def test_a_department_without_team_says_so(client, worker):
    client.force_login(worker)
    content = client.get(URL, {"departement": "2a"}).content.decode()
    assert "L'association n'a pas encore d'équipe dans ce département." in content
    assert "2A – Corse-du-Sud" in content


@pytest.mark.parametrize("code", ["ZZ", "<script>", "9" * 500, " "])
def test_an_unknown_code_gets_a_french_message_never_a_500(client, worker, code):
    client.force_login(worker)

    response = client.get(URL, {"departement": code})

    content = response.content.decode()
    assert response.status_code == 200
    assert "<script>" not in content
    if code.strip():
        assert "Aucun département ne correspond au code" in content
        assert 'aria-invalid="true"' in content
    assert "Équipe de Paris" in content


def test_staff_see_their_first_department(client, teams):
    staff = UserFactory(staff=True, departments=[Department.objects.get(code="93")])
    client.force_login(staff)
    content = client.get(URL).content.decode()
    assert "Votre équipe" in content
    assert "Équipe Seine-Saint-Denis" in content

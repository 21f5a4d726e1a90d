"""The network in the admin: départements (their team, not their INSEE code), structures and
their workers, invited by e-mail."""

import pytest
from django.urls import reverse

from structures.models import Department, OutgoingEmail, Structure
from tests import factories
from tests.tasks import run_tasks

from .admin_pages import admin_url, team_client

pytestmark = pytest.mark.django_db


# --- Départements ------------------------------------------------------------------------


def test_department_team_is_editable_but_not_its_insee_code(admin_client):
    department = factories.DepartmentFactory(code="93")
    data = {
        "code": "99",
        "name": "Autre nom",
        "is_active": "on",
        "team_name": "Équipe 93",
        "team_phone": "01 48 00 00 00",
        "team_email": "equipe93@asso.test",
        "team_address": "1 place de la Mairie, Bobigny",
        "cutoff_hours": "48",
        "notify_empty_guest_list": "on",
    }

    response = admin_client.post(admin_url(Department, "change", department.pk), data)

    assert response.status_code == 302
    department.refresh_from_db()
    assert (department.code, department.name) == ("93", "Seine-Saint-Denis")
    assert department.team_phone == "01 48 00 00 00"
    assert department.is_active


def test_duplicate_department_code_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:structures_department_add"),
        {"code": "75", "name": "Paris bis", "cutoff_hours": "48"},
    )

    assert response.status_code == 200
    assert "Code INSEE\u00a0» est déjà prise (Département)" in response.text
    assert Department.objects.filter(code="75").count() == 1


# --- Network: structures and their workers -------------------------------------------------


def structure_add_data(department, workers):
    data = {
        "name": "Relais des Lilas",
        "kind": "association",
        "department": department.pk,
        "is_active": "on",
        "workers-TOTAL_FORMS": str(len(workers)),
        "workers-INITIAL_FORMS": "0",
        "workers-MIN_NUM_FORMS": "0",
        "workers-MAX_NUM_FORMS": "1000",
    }
    for index, (email, first_name) in enumerate(workers):
        data.update(
            {
                f"workers-{index}-email": email,
                f"workers-{index}-first_name": first_name,
                f"workers-{index}-last_name": "Durand",
                f"workers-{index}-is_active": "on",
            }
        )
    return data


def test_team_creates_a_structure_with_its_workers_who_are_invited(client, mailoutbox):
    paris = factories.DepartmentFactory(code="75")
    client = team_client(client, paris)
    workers = [("Lea@Lilas.test", "Léa"), ("marc@lilas.test", "Marc")]

    response = client.post(admin_url(Structure, "add"), structure_add_data(paris, workers))
    run_tasks()

    assert response.status_code == 302
    structure = Structure.objects.get(name="Relais des Lilas")
    created = list(structure.workers.order_by("email"))
    assert [user.email for user in created] == ["lea@lilas.test", "marc@lilas.test"]
    assert not any(user.has_usable_password() or user.is_staff for user in created)
    assert sorted(email.to[0] for email in mailoutbox) == ["lea@lilas.test", "marc@lilas.test"]
    assert all("/compte/mot-de-passe/nouveau/" in email.body for email in mailoutbox)
    assert "Relais des Lilas" in mailoutbox[0].body


def test_structure_with_a_worker_email_already_used_is_not_half_saved(client, mailoutbox):
    paris = factories.DepartmentFactory(code="75")
    factories.UserFactory(email="lea@lilas.test")
    client = team_client(client, paris)

    response = client.post(
        admin_url(Structure, "add"), structure_add_data(paris, [("LEA@lilas.test", "Léa")])
    )
    run_tasks()

    assert response.status_code == 200
    assert "Un compte utilise déjà cette adresse e-mail." in response.text
    assert not Structure.objects.filter(name="Relais des Lilas").exists()
    assert not OutgoingEmail.objects.exists()
    assert mailoutbox == []


def test_deactivate_and_reactivate_a_structure(admin_client):
    booking = factories.BookingFactory()
    structure = booking.structure
    url = admin_url(Structure, "changelist")

    admin_client.post(url, {"action": "deactivate", "_selected_action": [structure.pk]})
    structure.refresh_from_db()
    assert not structure.is_active
    assert structure.bookings.get() == booking  # bookings stay

    admin_client.post(url, {"action": "reactivate", "_selected_action": [structure.pk]})
    structure.refresh_from_db()
    assert structure.is_active

"""The département drop-down of the header: its choices, remembered for the session."""

import pytest
from django.urls import reverse

from events.department_choice import SESSION_KEY
from tests.events.helpers import event_in
from tests.factories import (
    DepartmentFactory,
    StructureFactory,
    UserFactory,
)

pytestmark = pytest.mark.usefixtures("now")


def test_departement_drop_down_lists_active_ones_and_the_workers_own(
    client, seine_saint_denis, now
):
    inactive_own = DepartmentFactory(code="23")  # Creuse, not active on the portal
    worker = UserFactory(structure=StructureFactory(department=inactive_own))
    client.force_login(worker)

    response = client.get(reverse("events:hub"))

    choices = dict(response.context["department_form"].fields["departement"].choices)
    assert "23" in choices
    assert "93" in choices
    assert "01" not in choices  # inactive and not the worker's
    assert response.context["department"] == inactive_own
    content = response.content.decode()
    assert '<label for="choix-departement">Département\u00a0:</label>' in content
    assert '>OK<span class="visually-hidden">, changer de département</span></button>' in content
    assert "data-autosubmit" in content


def test_changing_departement_is_remembered_for_the_session(
    worker_client, paris, seine_saint_denis, now
):
    event_in(seine_saint_denis, now, title="Au 93")
    event_in(paris, now, title="Au 75")

    response = worker_client.get(reverse("events:hub"), {"departement": "93"})
    assert response.context["department"] == seine_saint_denis
    assert worker_client.session[SESSION_KEY] == "93"

    for name in ("events:hub", "events:search", "home"):
        response = worker_client.get(reverse(name))
        assert response.context["department"] == seine_saint_denis
    content = worker_client.get(reverse("events:search")).content.decode()
    assert "Au 93" in content
    assert "Au 75" not in content


@pytest.mark.parametrize("code", ["01", "zz", "x" * 5000])
def test_an_unknown_departement_is_ignored_with_a_message(worker_client, paris, now, code):
    event_in(paris, now, title="Au 75")

    for name in ("events:hub", "events:search"):
        response = worker_client.get(reverse(name), {"departement": code})
        assert response.status_code == 200
        assert response.context["department"] == paris
        content = response.content.decode()
        assert "n&#x27;est pas proposé sur le portail" in content
        assert "Au 75" in content


def test_search_header_form_keeps_the_other_filters(worker_client, paris, now):
    response = worker_client.get(
        reverse("events:search"), {"departement": "75", "titre": "cirque", "page": "2"}
    )

    assert response.context["keep_params"] == [("titre", "cirque")]
    assert '<input type="hidden" name="titre" value="cirque">' in response.content.decode()

"""What the département team may do in the admin: no password to type nor rights to grant,
no staff account to reach; the read-only team; staff without a département.

The cast (`staff_client`, `ours`) is the scoping tests', in conftest.py."""

import pytest
from django.urls import reverse

from events.models import Event, Slot
from structures.groups import DEPARTMENT_TEAM_READ_ONLY
from structures.models import User

from .admin_pages import admin_url, run_action, staff_member

pytestmark = pytest.mark.django_db


def test_staff_cannot_type_a_password_nor_grant_rights(staff_client, ours):
    worker = ours[User]

    password_page = staff_client.get(reverse("admin:auth_user_password_change", args=[worker.pk]))
    form = staff_client.get(admin_url(User, "change", worker.pk)).context["adminform"].form
    add_form = staff_client.get(admin_url(User, "add")).context["adminform"].form

    assert password_page.status_code == 403
    rights = {"password", "is_staff", "is_superuser", "groups", "user_permissions", "departments"}
    assert not rights & set(form.fields)
    assert not rights & set(add_form.fields)


def test_staff_accounts_are_out_of_reach_of_the_team(staff_client, paris):
    colleague = staff_member(paris, email="collegue@asso.test")

    response = staff_client.get(admin_url(User, "change", colleague.pk))

    assert response.status_code == 404


def test_read_only_team_sees_but_cannot_change(client, paris, ours):
    client.force_login(staff_member(paris, group=DEPARTMENT_TEAM_READ_ONLY))
    event = ours[Event]

    changelist = client.get(admin_url(Event, "changelist"))
    page = client.get(admin_url(Event, "change", event.pk))
    forged = client.post(admin_url(Event, "change", event.pk), {"title": "Changé"})
    action = run_action(client, Event, "publish", [event])

    assert event in changelist.context["cl"].result_list
    assert 'value="publish"' not in changelist.text
    assert page.status_code == 200 and 'name="_save"' not in page.text
    assert forged.status_code == 403
    assert action.status_code == 200
    event.refresh_from_db()
    assert not event.is_published and event.title == "Spectacle Lutèce"
    assert (
        client.get(reverse("admin:events_slot_guest_list_pdf", args=[ours[Slot].pk])).status_code
        == 200
    )


def test_staff_without_department_sees_nothing(client, ours):
    client.force_login(staff_member())

    response = client.get(admin_url(Event, "changelist"))

    assert list(response.context["cl"].result_list) == []

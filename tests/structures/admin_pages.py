"""The admin tests' helpers: URLs of the admin pages, staff members of a département team,
actions run from a change list."""

from django.contrib.auth.models import Group
from django.urls import reverse

from structures.groups import DEPARTMENT_TEAM
from tests import factories

# Every name of the out-of-scope département contains it, so a leak shows in any page's text.
MARKER = "Zanzibar"


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def staff_member(*departments, group=DEPARTMENT_TEAM, email=None):
    extra = {"email": email} if email else {}
    user = factories.UserFactory(staff=True, departments=list(departments), **extra)
    user.groups.add(Group.objects.get(name=group))
    return user


def team_client(client, *departments):
    staff = factories.UserFactory(staff=True, departments=list(departments))
    staff.groups.add(Group.objects.get(name="Équipe département"))
    client.force_login(staff)
    return client


def run_action(client, model, action, objects):
    return client.post(
        admin_url(model, "changelist"),
        {"action": action, "_selected_action": [obj.pk for obj in objects], "index": "0"},
    )

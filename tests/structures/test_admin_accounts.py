"""Accounts in the admin: created by e-mail, no username nor password typed, an invitation
to choose one; what the département team may create."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from structures.models import OutgoingEmail, User
from tests import factories
from tests.tasks import run_tasks

from .admin_pages import admin_url, team_client

pytestmark = pytest.mark.django_db


# --- Accounts: created by e-mail, no username ------------------------------------------


def user_add_data(**overrides):
    data = {
        "email": "Nouvelle.Referente@Relais.test",
        "first_name": "Nadia",
        "last_name": "Benali",
        "phone": "06 11 22 33 44",
        "structure": "",
    }
    data.update(overrides)
    return data


def test_add_form_asks_for_an_email_and_no_username_nor_password(admin_client):
    response = admin_client.get(admin_url(User, "add"))

    form = response.context["adminform"].form
    assert "username" not in form.fields
    assert {"email", "first_name", "last_name", "structure", "is_staff", "departments"} <= set(
        form.fields
    )
    assert not {"password", "password1", "password2", "usable_password"} & set(form.fields)
    assert 'type="password"' not in response.text


def test_new_worker_chooses_a_password_from_the_invitation_email(admin_client, client, mailoutbox):
    structure = factories.StructureFactory()

    response = admin_client.post(admin_url(User, "add"), user_add_data(structure=structure.pk))
    run_tasks()

    assert response.status_code == 302
    user = User.objects.get(email="nouvelle.referente@relais.test")
    assert user.structure == structure
    assert not user.has_usable_password()
    assert not user.is_staff
    assert response.url == admin_url(User, "change", user.pk)
    [email] = mailoutbox
    assert email.to == ["nouvelle.referente@relais.test"]
    assert "choisissez votre mot de passe" in email.subject
    link = re.search(r"https?://\S+/compte/mot-de-passe/nouveau/\S+/", email.body).group(0)
    form_page = client.get(urlsplit(link).path, follow=True)
    assert "new_password1" in form_page.context["form"].fields
    set_password = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "un-mot-de-passe-solide-2026",
            "new_password2": "un-mot-de-passe-solide-2026",
        },
    )
    assert set_password.status_code == 302
    user.refresh_from_db()
    assert user.check_password("un-mot-de-passe-solide-2026")


def test_no_email_leaves_when_the_account_is_refused(admin_client, mailoutbox):
    with_commit = admin_client.post(admin_url(User, "add"), user_add_data())
    run_tasks()

    assert with_commit.status_code == 200
    assert not OutgoingEmail.objects.exists()
    assert mailoutbox == []


def test_staff_member_is_created_with_departments_and_no_structure(admin_client):
    paris = factories.DepartmentFactory(code="75")
    seine_saint_denis = factories.DepartmentFactory(code="93")
    data = user_add_data(is_staff="on", departments=[paris.pk, seine_saint_denis.pk])

    response = admin_client.post(admin_url(User, "add"), data)

    assert response.status_code == 302
    user = User.objects.get(email="nouvelle.referente@relais.test")
    assert user.is_staff and user.structure is None
    assert set(user.departments.all()) == {paris, seine_saint_denis}
    assert [group.name for group in user.groups.all()] == ["Équipe département"]


def test_worker_without_structure_is_refused_with_a_message(admin_client):
    response = admin_client.post(admin_url(User, "add"), user_add_data())

    assert response.status_code == 200
    assert "doit être rattaché à une structure" in response.text
    assert not User.objects.filter(email__iexact="nouvelle.referente@relais.test").exists()


def test_email_already_used_in_another_case_is_refused(admin_client):
    existing = factories.UserFactory(email="nouvelle.referente@relais.test")

    response = admin_client.post(
        admin_url(User, "add"), user_add_data(structure=existing.structure_id)
    )

    assert response.status_code == 200
    assert User.objects.filter(email__iexact="nouvelle.referente@relais.test").count() == 1
    assert response.context["adminform"].form.errors


def test_change_form_links_to_the_password_change(admin_client):
    user = factories.UserFactory()

    response = admin_client.get(admin_url(User, "change", user.pk))
    password_page = admin_client.get(reverse("admin:auth_user_password_change", args=[user.pk]))

    assert 'href="../password/"' in response.text
    assert "username" not in response.context["adminform"].form.fields
    assert password_page.status_code == 200


def test_superuser_may_still_set_a_password_by_hand(admin_client):
    user = factories.UserFactory()
    url = reverse("admin:auth_user_password_change", args=[user.pk])

    response = admin_client.post(
        url,
        {
            "usable_password": "true",
            "password1": "encore-un-mot-de-passe-2026",
            "password2": "encore-un-mot-de-passe-2026",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("encore-un-mot-de-passe-2026")


def test_users_are_found_by_email_and_name_and_filtered_by_department(admin_client):
    paris = factories.UserFactory(email="alice@relais.test", last_name="Durand")
    factories.UserFactory(
        email="bob@relais.test",
        last_name="Petit",
        structure=factories.StructureFactory(department=factories.DepartmentFactory(code="93")),
    )
    url = admin_url(User, "changelist")

    by_email = admin_client.get(url, {"q": "alice@"}).context["cl"].result_list
    by_name = admin_client.get(url, {"q": "durand"}).context["cl"].result_list
    in_75 = (
        admin_client.get(url, {"structure__department__id__exact": paris.structure.department_id})
        .context["cl"]
        .result_list
    )

    assert list(by_email) == [paris]
    assert list(by_name) == [paris]
    assert list(in_75) == [paris]


def test_team_creates_a_worker_without_a_password(client, mailoutbox):
    structure = factories.StructureFactory()
    client = team_client(client, structure.department)

    response = client.post(
        admin_url(User, "add"),
        user_add_data(structure=structure.pk, is_staff="on", departments=[1]),
    )
    run_tasks()

    assert response.status_code == 302
    user = User.objects.get(email="nouvelle.referente@relais.test")
    assert not user.is_staff and not user.departments.exists()  # not the team's to grant
    assert not user.has_usable_password()
    assert [email.to for email in mailoutbox] == [["nouvelle.referente@relais.test"]]


def test_invitation_can_be_sent_again(admin_client, mailoutbox):
    worker = factories.UserFactory()
    inactive = factories.UserFactory(is_active=False)

    admin_client.post(
        admin_url(User, "changelist"),
        {"action": "send_invitations", "_selected_action": [worker.pk, inactive.pk]},
    )
    run_tasks()

    assert [email.to for email in mailoutbox] == [[worker.email]]

"""Fuzzing the admin as a département team member: change list searches and filters, the
autocomplete endpoint, the actions of every ModelAdmin with forged ids, the département
statistics and the guest list pages. No server error, no typed HTML shown as HTML, and
nothing of another département shown or changed."""

from urllib.parse import quote

import pytest
from django.contrib import admin
from django.core import mail
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.structures.admin_pages import MARKER
from tests.structures.conftest import objects_of
from tests.tasks import run_tasks

from .strategies import check, form_data, fuzz, nasty_text, value

pytestmark = pytest.mark.django_db

# Django's own parameters, then those of the portal's filters (field lookups and our own).
CHANGELIST_PARAMS = [
    "q", "o", "p", "e", "all", "_facets", "_to_field", "liste", "status__exact", "kind",
    "kind__exact", "is_active__exact", "is_published__exact", "role__exact", "attended__exact",
    "department__id__exact", "slot__event__department__id__exact", "structure__id__exact",
    "starts_at__gte", "starts_at__lt", "slot__starts_at__gte", "at__gte", "at__lt",
    "contact_email__isempty", "departments__id__exact", "id__in", "pk__gt", "password",
]  # fmt: skip
AUTOCOMPLETE = [
    ("events", "event", "partner"), ("events", "event", "venue"), ("events", "venue", "partner"),
    ("events", "slot", "event"), ("people", "person", "structure"),
    ("structures", "user", "structure"), ("structures", "structure", "department"),
]  # fmt: skip
MODELS = [model for model in admin.site._registry if model._meta.app_label != "auth"]
ACTIONS = [
    (model, name)
    for model, model_admin in admin.site._registry.items()
    for name in model_admin.actions or ()
]


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.fixture
def team_client(client, staff_75):
    client.force_login(staff_75)
    return client


@pytest.fixture
def network(paris, seine_saint_denis, now):
    return {"ours": objects_of(paris, "Lutèce"), "theirs": objects_of(seine_saint_denis, MARKER)}


def snapshot(objects):
    return {model: list(model.objects.filter(pk=obj.pk).values()) for model, obj in objects.items()}


def ids(network):
    return [obj.pk for side in network.values() for obj in side.values()]


def assert_no_leak(response):
    if response.status_code == 200 and not getattr(response, "streaming", False):
        assert MARKER not in response.content.decode(errors="replace")


@fuzz(60)
@given(data=st.data())
def test_change_lists(team_client, network, data):
    model = data.draw(st.sampled_from(MODELS))
    params = data.draw(form_data(CHANGELIST_PARAMS, *ids(network)))
    assert_no_leak(check(team_client.get(changelist(model), params)))


@fuzz(40)
@given(data=st.data())
def test_autocomplete(team_client, network, data):
    app_label, model_name, field_name = data.draw(st.sampled_from(AUTOCOMPLETE))
    params = data.draw(
        st.fixed_dictionaries(
            {"app_label": st.just(app_label), "model_name": st.just(model_name)},
            optional={"term": nasty_text, "page": value(), "field_name": value(field_name)},
        )
    )
    response = check(team_client.get(reverse("admin:autocomplete"), params))
    assert_no_leak(response)


@fuzz(60)
@given(data=st.data())
def test_actions_with_forged_ids(team_client, network, data):
    model, action = data.draw(st.sampled_from(ACTIONS))
    selected = data.draw(st.lists(value(*ids(network)), max_size=4))
    post = data.draw(form_data(["index", "select_across", "post"], "0", "1", "yes"))
    post |= {"action": action, "_selected_action": selected}
    theirs = snapshot(network["theirs"])
    mail.outbox.clear()
    check(team_client.post(changelist(model), post))
    run_tasks()  # what the action queued leaves now
    assert snapshot(network["theirs"]) == theirs
    assert not [m for m in mail.outbox if MARKER.lower() in " ".join(m.to).lower()]


@fuzz(40)
@given(params=form_data(["department", "start", "end", "format"], "csv"))
def test_department_statistics(team_client, network, params):
    url = reverse("admin:structures_department_statistics")
    assert_no_leak(check(team_client.get(url, params)))


@fuzz(30)
@given(object_id=value())
def test_pages_of_an_object(team_client, network, object_id):
    part = quote(object_id[:200], safe="")
    for page in ["change/", "delete/", "history/", "liste/", "liste.pdf", "liste.csv"]:
        assert_no_leak(check(team_client.get(f"/admin/events/slot/{part}/{page}")))
    check(team_client.post(f"/admin/events/slot/{part}/liste/envoyer/"))
    check(team_client.get(f"/admin/events/event/{part}/creneaux/serie/"))

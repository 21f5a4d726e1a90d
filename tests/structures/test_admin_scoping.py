"""Département scoping of the admin: staff of 75 never reach an object of 93.

The cast (conftest.py): `staff_75` (département team of Paris), the objects of `paris`
(visible) and the objects of `seine_saint_denis` (out of scope: absent from every list, 404
on every page).
Every name of 93 contains the marker "Zanzibar" so a leak shows in any page's text.
"""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.urls import reverse
from pytest_django.asserts import assertContains

from bookings.models import Booking, Testimonial
from events.models import Audience, Event, Genre, Partner, Slot, Venue
from people.models import Person
from structures.models import Department, Structure, User
from tests import factories

from .admin_pages import MARKER, admin_url, run_action
from .scoping_cast import SCOPED_MODELS

pytestmark = pytest.mark.django_db


# --- Change lists, change forms, deletion, history ------------------------------------


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda model: model.__name__)
def test_changelist_shows_only_the_staff_departments(staff_client, ours, theirs, model):
    response = staff_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    results = list(response.context["cl"].result_list)
    assert ours[model] in results
    assert theirs[model] not in results
    assert MARKER not in response.text  # rows, filters and counts alike
    assert "Seine-Saint-Denis" not in response.text


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda model: model.__name__)
@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_pages_of_another_department_answer_404(staff_client, ours, theirs, model, view):
    response = staff_client.get(admin_url(model, view, theirs[model].pk))

    assert response.status_code == 404
    if view != "delete":
        assert staff_client.get(admin_url(model, view, ours[model].pk)).status_code == 200


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda model: model.__name__)
def test_forged_post_to_another_department_changes_nothing(staff_client, theirs, model):
    obj = theirs[model]

    change = staff_client.post(admin_url(model, "change", obj.pk), {"name": "Piraté"})
    delete = staff_client.post(admin_url(model, "delete", obj.pk), {"post": "yes"})

    assert change.status_code == 404
    assert delete.status_code == 404
    assert model.objects.filter(pk=obj.pk).exists()


def test_superuser_sees_every_department(admin_client, ours, theirs):
    for model in SCOPED_MODELS:
        response = admin_client.get(admin_url(model, "changelist"))
        results = list(response.context["cl"].result_list)
        assert ours[model] in results and theirs[model] in results
        assert admin_client.get(admin_url(model, "change", theirs[model].pk)).status_code == 200


def test_shared_reference_data_is_visible_but_read_only(staff_client):
    genre = factories.GenreFactory(name="Cirque", slug="cirque")

    listed = staff_client.get(admin_url(Genre, "changelist"))
    page = staff_client.get(admin_url(Genre, "change", genre.pk))
    forged = staff_client.post(admin_url(Genre, "change", genre.pk), {"name": "X", "slug": "x"})

    assert genre in listed.context["cl"].result_list
    assert staff_client.get(admin_url(Audience, "changelist")).status_code == 200
    assert page.status_code == 200 and 'name="_save"' not in page.text
    assert forged.status_code == 403
    assert staff_client.get(admin_url(Genre, "add")).status_code == 403


# --- "View on site" (admin/r/<content type>/<object>/) ---------------------------------


def view_on_site_url(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda model: model.__name__)
def test_view_on_site_of_another_department_answers_404(staff_client, theirs, model):
    assert staff_client.get(view_on_site_url(theirs[model])).status_code == 404


@pytest.mark.parametrize("model", [Event, Booking], ids=lambda model: model.__name__)
def test_view_on_site_leads_to_the_page_of_an_object_in_scope(staff_client, ours, model):
    response = staff_client.get(view_on_site_url(ours[model]))

    assert response.status_code == 302
    assert response["Location"].endswith(ours[model].get_absolute_url())


def test_view_on_site_is_for_staff_only(client, worker, theirs):
    url = view_on_site_url(theirs[Booking])

    assert client.get(url)["Location"].startswith(reverse("login"))  # LoginRequiredMiddleware
    client.force_login(worker)
    assert client.get(url)["Location"].startswith(reverse("admin:login"))


def test_view_on_site_of_an_unregistered_model_or_a_bad_id_answers_404(admin_client, theirs):
    session_type = ContentType.objects.get_for_model(Session)
    booking_type = ContentType.objects.get_for_model(Booking)

    assert admin_client.get(view_on_site_url(theirs[Booking])).status_code == 302
    for args in [(session_type.pk, "x"), (booking_type.pk, "x"), ("x", 1), (0, 1)]:
        assert admin_client.get(reverse("admin:view_on_site", args=args)).status_code == 404


# --- Autocomplete endpoints and choices of related fields -----------------------------

AUTOCOMPLETE_FIELDS = [
    (Structure, "department", Department),
    (User, "structure", Structure),
    (Person, "structure", Structure),
    (Partner, "department", Department),
    (Venue, "partner", Partner),
    (Venue, "department", Department),
    (Event, "partner", Partner),
    (Event, "venue", Venue),
    (Slot, "event", Event),
]


@pytest.mark.parametrize(
    ("model", "field_name", "target"),
    AUTOCOMPLETE_FIELDS,
    ids=[f"{model.__name__}.{field}" for model, field, _ in AUTOCOMPLETE_FIELDS],
)
def test_autocomplete_offers_only_the_staff_departments(
    staff_client, ours, theirs, model, field_name, target
):
    assert field_name in admin.site.get_model_admin(model).autocomplete_fields
    params = {
        "app_label": model._meta.app_label,
        "model_name": model._meta.model_name,
        "field_name": field_name,
    }

    everything = staff_client.get(reverse("admin:autocomplete"), {**params, "term": ""})
    searched = staff_client.get(reverse("admin:autocomplete"), {**params, "term": MARKER})
    by_code = staff_client.get(reverse("admin:autocomplete"), {**params, "term": "93"})

    ids = {result["id"] for result in everything.json()["results"]}
    assert str(ours[target].pk) in ids
    assert str(theirs[target].pk) not in ids
    assert searched.json()["results"] == []
    assert str(theirs[target].pk) not in {r["id"] for r in by_code.json()["results"]}


def test_event_with_a_venue_of_another_department_is_refused(staff_client, ours, theirs):
    genre = factories.GenreFactory()
    data = {
        "title": "Hors périmètre",
        "partner": theirs[Partner].pk,
        "venue": theirs[Venue].pk,
        "genres": [genre.pk],
        "slots-TOTAL_FORMS": "0",
        "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "1000",
    }

    response = staff_client.post(admin_url(Event, "add"), data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert set(form.errors) >= {"partner", "venue"}
    assert not Event.objects.filter(title="Hors périmètre").exists()


def test_structure_or_worker_of_another_department_is_refused(staff_client, theirs):
    structure = staff_client.post(
        admin_url(Structure, "add"),
        {
            "name": "Relais pirate",
            "kind": "association",
            "department": theirs[Department].pk,
            "is_active": "on",
            "workers-TOTAL_FORMS": "0",
            "workers-INITIAL_FORMS": "0",
            "workers-MIN_NUM_FORMS": "0",
            "workers-MAX_NUM_FORMS": "1000",
        },
    )
    worker = staff_client.post(
        admin_url(User, "add"),
        {"email": "pirate@relais.test", "structure": theirs[Structure].pk},
    )

    assert "department" in structure.context["adminform"].form.errors
    assert "structure" in worker.context["adminform"].form.errors
    assert not Structure.objects.filter(name="Relais pirate").exists()
    assert not User.objects.filter(email="pirate@relais.test").exists()


def test_form_choices_list_only_the_staff_departments(staff_client, ours, theirs):
    structure_form = staff_client.get(admin_url(Structure, "add")).context["adminform"].form
    user_form = staff_client.get(admin_url(User, "add")).context["adminform"].form

    assert list(structure_form.fields["department"].queryset) == [ours[Department]]
    assert list(user_form.fields["structure"].queryset) == [ours[Structure]]


# --- Actions ---------------------------------------------------------------------------


def test_actions_leave_other_departments_alone(staff_client, theirs, mailoutbox):
    theirs[Slot].closes_at = theirs[Slot].starts_at.replace(year=2000)
    Slot.objects.filter(pk=theirs[Slot].pk).update(closes_at=theirs[Slot].closes_at)

    run_action(staff_client, Event, "publish", [theirs[Event]])
    run_action(staff_client, Event, "duplicate", [theirs[Event]])
    run_action(staff_client, Structure, "deactivate", [theirs[Structure]])
    run_action(staff_client, Testimonial, "approve", [theirs[Testimonial]])
    run_action(staff_client, Slot, "send_guest_lists", [theirs[Slot]])
    run_action(staff_client, User, "send_invitations", [theirs[User]])

    assert not Event.objects.get(pk=theirs[Event].pk).is_published
    assert Event.objects.filter(title__contains=MARKER).count() == 1
    assert Structure.objects.get(pk=theirs[Structure].pk).is_active
    assert Testimonial.objects.get(pk=theirs[Testimonial].pk).status == "pending"
    assert Slot.objects.get(pk=theirs[Slot].pk).guest_list_sent_at is None
    assert mailoutbox == []


@pytest.mark.parametrize("forged", ["", "abc", "²", "1.5"])
def test_an_action_on_an_id_that_is_no_id_changes_nothing(staff_client, ours, forged):
    data = {"action": "publish", "_selected_action": [ours[Event].pk, forged], "index": "0"}

    response = staff_client.post(admin_url(Event, "changelist"), data, follow=True)

    assertContains(response, "Des éléments doivent être sélectionnés")
    assert not Event.objects.get(pk=ours[Event].pk).is_published


def test_cancel_on_behalf_leaves_other_departments_alone(staff_client, theirs):
    run_action(staff_client, Booking, "cancel_on_behalf", [theirs[Booking]])

    assert Booking.objects.get(pk=theirs[Booking].pk).status == Booking.Status.CONFIRMED


# --- Custom pages and exports ----------------------------------------------------------


@pytest.mark.parametrize(
    "url_name", ["guest_list", "guest_list_pdf", "guest_list_csv"], ids=lambda name: name
)
def test_guest_list_of_another_department_answers_404(staff_client, ours, theirs, url_name):
    assert (
        staff_client.get(
            reverse(f"admin:events_slot_{url_name}", args=[theirs[Slot].pk])
        ).status_code
        == 404
    )
    assert (
        staff_client.get(reverse(f"admin:events_slot_{url_name}", args=[ours[Slot].pk])).status_code
        == 200
    )


def test_slot_series_of_another_department_answers_404(staff_client, theirs):
    url = reverse("admin:events_event_slot_series", args=[theirs[Event].pk])

    assert staff_client.get(url).status_code == 404
    assert staff_client.post(url, {"weeks": "2"}).status_code == 404
    assert not Slot.objects.filter(event=theirs[Event]).exclude(pk=theirs[Slot].pk).exists()


def test_testimonial_export_holds_only_the_staff_departments(staff_client, ours, theirs):
    Testimonial.objects.update(status="approved", moderated_at="2026-01-01T10:00:00+01:00")

    response = staff_client.get(reverse("admin:bookings_testimonial_export"))

    text = response.content.decode("utf-8-sig")
    assert "Merci Lutèce" in text
    assert MARKER not in text


def test_statistics_of_another_department_answer_404(staff_client, ours, theirs):
    url = reverse("admin:structures_department_statistics")
    params = {"department": theirs[Department].pk, "start": "01/01/2026", "end": "31/12/2026"}

    page = staff_client.get(url, params)
    export = staff_client.get(url, {**params, "format": "csv"})
    default = staff_client.get(url)

    assert page.status_code == 404
    assert export.status_code == 404
    assert default.status_code == 200
    assert list(default.context["form"].fields["department"].queryset) == [ours[Department]]
    assert MARKER not in default.text


def test_admin_home_shows_only_the_staff_departments(staff_client, ours, theirs):
    Slot.objects.update(
        guest_list_failed_at="2026-01-01T10:00:00+01:00", guest_list_error="Pas d'e-mail"
    )

    response = staff_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "Spectacle Lutèce" in response.text
    assert "1 témoignage à modérer" in response.text
    assert MARKER not in response.text

"""The Django admin of every model: pages answer, change lists stay flat, accounts by e-mail."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

# Through its module: pytest would take a "Testimonial" name for a test class.
from bookings import models as booking_models
from bookings.models import Booking, BookingLogEntry, Participant
from events.models import Audience, Event, Genre, Partner, Slot, Venue
from people.models import Person
from structures.models import Department, Structure, User
from tests import factories

pytestmark = pytest.mark.django_db

PORTAL_APPS = ("structures", "people", "events", "bookings", "vouchers")

# Models staff never create by hand: bookings and their participants come from the
# booking service, testimonials from workers, the history from every action.
NO_ADD_PAGE = {Booking, Participant, BookingLogEntry, booking_models.Testimonial}


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Every booking builds a worker; the default hasher would make these tests crawl.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def one_of_each():
    """One object of every portal model, all linked through one booking."""
    genre = factories.GenreFactory(name="Théâtre", slug="theatre")
    audience = factories.AudienceFactory(name="Famille", slug="famille")
    booking = factories.BookingFactory(
        slot__event__genres=[genre], slot__event__audiences=[audience]
    )
    slot = booking.slot
    return {
        Department: slot.event.department,
        Structure: booking.structure,
        User: booking.booked_by,
        Person: booking.participants.get().person,
        Genre: genre,
        Audience: audience,
        Partner: slot.event.partner,
        Venue: slot.event.venue,
        Event: slot.event,
        Slot: slot,
        Booking: booking,
        Participant: booking.participants.get(),
        BookingLogEntry: factories.BookingLogEntryFactory(booking=booking),
        booking_models.Testimonial: factories.TestimonialFactory(booking=booking),
    }


def test_every_portal_model_is_registered():
    portal_models = {model for model in apps.get_models() if model._meta.app_label in PORTAL_APPS}
    assert portal_models
    assert portal_models <= set(admin.site._registry)


@pytest.mark.parametrize(
    "model",
    [
        Department,
        Structure,
        User,
        Person,
        Genre,
        Audience,
        Partner,
        Venue,
        Event,
        Slot,
        Booking,
        Participant,
        BookingLogEntry,
        booking_models.Testimonial,
    ],
    ids=lambda model: model.__name__,
)
def test_admin_pages_answer(admin_client, one_of_each, model):
    obj = one_of_each[model]

    changelist = admin_client.get(admin_url(model, "changelist"))
    change = admin_client.get(admin_url(model, "change", obj.pk))
    add = admin_client.get(admin_url(model, "add"))

    assert changelist.status_code == 200
    assert obj in changelist.context["cl"].result_list
    assert change.status_code == 200
    assert add.status_code == (403 if model in NO_ADD_PAGE else 200)
    assert "DatabaseDefault" not in add.text + change.text


def test_admin_index_lists_the_portal_in_french(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200
    for label in ("Structures sociales", "Événements", "Réservations", "Historique"):
        assert label in response.text


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:index"),
        reverse("admin:structures_user_add"),
        reverse("admin:events_event_add"),
        reverse("admin:events_partner_add"),
        reverse("admin:events_genre_add"),
        reverse("admin:bookings_booking_changelist"),
    ],
)
def test_admin_pages_need_no_inline_script_or_style(admin_client, url):
    response = admin_client.get(url)

    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    inline_scripts = [
        tag
        for tag in re.findall(r"<script\b[^>]*>", response.text)
        if "src=" not in tag and 'type="application/json"' not in tag
    ]
    assert inline_scripts == []
    assert " style=" not in response.text
    assert "<style" not in response.text


# --- Change lists stay flat: the same number of queries for 1 row and for 20. ----------


def departments(n):
    # Built, not read from the data migration: browser tests flush the tables.
    return [factories.DepartmentFactory(code=f"{number:02d}") for number in range(1, n + 1)]


def many_structures(n):
    return [factories.StructureFactory(department=department) for department in departments(n)]


def many_partners(n):
    return [factories.PartnerFactory(department=department) for department in departments(n)]


def many_testimonials(n):
    return [factories.TestimonialFactory() for _ in range(n)]


def many_staff_and_workers(n):
    return [factories.UserFactory() for _ in range(n)]


ROW_BUILDERS = {
    Structure: many_structures,
    User: many_staff_and_workers,
    Person: factories.PersonFactory.create_batch,
    Genre: factories.GenreFactory.create_batch,
    Audience: factories.AudienceFactory.create_batch,
    Partner: many_partners,
    Venue: factories.VenueFactory.create_batch,
    Event: factories.EventFactory.create_batch,
    Slot: factories.SlotFactory.create_batch,
    Booking: factories.BookingFactory.create_batch,
    Participant: factories.ParticipantFactory.create_batch,
    BookingLogEntry: factories.BookingLogEntryFactory.create_batch,
    booking_models.Testimonial: many_testimonials,
}


@pytest.mark.parametrize("model", list(ROW_BUILDERS), ids=lambda model: model.__name__)
def test_changelists_stay_flat_as_rows_grow(admin_client, django_assert_max_num_queries, model):
    build = ROW_BUILDERS[model]
    url = admin_url(model, "changelist")
    build(1)
    with CaptureQueriesContext(connection) as one_row:
        assert admin_client.get(url).status_code == 200

    build(19)
    with django_assert_max_num_queries(len(one_row)):
        response = admin_client.get(url)

    assert response.context["cl"].result_count >= 20


def test_department_changelist_is_flat_and_on_one_page(admin_client, django_assert_max_num_queries):
    url = admin_url(Department, "changelist")
    departments(1)
    with CaptureQueriesContext(connection) as one_row:
        admin_client.get(url)

    departments(101)
    with django_assert_max_num_queries(len(one_row)):
        response = admin_client.get(url)

    assert len(response.context["cl"].result_list) >= 101


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


# --- Accounts: created by e-mail, no username ------------------------------------------


def user_add_data(**overrides):
    data = {
        "email": "Nouvelle.Referente@Relais.test",
        "first_name": "Nadia",
        "last_name": "Benali",
        "structure": "",
        "usable_password": "true",
        "password1": "un-mot-de-passe-solide-2026",
        "password2": "un-mot-de-passe-solide-2026",
    }
    data.update(overrides)
    return data


def test_add_form_asks_for_an_email_and_no_username(admin_client):
    response = admin_client.get(admin_url(User, "add"))

    form = response.context["adminform"].form
    assert "username" not in form.fields
    assert {"email", "first_name", "last_name", "structure", "is_staff", "departments"} <= set(
        form.fields
    )


def test_staff_creates_a_worker_with_a_password(admin_client):
    structure = factories.StructureFactory()

    response = admin_client.post(admin_url(User, "add"), user_add_data(structure=structure.pk))

    assert response.status_code == 302
    user = User.objects.get(email="nouvelle.referente@relais.test")
    assert user.structure == structure
    assert user.check_password("un-mot-de-passe-solide-2026")
    assert not user.is_staff
    assert response.url == admin_url(User, "change", user.pk)


def test_staff_creates_a_worker_without_a_password(admin_client):
    structure = factories.StructureFactory()
    data = user_add_data(structure=structure.pk, usable_password="false")
    data.update(password1="", password2="")

    admin_client.post(admin_url(User, "add"), data)

    user = User.objects.get(email="nouvelle.referente@relais.test")
    assert not user.has_usable_password()


def test_staff_member_is_created_with_departments_and_no_structure(admin_client):
    paris = factories.DepartmentFactory(code="75")
    seine_saint_denis = factories.DepartmentFactory(code="93")
    data = user_add_data(is_staff="on", departments=[paris.pk, seine_saint_denis.pk])

    response = admin_client.post(admin_url(User, "add"), data)

    assert response.status_code == 302
    user = User.objects.get(email="nouvelle.referente@relais.test")
    assert user.is_staff and user.structure is None
    assert set(user.departments.all()) == {paris, seine_saint_denis}


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


def test_staff_sets_a_new_password(admin_client):
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

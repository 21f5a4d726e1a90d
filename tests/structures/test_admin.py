"""The Django admin of every model: pages answer, change lists stay flat, accounts by e-mail."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import result_headers
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

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
    ("model", "headers"),
    [
        (Booking, ["Événement", "Date", "Structure"]),
        (booking_models.Testimonial, ["Événement", "Structure"]),
        (Participant, ["Créneau"]),
        (Person, ["Structure", "Département"]),
        (User, ["Structure", "Département"]),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_changelist_columns_have_french_headers_and_sort(admin_client, one_of_each, model, headers):
    response = admin_client.get(admin_url(model, "changelist"))

    columns = [capfirst(header["text"]) for header in result_headers(response.context["cl"])]
    assert set(headers) <= set(columns)
    # Django would title a bare "slot__event" "Slot  event".
    assert not [text for text in columns if "  " in str(text) or "Slot" in str(text)]
    for english in ("Slot  event", "Slot  starts at", "Booking  ", "Structure  department"):
        assert english not in response.text
    for header in headers:
        sort = admin_client.get(admin_url(model, "changelist"), {"o": columns.index(header)})
        assert sort.status_code == 200
        assert one_of_each[model] in sort.context["cl"].result_list


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


def test_new_worker_chooses_a_password_from_the_invitation_email(
    admin_client, client, mailoutbox, django_capture_on_commit_callbacks
):
    structure = factories.StructureFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(admin_url(User, "add"), user_add_data(structure=structure.pk))

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

    assert with_commit.status_code == 200
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


# --- Network: structures and their workers -------------------------------------------------


def team_client(client, *departments):
    staff = factories.UserFactory(staff=True, departments=list(departments))
    staff.groups.add(Group.objects.get(name="Équipe département"))
    client.force_login(staff)
    return client


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


def test_team_creates_a_structure_with_its_workers_who_are_invited(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    paris = factories.DepartmentFactory(code="75")
    client = team_client(client, paris)
    workers = [("Lea@Lilas.test", "Léa"), ("marc@lilas.test", "Marc")]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(admin_url(Structure, "add"), structure_add_data(paris, workers))

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

    assert response.status_code == 200
    assert "Un compte utilise déjà cette adresse e-mail." in response.text
    assert not Structure.objects.filter(name="Relais des Lilas").exists()
    assert mailoutbox == []


def test_team_creates_a_worker_without_a_password(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    structure = factories.StructureFactory()
    client = team_client(client, structure.department)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            admin_url(User, "add"),
            user_add_data(structure=structure.pk, is_staff="on", departments=[1]),
        )

    assert response.status_code == 302
    user = User.objects.get(email="nouvelle.referente@relais.test")
    assert not user.is_staff and not user.departments.exists()  # not the team's to grant
    assert not user.has_usable_password()
    assert [email.to for email in mailoutbox] == [["nouvelle.referente@relais.test"]]


def test_invitation_can_be_sent_again(admin_client, mailoutbox, django_capture_on_commit_callbacks):
    worker = factories.UserFactory()
    inactive = factories.UserFactory(is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            admin_url(User, "changelist"),
            {"action": "send_invitations", "_selected_action": [worker.pk, inactive.pk]},
        )

    assert [email.to for email in mailoutbox] == [[worker.email]]


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


# --- The admin home: what needs attention ----------------------------------------------------


def test_admin_home_shows_what_needs_attention(client):
    paris = factories.DepartmentFactory(code="75")
    now = timezone.now()
    soon = factories.SlotFactory(
        event__title="Ferme bientôt",
        starts_at=now + timedelta(hours=60),
        event__partner__department=paris,
    )
    factories.SlotFactory(
        event__title="Ferme plus tard",
        starts_at=now + timedelta(days=5),
        event__partner__department=paris,
    )
    failed = factories.SlotFactory(
        event__title="Liste bloquée", past=True, event__partner__department=paris
    )
    Slot.objects.filter(pk=failed.pk).update(
        guest_list_failed_at=now, guest_list_error="Le partenaire n'a pas d'e-mail."
    )
    factories.TestimonialFactory.create_batch(2, booking__slot=soon)
    client = team_client(client, paris)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "Ferme bientôt" in response.text
    assert "Ferme plus tard" not in response.text
    assert "Liste bloquée" in response.text
    assert "Le partenaire n&#x27;a pas d&#x27;e-mail." in response.text
    assert "2 témoignages à modérer" in response.text
    assert reverse("admin:structures_department_statistics") in response.text


def test_admin_home_is_calm_when_nothing_waits(admin_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("admin:index"))

    assert "Aucun créneau ne ferme dans les 48 heures." in response.text
    assert "Toutes les listes d'invités sont parties." in response.text
    assert "Aucun témoignage à modérer." in response.text


@pytest.mark.parametrize(
    "page", ["statistics", "slot_series", "guest_list", "home_with_items", "testimonials"]
)
def test_back_office_pages_need_no_inline_script_or_style(admin_client, page):
    slot = factories.BookingFactory(slot__starts_at=timezone.now() + timedelta(hours=50)).slot
    factories.TestimonialFactory(booking=slot.bookings.get())
    url = {
        "statistics": reverse("admin:structures_department_statistics"),
        "slot_series": reverse("admin:events_event_slot_series", args=[slot.event_id]),
        "guest_list": reverse("admin:events_slot_guest_list", args=[slot.pk]),
        "home_with_items": reverse("admin:index"),
        "testimonials": reverse("admin:bookings_testimonial_changelist"),
    }[page]

    response = admin_client.get(url)

    assert response.status_code == 200
    inline_scripts = [
        tag
        for tag in re.findall(r"<script\b[^>]*>", response.text)
        if "src=" not in tag and 'type="application/json"' not in tag
    ]
    assert inline_scripts == []
    assert " style=" not in response.text
    assert "<style" not in response.text

"""The Django admin of every model: pages answer in French, change lists stay flat, no
inline script or style."""

import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import result_headers
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

# Through its module: pytest would take a "Testimonial" name for a test class.
from bookings import models as booking_models
from bookings.emails import Kind, queue_booking_email
from bookings.models import Booking, BookingLogEntry, Participant
from events.models import Audience, Event, Genre, Partner, Slot, Venue
from people.models import Person, PersonLogEntry
from structures.models import Department, OutgoingEmail, RateLimitHit, Structure, User
from tests import factories

from .admin_pages import admin_url
from .scoping_cast import SCOPED_MODELS

pytestmark = pytest.mark.django_db


PORTAL_APPS = ("structures", "people", "events", "bookings", "vouchers")

# Models staff never create by hand: bookings and their participants come from the
# booking service, testimonials from workers, the history from every action.
NO_ADD_PAGE = {
    Booking,
    Participant,
    BookingLogEntry,
    PersonLogEntry,
    booking_models.Testimonial,
    OutgoingEmail,
    booking_models.WaitingEntry,
}


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
        PersonLogEntry: booking.participants.get().person.log(
            PersonLogEntry.Action.CREATED, by=booking.booked_by
        ),
        booking_models.Testimonial: factories.TestimonialFactory(booking=booking),
        OutgoingEmail: queue_booking_email(Kind.BOOKING_CONFIRMATION, booking),
        booking_models.WaitingEntry: waiting_entry_of(booking),
    }


def waiting_entry_of(booking):
    """A list of the booking's structure waiting on its slot (a row as the service writes
    it: the admin shows it whatever the seats)."""
    entry = booking_models.WaitingEntry.objects.create(
        slot=booking.slot,
        structure=booking.structure,
        created_by=booking.booked_by,
        invitations=1,
    )
    person = factories.PersonFactory(structure=booking.structure)
    entry.participants.create(
        role="beneficiary", person=person, first_name=person.first_name, last_name=person.last_name
    )
    return entry


# Bookkeeping nobody reads in the admin; the participants of a waiting list are an inline
# of its entry.
UNREGISTERED = {RateLimitHit, booking_models.WaitingParticipant}


def test_every_portal_model_is_registered():
    portal_models = {
        model
        for model in apps.get_models()
        if model._meta.app_label in PORTAL_APPS and model not in UNREGISTERED
    }
    assert portal_models
    assert all(admin.site.is_registered(model) for model in portal_models)


@pytest.mark.parametrize(
    "model",
    [*SCOPED_MODELS, Genre, Audience],
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
    PersonLogEntry: lambda n: [
        person.log(PersonLogEntry.Action.CREATED, by=None)
        for person in factories.PersonFactory.create_batch(n)
    ],
    booking_models.Testimonial: many_testimonials,
    booking_models.WaitingEntry: lambda n: [
        waiting_entry_of(booking) for booking in factories.BookingFactory.create_batch(n)
    ],
    OutgoingEmail: lambda n: [
        queue_booking_email(Kind.BOOKING_CONFIRMATION, booking)
        for booking in factories.BookingFactory.create_batch(n)
    ],
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


# --- The back-office pages of the apps: no inline script or style either ---------------


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


# --- Searches stay flat too, for a département's staff (scoped lists). ------------------

SEARCHES = {
    "bookings by name": (Booking, lambda booking: "dupre"),
    "bookings by reference": (Booking, lambda booking: booking.reference),
    "participants by name": (Participant, lambda booking: "elodie dupre"),
    "participants by reference": (Participant, lambda booking: booking.reference),
    "history by reference": (BookingLogEntry, lambda booking: booking.reference),
    "testimonials by reference": (booking_models.Testimonial, lambda booking: booking.reference),
    "persons by name": (Person, lambda booking: "dupre"),
    "events by title": (Event, lambda booking: "cyrano"),
}


def dupre_booking(paris):
    """A booking of "Cyrano" in Paris for Élodie Dupré, with its history and a testimonial."""
    person = factories.PersonFactory(first_name="Élodie", last_name="Dupré")
    booking = factories.BookingFactory(
        beneficiary=person, slot__event__title="Cyrano", slot__event__partner__department=paris
    )
    factories.BookingLogEntryFactory(booking=booking)
    factories.TestimonialFactory(booking=booking, participant=booking.participants.get())
    return booking


@pytest.mark.parametrize("search", list(SEARCHES))
def test_searches_stay_flat_as_matches_grow(
    client, staff_75, paris, django_assert_max_num_queries, search
):
    model, term = SEARCHES[search]
    client.force_login(staff_75)
    url = admin_url(model, "changelist")
    first = dupre_booking(paris)
    query = {"q": term(first)}
    with CaptureQueriesContext(connection) as one_match:
        assert len(client.get(url, query).context["cl"].result_list) == 1

    for _ in range(5):
        dupre_booking(paris)
    with django_assert_max_num_queries(len(one_match)):
        response = client.get(url, query)

    assert len(response.context["cl"].result_list) == (1 if "reference" in search else 6)

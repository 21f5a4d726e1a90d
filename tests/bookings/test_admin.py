"""Bookings in the Django admin: searchable, seats and history out of reach of hand edits."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from bookings.models import Booking, BookingLogEntry, Participant
from tests import factories

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def booking():
    person = factories.PersonFactory(first_name="Élodie", last_name="Dupré")
    return factories.BookingFactory(beneficiary=person)


@pytest.fixture
def entry(booking):
    return factories.BookingLogEntryFactory(booking=booking, details={"invitations": 1})


def management_form(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


# --- History: append-only --------------------------------------------------------------


def test_history_cannot_be_added(admin_client, entry):
    changelist = admin_client.get(reverse("admin:bookings_bookinglogentry_changelist"))
    add = admin_client.get(reverse("admin:bookings_bookinglogentry_add"))
    forged_add = admin_client.post(
        reverse("admin:bookings_bookinglogentry_add"),
        {"booking": entry.booking_id, "action": "cancelled"},
    )

    assert changelist.status_code == 200
    assert reverse("admin:bookings_bookinglogentry_add") not in changelist.text
    assert add.status_code == 403
    assert forged_add.status_code == 403
    assert BookingLogEntry.objects.count() == 1


def test_history_is_shown_but_cannot_be_changed(admin_client, entry):
    url = reverse("admin:bookings_bookinglogentry_change", args=[entry.pk])

    page = admin_client.get(url)
    forged = admin_client.post(url, {"booking": entry.booking_id, "action": "cancelled"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert reverse("admin:bookings_bookinglogentry_delete", args=[entry.pk]) not in page.text
    assert forged.status_code == 403
    entry.refresh_from_db()
    assert entry.action == BookingLogEntry.Action.BOOKED


def test_history_cannot_be_deleted(admin_client, entry):
    url = reverse("admin:bookings_bookinglogentry_delete", args=[entry.pk])

    page = admin_client.get(url)
    forged = admin_client.post(url, {"post": "yes"})
    bulk = admin_client.post(
        reverse("admin:bookings_bookinglogentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )

    assert page.status_code == 403
    assert forged.status_code == 403
    assert bulk.status_code == 200  # no such action: the list comes back unchanged
    assert BookingLogEntry.objects.filter(pk=entry.pk).exists()


def test_booking_page_shows_history_without_add_or_delete(admin_client, entry):
    response = admin_client.get(reverse("admin:bookings_booking_change", args=[entry.booking_id]))

    assert response.status_code == 200
    assert "Réservation" in response.text  # the action of the entry
    assert 'name="log_entries-0-DELETE"' not in response.text
    assert 'name="log_entries-0-action"' not in response.text
    history = next(
        formset
        for formset in response.context["inline_admin_formsets"]
        if formset.opts.model is BookingLogEntry
    )
    assert not history.has_add_permission
    assert not history.has_change_permission
    assert not history.has_delete_permission


# --- Bookings: kept by the booking service ---------------------------------------------


def test_bookings_are_not_created_or_deleted_by_hand(admin_client, booking):
    add = admin_client.get(reverse("admin:bookings_booking_add"))
    delete = admin_client.get(reverse("admin:bookings_booking_delete", args=[booking.pk]))

    assert add.status_code == 403
    assert delete.status_code == 403
    assert Booking.objects.filter(pk=booking.pk).exists()


def test_seats_and_status_of_a_booking_are_read_only(admin_client, booking):
    url = reverse("admin:bookings_booking_change", args=[booking.pk])
    participant = booking.participants.get()
    reference = booking.reference

    page = admin_client.get(url)
    response = admin_client.post(
        url,
        {
            "reference": "CDC-AAAAAA",
            "invitations": "4",
            "status": Booking.Status.CANCELLED,
            "slot": factories.SlotFactory().pk,
            "attendance_recorded_at_0": "",
            "attendance_recorded_at_1": "",
            **management_form("participants", 1, 1),
            "participants-0-id": participant.pk,
            "participants-0-booking": booking.pk,
            "participants-0-attended": "true",
            "participants-0-role": Participant.Role.COMPANION,
            **management_form("log_entries", 0, 0),
        },
    )

    form_fields = set(page.context["adminform"].form.fields)
    assert form_fields.isdisjoint({"reference", "invitations", "status", "slot", "structure"})
    assert response.status_code == 302
    booking.refresh_from_db()
    participant.refresh_from_db()
    assert (booking.reference, booking.invitations, booking.status) == (
        reference,
        1,
        Booking.Status.CONFIRMED,
    )
    assert booking.slot.invitations_booked == 1
    assert participant.role == Participant.Role.BENEFICIARY
    assert participant.attended is True


def test_participants_cannot_be_added_from_the_booking(admin_client, booking):
    response = admin_client.get(reverse("admin:bookings_booking_change", args=[booking.pk]))

    participants = next(
        formset
        for formset in response.context["inline_admin_formsets"]
        if formset.opts.model is Participant
    )
    assert not participants.has_add_permission
    assert not participants.has_delete_permission


# --- Finding a booking -----------------------------------------------------------------


@pytest.mark.parametrize("query", ["reference", "lower-case reference", "name", "accent-free"])
def test_bookings_are_found_by_reference_or_participant(admin_client, booking, query):
    factories.BookingFactory.create_batch(2)
    text = {
        "reference": booking.reference,
        "lower-case reference": booking.reference.lower(),
        "name": "Dupré",
        "accent-free": "elodie dupre",
    }[query]

    response = admin_client.get(reverse("admin:bookings_booking_changelist"), {"q": text})

    assert list(response.context["cl"].result_list) == [booking]


def test_bookings_are_filtered_by_department_and_status(admin_client, booking):
    factories.BookingFactory(
        slot__event__partner__department=factories.DepartmentFactory(code="93")
    )
    factories.BookingFactory(cancelled=True)
    url = reverse("admin:bookings_booking_changelist")

    in_department = admin_client.get(
        url,
        {
            "slot__event__department__id__exact": booking.slot.event.department_id,
            "status": "confirmed",
        },
    )

    assert list(in_department.context["cl"].result_list) == [booking]


# --- Testimonials ------------------------------------------------------------------------


def test_staff_moderate_and_edit_a_testimonial(admin_client, admin_user, booking):
    testimonial = factories.TestimonialFactory(booking=booking, text="Super soirée !!")
    url = reverse("admin:bookings_testimonial_change", args=[testimonial.pk])

    response = admin_client.post(
        url, {"text": "Super soirée !", "status": "approved", "consent": ""}
    )

    assert response.status_code == 302
    testimonial.refresh_from_db()
    assert testimonial.text == "Super soirée !"
    assert testimonial.status == "approved"
    assert testimonial.moderated_by == admin_user
    assert testimonial.moderated_at is not None
    assert testimonial.consent is True  # the person's consent is not staff's to change


def test_staff_edit_a_testimonial_under_the_workers_length_rule(admin_client, booking):
    """1,500 characters with line breaks pass (a break counts one, as in the browser)."""
    testimonial = factories.TestimonialFactory(booking=booking)
    url = reverse("admin:bookings_testimonial_change", args=[testimonial.pk])
    longest = ("a" * 99 + "\r\n") * 14 + "a" * 100  # 1,500 once each break counts one

    response = admin_client.post(url, {"text": longest, "status": "approved"})
    assert response.status_code == 302
    testimonial.refresh_from_db()
    assert len(testimonial.text) == 1500

    response = admin_client.post(url, {"text": "a" * 1501, "status": "approved"})
    assertContains(response, "Le témoignage compte 1501 caractères : 1500 au maximum.")


def test_testimonials_are_filtered_by_status(admin_client, booking):
    pending = factories.TestimonialFactory(booking=booking)
    factories.TestimonialFactory(status="approved", moderated_at="2026-01-01T10:00:00+01:00")

    response = admin_client.get(
        reverse("admin:bookings_testimonial_changelist"), {"status__exact": "pending"}
    )

    assert list(response.context["cl"].result_list) == [pending]


def test_bookings_are_filtered_by_event_structure_and_slot_date(admin_client, booking):
    other = factories.BookingFactory(
        slot__starts_at=booking.slot.starts_at + timedelta(days=40),
        slot__event__partner__department=factories.DepartmentFactory(code="93"),
    )
    url = reverse("admin:bookings_booking_changelist")
    # As the admin's date filter writes it: local midnight with its UTC offset.
    start = timezone.localtime(booking.slot.starts_at).replace(
        hour=0, minute=0, second=0, microsecond=0
    )

    by_event = admin_client.get(url, {"slot__event__id__exact": booking.slot.event_id})
    by_structure = admin_client.get(url, {"structure__id__exact": other.structure_id})
    by_date = admin_client.get(
        url,
        {
            "slot__starts_at__gte": str(start),
            "slot__starts_at__lt": str(start + timedelta(days=1)),
        },
    )

    assert list(by_event.context["cl"].result_list) == [booking]
    assert list(by_structure.context["cl"].result_list) == [other]
    assert list(by_date.context["cl"].result_list) == [booking]
    filters = {spec.title for spec in by_event.context["cl"].filter_specs}
    assert {"département", "événement", "début", "structure", "statut"} <= filters


# --- Moderation ----------------------------------------------------------------------------


def run_action(client, model_name, action, objects):
    return client.post(
        reverse(f"admin:bookings_{model_name}_changelist"),
        {"action": action, "_selected_action": [obj.pk for obj in objects], "index": "0"},
    )


@pytest.mark.parametrize(("action", "status"), [("approve", "approved"), ("reject", "rejected")])
def test_moderation_actions_record_who_and_when(admin_client, admin_user, booking, action, status):
    testimonial = factories.TestimonialFactory(booking=booking)

    with time_machine.travel(datetime(2026, 6, 1, 12, 0, tzinfo=PARIS), tick=False):
        response = run_action(admin_client, "testimonial", action, [testimonial])

    assert response.status_code == 302
    testimonial.refresh_from_db()
    assert testimonial.status == status
    assert testimonial.moderated_by == admin_user
    assert testimonial.moderated_at == datetime(2026, 6, 1, 12, 0, tzinfo=PARIS)


def test_export_holds_approved_consented_testimonials_without_names(admin_client, booking):
    approved = {"status": "approved", "moderated_at": "2026-01-01T10:00:00+01:00"}
    factories.TestimonialFactory(booking=booking, text="Magnifique ; merci !", **approved)

    def another():  # one testimonial per participant: the others are other bookings'
        return factories.BookingFactory(slot=booking.slot, structure=booking.structure)

    factories.TestimonialFactory(booking=another(), text="Sans accord", consent=False, **approved)
    factories.TestimonialFactory(booking=another(), text="Pas encore lu")
    factories.TestimonialFactory(
        booking=another(),
        text="Refusé",
        status="rejected",
        moderated_at="2026-01-01T10:00:00+01:00",
    )

    response = admin_client.get(reverse("admin:bookings_testimonial_export"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Date de l'événement",
        "Événement",
        "Lieu",
        "Structure",
        "Auteur",
        "Témoignage",
    ]
    assert len(rows) == 2
    assert rows[1][1:] == [
        booking.slot.event.title,
        booking.slot.event.venue.name,
        booking.structure.name,
        "Personne suivie (É.)",
        "Magnifique ; merci !",
    ]
    assert "Dupré" not in response.content.decode("utf-8-sig")


def test_testimonial_list_links_to_the_export(admin_client):
    response = admin_client.get(reverse("admin:bookings_testimonial_changelist"))

    assert reverse("admin:bookings_testimonial_export") in response.text


# --- Cancel on behalf of a relay (bookings.cancellation.cancel) ----------------------------------


def test_staff_cancel_on_behalf_of_the_relay(admin_client, admin_user, booking):
    slot = booking.slot
    assert slot.invitations_booked == 1

    response = run_action(admin_client, "booking", "cancel_on_behalf", [booking])

    assert response.status_code == 302
    booking.refresh_from_db()
    slot.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancelled_by == admin_user
    assert slot.invitations_booked == 0
    assert booking.log_entries.filter(
        action=BookingLogEntry.Action.CANCELLED_BY_STAFF, actor=admin_user
    ).exists()
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [
        "1 réservation annulée pour le relais : les invitations sont de nouveau proposées."
    ]


def test_cancel_on_behalf_after_the_cutoff_is_refused(admin_client, booking):
    closed = factories.BookingFactory(slot__closed=True)

    response = run_action(admin_client, "booking", "cancel_on_behalf", [closed])

    closed.refresh_from_db()
    assert closed.status == Booking.Status.CONFIRMED
    assert closed.slot.invitations_booked == 1
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(messages) == 1
    assert messages[0].startswith(f"{closed.reference} : Le délai d'annulation est expiré")


def test_export_keeps_formulas_from_running(admin_client, booking):
    approved = {"status": "approved", "moderated_at": "2026-01-01T10:00:00+01:00"}
    factories.TestimonialFactory(booking=booking, text='=HYPERLINK("http://x.test")', **approved)

    response = admin_client.get(reverse("admin:bookings_testimonial_export"))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][-1] == '\'=HYPERLINK("http://x.test")'

"""What leaves for workers and partners (the counter-mark, the confirmation e-mail, the
guest list as PDF, CSV, e-mail and admin page) says Paris time, written here by hand: a
slot at 23:30 UTC in winter is "0 h 30" the next day in Paris; 18:05 UTC in summer is
"20 h 05"."""

import io
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from bookings.emails import Kind, queue_booking_email
from bookings.models import Booking
from events.models import Slot
from structures.text import one_line
from tests.bookings.tracking_cast import booking_for, person
from tests.factories import SlotFactory, UserFactory
from tests.tasks import run_tasks
from tests.vouchers.guest_list_cast import booked_slot
from vouchers import pdf, services

pytestmark = pytest.mark.django_db

BOOKED_AT = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # mardi 1er décembre 2026 à 0 h 30
STARTS_AT = datetime(2026, 12, 12, 23, 30, tzinfo=UTC)
STARTS_AT_FR = "dimanche 13 décembre 2026 à 0\u00a0h\u00a030"
CLOSES_AT_FR = "vendredi 11 décembre 2026 à 0\u00a0h\u00a030"  # 48 hours before
AFTER_CUTOFF = datetime(2026, 12, 10, 23, 31, tzinfo=UTC)  # vendredi 11 décembre à 0 h 31


def pdf_text(data):
    """The text of the PDF, its runs of spaces and line breaks as one space; non-breaking
    spaces, which keep "0 h 30" on one line, stay."""
    return one_line(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


@pytest.fixture
def clock():
    with time_machine.travel(BOOKED_AT, tick=False) as traveller:
        yield traveller


def book_on(slot):
    worker = UserFactory(first_name="Camille", last_name="Martin")
    booking = booking_for(worker, slot, person(worker.structure, "Marie", "Dupont"))
    return Booking.objects.with_details().get(pk=booking.pk)


@pytest.fixture
def booking(clock):
    return book_on(SlotFactory(event__title="Cyrano de Bergerac", starts_at=STARTS_AT))


def test_the_counter_mark_says_paris_time(booking):
    text = pdf_text(pdf.render(booking))

    assert "Dimanche 13 décembre 2026 à 0\u00a0h\u00a030" in text
    assert "Réservation faite le mardi 1er décembre 2026 par Camille Martin" in text


def test_the_counter_mark_of_a_summer_outing_is_two_hours_ahead_of_utc(clock):
    booking = book_on(SlotFactory(starts_at=datetime(2027, 7, 10, 18, 5, tzinfo=UTC)))

    assert "Samedi 10 juillet 2027 à 20\u00a0h\u00a005" in pdf_text(pdf.render(booking))


def test_the_confirmation_email_says_paris_time(booking, mailoutbox):
    queue_booking_email(Kind.BOOKING_CONFIRMATION, booking)
    run_tasks()

    [message] = mailoutbox
    assert message.subject.endswith(f"Cyrano de Bergerac, {STARTS_AT_FR}")
    assert f"Date : {STARTS_AT_FR}\n" in message.body
    assert f"annulez-la jusqu'au {CLOSES_AT_FR} :" in message.body
    [(_, attached, _)] = message.attachments
    assert "Dimanche 13 décembre 2026 à 0\u00a0h\u00a030" in pdf_text(attached)


@pytest.fixture
def guest_list_slot(clock, department):
    return booked_slot(department, starts_at=STARTS_AT)


def test_the_guest_list_email_and_its_files_say_paris_time(guest_list_slot, clock, mailoutbox):
    clock.move_to(AFTER_CUTOFF)

    services.send_guest_list_now(guest_list_slot.pk)
    run_tasks()  # the worker, at the same minute: the list is written as it leaves

    [message] = mailoutbox
    assert message.subject == f"Liste des invités – Le Petit Prince – {STARTS_AT_FR}"
    assert f"« Le Petit Prince », {STARTS_AT_FR} (Salle" in message.body
    (pdf_name, pdf_data, _), (csv_name, _, _) = message.attachments
    assert pdf_name == "liste-invites-le-petit-prince-2026-12-13-00h30.pdf"
    assert csv_name == "liste-invites-le-petit-prince-2026-12-13-00h30.csv"
    text = pdf_text(pdf_data)
    assert "Dimanche 13 décembre 2026 à 0\u00a0h\u00a030" in text
    assert "Liste établie le vendredi 11 décembre 2026 à 0\u00a0h\u00a031." in text


def test_the_admin_guest_list_page_says_paris_time(
    guest_list_slot, clock, admin_client, admin_user
):
    Slot.objects.filter(pk=guest_list_slot.pk).update(guest_list_sent_at=AFTER_CUTOFF)
    clock.move_to(AFTER_CUTOFF)
    admin_client.force_login(admin_user)  # a new session: the last request was days ago

    response = admin_client.get(reverse("admin:events_slot_guest_list", args=[guest_list_slot.pk]))

    assert f"Liste des invités – Le Petit Prince – {STARTS_AT_FR}" in response.text
    assert "Liste envoyée le vendredi 11 décembre 2026 à 0\u00a0h\u00a031." in response.text
    csv = admin_client.get(reverse("admin:events_slot_guest_list_csv", args=[guest_list_slot.pk]))
    assert "liste-invites-le-petit-prince-2026-12-13-00h30.csv" in csv["Content-Disposition"]

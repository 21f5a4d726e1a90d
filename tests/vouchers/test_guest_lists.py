"""Guest lists of a slot: grouped by structure, as PDF and CSV, empty slots included."""

import csv
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests import factories
from vouchers import guest_lists

from .guest_list_cast import ABSENT, EXPECTED, booked_slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def department():
    return factories.DepartmentFactory(code="75")


@pytest.fixture
def slot(department):
    return booked_slot(department)


@pytest.fixture
def empty_slot(department):
    return factories.SlotFactory(event__title="Concert sans public")


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def csv_rows(content):
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for spreadsheets"
    text = content.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_guest_list_groups_confirmed_participants_by_structure(slot, django_assert_num_queries):
    slot = guest_lists.slot_queryset().get(pk=slot.pk)

    with django_assert_num_queries(1):
        guests = guest_lists.guest_list(slot)

    assert [group.structure.name for group in guests.structures] == [
        "Association Sud",
        "Relais du Nord",
    ]
    assert (guests.invitations, guests.bookings) == (4, 2)
    north = guests.structures[1]
    [family] = north.bookings
    assert [(line.participant.first_name, line.role) for line in family.lines] == [
        ("Leïla", "Personne suivie"),
        ("Inès", "Invité de Leïla Amrani"),
        ("Hélène", "Accompagnateur"),
    ]
    assert family.booking.booked_by.phone == "06 12 34 56 78"


def test_csv_lists_every_participant_with_the_worker(slot):
    guests = guest_lists.guest_list(slot)

    rows = csv_rows(guest_lists.render_csv_bytes(guests))

    assert rows[0] == guest_lists.CSV_HEADER
    assert sorted((row[2], row[3]) for row in rows[1:]) == sorted(EXPECTED)
    reference = slot.bookings.get(participants__last_name="Zéphyr").reference
    assert [
        "Association Sud",
        reference,
        "Zéphyr",
        "Océane",
        "Personne suivie",
        "Yanis Roux",
        "07 98 76 54 32",
    ] in rows
    text = "\n".join(";".join(row) for row in rows)
    for name in ABSENT:
        assert name not in text


def test_pdf_lists_every_participant_with_the_worker(slot):
    guests = guest_lists.guest_list(guest_lists.slot_queryset().get(pk=slot.pk))

    content = guest_lists.render_pdf_bytes(guests)

    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    for last_name, first_name in EXPECTED:
        assert last_name in text and first_name in text
    for expected in ("Le Petit Prince", "Relais du Nord", "Association Sud", "Camille Martin"):
        assert expected in text
    assert "06 12 34 56 78" in text
    assert "4 invitations, 2 réservations" in text
    for name in ABSENT:
        assert name not in text


def test_empty_slot_gives_valid_files_saying_so(empty_slot):
    guests = guest_lists.guest_list(empty_slot)

    rows = csv_rows(guest_lists.render_csv_bytes(guests))
    text = pdf_text(guest_lists.render_pdf_bytes(guests))

    assert guests.is_empty
    assert rows == [guest_lists.CSV_HEADER, ["Aucune réservation pour ce créneau."]]
    assert "Aucune réservation" in text


def test_file_names_carry_the_event_and_the_date(slot):
    name = guest_lists.filename(slot, "pdf")

    assert name.startswith("liste-invites-le-petit-prince-")
    assert name.endswith(".pdf")


# --- Downloads from the admin -------------------------------------------------------------


@pytest.fixture
def staff_client(client, department):
    from django.contrib.auth.models import Group

    staff = factories.UserFactory(staff=True, departments=[department])
    staff.groups.add(Group.objects.get(name="Équipe département"))
    client.force_login(staff)
    return client


@pytest.mark.parametrize(
    ("url_name", "content_type", "extension"),
    [
        ("admin:events_slot_guest_list_pdf", "application/pdf", "pdf"),
        ("admin:events_slot_guest_list_csv", "text/csv; charset=utf-8", "csv"),
    ],
)
def test_staff_download_the_guest_list(staff_client, slot, url_name, content_type, extension):
    response = staff_client.get(reverse(url_name, args=[slot.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="{guest_lists.filename(slot, extension)}"'
    )


@pytest.mark.parametrize("url_name", ["guest_list", "guest_list_pdf", "guest_list_csv"])
def test_empty_slot_downloads_too(staff_client, empty_slot, url_name):
    response = staff_client.get(reverse(f"admin:events_slot_{url_name}", args=[empty_slot.pk]))

    assert response.status_code == 200


def test_guest_list_page_shows_everyone(staff_client, slot, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse("admin:events_slot_guest_list", args=[slot.pk]))

    assert response.status_code == 200
    for last_name, first_name in EXPECTED:
        assert last_name in response.text and first_name in response.text
    for name in ABSENT:
        assert name not in response.text
    assert "Télécharger en PDF" in response.text
    assert "Camille Martin" in response.text


def test_slot_pages_link_to_the_guest_list(staff_client, slot):
    url = reverse("admin:events_slot_guest_list", args=[slot.pk])
    booking = slot.bookings.first()

    slot_page = staff_client.get(reverse("admin:events_slot_change", args=[slot.pk]))
    event_page = staff_client.get(reverse("admin:events_event_change", args=[slot.event_id]))
    booking_page = staff_client.get(reverse("admin:bookings_booking_change", args=[booking.pk]))
    slot_list = staff_client.get(reverse("admin:events_slot_changelist"))

    for page in (slot_page, event_page, booking_page, slot_list):
        assert url in page.text

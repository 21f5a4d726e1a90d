"""Guest lists of a slot: grouped by structure, as PDF and CSV, empty slots included."""

import csv
import io

import pytest
from pypdf import PdfReader

from tests import factories
from vouchers import guest_lists

from .guest_list_cast import ABSENT, EXPECTED

pytestmark = pytest.mark.django_db


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


HOSTILE = [
    ('=HYPERLINK("http://pirate.test")', "Amina"),
    ("+SUM(A1:A9)", "Bruno"),
    ("-2+3", "Chloé"),
    ("@SUM(A1)", "Dina"),
]


def test_names_that_look_like_formulas_reach_the_csv_as_text_and_the_pdf_as_typed(slot, department):
    structure = factories.StructureFactory(department=department)
    worker = factories.UserFactory(structure=structure)
    for last_name, first_name in HOSTILE:
        factories.BookingFactory(
            slot=slot,
            structure=structure,
            booked_by=worker,
            beneficiary=factories.PersonFactory(
                structure=structure, first_name=first_name, last_name=last_name
            ),
        )
    guests = guest_lists.guest_list(guest_lists.slot_queryset().get(pk=slot.pk))

    rows = csv_rows(guest_lists.render_csv_bytes(guests))
    text = pdf_text(guest_lists.render_pdf_bytes(guests))

    last_names = {row[3]: row[2] for row in rows[1:]}
    for last_name, first_name in HOSTILE:
        assert last_names[first_name] == "'" + last_name
        assert last_name in text


def test_the_printed_list_shows_names_holding_html_as_text(slot):
    slot.bookings.get(participants__last_name="Zéphyr").participants.update(
        first_name="<b>Aïcha</b>", last_name="<script>alert(1)</script>"
    )

    html = guest_lists.render_html(guest_lists.guest_list(slot))

    assert "&lt;b&gt;Aïcha&lt;/b&gt;" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html and "<b>Aïcha" not in html


def test_the_guest_list_carries_names_only():
    """The partner learns who comes, nothing more: no phone, no birth year (DESIGN.md)."""
    person = factories.PersonFactory(
        first_name="Aïcha", last_name="Diallo", birth_year=1987, phone="06 98 76 54 32"
    )
    booking = factories.BookingFactory(structure=person.structure, beneficiary=person)
    guests = guest_lists.guest_list(booking.slot)

    for text in (pdf_text(guest_lists.render_pdf_bytes(guests)), guest_lists.render_csv(guests)):
        assert "Diallo" in text
        assert "1987" not in text and "98 76" not in text and "0698" not in text

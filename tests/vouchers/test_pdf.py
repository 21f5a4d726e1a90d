"""The counter-mark PDF: its content, its QR code, its storage, its one-page layout."""

import io
import re
from datetime import timedelta

import pytest
import segno
import time_machine
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from bookings.models import Booking, participant_lines
from bookings.services import ParticipantRequest, book
from structures.models import Department
from tests.factories import DepartmentFactory, PersonFactory, SlotFactory, UserFactory
from vouchers import pdf, tokens

pytestmark = pytest.mark.django_db


@pytest.fixture
def department():
    DepartmentFactory(code="75")  # from the data migration, or made (a flushed database)
    Department.objects.filter(code="75").update(
        team_name="Équipe de Paris", team_phone="01 23 45 67 89", team_email="paris@asso.test"
    )
    return Department.objects.get(code="75")


@pytest.fixture
def make_booking(department):
    def _make_booking(beneficiaries=1, guests_each=1, companions=1, offered=30):
        worker = UserFactory(
            first_name="Camille", last_name="Martin", structure__name="Relais du Nord"
        )
        structure = worker.structure
        slot = SlotFactory(
            event__title="Le Songe d'une nuit d'été",
            event__venue__name="Théâtre de la Ville",
            event__venue__access="Entrée rue de Rivoli.",
            invitations_offered=offered,
            max_per_booking=offered,
        )
        participants = []
        for b in range(beneficiaries):
            person = PersonFactory(structure=structure, first_name=f"Marie{b}", last_name="Dupont")
            participants.append(
                ParticipantRequest(key=f"b{b}", role="beneficiary", person_id=person.pk)
            )
            participants += [
                ParticipantRequest(
                    key=f"g{b}-{g}",
                    role="guest",
                    host=f"b{b}",
                    first_name=f"Léa{b}{g}",
                    last_name="Invitée",
                )
                for g in range(guests_each)
            ]
        for c in range(companions):
            person = PersonFactory(
                structure=structure, companion=True, first_name=f"Anne{c}", last_name="Benoît"
            )
            participants.append(
                ParticipantRequest(key=f"c{c}", role="companion", person_id=person.pk)
            )
        booking = book(
            slot=slot,
            structure=structure,
            user=worker,
            participants=participants,
            notify=False,
        )
        return Booking.objects.with_details().get(pk=booking.pk)

    return _make_booking


def text_of(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_the_counter_mark_says_everything_the_tutorial_asks(make_booking):
    booking = make_booking(beneficiaries=2, guests_each=1, companions=1)
    reader, text = text_of(pdf.render(booking))
    flat = " ".join(text.split())

    assert len(reader.pages) == 1
    assert settings.ASSOCIATION_NAME in flat
    assert f"Contremarque {booking.reference}" in flat
    assert "Le Songe d'une nuit d'été" in flat
    assert booking.slot.starts_at.year and "à " in flat
    assert re.search(r"(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d", flat, re.I)
    assert "Théâtre de la Ville" in flat and "12 rue de la Paix, 75002 Paris" in flat
    assert "Entrée rue de Rivoli." in flat
    assert "5 invitations" in flat
    for name in [
        "Marie0 DUPONT",
        "Léa00 INVITÉE",
        "Marie1 DUPONT",
        "Léa10 INVITÉE",
        "Anne0 BENOÎT",
    ]:
        assert name in flat
    assert "Invité de Marie0 Dupont" in flat and "Accompagnateur" in flat
    assert "Camille Martin, Relais du Nord" in flat
    assert "01 23 45 67 89" in flat  # the département team's phone
    assert (
        "À présenter le jour de l'événement à l'accueil de la structure culturelle ou sportive."
        in flat
    )
    assert reader.metadata.title == f"Contremarque {booking.reference} – Le Songe d'une nuit d'été"


def test_the_qr_code_encodes_the_signed_verification_url(make_booking, monkeypatch, client):
    booking = make_booking()
    seen = []
    real_render_pdf = pdf.render_pdf
    monkeypatch.setattr(
        pdf, "render_pdf", lambda html, *args: seen.append(html) or real_render_pdf(html, *args)
    )
    pdf.render(booking)

    (html,) = seen
    url = tokens.verify_url(booking)
    assert url.startswith(settings.SITE_URL + "/v/")
    # The same encoder on the same URL gives the same symbol: the QR code carries that URL.
    assert (
        segno.make(url, error="m", micro=False).svg_inline(
            scale=1, border=4, omitsize=True, dark="#000", light="#fff"
        )
        in html
    )
    token = url.removeprefix(settings.SITE_URL).split("/")[2]
    assert tokens.read_token(token) == booking.reference
    with time_machine.travel(booking.slot.starts_at - timedelta(hours=1), tick=False):
        response = client.get(reverse("vouchers:verify", args=[token]))
    assert "Contremarque valide" in response.content.decode()


def test_twelve_participants_fit_on_one_page_more_flow_onto_a_second(make_booking):
    reader, _ = text_of(pdf.render(make_booking(beneficiaries=6, guests_each=1, companions=0)))
    assert len(reader.pages) == 1
    reader, text = text_of(pdf.render(make_booking(beneficiaries=8, guests_each=1, companions=2)))
    assert len(reader.pages) == 2
    assert "Anne1 BENOÎT" in text and "page 2 sur 2" in text


def test_stored_once_then_served_from_storage(make_booking, monkeypatch):
    booking = make_booking()
    renders = []
    real_render_pdf = pdf.render_pdf
    monkeypatch.setattr(
        pdf, "render_pdf", lambda html, *args: renders.append(1) or real_render_pdf(html, *args)
    )

    first = pdf.stored_voucher(booking).name
    again = pdf.stored_voucher(Booking.objects.with_details().get(pk=booking.pk)).name

    assert first == again and len(renders) == 1
    assert re.fullmatch(
        rf"vouchers/\d{{4}}/\d{{2}}/contremarque-{booking.reference}-\w{{12}}\.pdf", first
    )
    assert Booking.objects.get(pk=booking.pk).voucher.name == first
    with Booking.objects.get(pk=booking.pk).voucher.open("rb") as file:
        assert file.read(5) == b"%PDF-"


def test_regenerated_when_the_booking_changes(make_booking, monkeypatch):
    booking = make_booking()
    old = pdf.stored_voucher(booking)
    old_name, storage = old.name, old.storage
    event = booking.slot.event
    event.title = "Nouveau titre"
    event.save()

    new = pdf.stored_voucher(Booking.objects.with_details().get(pk=booking.pk))

    assert new.name != old_name
    assert not storage.exists(old_name)  # the outdated file is gone
    _, text = text_of(new.open("rb").read())
    assert "Nouveau titre" in text


def test_regenerated_when_the_file_is_missing(make_booking):
    booking = make_booking()
    stored = pdf.stored_voucher(booking)
    stored.storage.delete(stored.name)
    again = pdf.stored_voucher(Booking.objects.with_details().get(pk=booking.pk))
    assert again.storage.exists(again.name)


def test_the_fetcher_serves_our_static_files_only():
    fetcher = pdf.StaticFilesFetcher(pdf.base_url())
    css = fetcher.fetch(settings.SITE_URL + "/static/css/voucher.css")
    assert b"@page" in css.read() and css.content_type == "text/css"
    for url in [
        "https://example.com/static/css/voucher.css",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        settings.SITE_URL + "/static/../config/settings.py",
        settings.SITE_URL + "/static/%2e%2e/config/settings.py",
        settings.SITE_URL + "/media/vouchers/x.pdf",
        "data:text/css,body{}",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_a_remote_image_in_the_html_is_not_fetched(monkeypatch):
    from weasyprint.urls import URLFetcher

    opened, asked = [], []
    monkeypatch.setattr(URLFetcher, "open", lambda self, *args, **kwargs: opened.append(args))
    real_static_name = pdf.StaticFilesFetcher.static_name
    monkeypatch.setattr(
        pdf.StaticFilesFetcher,
        "static_name",
        lambda self, url: asked.append(url) or real_static_name(self, url),
    )
    html = '<html><body><img src="http://example.com/x.png"><p>Bonjour</p></body></html>'
    assert pdf.render_pdf(html).startswith(b"%PDF-")
    # Our fetcher was asked, and refused (it may also have been asked the stylesheet).
    assert "http://example.com/x.png" in asked
    assert all(
        url.startswith(settings.SITE_URL + "/static/") for url in asked if "example" not in url
    )
    assert opened == []  # nothing was opened, network or disk


def test_names_holding_html_are_printed_as_text(make_booking):
    booking = make_booking(beneficiaries=1, guests_each=1, companions=0)
    booking.participants.filter(role="guest").update(
        first_name="<b>Aïcha</b>", last_name="<script>alert(1)</script>"
    )
    booking = Booking.objects.with_details().get(pk=booking.pk)

    html = pdf.render_html(booking)

    assert "&lt;b&gt;Aïcha&lt;/b&gt; &lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt;" in html
    assert "<b>Aïcha" not in html and "<SCRIPT>" not in html


def test_participant_lines_order():
    class P:
        def __init__(self, pk, role, name, invited_by_id=None):
            self.pk, self.role, self.full_name, self.invited_by_id = pk, role, name, invited_by_id

        def get_role_display(self):
            return {
                "beneficiary": "Personne suivie",
                "guest": "Invité",
                "companion": "Accompagnateur",
            }[self.role]

        role_label = property(get_role_display)

    people = [
        P(1, "companion", "Anne"),
        P(2, "beneficiary", "Marie"),
        P(3, "beneficiary", "Élodie"),
        P(4, "guest", "Léa", invited_by_id=2),
        P(5, "guest", "Tom", invited_by_id=3),
    ]
    lines = participant_lines(people)
    assert [(line.participant.full_name, line.role) for line in lines] == [
        ("Marie", "Personne suivie"),
        ("Léa", "Invité de Marie"),
        ("Élodie", "Personne suivie"),
        ("Tom", "Invité d'Élodie"),
        ("Anne", "Accompagnateur"),
    ]

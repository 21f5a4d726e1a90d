"""The tutorial's "Suivre les invitations réservées" and "Annuler une réservation" in a
real browser, by the visible French labels, axe-core on every page.

"Réservations en cours" → "Filtrer" by a person's name → open the booking → "Imprimer"
downloads the counter-mark → "Annuler" → confirm → the confirmation message → the
invitations are back on the event page. And after the cutoff: the expiry message with
the phone numbers to call instead.
"""

import re

from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from bookings.models import Booking
from structures.models import Department
from tests.bookings.tracking_cast import before_cutoff, booking_for, person
from tests.factories import SlotFactory, UserFactory
from tests.tasks import run_tasks

CONFIRMED = (
    "Votre annulation est confirmée. Les invitations sont remises en ligne et peuvent être "
    "réservées de nouveau par les relais sociaux."
)
EXPIRED = (
    "Le délai d'annulation est expiré : la liste des personnes invitées a déjà été "
    "transmise au partenaire."
)


def paris_worker():
    # update_or_create: a transactional test flushes the départements of the data migration.
    paris, _ = Department.objects.update_or_create(
        code="75",
        defaults={
            "name": "Paris",
            "is_active": True,
            "team_name": "Équipe Paris",
            "team_phone": "01 53 00 00 75",
            "team_email": "paris@asso.test",
        },
    )
    return UserFactory(first_name="Camille", last_name="Martin", structure__department=paris)


def paris_slot(**kwargs):
    return SlotFactory(
        event__partner__department=Department.objects.get(code="75"),
        event__venue__phone="01 42 74 22 77",
        **kwargs,
    )


def test_find_print_and_cancel_a_booking(page, login_as, assert_no_axe_violations, tmp_path):
    worker = paris_worker()
    structure = worker.structure
    slot = paris_slot(event__title="Cyrano de Bergerac", invitations_offered=10)
    helene = person(structure, "Hélène", "Dupré")
    booking = booking_for(worker, slot, helene, guests=[(0, "Léa", "Dupré")])
    other = booking_for(
        worker, paris_slot(event__title="Le Lac des cygnes"), person(structure, "Paul", "Roy")
    )
    login_as(worker)
    page.goto(reverse("home"))

    # "Réservations en cours", from the side menu.
    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_role("link", name="Réservations en cours", exact=True).click()
    expect(page.get_by_role("heading", name="Réservations en cours", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="2 réservations")).to_be_visible()
    assert_no_axe_violations(page)

    # "Filtrer" by the name of a person concerned, without her accents.
    page.get_by_text("Filtrer", exact=True).click()
    page.get_by_label("Nom d'une personne concernée").fill("helene")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("heading", name="1 réservation")).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Hélène Dupré")
    expect(page.get_by_text(other.reference)).to_have_count(0)
    expect(page.get_by_label("Nom d'une personne concernée")).to_have_value("helene")
    assert "helene" not in page.url  # a person's name never travels in the address
    assert_no_axe_violations(page)

    # Open the booking.
    page.get_by_role("link", name=re.compile("Cyrano de Bergerac")).click()
    expect(page.get_by_role("heading", name=f"Réservation {booking.reference}")).to_be_visible()
    expect(page.get_by_role("cell", name="Invité d'Hélène Dupré")).to_be_visible()
    expect(page.get_by_role("cell", name="Réservation", exact=True)).to_be_visible()
    assert_no_axe_violations(page)

    # "Imprimer" downloads the same counter-mark again.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Imprimer").click()
    download = download_info.value
    assert download.suggested_filename == f"contremarque-{booking.reference}.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    text = " ".join(pdf_page.extract_text() for pdf_page in PdfReader(path).pages)
    assert booking.reference in text and "Cyrano de Bergerac" in text

    # "Annuler", then confirm.
    page.get_by_role("link", name="Annuler").click()
    expect(page.get_by_role("heading", name="Annuler la réservation")).to_be_visible()
    expect(page.get_by_role("link", name="Ne pas annuler")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Confirmer l'annulation").click()

    expect(page.get_by_role("status").filter(has_text=CONFIRMED)).to_be_visible()
    expect(page.get_by_role("link", name="Imprimer")).to_have_count(0)
    expect(page.get_by_role("link", name="Annuler")).to_have_count(0)
    expect(page.get_by_role("cell", name="Annulation", exact=True)).to_be_visible()
    assert_no_axe_violations(page)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED and booking.cancelled_by == worker
    # Queued with the cancellation, sent by the worker.
    assert mail.outbox == [] and run_tasks() == 1
    assert [m.subject.split(" :")[0] for m in mail.outbox] == [
        f"Réservation annulée {booking.reference}"
    ]

    # The invitations are back on the event page.
    page.get_by_role("link", name="Voir l'événement").click()
    expect(page.get_by_role("heading", name="Cyrano de Bergerac", level=1)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("10 invitations disponibles"))).to_be_visible()
    assert_no_axe_violations(page)

    # "Toutes les réservations" still lists it, cancelled.
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Toutes les réservations"
    ).click()
    row = page.locator("tbody tr", has_text=booking.reference)
    expect(row).to_contain_text("Annulée")
    assert_no_axe_violations(page)


def test_after_the_cutoff_the_worker_is_told_whom_to_call(page, login_as, assert_no_axe_violations):
    worker = paris_worker()
    slot = paris_slot(closed=True, event__title="Cyrano de Bergerac")  # bookings closed a day ago
    booking = booking_for(
        worker, slot, person(worker.structure, "Hélène", "Dupré"), at=before_cutoff(slot)
    )
    login_as(worker)
    page.goto(reverse("bookings:current"))
    page.get_by_role("link", name=re.compile("Cyrano de Bergerac")).click()

    guidance = page.get_by_role("region", name="Annulation impossible en ligne")
    expect(guidance.get_by_role("alert")).to_have_text(EXPIRED)
    expect(guidance).to_contain_text("Si vous devez annuler cette réservation, informez l'équipe")
    expect(guidance.get_by_role("link", name="01 53 00 00 75")).to_be_visible()  # the team
    expect(guidance.get_by_role("link", name="paris@asso.test")).to_be_visible()
    expect(guidance.get_by_role("link", name="01 42 74 22 77")).to_be_visible()  # the venue
    expect(page.get_by_role("link", name="Annuler")).to_have_count(0)
    expect(page.get_by_role("link", name="Imprimer")).to_be_visible()
    assert_no_axe_violations(page)

    # A page left open from before the cutoff: its link leads to the same answer.
    page.goto(reverse("bookings:cancel", args=[booking.reference]))
    expect(page.get_by_role("alert")).to_have_text(EXPIRED)
    expect(page.get_by_role("button", name="Confirmer l'annulation")).to_have_count(0)
    expect(page.get_by_role("link", name="01 53 00 00 75")).to_be_visible()
    assert_no_axe_violations(page)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED

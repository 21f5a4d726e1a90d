"""Waiting lists in a real browser, by the visible French labels.

A full slot: the worker composes her list on "Réserver des invitations" and, instead of
"Enregistrer", "S'inscrire sur la liste d'attente" → "Réservations en cours" shows it "En
liste d'attente" with its rank. A worker of another relay logs in and cancels his booking
there: in the same click the freed invitations are booked for her list; her booking is in
"Réservations en cours" with its counter-mark, and the confirmation e-mail (the PDF
attached) leaves through the task queue. axe-core, and no sideways scrolling on a 360 px
phone, on each page of the waiting list.

Without JavaScript, on a phone: a list too large for what is left joins from the event
page, then "Retirer de la liste d'attente" → the confirmation page → the list is gone.
(axe-core is a script: it cannot run where scripts are off; the pages are the same.)

And the list composed while the slot was full, when an invitation came back meanwhile: the
page says to book directly and keeps the list.
"""

import io
import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from bookings.cancellation import CONFIRMED as CANCELLED
from bookings.cancellation import cancel
from bookings.models import Booking, BookingLogEntry, WaitingEntry
from bookings.waiting import LEFT, ROOM_LEFT
from tests.bookings.tracking_cast import booking_for, person
from tests.factories import PASSWORD, SlotFactory
from tests.tasks import run_tasks

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
FULL = "Ce créneau est complet : il ne reste plus d'invitation."
JOIN = "S'inscrire sur la liste d'attente"
LEAVE = "Retirer de la liste d'attente"


def full_cyrano(outsider, offered=2):
    """Cyrano, its `offered` invitations all booked by the outsider's relay in one booking."""
    slot = SlotFactory(
        event__title="Cyrano de Bergerac", invitations_offered=offered, max_per_booking=4
    )
    guests = [(0, "Invité", f"Haddad{i}") for i in range(offered - 1)]
    booking = booking_for(
        outsider, slot, person(outsider.structure, "Yasmine", "Haddad"), guests=guests
    )
    return slot, booking


def add_followed_person(page, query, full_name):
    """Section 1 of the booking page: search a followed person, "Ajouter" her."""
    page.get_by_label("Nom ou prénom de la personne suivie").fill(query)
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("button", name=f"Ajouter {full_name}").click()
    expect(page.get_by_role("heading", name=full_name)).to_be_visible()


def add_guest(page, host, first_name, last_name):
    page.get_by_text(f"Ajouter un invité de {host}").click()
    guest = page.locator("details", has_text=f"Ajouter un invité de {host}")
    guest.get_by_label("Prénom de l'invité").fill(first_name)
    guest.get_by_label(re.compile(r"^Nom de l'invité")).fill(last_name)
    guest.get_by_role("button", name="Ajouter l'invité").click()
    expect(page.get_by_text(f"{first_name} {last_name}", exact=True)).to_be_visible()


def save_section(page):
    return page.get_by_role("region", name="4. Enregistrer la réservation")


def waiting_section(page):
    return page.get_by_role("region", name="En liste d'attente")


def joined(invitations, rank):
    return (
        f"Votre liste ({invitations}) est inscrite sur la liste d'attente, au rang {rank}. "
        "Si des invitations se libèrent avant la clôture, la réservation se fera d'elle-même "
        "et vous recevrez la contremarque par e-mail."
    )


def pdf_text(data):
    return " ".join(pdf_page.extract_text() for pdf_page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def assert_usable(assert_no_axe_violations):
    """axe-core at 1280 px and at 360 px, and nothing wider than the phone's screen; the
    page is left at desktop width."""

    def _assert(page):
        for size in (PHONE, DESKTOP):
            page.set_viewport_size(size)
            assert_no_axe_violations(page)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
                f"{page.url} défile de côté à {size['width']} px"
            )

    return _assert


def test_a_list_waits_on_a_full_slot_and_is_booked_when_another_relay_cancels(
    page, login_as, login, worker, outsider, assert_usable
):
    person(worker.structure, "Fatima", "Benali")
    slot, outsiders_booking = full_cyrano(outsider, offered=2)
    page.set_viewport_size(DESKTOP)
    login_as(worker)

    # The event page shows the slot "Complet", and leads to its waiting list.
    page.goto(reverse("events:detail", args=[slot.event.pk]))
    expect(page.get_by_text("Complet")).to_be_visible()
    page.get_by_role("link", name=re.compile("^S'inscrire sur la liste d'attente – ")).click()
    expect(page.get_by_role("heading", name="Réserver des invitations")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text=FULL)).to_be_visible()
    add_followed_person(page, "benali", "Fatima Benali")
    add_guest(page, "Fatima Benali", "Léa", "Benali")

    # Instead of "Enregistrer": the waiting list, and what it means.
    save = save_section(page)
    expect(save).to_contain_text("2 invitations sur 4, accompagnateurs compris")
    expect(save).to_contain_text("Ce créneau est complet. Inscrivez votre liste sur la liste")
    expect(save.get_by_role("button", name="Enregistrer")).to_have_count(0)
    assert_usable(page)
    save.get_by_role("button", name=JOIN).click()

    # "Réservations en cours", at its "En liste d'attente" section, with the rank.
    expect(page.get_by_role("heading", name="Réservations en cours", level=1)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/reservations/en-cours/#contenu$"))
    expect(page.get_by_role("status").filter(has_text=joined("2 invitations", 1))).to_be_visible()
    row = waiting_section(page).locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Cyrano de Bergerac")
    expect(row.get_by_role("cell", name="Fatima Benali")).to_contain_text("inscrite par Camille")
    expect(row.get_by_text("En liste d'attente, rang 1")).to_be_visible()
    expect(page.get_by_role("heading", name="Aucune réservation")).to_be_visible()
    assert_usable(page)
    entry = WaitingEntry.objects.get()
    assert (entry.structure, entry.invitations, entry.status) == (
        worker.structure,
        2,
        WaitingEntry.Status.WAITING,
    )

    # "Retirer de la liste d'attente" asks first; she keeps her place.
    row.get_by_role("link", name=LEAVE).click()
    expect(
        page.get_by_role("heading", name="Retirer une inscription de la liste d'attente", level=1)
    ).to_be_visible()
    expect(page.get_by_role("region", name="Cyrano de Bergerac")).to_contain_text("Léa Benali")
    assert_usable(page)
    page.get_by_role("link", name="Garder l'inscription").click()
    expect(waiting_section(page).get_by_text("En liste d'attente, rang 1")).to_be_visible()

    # Nour, of a relay of Seine-Saint-Denis, logs in and cancels his booking there.
    page.context.clear_cookies()
    login(outsider.email, PASSWORD)
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Réservations en cours", exact=True
    ).click()
    expect(waiting_section(page)).to_have_count(0)  # her list is not his to see
    page.get_by_role("link", name=re.compile("Cyrano de Bergerac")).click()
    page.get_by_role("link", name="Annuler").click()
    page.get_by_role("button", name="Confirmer l'annulation").click()
    expect(page.get_by_role("status").filter(has_text=CANCELLED)).to_be_visible()

    # In the same click, her list was booked.
    outsiders_booking.refresh_from_db()
    assert outsiders_booking.status == Booking.Status.CANCELLED
    booking = Booking.objects.confirmed().get(slot=slot)
    entry.refresh_from_db()
    assert (entry.status, entry.booking) == (WaitingEntry.Status.BOOKED, booking)
    assert (booking.structure, booking.booked_by, booking.invitations) == (
        worker.structure,
        worker,
        2,
    )
    slot.refresh_from_db()
    assert slot.invitations_booked == 2

    # The queue sends her confirmation, the counter-mark attached (and his cancellation).
    assert mail.outbox == [] and run_tasks() == 2
    [confirmation] = [m for m in mail.outbox if m.to == [worker.email]]
    assert confirmation.subject.startswith(f"Réservation confirmée {booking.reference} : Cyrano")
    assert "votre inscription sur la liste d'attente est devenue la réservation" in (
        confirmation.body
    )
    [(filename, content, mimetype)] = confirmation.attachments
    assert (filename, mimetype) == (f"contremarque-{booking.reference}.pdf", "application/pdf")
    assert booking.reference in pdf_text(content)

    # Her "Réservations en cours": the booking like any other, nothing waiting any more.
    page.context.clear_cookies()
    login_as(worker)
    page.goto(reverse("bookings:current"))
    expect(page.get_by_role("heading", name="1 réservation")).to_be_visible()
    expect(waiting_section(page)).to_have_count(0)
    booking_row = page.locator("tbody tr", has_text=booking.reference)
    expect(booking_row).to_contain_text("Fatima Benali")
    expect(booking_row.get_by_role("cell", name="2", exact=True)).to_be_visible()

    # Its detail: the guest, where it came from, and the counter-mark to download.
    booking_row.get_by_role("link", name=re.compile("Cyrano de Bergerac")).click()
    expect(page.get_by_role("heading", name=f"Réservation {booking.reference}")).to_be_visible()
    expect(page.get_by_role("cell", name="Invité de Fatima Benali")).to_be_visible()
    history = page.get_by_role("region", name="Historique")
    expect(history).to_contain_text(BookingLogEntry.Action.BOOKED_FROM_WAITING_LIST.label)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Imprimer la contremarque").click()
    download = download_info.value
    assert download.suggested_filename == f"contremarque-{booking.reference}.pdf"
    text = pdf_text(Path(download.path()).read_bytes())
    assert booking.reference in text and "Cyrano de Bergerac" in text


@pytest.mark.parametrize("javascript", [False], ids=["sans-js"])
def test_without_javascript_on_a_phone_a_list_joins_then_leaves_the_waiting_list(
    page, login_as, worker, outsider
):
    person(worker.structure, "Fatima", "Benali")
    slot = SlotFactory(event__title="Cyrano de Bergerac", invitations_offered=2)
    booking_for(outsider, slot, person(outsider.structure, "Yasmine", "Haddad"))
    page.set_viewport_size(PHONE)
    login_as(worker)

    # One invitation left, from the event page; her list needs two.
    page.goto(reverse("events:detail", args=[slot.event.pk]))
    page.get_by_role("link", name=re.compile("Réserver – .* – 1 invitation disponible")).click()
    add_followed_person(page, "fatima", "Fatima Benali")
    add_guest(page, "Fatima Benali", "Léa", "Benali")
    save = save_section(page)
    expect(save).to_contain_text(
        "Il reste 1 invitation sur ce créneau, et votre liste en compte 2."
    )
    expect(save.get_by_role("button", name="Enregistrer")).to_have_count(0)
    save.get_by_role("button", name=JOIN).click()

    expect(page.get_by_role("status").filter(has_text=joined("2 invitations", 1))).to_be_visible()
    expect(waiting_section(page).get_by_text("En liste d'attente, rang 1")).to_be_visible()

    # Back on the booking page, it says the relay waits there, and links to withdraw.
    page.goto(reverse("bookings:new", args=[slot.pk]))
    here = page.locator(".card").filter(has_text="sur la liste d'attente de ce créneau")
    expect(here).to_contain_text("rang 1 – 2 invitations")
    here.get_by_role("link", name="Voir ou retirer les inscriptions en liste d'attente").click()

    # "Retirer de la liste d'attente": the confirmation page, then the button.
    waiting_section(page).get_by_role("link", name=LEAVE).click()
    expect(
        page.get_by_role("heading", name="Retirer une inscription de la liste d'attente", level=1)
    ).to_be_visible()
    expect(page.get_by_role("region", name="Cyrano de Bergerac")).to_contain_text("Fatima Benali")
    page.get_by_role("button", name=LEAVE).click()

    expect(page.get_by_role("heading", name="Réservations en cours", level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text=LEFT)).to_be_visible()
    expect(waiting_section(page)).to_have_count(0)
    entry = WaitingEntry.objects.get()
    assert (entry.status, entry.ended_by) == (WaitingEntry.Status.LEFT, worker)
    assert not entry.participants.exists()


def test_a_list_composed_on_a_full_slot_books_directly_once_an_invitation_is_back(
    page, login_as, worker, outsider, assert_no_axe_violations
):
    person(worker.structure, "Fatima", "Benali")
    slot, outsiders_booking = full_cyrano(outsider, offered=1)
    login_as(worker)
    page.goto(reverse("bookings:new", args=[slot.pk]))
    add_followed_person(page, "fatima", "Fatima Benali")

    cancel(outsiders_booking, by=outsider, notify=False)  # meanwhile, on another screen
    save_section(page).get_by_role("button", name=JOIN).click()

    expect(save_section(page).get_by_role("alert")).to_have_text(ROOM_LEFT)
    expect(page.get_by_role("heading", name="Fatima Benali")).to_be_visible()  # the list stays
    assert not WaitingEntry.objects.exists()
    assert_no_axe_violations(page)
    with page.expect_download():
        save_section(page).get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_role("heading", name="Réservation confirmée")).to_be_visible()
    assert Booking.objects.confirmed().get(slot=slot).structure == worker.structure

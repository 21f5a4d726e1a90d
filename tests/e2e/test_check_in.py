"""Check-in at the door, in a phone-sized Chromium: the venue opens the sheet from the link
in the guest list's e-mail (read from the outbox), ticks two people, undoes one; the social
worker then finds the attendance pre-filled, "pointé par le lieu"."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from structures.models import Department
from tests.factories import (
    BookingFactory,
    ParticipantFactory,
    PersonFactory,
    SlotFactory,
    UserFactory,
)
from tests.tasks import run_tasks

PHONE = {"width": 360, "height": 740}


def outing_at_the_door():
    """A Paris relay's booking (Mina and her companion Sam) for a show that started ten
    minutes ago, its cutoff two days back; another relay's booking on the same slot."""
    paris, _ = Department.objects.update_or_create(
        code="75",
        defaults={"name": "Paris", "is_active": True, "team_phone": "01 23 45 67 89"},
    )
    worker = UserFactory(email="relais@demo.test", structure__department=paris)
    now = timezone.now()
    slot = SlotFactory(
        starts_at=now - timedelta(minutes=10),
        closes_at=now - timedelta(days=2),
        event__title="Le Malade imaginaire",
        event__venue__department=paris,
        event__partner__department=paris,
    )
    mina = PersonFactory(structure=worker.structure, first_name="Mina", last_name="Durand")
    booking = BookingFactory(
        slot=slot, structure=worker.structure, booked_by=worker, beneficiary=mina, invitations=2
    )
    ParticipantFactory(
        booking=booking,
        role="companion",
        person=PersonFactory(
            structure=worker.structure, companion=True, first_name="Sam", last_name="Roy"
        ),
    )
    BookingFactory(
        slot=slot,
        structure__department=paris,
        beneficiary=PersonFactory(first_name="Océane", last_name="Zéphyr"),
    )
    return worker, booking


def link_from_the_guest_list_email():
    """The cron job and the worker send the list; the partner's e-mail holds the link."""
    call_command("send_guest_lists", verbosity=0)
    run_tasks()
    (message,) = mail.outbox
    (url,) = re.findall(r"https?://\S+/v/pointage/\S+/", message.body)
    return urlsplit(url).path


def assert_fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} défile de côté : {width} px"


def test_the_venue_ticks_arrivals_and_the_worker_finds_them(
    page, login_as, assert_no_axe_violations
):
    worker, booking = outing_at_the_door()
    sheet = link_from_the_guest_list_email()
    page.set_viewport_size(PHONE)

    page.goto(sheet)
    expect(page.get_by_role("heading", name="Pointage des arrivées")).to_be_visible()
    expect(page.get_by_text("Le Malade imaginaire")).to_be_visible()
    expect(page.locator("dd").filter(has_text="sur 3")).to_have_text("0 sur 3 invitations")
    assert_fits(page)
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Pointer l'arrivée de Mina Durand").click()
    expect(page.get_by_role("status")).to_have_text("Arrivée de Mina Durand pointée.")
    page.get_by_role("button", name="Pointer l'arrivée de Sam Roy").click()
    expect(page.get_by_role("status")).to_have_text("Arrivée de Sam Roy pointée.")
    expect(page.locator("dd").filter(has_text="sur 3")).to_have_text("2 sur 3 invitations")
    page.get_by_role("button", name="Annuler le pointage de Sam Roy").click()
    expect(page.get_by_role("status")).to_have_text("Pointage de Sam Roy annulé.")
    expect(page.locator("dd").filter(has_text="sur 3")).to_have_text("1 sur 3 invitations")
    # The message stands with the booking it is about, where the phone has scrolled to.
    expect(page.locator(f"#reservation-{booking.reference}").get_by_role("status")).to_be_visible()
    assert_fits(page)
    assert_no_axe_violations(page)

    # A counter-mark's reference typed at the desk opens its booking alone, at the top.
    page.get_by_label("Nom ou référence de la contremarque").fill(booking.reference.lower())
    page.get_by_role("button", name="Trouver").click()
    expect(page.get_by_role("heading", name="Réservation trouvée pour")).to_be_in_viewport()
    expect(page.get_by_text("Océane Zéphyr")).to_have_count(0)
    expect(page.get_by_text("Arrivée pointée à")).to_have_count(1)
    assert_no_axe_violations(page)
    # So does a name, for a guest without the counter-mark.
    page.get_by_label("Nom ou référence de la contremarque").fill("zephyr")
    page.get_by_role("button", name="Trouver").click()
    expect(page.get_by_text("Océane Zéphyr", exact=True)).to_be_in_viewport()
    page.get_by_role("link", name="Revenir à toute la liste").click()
    expect(page.get_by_text("Mina Durand", exact=True)).to_be_visible()

    login_as(worker)
    page.goto(reverse("bookings:testimonials"))
    expect(page.get_by_text("1 arrivée pointée par le lieu")).to_be_visible()
    page.get_by_role("link", name=re.compile("Saisir les présences")).click()
    expect(page.get_by_text("Pointé par le lieu : l'accueil a pointé les arrivées")).to_be_visible()
    mina = page.get_by_role("group", name="Mina Durand – Personne suivie")
    sam = page.get_by_role("group", name="Sam Roy – Accompagnateur")
    expect(mina.get_by_label("Présent")).to_be_checked()
    expect(mina.get_by_text("Arrivée pointée par le lieu à")).to_be_visible()
    # Not ticked: the worker chooses; nothing records an absence on its own.
    expect(sam.get_by_label("Absent")).not_to_be_checked()
    expect(sam.get_by_label("Présent")).not_to_be_checked()
    expect(sam.get_by_text("Arrivée non pointée par le lieu.")).to_be_visible()
    assert_fits(page)
    assert_no_axe_violations(page)
    sam.get_by_label("Absent").check()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Présences et témoignages enregistrés pour la réservation {booking.reference}"
    )


@pytest.mark.parametrize("javascript", [False], ids=["sans-js"])
def test_the_sheet_works_without_javascript(page, javascript):
    _worker, booking = outing_at_the_door()
    sheet = link_from_the_guest_list_email()
    page.set_viewport_size(PHONE)

    page.goto(sheet)
    page.get_by_role(
        "button",
        name=f"Pointer toute la réservation (2 personnes) de la réservation {booking.reference}",
    ).click()
    expect(page.get_by_role("status")).to_have_text(
        f"Réservation {booking.reference} : 2 arrivées pointées."
    )
    expect(page.locator("dd").filter(has_text="sur 3")).to_have_text("2 sur 3 invitations")
    # Ticking again (a double tap, a reload) counts once.
    page.get_by_role("button", name="Annuler le pointage de Mina Durand").click()
    page.get_by_role("button", name="Pointer l'arrivée de Mina Durand").click()
    expect(page.locator("dd").filter(has_text="sur 3")).to_have_text("2 sur 3 invitations")

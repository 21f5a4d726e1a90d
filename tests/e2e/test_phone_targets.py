"""On a 360 × 740 phone, by the visible French labels, axe-core on each page: touch
targets of at least 44 px (event cards, attendance choices, links in lists), the personal
space's figures as links, genre icons drawn as SVG, the cancellation page, and statistics
that fit the screen. (The header, menu, breadcrumbs and booking page: test_phone.py.)
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from bookings.models import Booking
from events.models import Slot
from tests.bookings.tracking_cast import booking_for, person
from tests.factories import GenreFactory, SlotFactory

from .test_followup import past_outing

PHONE = {"width": 360, "height": 740}
TARGET = 44  # px, WCAG 2.5.5 and the platforms' guidelines


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def box(locator):
    found = locator.bounding_box()
    assert found is not None, locator
    return found


def assert_target(locator, height=TARGET, width=TARGET):
    found = box(locator)
    assert found["height"] >= height and found["width"] >= width, (locator, found)


def assert_fits_the_phone(page):
    """No sideways scrolling of the page at 360 px."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def scrolling_regions(page):
    """The elements that scroll sideways (each one must be reachable by keyboard)."""
    return page.evaluate(
        """[...document.querySelectorAll('body *')]
        .filter(e => e.scrollWidth > e.clientWidth + 1
                     && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
        .map(e => e.className || e.tagName)"""
    )


def paris_event(worker, title, *, genre=None, days=10):
    return SlotFactory(
        event__title=title,
        event__partner__department=worker.structure.department,
        event__genres=[genre] if genre else [],
        starts_at=timezone.now() + timedelta(days=days),
        invitations_offered=10,
    )


def test_event_cards_open_as_a_whole_with_svg_icons(phone, login_as, assert_no_axe_violations):
    worker, _ = past_outing()
    theatre = GenreFactory(name="Théâtre", slug="theatre")
    paris_event(worker, "Cyrano de Bergerac", genre=theatre)
    login_as(worker)
    phone.goto(reverse("events:hub"))

    card = phone.get_by_role("article").filter(has_text="Cyrano de Bergerac").first
    expect(card.get_by_role("link")).to_have_count(1)  # one link per card for screen readers
    assert_target(card)
    # The genre's icon is an SVG file that loaded, not an emoji that needs a font.
    icon = card.locator("img.icon")
    expect(icon).to_have_attribute("src", re.compile(r"/static/icons/genres/theatre\.svg$"))
    assert icon.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(card).not_to_contain_text("🎭")
    assert_fits_the_phone(phone)
    assert_no_axe_violations(phone)

    # A tap anywhere on the card, here on its availability badge, opens the event (the
    # title's link covers the card: Playwright's click would refuse the covered badge).
    card.scroll_into_view_if_needed()
    badge = box(card.get_by_text("invitations disponibles"))
    phone.mouse.click(badge["x"] + badge["width"] / 2, badge["y"] + badge["height"] / 2)
    expect(phone.get_by_role("heading", name="Cyrano de Bergerac", level=1)).to_be_visible()


def test_the_personal_space_figures_lead_to_their_lists(phone, login_as, assert_no_axe_violations):
    worker, _ = past_outing()
    paris_event(worker, "Cyrano de Bergerac")
    login_as(worker)
    phone.goto(reverse("home"))
    assert_no_axe_violations(phone)

    for name, heading in [
        ("0 réservation en cours", "Réservations en cours"),
        ("1 témoignage à valider", "Mes témoignages"),
        ("1 événement en ligne (département 75 – Paris)", "Rechercher un événement"),
    ]:
        figure = phone.get_by_role("link", name=name)
        assert_target(figure)
        figure.click()
        expect(phone.get_by_role("heading", name=re.compile(heading), level=1)).to_be_visible()
        phone.go_back()


def attendance_page(page, login_as):
    worker, booking = past_outing()
    login_as(worker)
    page.goto(reverse("bookings:attendance", args=[booking.reference]))
    return booking


def choices(page, who):
    return page.get_by_role("group", name=who)


def save_and_check_everyone_came(page, booking):
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Présences et témoignages enregistrés")
    assert list(booking.participants.values_list("attended", flat=True)) == [True, True]


def test_attendance_choices_are_large_and_all_present_ticks_them(
    phone, login_as, assert_no_axe_violations
):
    booking = attendance_page(phone, login_as)
    for who in ("Mina Durand – Personne suivie", "Sam Roy – Accompagnateur"):
        for choice in ("Présent", "Absent"):
            # The label around the radio is the target: at least 44 px each way.
            assert_target(choices(phone, who).locator("label").filter(has_text=choice))
    # A tap on the label's box, away from the radio itself, still ticks it.
    label = choices(phone, "Sam Roy – Accompagnateur").locator("label").filter(has_text="Absent")
    label.click(position={"x": box(label)["width"] - 6, "y": 4})
    expect(choices(phone, "Sam Roy – Accompagnateur").get_by_label("Absent")).to_be_checked()
    assert_fits_the_phone(phone)
    assert_no_axe_violations(phone)
    url = phone.url

    all_present = phone.get_by_role("button", name="Tous présents")
    assert_target(all_present)
    all_present.click()

    assert phone.url == url  # ticked on the page: nothing sent, nothing typed lost
    for who in ("Mina Durand – Personne suivie", "Sam Roy – Accompagnateur"):
        expect(choices(phone, who).get_by_label("Présent")).to_be_checked()
    assert Booking.objects.get(pk=booking.pk).attendance_recorded_at is None
    save_and_check_everyone_came(phone, booking)


@pytest.mark.parametrize("javascript", [False], ids=["sans-js"])
def test_all_present_without_javascript(phone, login_as):
    booking = attendance_page(phone, login_as)

    phone.get_by_role("button", name="Tous présents").click()

    expect(phone).to_have_url(re.compile(r"\?presents=tous#qui-est-venu$"))
    expect(phone.get_by_role("status")).to_contain_text("Tous les participants sont indiqués")
    for who in ("Mina Durand – Personne suivie", "Sam Roy – Accompagnateur"):
        expect(choices(phone, who).get_by_label("Présent")).to_be_checked()
    assert Booking.objects.get(pk=booking.pk).attendance_recorded_at is None
    save_and_check_everyone_came(phone, booking)


def test_links_in_lists_are_44_px_and_closed_cancellations_are_marked(
    phone, login_as, assert_no_axe_violations
):
    worker, _ = past_outing()
    structure = worker.structure
    open_slot = paris_event(worker, "Cyrano de Bergerac")
    booking_for(worker, open_slot, person(structure, "Hélène", "Dupré"))
    closed_slot = paris_event(worker, "Le Cid", days=12)
    closed = booking_for(worker, closed_slot, person(structure, "Inès", "Roux"))
    Slot.objects.filter(pk=closed_slot.pk).update(closes_at=timezone.now())
    login_as(worker)

    phone.goto(reverse("bookings:current"))
    rows = phone.get_by_role("table").get_by_role("row")
    expect(rows.filter(has_text="Le Cid")).to_contain_text("annulation close")
    expect(rows.filter(has_text="Cyrano de Bergerac")).not_to_contain_text("annulation close")
    links = phone.get_by_role("table").get_by_role("link")
    expect(links).to_have_count(2)
    for link in links.all():
        assert_target(link)
    assert_fits_the_phone(phone)
    assert_no_axe_violations(phone)
    assert closed.reference in phone.content()

    phone.goto(reverse("bookings:persons"))
    links = phone.get_by_role("table").get_by_role("link")
    expect(links).not_to_have_count(0)
    for link in links.all():  # a short surname too ("Roy"): 44 px wide at least
        assert_target(link)
    assert_no_axe_violations(phone)


def test_the_cancel_page_names_whom_to_tell(phone, login_as, assert_no_axe_violations):
    worker, _ = past_outing()
    structure = worker.structure
    slot = paris_event(worker, "Cyrano de Bergerac")
    booking = booking_for(
        worker, slot, person(structure, "Hélène", "Dupré"), guests=[(0, "Léa", "Martin")]
    )
    login_as(worker)
    phone.goto(reverse("bookings:cancel", args=[booking.reference]))

    told = phone.get_by_role("list").filter(has_text="Hélène Dupré")
    expect(told).to_contain_text("Hélène Dupré – Personne suivie")
    expect(told).to_contain_text("Léa Martin – Invité d'Hélène Dupré")
    confirm = phone.get_by_role("button", name="Confirmer l'annulation")
    keep = phone.get_by_role("link", name="Ne pas annuler")
    colours = [
        element.evaluate("e => getComputedStyle(e).backgroundColor") for element in (confirm, keep)
    ]
    assert colours == ["rgb(161, 26, 26)", "rgb(255, 255, 255)"]  # --err, and a plain button
    assert_target(confirm)
    assert_target(keep)
    assert_fits_the_phone(phone)
    assert_no_axe_violations(phone)

    confirm.click()
    expect(phone.get_by_role("status").first).to_contain_text("Votre annulation est confirmée")
    assert Booking.objects.get(pk=booking.pk).is_cancelled


def test_statistics_fit_a_phone(phone, login_as, assert_no_axe_violations):
    worker, _ = past_outing()
    login_as(worker)
    phone.goto(reverse("bookings:stats"))

    chart = phone.get_by_role("img", name="Invitations par mois")
    expect(chart).to_be_visible()
    expect(chart.locator("rect.bar")).to_have_count(24)  # 12 months, booked and used
    expect(phone.get_by_role("img", name="Lieux les plus réservés")).to_be_visible()
    for image in phone.get_by_role("img").all():
        assert box(image)["x"] + box(image)["width"] <= PHONE["width"]
    assert_fits_the_phone(phone)
    assert scrolling_regions(phone) == []
    assert_no_axe_violations(phone)

"""The legal pages in a real browser: reached from the footer by their French labels, read
without an account, checked by axe-core on a wide screen and on a 360 px phone."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import UserFactory

WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
# The footer's label of each page, its address and its heading.
LEGAL_PAGES = [
    ("Données personnelles", "legal:privacy", "Données personnelles"),
    ("Mentions légales", "legal:notice", "Mentions légales"),
    (
        "Accessibilité : non conforme",
        "legal:accessibility",
        "Déclaration d'accessibilité",
    ),
]


def legal_links(page):
    return page.get_by_role("navigation", name="Informations légales")


def assert_readable_at_both_widths(page, assert_no_axe_violations):
    for size in (WIDE, PHONE):
        page.set_viewport_size(size)
        assert_no_axe_violations(page)
        # Nothing wider than the screen: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), size


def test_a_visitor_reads_each_legal_page_from_the_login_page_footer(page, assert_no_axe_violations):
    for label, name, heading in LEGAL_PAGES:
        page.set_viewport_size(WIDE)
        page.goto(reverse("login"))
        expect(page.get_by_role("heading", name="Se connecter")).to_be_visible()

        legal_links(page).get_by_role("link", name=label, exact=True).click()

        expect(page).to_have_url(re.compile(re.escape(reverse(name)) + "$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.get_by_role("navigation", name="Menu principal")).to_have_count(0)
        expect(legal_links(page).get_by_role("link", name=label, exact=True)).to_have_attribute(
            "aria-current", "page"
        )
        assert_readable_at_both_widths(page, assert_no_axe_violations)


def test_the_statement_and_the_rights_are_reached_with_the_keyboard(page):
    page.goto(reverse("login"))

    legal_links(page).get_by_role("link", name="Accessibilité").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Déclaration d'accessibilité")).to_be_visible()
    expect(page.get_by_role("heading", name="Voies de recours")).to_be_visible()
    expect(page.get_by_text("Libre réponse 71120, 75342 Paris CEDEX 07")).to_be_visible()

    legal_links(page).get_by_role("link", name="Données personnelles").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Vos droits")).to_be_visible()
    expect(page.get_by_role("link", name="www.cnil.fr")).to_have_attribute(
        "href", "https://www.cnil.fr"
    )


def test_a_worker_finds_the_legal_pages_in_the_footer_of_the_personal_space(
    page, login_as, assert_no_axe_violations
):
    login_as(UserFactory(first_name="Camille"))
    page.goto(reverse("home"))
    expect(page.get_by_role("heading", name="Mon espace")).to_be_visible()

    legal_links(page).get_by_role("link", name="Données personnelles").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Données personnelles")
    expect(page.get_by_role("navigation", name="Menu principal")).to_be_visible()
    assert_readable_at_both_widths(page, assert_no_axe_violations)

"""Browser tests: Django's live_server + Debian's Chromium through Playwright + axe-core.

- Playwright's sync API keeps an event loop alive in the main thread, and Django's ORM
  refuses to run next to one (SynchronousOnlyOperation). Allowing it is safe here because
  the loop only drives the browser; it is set in this file only, never in settings.
- `live_server` serves from another thread with its own database connection, so what a
  browser test needs must be committed: every fixture here requests `transactional_db`
  (a test transaction would be invisible to the server thread).
- Chromium comes from Debian (/usr/bin/chromium); `playwright install` cannot download on
  our machines and must never be called. The flags keep it from reaching the internet.
"""

import os

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest  # noqa: E402
from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def playwright():
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright):
    """One headless Chromium for the whole session (starting one costs about a second)."""
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def javascript():
    """Whether the browser runs JavaScript. A test browses without it (every flow must work
    with plain forms) by `@pytest.mark.parametrize("javascript", [False], ids=["sans-js"])`.

    Without it, `page.evaluate` never returns, so axe-core cannot run there: check those
    pages with JavaScript on (site.js does not change their markup).
    """
    return True


@pytest.fixture
def page(browser, live_server, transactional_db, javascript):
    """A fresh French browser context per test, with relative URLs on the live server.

    Fails the test if the page broke the Content-Security-Policy (an inline script or
    style slipped in), since Chromium only reports that on the console.
    """
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, java_script_enabled=javascript
    )
    # Fail in seconds, not Playwright's default 30 s, when an element is missing.
    context.set_default_timeout(10_000)
    page = context.new_page()
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not csp_errors, "Violations de la CSP :\n" + "\n".join(csp_errors)


@pytest.fixture
def login(page, live_server, transactional_db):
    """Log in through the real login form, by its visible French labels.

    Usage: `login("relais@demo.test", PASSWORD)`; returns the page, on the page the
    form redirected to. If the browser is already on the login form (sent there from a
    page that needs login), that form is used, so the `next` page opens after login.
    """

    def _login(email, password):
        login_url = live_server.url + reverse("login")
        if not page.url.startswith(login_url):
            page.goto(login_url)
        page.get_by_label("Adresse e-mail").fill(email)
        # Labels end with Django's French suffix " :", hence no exact match.
        page.get_by_label("Mot de passe").fill(password)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state()
        return page

    return _login


@pytest.fixture
def login_as(page, live_server, transactional_db):
    """Log a user in without the form (faster): copy a session cookie into the browser.

    Usage: `login_as(user)`; returns the page, not yet navigated. Keep at least one test
    going through the real form (see test_login.py).
    """

    def _login_as(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": cookie.value,
                    "url": live_server.url,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ]
        )
        return page

    return _login_as


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_no_axe_violations(axe):
    """Run axe-core on the page as it is now; fail with a readable report if it finds any."""

    def _assert_no_axe_violations(page):
        # No "preload": axe-core would fetch the admin's forms.css @import and parse it in
        # an inline <style>, which our CSP blocks (and the page fixture reports). Only the
        # css-orientation-lock rule reads those sheets.
        results = axe.run(page, options={"resultTypes": ["violations"], "preload": False})
        assert results.violations_count == 0, (
            f"axe-core sur {page.url} :\n{results.generate_report()}"
        )

    return _assert_no_axe_violations

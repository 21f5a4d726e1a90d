"""French typography on the worker's pages: no line may break before : ; ? ! », after «,
or inside "20 h 30". The spaces there are non-breaking, whether the text comes from a
template (written with &nbsp;) or from Python (the `typo` filter, french_time).

Each page is rendered with the test client; its visible text (text nodes, not attributes,
nor <script>, <style>, <textarea>, <title>) is read with html.parser.
"""

import re
from datetime import datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.bookings.tracking_cast import booking_for, person
from tests.conftest import PARIS_TZ
from tests.factories import EventFactory, SlotFactory, TestimonialFactory
from tests.signed_in import travel

pytestmark = pytest.mark.usefixtures("now")

SPACE = "[ \t\r\n]+"  # breakable spaces; U+00A0 is not one of them
BREAKS = {
    "a space before : ; ? ! or »": re.compile(SPACE + "[:;?!»]"),
    "a space after «": re.compile("«" + SPACE),
    'a breakable "20 h 30"': re.compile(r"\d" + SPACE + r"h\b|\bh" + SPACE + r"\d\d\b"),
}
SKIPPED = {"script", "style", "textarea", "title"}  # a tab's title never wraps
REFERENCE = re.compile(r"(?<![\w-])CDC-[0-9A-Z]{6}(?![\w-])")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class VisibleText(HTMLParser):
    """The text a reader sees, in order, as one string; and the booking references in it that
    may break at their hyphen (outside any element of class "nowrap" or "reference")."""

    def __init__(self):
        super().__init__(convert_charrefs=True)  # "&nbsp;" is read as U+00A0
        self.parts, self.breakable_references = [], []
        self.open = []  # (tag, whether it keeps its text on one line)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        self.open.append((tag, bool({"nowrap", "reference"} & set(classes))))

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):  # tolerate an unclosed <p> or <li>
            if self.open[index][0] == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        tags = {tag for tag, _ in self.open}
        if tags & SKIPPED:
            return
        self.parts.append(data)
        if not any(nowrap for _, nowrap in self.open):
            self.breakable_references += REFERENCE.findall(data)

    @classmethod
    def of(cls, html):
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser


def breaks(html):
    """Each place of `html`'s visible text where a line may break against French typography."""
    parser = VisibleText.of(html)
    text = "".join(parser.parts)
    found = []
    for name, pattern in BREAKS.items():
        for match in pattern.finditer(text):
            context = text[max(0, match.start() - 40) : match.end() + 20]
            found.append(f"{name}: …{' '.join(context.split())}…")
    found += [f"a reference that may break: {r}" for r in parser.breakable_references]
    return found


def test_the_checker_sees_text_but_not_attributes_nor_scripts():
    html = (
        '<p title="Date : x">Date&nbsp;: 20\u00a0h\u00a030</p><a href="https://a.test/?q=1">'
        "https://a.test</a> à 10:30<script>a ? b : c</script><textarea>Oui ?</textarea>"
    )
    assert breaks(html) == []
    assert len(breaks("<p>Date :<b> x</b> ?</p><p>« Oui »</p><p>à 20 h 30</p>")) == 5
    assert breaks('<title>CDC-R63HMB</title><p><span class="nowrap">CDC-R63HMB</span></p>') == []
    assert breaks("<p>Réservation <strong>CDC-R63HMB</strong></p>") == [
        "a reference that may break: CDC-R63HMB"
    ]


WORKER_PAGES = [
    ("home", None),
    ("events:hub", None),
    ("events:search", None),
    ("events:detail", "event"),
    ("bookings:new", "slot"),
    ("bookings:current", None),
    ("bookings:all", None),
    ("bookings:detail", "booking"),
    ("bookings:cancel", "booking"),
    ("bookings:persons", None),
    ("bookings:person", "person"),
    ("bookings:stats", None),
    ("bookings:testimonials", None),
    ("bookings:attendance", "past_booking"),
    ("structures:contact", None),
]


@pytest.fixture
def cast(worker, paris, now):
    """An evening outing at 20:30 booked by the worker, and one in the past to validate."""
    starts_at = datetime(2026, 12, 12, 20, 30, tzinfo=PARIS_TZ)
    # Typed by the staff, with the spaces of a keyboard: shown with non-breaking ones.
    event = EventFactory(
        title="Cyrano : « le panache » !",
        description="Une pièce en vers : drôle et tendre ?",
        partner__department=paris,
        duration_minutes=105,
    )
    slot = SlotFactory(event=event, starts_at=starts_at, invitations_offered=8)
    marie = person(worker.structure, "Marie", "Dupont")
    booking = booking_for(worker, slot, marie, guests=[(0, "Léa", "Dupont")])
    past_slot = SlotFactory(
        event__title="Ciné-club : Les Quatre Cents Coups",
        event__partner__department=paris,
        starts_at=now - timedelta(days=3, hours=2),
    )
    past_booking = booking_for(worker, past_slot, marie, at=now - timedelta(days=10))
    TestimonialFactory(booking=past_booking, text="Une très belle soirée, merci !")
    return {
        "event": event.pk,
        "slot": slot.pk,
        "booking": booking.reference,
        "past_booking": past_booking.reference,
        "person": marie.pk,
    }


@pytest.mark.parametrize(("name", "argument"), WORKER_PAGES, ids=[n for n, _ in WORKER_PAGES])
def test_worker_pages_keep_french_typography(worker_client, cast, name, argument):
    url = reverse(name, args=[cast[argument]] if argument else [])

    response = worker_client.get(url)

    assert response.status_code == 200, url
    assert breaks(response.content.decode()) == [], url


def test_the_login_page_keeps_french_typography(client, db):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert breaks(response.content.decode()) == []


def test_pages_with_messages_and_form_errors_keep_french_typography(worker_client, cast):
    """Sentences written in Python: a message, the project's form errors and Django's own."""
    url = reverse("bookings:person_new")
    response = worker_client.post(url, {"first_name": "Marie", "last_name": "x" * 300})
    assert "Le nom compte au plus 100 caractères\u00a0: abrégez-le." in response.text
    assert breaks(response.text) == []

    response = worker_client.get(reverse("bookings:all"), {"par": "99999"})
    assert "dans la liste («\u00a099999\u00a0» n&#x27;en fait pas partie)" in response.text
    assert breaks(response.text) == []

    with travel(worker_client, datetime(2026, 12, 2, 9, 0, tzinfo=PARIS_TZ)):
        cancel = reverse("bookings:cancel", args=[cast["booking"]])
        response = worker_client.post(cancel, follow=True)
    assert "Votre annulation est confirmée." in response.text
    assert breaks(response.text) == []

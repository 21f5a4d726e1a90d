"""What a worker types flows into pages and files: names with HTML or a spreadsheet formula,
booked through the real pages, come back as text in the confirmation page, the calendar
file and the counter-mark PDF, never as markup or as an extra calendar line."""

import io
import re

import pytest
from django.urls import reverse
from hypothesis import assume, example, given
from hypothesis import strategies as st
from pypdf import PdfReader

from bookings.participant_list import SESSION_KEY
from tests.factories import SlotFactory

from .strategies import HTML_FRAGMENTS, check, fuzz

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = 'Concert <b>live</b>\r\nATTENDEE:mailto:x@evil.test;=HYPERLINK("x")'
name = st.one_of(
    st.sampled_from([*HTML_FRAGMENTS, '=HYPERLINK("http://x.test")', "<b>Léa</b>", "O'Brien"]),
    # Latin letters and signs: the PDF's fonts draw them, so its text can be read back.
    st.text(
        st.characters(categories=["L", "P", "S"], max_codepoint=0x17F), min_size=1, max_size=30
    ),
)


@pytest.fixture
def slot(worker):
    return SlotFactory(event__title=HOSTILE_TITLE, invitations_offered=1000)


def post(client, slot, action, data):
    return check(client.post(reverse(f"bookings:{action}", args=[slot.pk]), data))


def book_through_the_pages(client, slot, first_name, last_name):
    created = post(client, slot, "create_person", {"personne-first_name": first_name,
                                                   "personne-last_name": last_name})  # fmt: skip
    assume(created.status_code == 302)  # a name the form refuses says so: nothing to book
    host = client.session[SESSION_KEY][str(slot.pk)]["entries"][0]["key"]
    guest = {"host": host, f"invite-{host}-first_name": last_name,
             f"invite-{host}-last_name": first_name}  # fmt: skip
    post(client, slot, "add_guest", guest)
    page = check(client.get(reverse("bookings:new", args=[slot.pk]))).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    booked = post(client, slot, "book", {"token": token})
    assert booked.status_code == 302, booked.content.decode()[:2000]
    return booked.url.split("/")[2]


def pdf_text(response):
    content = b"".join(response.streaming_content)
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@fuzz(8)
@example(first_name="<script>alert(1)</script>", last_name='=HYPERLINK("http://x.test")')
@example(first_name='"><img src=x onerror=alert(1)>', last_name="<b>Léa</b>")
@given(first_name=name, last_name=name)
def test_names_come_back_as_text(worker_client, slot, first_name, last_name):
    reference = book_through_the_pages(worker_client, slot, first_name, last_name)

    confirmation = check(worker_client.get(reverse("bookings:confirmation", args=[reference])))
    assert "&lt;" in confirmation.content.decode() or "<" not in first_name + last_name

    ics = worker_client.get(reverse("bookings:ics", args=[reference])).content.decode()
    assert "\r\nATTENDEE" not in ics  # the title's line break is escaped, not a new property
    assert "\\;" in ics and "\\n" in ics

    text = pdf_text(worker_client.get(reverse("vouchers:download", args=[reference])))
    # Last names are printed in capitals.
    squeezed = re.sub(r"\s+", "", text).casefold()
    for typed in (first_name, last_name):
        assert re.sub(r"\s+", "", typed).casefold() in squeezed, (typed, text)

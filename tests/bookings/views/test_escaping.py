"""What workers type (names, testimonials) is shown as text on every page of bookings, never
run as HTML: no `|safe` on user-entered data."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, Participant
from tests.factories import PersonFactory, TestimonialFactory

from ..followup_cast import outing, roles
from .booking_steps import add, book, guest_data, page_url, post

pytestmark = pytest.mark.django_db

BOLD = "<b>Aïcha</b>"
SCRIPT = "<script>alert(1)</script>"
BOLD_TEXT = "&lt;b&gt;Aïcha&lt;/b&gt;"
SCRIPT_TEXT = "&lt;script&gt;alert(1)&lt;/script&gt;"


def assert_escaped(response, *shown):
    """`shown` appear escaped; no tag typed by a worker reaches the page."""
    assert response.status_code == 200
    page = response.content.decode()
    for text in shown:
        assert text in page
    assert "<script>alert" not in page
    assert "<b>Aïcha" not in page
    assert "<i>Léa" not in page
    assert "<u>Sam" not in page


@pytest.fixture
def aicha(structure):
    return PersonFactory(structure=structure, first_name=BOLD, last_name=SCRIPT)


def test_the_booking_page_escapes_names_found_and_listed(app, slot, structure, aicha):
    sam = PersonFactory(structure=structure, companion=True, first_name="<u>Sam</u>")
    post(app, slot, "search", q="Aïcha")
    assert_escaped(app.get(page_url(slot)), f"{BOLD_TEXT} {SCRIPT_TEXT}")

    host = add(app, slot, aicha)
    post(app, slot, "guest", **guest_data(host, "<i>Léa</i>", SCRIPT))
    # The companions to choose from, then the one chosen.
    assert_escaped(app.get(page_url(slot)), "&lt;u&gt;Sam&lt;/u&gt;")
    post(app, slot, "companion", person=sam.pk)

    page = app.get(page_url(slot))
    assert_escaped(page, BOLD_TEXT, "&lt;i&gt;Léa&lt;/i&gt;", SCRIPT_TEXT, "&lt;u&gt;Sam&lt;/u&gt;")


def test_the_pages_of_a_booking_escape_its_names(app, slot, aicha):
    host = add(app, slot, aicha)
    post(app, slot, "guest", **guest_data(host, "<i>Léa</i>", SCRIPT))
    response = book(app, slot)
    booking = Booking.objects.get()
    assert response.status_code == 302

    name = f"{BOLD_TEXT} {SCRIPT_TEXT}"
    guest = f"&lt;i&gt;Léa&lt;/i&gt; {SCRIPT_TEXT}"
    for url in (
        reverse("bookings:confirmation", args=[booking.reference]),
        reverse("bookings:detail", args=[booking.reference]),
    ):
        assert_escaped(app.get(url), name, guest)
    for url in (reverse("bookings:current"), reverse("bookings:all")):
        assert_escaped(app.get(url), name)


def test_the_follow_up_pages_escape_names_and_testimonials(app, worker):
    booking = outing(worker)
    mina, leo, _ = roles(booking)
    Participant.objects.filter(pk=mina.pk).update(first_name=BOLD, last_name=SCRIPT)
    Participant.objects.filter(pk=leo.pk).update(first_name="<i>Léa</i>")
    attendance = app.get(reverse("bookings:attendance", args=[booking.reference]))
    assert_escaped(attendance, f"{BOLD_TEXT} {SCRIPT_TEXT}", "&lt;i&gt;Léa&lt;/i&gt;")

    Booking.objects.filter(pk=booking.pk).update(attendance_recorded_at=timezone.now())
    Participant.objects.filter(pk=mina.pk).update(attended=True)
    mina.refresh_from_db()
    TestimonialFactory(booking=booking, participant=mina, text=f"Merci ! {SCRIPT}")

    assert_escaped(
        app.get(reverse("bookings:testimonials")), f"Merci\u00a0! {SCRIPT_TEXT}", "(&lt;.)"
    )
    assert_escaped(  # in its text box, as written: the worker may correct it
        app.get(reverse("bookings:attendance", args=[booking.reference])),
        f"Merci ! {SCRIPT_TEXT}",
    )

"""The venue's ticks flow back to the social worker: they pre-fill the attendance form,
"pointé par le lieu", and count in statistics only once the worker confirmed them."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from bookings.followup import record_attendance
from bookings.statistics.queries import structure_statistics
from structures.dates import french_time
from tests.bookings.followup_cast import outing, roles
from vouchers import checkin

pytestmark = pytest.mark.django_db


def tick(booking, *participants):
    """The venue ticks them at the door, while the link is open (the outing's start)."""
    at = booking.slot.starts_at - timedelta(minutes=15)
    for participant in participants:
        checkin.check_in(booking.slot, participant.pk, now=at)
    return at


def checked(content, participant):
    """The value of the radio checked for `participant`, or None."""
    found = re.search(rf'name="participant_{participant.pk}" value="(\w+)"[^>]*checked', content)
    return found.group(1) if found else None


def attendance_page(client, booking):
    return client.get(reverse("bookings:attendance", args=[booking.reference]))


def test_the_ticks_pre_fill_the_attendance_form(worker_client, worker):
    booking = outing(worker)
    mina, leo, sam = roles(booking)
    at = tick(booking, mina, sam)

    response = attendance_page(worker_client, booking)

    content = response.content.decode()
    assertContains(response, "Pointé par le lieu&nbsp;: l'accueil a pointé les arrivées")
    # Ticked: present. Not ticked: for the worker to choose, never an absence by default.
    assert [checked(content, p) for p in (mina, leo, sam)] == ["present", None, "present"]
    assertContains(response, f"Arrivée pointée par le lieu à {french_time(at)}.", count=2)
    assertContains(response, "Arrivée non pointée par le lieu.", count=1)


def test_without_ticks_nothing_is_pre_filled(worker_client, worker):
    booking = outing(worker)
    response = attendance_page(worker_client, booking)
    content = response.content.decode()
    assert [checked(content, p) for p in roles(booking)] == [None, None, None]
    assertNotContains(response, "Pointé par le lieu")
    assertNotContains(response, "pointée par le lieu")


def test_the_worker_confirms_or_corrects_and_their_word_stays(worker_client, worker):
    booking = outing(worker)
    mina, leo, sam = roles(booking)
    tick(booking, mina, sam)
    data = {
        f"participant_{mina.pk}": "present",
        f"participant_{leo.pk}": "present",  # came in late, past the desk
        f"participant_{sam.pk}": "absent",  # ticked by mistake
        "temoignages-TOTAL_FORMS": "0",
        "temoignages-INITIAL_FORMS": "0",
    }
    response = worker_client.post(reverse("bookings:attendance", args=[booking.reference]), data)
    assert response.status_code == 302

    content = attendance_page(worker_client, booking).content.decode()
    assert [checked(content, p) for p in (mina, leo, sam)] == ["present", "present", "absent"]
    assert "Pointé par le lieu&nbsp;: l" not in content  # recorded: the note has done its job
    assert "Arrivée non pointée par le lieu." in content  # the venue's word stays visible


def test_the_outings_to_validate_say_how_many_the_venue_ticked(worker_client, worker):
    booking = outing(worker)
    mina, leo, _sam = roles(booking)
    tick(booking, mina, leo)
    outing(worker)  # not ticked

    response = worker_client.get(reverse("bookings:testimonials"))

    assertContains(response, "2 arrivées pointées par le lieu", count=1)


def test_statistics_count_the_workers_confirmed_figure_not_the_ticks(worker):
    booking = outing(worker)
    mina, leo, sam = roles(booking)
    day = timezone.localdate(booking.slot.starts_at)
    period = (date(day.year, day.month, 1), day)

    tick(booking, mina, leo, sam)
    totals = structure_statistics(worker.structure, *period).totals
    assert (totals.used, totals.no_shows, totals.unrecorded) == (0, 0, 3)

    record_attendance(booking, worker, {mina.pk: True, leo.pk: False, sam.pk: True})
    totals = structure_statistics(worker.structure, *period).totals
    assert (totals.used, totals.no_shows, totals.unrecorded) == (2, 1, 0)


def test_the_bookings_history_says_the_venue_ticked(worker_client, worker):
    booking = outing(worker)
    mina, _leo, _sam = roles(booking)
    tick(booking, mina)

    response = worker_client.get(reverse("bookings:detail", args=[booking.reference]))

    assertContains(response, "Arrivée pointée par le lieu")
    assertContains(response, "l'accueil du lieu")
    assertNotContains(response, "compte supprimé")

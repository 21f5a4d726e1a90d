"""The one scoping door: every worker page gives an account without structure one clear page."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.factories import BookingFactory, SlotFactory, UserFactory

pytestmark = pytest.mark.django_db

NO_STRUCTURE = "Page réservée aux travailleurs sociaux"


def worker_urls(booking, slot):
    reference = booking.reference
    return [
        ("get", reverse("bookings:new", args=[slot.pk])),
        ("post", reverse("bookings:add_person", args=[slot.pk])),
        ("post", reverse("bookings:book", args=[slot.pk])),
        ("get", reverse("bookings:current")),
        ("get", reverse("bookings:all")),
        ("get", reverse("bookings:detail", args=[reference])),
        ("get", reverse("bookings:confirmation", args=[reference])),
        ("get", reverse("bookings:cancel", args=[reference])),
        ("get", reverse("bookings:ics", args=[reference])),
        ("get", reverse("bookings:testimonials")),
        ("get", reverse("bookings:attendance", args=[reference])),
        ("get", reverse("bookings:stats")),
        ("get", reverse("bookings:stats_csv")),
        ("get", reverse("vouchers:download", args=[reference])),
    ]


def test_an_account_without_structure_gets_the_same_clear_page_everywhere(client):
    slot = SlotFactory()
    booking = BookingFactory(slot=slot)
    client.force_login(UserFactory(staff=True))
    for method, url in worker_urls(booking, slot):
        response = getattr(client, method)(url)
        assertContains(response, NO_STRUCTURE, status_code=403, msg_prefix=url)
        assertContains(response, reverse("admin:index"), status_code=403, msg_prefix=url)

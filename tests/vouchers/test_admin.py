"""The guest-list pages of the admin: the list of a slot, its PDF and CSV downloads, the links
from the slot, event and booking pages."""

import pytest
from django.urls import reverse

from tests import factories
from vouchers import guest_lists

from .guest_list_cast import ABSENT, EXPECTED

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, department):
    from django.contrib.auth.models import Group

    staff = factories.UserFactory(staff=True, departments=[department])
    staff.groups.add(Group.objects.get(name="Équipe département"))
    client.force_login(staff)
    return client


@pytest.mark.parametrize(
    ("url_name", "content_type", "extension"),
    [
        ("admin:events_slot_guest_list_pdf", "application/pdf", "pdf"),
        ("admin:events_slot_guest_list_csv", "text/csv; charset=utf-8", "csv"),
    ],
)
def test_staff_download_the_guest_list(staff_client, slot, url_name, content_type, extension):
    response = staff_client.get(reverse(url_name, args=[slot.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="{guest_lists.filename(slot, extension)}"'
    )


@pytest.mark.parametrize("url_name", ["guest_list", "guest_list_pdf", "guest_list_csv"])
def test_empty_slot_downloads_too(staff_client, empty_slot, url_name):
    response = staff_client.get(reverse(f"admin:events_slot_{url_name}", args=[empty_slot.pk]))

    assert response.status_code == 200


def test_guest_list_page_shows_everyone(staff_client, slot, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse("admin:events_slot_guest_list", args=[slot.pk]))

    assert response.status_code == 200
    for last_name, first_name in EXPECTED:
        assert last_name in response.text and first_name in response.text
    for name in ABSENT:
        assert name not in response.text
    assert "Télécharger en PDF" in response.text
    assert "Camille Martin" in response.text


def test_slot_pages_link_to_the_guest_list(staff_client, slot):
    url = reverse("admin:events_slot_guest_list", args=[slot.pk])
    booking = slot.bookings.first()

    slot_page = staff_client.get(reverse("admin:events_slot_change", args=[slot.pk]))
    event_page = staff_client.get(reverse("admin:events_event_change", args=[slot.event_id]))
    booking_page = staff_client.get(reverse("admin:bookings_booking_change", args=[booking.pk]))
    slot_list = staff_client.get(reverse("admin:events_slot_changelist"))

    for page in (slot_page, event_page, booking_page, slot_list):
        assert url in page.text


def test_guest_list_page_shows_names_holding_html_as_text(staff_client, slot):
    """Names are typed by workers: the page staff open must never run them."""
    slot.bookings.get(participants__last_name="Zéphyr").participants.update(
        first_name="<b>Aïcha</b>", last_name="<script>alert(1)</script>"
    )

    response = staff_client.get(reverse("admin:events_slot_guest_list", args=[slot.pk]))

    assert "&lt;b&gt;Aïcha&lt;/b&gt;" in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "<script>alert" not in response.text and "<b>Aïcha" not in response.text

"""Waiting lists in the admin: staff raising a slot's offer fill it, the slot page shows
its waiting list, the list of entries, and the invitations filled over a period."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from bookings.cancellation import cancel
from bookings.models import WaitingEntry
from structures.groups import DEPARTMENT_TEAM
from structures.models import OutgoingEmail
from tests import factories

from .tracking_cast import person
from .waiting_cast import assert_counts_exact, full_slot, group, wait

pytestmark = pytest.mark.django_db
Status = WaitingEntry.Status


@pytest.fixture
def team(client, staff_75):
    staff_75.groups.add(Group.objects.get(name=DEPARTMENT_TEAM))
    client.force_login(staff_75)
    return client


def slot_form(slot, **overrides):
    """The slot's change form as the admin renders it (one date-and-time field each)."""
    starts, closes = timezone.localtime(slot.starts_at), timezone.localtime(slot.closes_at)
    return {
        "event": slot.event_id,
        "starts_at": f"{starts:%Y-%m-%dT%H:%M}",
        "ends_at": "",
        "invitations_offered": str(slot.invitations_offered),
        "max_per_booking": str(slot.max_per_booking),
        "closes_at": f"{closes:%Y-%m-%dT%H:%M}",
        **overrides,
    }


def test_staff_raising_the_offer_in_the_admin_books_the_waiting_list(team, worker):
    slot, _ = full_slot(1)
    entry = wait(worker, slot, person(worker.structure, "Marie", "Dupont"))
    later = group(factories.UserFactory(), slot, 3)

    response = team.post(
        reverse("admin:events_slot_change", args=[slot.pk]),
        slot_form(slot, invitations_offered="2"),
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    later.refresh_from_db()
    assert (entry.status, later.status) == (Status.BOOKED, Status.WAITING)
    assert entry.booking.booked_by == worker
    assert_counts_exact(slot)
    assert OutgoingEmail.objects.filter(
        kind=OutgoingEmail.Kind.BOOKING_CONFIRMATION, object_id=entry.booking_id
    ).exists()


def test_the_slot_page_shows_its_waiting_list_in_order(team):
    slot, _ = full_slot(1)
    first = group(factories.UserFactory(structure__name="Relais Nord"), slot, 2)
    group(factories.UserFactory(structure__name="Relais Sud"), slot, 1)

    page = team.get(reverse("admin:events_slot_change", args=[slot.pk])).text

    assert "<li>1. Relais Nord – 2 invitations</li><li>2. Relais Sud – 1 invitation</li>" in page
    listing = team.get(
        reverse("admin:bookings_waitingentry_changelist") + f"?slot__id__exact={slot.pk}"
    )
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [
        first,
        *listing.context["cl"].result_list[1:],
    ]
    assert [e.rank for e in listing.context["cl"].result_list] == [1, 2]


def test_another_departments_team_sees_no_waiting_list(client, staff_93):
    staff_93.groups.add(Group.objects.get(name=DEPARTMENT_TEAM))
    slot, _ = full_slot(1)
    entry = group(factories.UserFactory(), slot, 1)
    client.force_login(staff_93)
    listing = client.get(reverse("admin:bookings_waitingentry_changelist"))
    assert list(listing.context["cl"].result_list) == []
    detail = client.get(reverse("admin:bookings_waitingentry_change", args=[entry.pk]))
    assert detail.status_code in (302, 404)


def test_the_departement_statistics_count_what_the_waiting_lists_filled(team, paris):
    slot, bookings = full_slot(2, event__partner__department=paris)
    group(factories.UserFactory(), slot, 1)
    group(factories.UserFactory(), slot, 1)
    for booking in bookings:
        cancel(booking, by=booking.booked_by, notify=False)
    today = timezone.localdate()
    response = team.get(
        reverse("admin:structures_department_statistics"),
        {
            "department": paris.pk,
            "start": f"{today - timedelta(days=30):%d/%m/%Y}",
            "end": f"{today + timedelta(days=60):%d/%m/%Y}",
        },
    )
    assert response.context["stats"].waiting_list_filled == 2
    assert "Invitations attribuées depuis les listes d'attente</th><td>2</td>" in response.text

"""What département staff see of the check-in: arrivals against invitations for each slot
(the slots' list and the guest list page), the link to give the venue, and each structure's
no-show rate over 12 months (a column and a filter of the structures' list)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from bookings.models import Participant
from structures.models import Structure
from tests import factories
from tests.conftest import staff_of
from vouchers import checkin

from .guest_list_cast import booked_slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_slot(department):
    """The cast's slot, its cutoff passed an hour ago, the outing in two hours."""
    return booked_slot(
        department,
        starts_at=timezone.now() + timedelta(hours=2),
        closes_at=timezone.now() - timedelta(hours=1),
    )


@pytest.fixture
def staff_client(client, department):
    client.force_login(staff_of(department))
    return client


def test_staff_see_arrivals_against_invitations_per_slot(
    staff_client, closed_slot, department, django_assert_max_num_queries
):
    leila, ines = Participant.objects.filter(last_name="Amrani").order_by("pk")
    checkin.check_in(closed_slot, leila.pk)
    checkin.check_in(closed_slot, ines.pk)
    factories.SlotFactory(event__venue__department=department)  # still open: "—"
    unused = factories.SlotFactory(
        event__venue__department=department,
        starts_at=timezone.now() - timedelta(days=3),
        closes_at=timezone.now() - timedelta(days=5),
    )
    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse("admin:events_slot_changelist"))
    assertContains(response, "Arrivées pointées")
    assertContains(response, '<td class="field-arrivals">2 sur 4</td>', html=True)
    assertContains(response, '<td class="field-arrivals">—</td>', html=True)
    # Nobody ticked: the sheet was not used, which is not "nobody came".
    assertContains(response, '<td class="field-arrivals">pointage non utilisé</td>', html=True)
    # Next to the invitations booked, on a 1280 px screen.
    columns = response.context["cl"].list_display
    assert columns.index("arrivals") == columns.index("invitations_booked") + 1

    response = staff_client.get(reverse("admin:events_slot_guest_list", args=[closed_slot.pk]))
    arrived = "Arrivées pointées&nbsp;: <strong>2 sur 4</strong> invitations."
    assertContains(response, arrived, html=True)
    assertContains(response, checkin.url(closed_slot))
    assert response.text.count("<td>à ") == 2
    response = staff_client.get(reverse("admin:events_slot_guest_list", args=[unused.pk]))
    assertContains(response, "Le lien de pointage du lieu a expiré le")
    assertNotContains(response, checkin.url(unused))


def test_the_booking_page_shows_the_ticks_and_their_history(staff_client, closed_slot):
    leila = Participant.objects.get(first_name="Leïla")
    checkin.check_in(closed_slot, leila.pk)
    response = staff_client.get(reverse("admin:bookings_booking_change", args=[leila.booking_id]))
    assertContains(response, "Arrivée pointée par le lieu")


# --- No-shows -------------------------------------------------------------------------


def outing_of(structure, *, attended, days_ago=30, cancelled=False):
    """A past booking of `structure` for as many participants as `attended` has values."""
    slot = factories.SlotFactory(
        starts_at=timezone.now() - timedelta(days=days_ago), invitations_offered=10
    )
    booking = factories.BookingFactory(slot=slot, structure=structure, cancelled=cancelled)
    for _ in attended[1:]:
        factories.ParticipantFactory(booking=booking)
    for participant, came in zip(booking.participants.order_by("pk"), attended, strict=True):
        Participant.objects.filter(pk=participant.pk).update(attended=came)
    return booking


@pytest.fixture
def relays(department):
    """Four relays: often absent, sometimes, never recorded, and one long ago only."""
    often = factories.StructureFactory(department=department, name="Relais Souvent Absent")
    outing_of(often, attended=[False, False, True])
    outing_of(often, attended=[True, None])  # not recorded: does not count
    outing_of(often, attended=[False, False], cancelled=True)  # cancelled: does not count
    sometimes = factories.StructureFactory(department=department, name="Relais Assidu")
    outing_of(sometimes, attended=[True] * 9 + [False])
    never = factories.StructureFactory(department=department, name="Relais Sans Saisie")
    outing_of(never, attended=[None, None])
    old = factories.StructureFactory(department=department, name="Relais Ancien")
    outing_of(old, attended=[False], days_ago=400)
    return {"often": often, "sometimes": sometimes, "never": never, "old": old}


def test_the_no_show_rate_counts_recorded_attendance_of_the_last_12_months(relays):
    from bookings.statistics.no_shows import no_show_rate

    rates = dict(
        Structure.objects.filter(pk__in=[s.pk for s in relays.values()])
        .annotate(rate=no_show_rate())
        .values_list("name", "rate")
    )
    assert rates == {
        "Relais Souvent Absent": pytest.approx(50),  # 2 absent of 4 recorded
        "Relais Assidu": pytest.approx(10),
        "Relais Sans Saisie": None,
        "Relais Ancien": None,
    }


def test_staff_see_and_filter_structures_by_no_show_rate(
    staff_client, relays, django_assert_max_num_queries
):
    url = reverse("admin:structures_structure_changelist")
    with django_assert_max_num_queries(12):
        response = staff_client.get(url)
    assertContains(response, "Absences (12 mois)")
    assertContains(response, '<td class="field-no_shows">50,0 %</td>', html=True)
    assertContains(response, '<td class="field-no_shows">10,0 %</td>', html=True)
    assertContains(response, '<td class="field-no_shows">—</td>', html=True, count=2)

    def names(value):
        response = staff_client.get(url, {"absences": value})
        assert response.status_code == 200
        return sorted(s.name for s in response.context["cl"].result_list)

    assert names("plus-de-30") == ["Relais Souvent Absent"]
    assert names("10-a-30") == ["Relais Assidu"]
    assert names("moins-de-10") == []
    assert names("aucune-presence") == ["Relais Ancien", "Relais Sans Saisie"]
    # Sorted by the rate, the highest first.
    response = staff_client.get(url, {"o": "8"})
    assert [s.name for s in response.context["cl"].result_list][:2] == [
        "Relais Souvent Absent",
        "Relais Assidu",
    ]


def test_the_structures_list_stays_flat_as_relays_grow(
    staff_client, relays, department, django_assert_num_queries, django_assert_max_num_queries
):
    url = reverse("admin:structures_structure_changelist")
    with django_assert_max_num_queries(12) as few:
        staff_client.get(url)
    for _ in range(5):
        outing_of(factories.StructureFactory(department=department), attended=[True, False])
    with django_assert_num_queries(len(few.captured_queries)):
        staff_client.get(url)


def test_another_departments_structures_are_not_listed(staff_client, relays):
    elsewhere = factories.StructureFactory(
        name="Relais Lointain", department=factories.DepartmentFactory(code="93")
    )
    outing_of(elsewhere, attended=[False])
    response = staff_client.get(
        reverse("admin:structures_structure_changelist"), {"absences": "plus-de-30"}
    )
    assert [s.name for s in response.context["cl"].result_list] == ["Relais Souvent Absent"]

"""The département statistics page of the admin, hooked onto the départements' admin by
bookings: figures, CSV, period errors, aggregate queries."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from bookings.models import Participant
from bookings.statistics.admin import DepartmentAdminWithStatistics
from bookings.statistics.charts import month_chart
from structures.models import Department
from tests import factories

pytestmark = pytest.mark.django_db


def team_client(client, *departments):
    """`client` logged in as a member of the team of `departments`."""
    staff = factories.UserFactory(staff=True, departments=list(departments))
    staff.groups.add(Group.objects.get(name="Équipe département"))
    client.force_login(staff)
    return client


def test_bookings_hooks_the_page_onto_the_departments_admin():
    assert isinstance(admin.site.get_model_admin(Department), DepartmentAdminWithStatistics)
    url = reverse("admin:structures_department_statistics")
    assert url == "/admin/structures/department/statistiques/"


@pytest.fixture
def statistics_data():
    paris = factories.DepartmentFactory(code="75")
    slot = factories.SlotFactory(
        past=True,
        invitations_offered=12,
        event__partner__name="Théâtre du Châtelet",
        event__partner__department=paris,
    )
    present = factories.BookingFactory(slot=slot, structure__name="Relais présent")
    Participant.objects.filter(booking=present).update(attended=True)
    factories.BookingFactory(slot=slot, structure__name="Relais annulé", cancelled=True)
    return paris, slot


def test_statistics_page_shows_department_figures(client, statistics_data):
    paris, slot = statistics_data
    client = team_client(client, paris)

    response = client.get(reverse("admin:structures_department_statistics"))

    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats.department == paris
    assert (stats.totals.booked, stats.totals.used, stats.totals.cancelled) == (1, 1, 1)
    assert stats.offered == 12
    for text in ("Relais présent", "Relais annulé", "Théâtre du Châtelet", "<svg"):
        assert text in response.text
    assert response.context["chart"] == month_chart(stats)  # the worker page's month chart


def test_statistics_export_as_csv(client, statistics_data):
    paris, _ = statistics_data
    client = team_client(client, paris)
    today = timezone.localdate()

    response = client.get(
        reverse("admin:structures_department_statistics"),
        {
            "department": paris.pk,
            "start": f"01/01/{today.year - 1}",
            "end": today.strftime("%d/%m/%Y"),
            "format": "csv",
        },
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="statistiques-75-')
    text = response.content.decode("utf-8-sig")
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "Relais présent;75;1;1;" in text
    assert "Théâtre du Châtelet;1;12;1;1;" in text


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (
            "01/06/2026",
            "01/01/2026",
            "Saisissez une date de fin à partir du 01/06/2026, la date de début.",
        ),
        ("01/01/1900", "01/01/2026", "Saisissez une date à partir du 01/01/2000."),
        ("31/02/2026", "01/03/2026", "Saisissez une date valide, par exemple 15/03/2026."),
        ("01/01/2026", "01/01/2999", "Saisissez une date jusqu'au 31/12/"),
    ],
)
def test_statistics_refuse_a_bad_period(client, start, end, message):
    paris = factories.DepartmentFactory(code="75")
    client = team_client(client, paris)

    response = client.get(
        reverse("admin:structures_department_statistics"),
        {"department": paris.pk, "start": start, "end": end, "format": "csv"},
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert escape(message) in response.text
    assert response.context["stats"] is None


def test_statistics_use_aggregate_queries(
    admin_client, statistics_data, django_assert_max_num_queries
):
    paris, slot = statistics_data
    factories.BookingFactory.create_batch(5, slot=slot)
    with django_assert_max_num_queries(15):
        response = admin_client.get(
            reverse("admin:structures_department_statistics"),
            {"department": paris.pk, "start": "01/01/2020", "end": "31/12/2030"},
        )

    assert response.context["stats"].totals.booked == 6


@pytest.mark.parametrize("wanted", ["²", "1²", "abc", "-1", "9" * 30, "1 "])
def test_a_department_that_is_no_id_is_not_found(client, wanted):
    team_client(client, factories.DepartmentFactory(code="75"))
    url = reverse("admin:structures_department_statistics")
    assert client.get(url, {"department": wanted}).status_code == 404

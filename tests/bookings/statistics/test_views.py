""" "Mes statistiques": the page, its CSV, the period's errors and who may see them."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertTemplateUsed

from bookings.followup import record_attendance
from tests.factories import UserFactory

from ..followup_cast import outing, roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider():
    """A worker of another structure."""
    return UserFactory()


def recorded_outing(worker, presence=(True, True, False)):
    booking = outing(worker)
    record_attendance(
        booking,
        worker,
        {p.pk: came for p, came in zip(roles(booking), presence, strict=True)},
    )
    return booking


def test_statistics_page(client, worker, outsider):
    recorded_outing(worker)
    outing(worker)  # to validate
    recorded_outing(outsider, presence=(True, True, True))
    client.force_login(worker)

    response = client.get(reverse("bookings:stats"))

    content = response.content.decode()
    assert response.status_code == 200
    totals = response.context["stats"].totals
    assert (totals.booked, totals.used, totals.no_shows, totals.unrecorded) == (6, 2, 1, 3)
    assert "66,7&nbsp;%" in content  # 2 present of 3 recorded
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="graphique-mois"' in content
    # The same chart laid out for a phone, which the stylesheet shows below 48em instead.
    assert '<div class="chart-narrow"><svg xmlns="http://www.w3.org/2000/svg" ' in content
    assert 'class="chart-narrow-svg" id="graphique-mois-telephone"' in content
    assert (
        'role="img" aria-labelledby="graphique-mois-title" aria-describedby="graphique-mois-desc"'
        in content
    )
    caption = "Invitations par mois&nbsp;: les chiffres"
    assert f'<caption class="visually-hidden">{caption}</caption>' in content
    assert "Le Malade imaginaire" in content
    start, end = response.context["stats"].start, response.context["stats"].end
    assert end == timezone.localdate()
    assert (start.day, len(response.context["stats"].months)) == (1, 12)
    assert f"start={start:%Y-%m-%d}&amp;end={end:%Y-%m-%d}" in content


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"start": "2026-03-01", "end": "2026-02-01"},
            "Saisissez une date de fin à partir du 01/03/2026, la date de début.",
        ),
        (
            {"start": "1900-01-01", "end": "2026-02-01"},
            "Saisissez une date à partir du 01/01/2000.",
        ),
        ({"start": "pas une date"}, "Saisissez une date valide, par exemple 15/03/2026."),
        (
            {"start": "2010-01-01", "end": "2020-01-01"},
            "Saisissez une date de fin jusqu'au 05/01/2015\u00a0: "
            "la période dure au plus cinq ans.",
        ),
        ({"end": "2999-01-01"}, "Saisissez une date jusqu'au 31/12/"),
    ],
)
def test_statistics_bad_period(client, worker, query, message):
    client.force_login(worker)

    response = client.get(reverse("bookings:stats"), query)

    assert response.status_code == 200
    assertContains(response, escape(message))
    assert "stats" not in response.context

    csv_response = client.get(reverse("bookings:stats_csv"), query)
    assert csv_response.status_code == 400
    assertContains(csv_response, escape(message), status_code=400)


def test_statistics_accept_french_dates(client, worker):
    client.force_login(worker)
    response = client.get(reverse("bookings:stats"), {"start": "01/03/2025", "end": "31/03/2025"})
    stats = response.context["stats"]
    assert (stats.start.isoformat(), stats.end.isoformat()) == ("2025-03-01", "2025-03-31")


def test_statistics_csv(client, worker):
    recorded_outing(worker)
    client.force_login(worker)
    today = timezone.localdate()

    response = client.get(reverse("bookings:stats_csv"), {"start": "2025-01-01", "end": today})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="statistiques-2025-01-01-{today:%Y-%m-%d}.csv"'
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0] == ["Statistiques de la structure", worker.structure.name]
    assert ["Invitations réservées", "3"] in rows
    assert ["Invitations utilisées", "2"] in rows
    assert ["Taux de présence (%)", "66,7"] in rows
    assert ["Le Malade imaginaire", "3", "2", "1", "0", "0", "66,7"] in rows


def test_statistics_need_login(client):
    for name in ("bookings:stats", "bookings:stats_csv"):
        response = client.get(reverse(name))
        assert response.status_code == 302


def test_staff_without_structure_get_the_no_structure_page(client):
    client.force_login(UserFactory(staff=True))
    for name in ("bookings:stats", "bookings:stats_csv"):
        response = client.get(reverse(name))
        assert response.status_code == 403
        assertTemplateUsed(response, "structures/no_structure.html")
        assert "stats" not in response.context
        assertContains(response, "Votre compte n'est rattaché à aucune structure", status_code=403)
        # They are told where their départements' statistics are.
        assertContains(response, "l'administration</a>", status_code=403)


def test_statistics_page_query_count_is_fixed(client, worker, django_assert_max_num_queries):
    client.force_login(worker)
    recorded_outing(worker)
    with django_assert_max_num_queries(9):
        client.get(reverse("bookings:stats"))
    for _ in range(15):
        recorded_outing(worker)
        outing(worker)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("bookings:stats"))
    assert response.context["stats"].totals.booked == 16 * 3 + 15 * 3

"""The admin home (portal.templatetags.backoffice): what needs the département team's
attention, and calm when nothing waits."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Slot
from portal.templatetags import backoffice
from tests import factories
from tests.structures.admin_pages import team_client

pytestmark = pytest.mark.django_db


def test_admin_home_shows_what_needs_attention(client):
    paris = factories.DepartmentFactory(code="75")
    now = timezone.now()
    soon = factories.SlotFactory(
        event__title="Ferme bientôt",
        starts_at=now + timedelta(hours=60),
        event__partner__department=paris,
    )
    factories.SlotFactory(
        event__title="Ferme plus tard",
        starts_at=now + timedelta(days=5),
        event__partner__department=paris,
    )
    failed = factories.SlotFactory(
        event__title="Liste bloquée", past=True, event__partner__department=paris
    )
    Slot.objects.filter(pk=failed.pk).update(
        guest_list_failed_at=now, guest_list_error="Le partenaire n'a pas d'e-mail."
    )
    factories.TestimonialFactory.create_batch(2, booking__slot=soon)
    client = team_client(client, paris)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "Ferme bientôt" in response.text
    assert "Ferme plus tard" not in response.text
    assert "Liste bloquée" in response.text
    assert "Le partenaire n&#x27;a pas d&#x27;e-mail." in response.text
    assert "2 témoignages à modérer" in response.text
    assert reverse("admin:structures_department_statistics") in response.text


def test_admin_home_is_calm_when_nothing_waits(admin_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("admin:index"))

    assert "Aucun créneau ne ferme dans les 48 heures." in response.text
    assert "Toutes les listes d'invités sont parties." in response.text
    assert "Aucun témoignage à modérer." in response.text


def test_a_large_moderation_backlog_is_counted_up_to_a_cap(admin_client, monkeypatch):
    monkeypatch.setattr(backoffice, "PENDING_COUNTED_UP_TO", 2)
    factories.TestimonialFactory.create_batch(2)
    exactly = admin_client.get(reverse("admin:index")).text
    factories.TestimonialFactory()

    beyond = admin_client.get(reverse("admin:index")).text

    assert "2 témoignages à modérer" in exactly
    assert "plus de 2 témoignages à modérer" in beyond

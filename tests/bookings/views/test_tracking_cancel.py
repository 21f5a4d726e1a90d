"""The cancellation pages: the confirmation, the POST, after the cutoff, the 404s."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from bookings.cancellation import ALREADY_CANCELLED, CONFIRMED, cancel
from tests.factories import UserFactory
from tests.signed_in import travel

from ..tracking_cast import (
    CONFIRMED_HTML,
    EXPIRED_HTML,
    assert_unchanged,
    booking_for,
    cancellable_slot,
    family_booking,
    person,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def slot():
    return cancellable_slot()


@pytest.fixture
def booking(worker, slot):
    return family_booking(worker, slot, person(worker.structure, "Marie", "Dupont"))


def cancel_url(booking):
    return reverse("bookings:cancel", args=[booking.reference])


def detail_url(booking):
    return reverse("bookings:detail", args=[booking.reference])


def test_the_confirmation_page_asks_before_cancelling(app, booking):
    response = app.get(cancel_url(booking))
    assertContains(response, "Confirmer l'annulation</button>")
    assertContains(response, 'method="post"')
    assertContains(response, "csrfmiddlewaretoken")
    assertContains(response, f'href="{detail_url(booking)}">Ne pas annuler</a>', html=False)
    assertContains(response, "Les 3 invitations de cette réservation seront remises en ligne")
    assert_unchanged(booking)


def test_the_confirmation_page_names_whom_to_tell(app, booking):
    """The counter-mark they hold will no longer be valid: each person invited is named."""
    response = app.get(cancel_url(booking))
    assertContains(response, "Prévenez les personnes invitées</h2>")
    for name, role in [
        ("Marie Dupont", "Personne suivie"),
        ("Léa Invitée", "Invité de Marie Dupont"),
        ("Anne Benoît", "Accompagnateur"),
    ]:
        assertContains(response, f'<li>{name} <span class="muted">– {role}', html=False)


def test_the_cancel_button_looks_destructive_and_not_cancelling_is_a_button(app, booking):
    response = app.get(cancel_url(booking))
    assertContains(response, '<button type="submit" class="button button-danger"><svg')
    assertContains(
        response,
        f'<a class="button button-secondary" href="{detail_url(booking)}">Ne pas annuler</a>',
    )


def test_the_confirmation_page_costs_a_fixed_number_of_queries(
    app, worker, slot, django_assert_max_num_queries
):
    small = family_booking(worker, slot, person(worker.structure, "Marie", "Dupont"))
    type(slot).objects.filter(pk=slot.pk).update(max_per_booking=10, invitations_offered=20)
    many = booking_for(
        worker,
        slot,
        *[person(worker.structure, f"Prénom{n}", "Nom") for n in range(4)],
        guests=[(n, "Invité", f"N{n}") for n in range(4)],
    )
    with django_assert_max_num_queries(12) as small_queries:
        app.get(cancel_url(small))
    with django_assert_max_num_queries(len(small_queries)):
        assertContains(app.get(cancel_url(many)), "Prénom3 Nom")


def test_confirming_cancels_and_says_so(app, booking, worker):
    response = app.post(cancel_url(booking), follow=True)
    assertRedirects(response, detail_url(booking))
    assertContains(response, CONFIRMED_HTML)
    assert CONFIRMED == (
        "Votre annulation est confirmée. Les invitations sont remises en ligne et peuvent "
        "être réservées de nouveau par les relais sociaux."
    )
    booking.refresh_from_db()
    booking.slot.refresh_from_db()
    assert booking.is_cancelled and booking.cancelled_by == worker
    assert booking.slot.invitations_booked == 0
    # The detail no longer offers what cannot work.
    assertNotContains(response, reverse("vouchers:download", args=[booking.reference]))
    assertNotContains(response, cancel_url(booking))


def test_the_post_needs_the_csrf_token(booking, worker):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(worker)
    response = client.post(cancel_url(booking))
    assert response.status_code == 403
    assert_unchanged(booking)


def test_a_second_post_changes_nothing_and_says_why(app, booking):
    app.post(cancel_url(booking))
    response = app.post(cancel_url(booking), follow=True)
    assertRedirects(response, detail_url(booking))
    assertContains(response, ALREADY_CANCELLED)
    booking.slot.refresh_from_db()
    assert booking.slot.invitations_booked == 0
    assert booking.log_entries.filter(action="cancelled").count() == 1


def test_the_confirmation_page_of_a_cancelled_booking_leads_to_it(app, booking, worker):
    cancel(booking, by=worker)
    response = app.get(cancel_url(booking), follow=True)
    assertRedirects(response, detail_url(booking))
    assertContains(response, ALREADY_CANCELLED)


def assert_expiry_guidance(response, status_code=200):
    assertContains(response, EXPIRED_HTML, status_code=status_code)
    assertContains(response, "01 53 00 00 75", status_code=status_code)  # the team's phone
    assertContains(response, "equipe-paris@asso.test", status_code=status_code)  # its e-mail
    assertContains(response, "01 42 74 22 77", status_code=status_code)  # the venue's phone
    assertContains(response, "Informez l'équipe de l'association", status_code=status_code)
    assertNotContains(response, "Confirmer l'annulation", status_code=status_code)


def test_after_the_cutoff_the_confirmation_page_says_what_to_do(app, booking, slot):
    with travel(app, slot.closes_at + timedelta(minutes=1), tick=False):
        response = app.get(cancel_url(booking))
    assert_expiry_guidance(response)


def test_a_forged_post_after_the_cutoff_changes_nothing(app, booking, slot):
    with travel(app, slot.closes_at + timedelta(minutes=1), tick=False):
        response = app.post(cancel_url(booking))
    assert_expiry_guidance(response, status_code=409)
    assert_unchanged(booking)


def test_a_post_from_a_page_loaded_before_the_list_left(app, booking, slot):
    """The page offered "Confirmer" when it loaded; the list left meanwhile."""
    assertContains(app.get(cancel_url(booking)), "Confirmer l'annulation")
    type(slot).objects.filter(pk=slot.pk).update(guest_list_sent_at=timezone.now())
    response = app.post(cancel_url(booking))
    assert_expiry_guidance(response, status_code=409)
    assert_unchanged(booking)


def test_another_structure_gets_404(client, booking):
    client.force_login(UserFactory())
    assert client.get(cancel_url(booking)).status_code == 404
    assert client.post(cancel_url(booking)).status_code == 404
    assert_unchanged(booking)


def test_staff_without_structure_gets_the_no_structure_page(client, booking):
    client.force_login(UserFactory(staff=True))
    assertContains(
        client.post(cancel_url(booking)), "Page réservée aux travailleurs sociaux", status_code=403
    )
    assert_unchanged(booking)


def test_unknown_reference_is_404(app, booking):
    response = app.post(reverse("bookings:cancel", args=["CDC-NOPE00"]))
    assertContains(response, "Page introuvable", status_code=404)


def test_login_required(client, booking):
    response = client.post(cancel_url(booking))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert_unchanged(booking)


def test_other_methods_are_refused(app, booking):
    assert app.put(cancel_url(booking)).status_code == 405
    assert_unchanged(booking)

"""bookings.services.cancel() and the cancellation pages (confirmation, POST, cutoff)."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from bookings.cancellation import ALREADY_CANCELLED, CONFIRMED, EXPIRED
from bookings.models import Booking, BookingLogEntry, Participant
from bookings.services import CancellationError, ParticipantRequest, book, cancel
from tests.factories import SlotFactory, UserFactory

from .tracking_cast import CONFIRMED_HTML, EXPIRED_HTML, booking_for, person

pytestmark = pytest.mark.django_db
Role = Participant.Role


@pytest.fixture
def slot():
    slot = SlotFactory(
        event__title="Cyrano de Bergerac",
        event__venue__name="Théâtre de la Ville",
        event__venue__phone="01 42 74 22 77",
        starts_at=timezone.now() + timedelta(days=10),
        invitations_offered=10,
    )
    department = slot.event.department
    department.team_phone = "01 53 00 00 75"
    department.team_email = "equipe-paris@asso.test"
    department.save()
    return slot


@pytest.fixture
def marie(worker):
    return person(worker.structure, "Marie", "Dupont")


@pytest.fixture
def booking(worker, slot, marie):
    """Marie, her guest Léa and a companion: 3 invitations."""
    anne = person(worker.structure, "Anne", "Benoît", kind="companion")
    return booking_for(worker, slot, marie, guests=[(0, "Léa", "Invitée")], companions=[anne])


def assert_unchanged(booking, booked=3):
    booking.refresh_from_db()
    booking.slot.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.cancelled_at is None and booking.cancelled_by is None
    assert booking.slot.invitations_booked == booked
    assert booking.participants.filter(is_active=True).count() == 3
    assert not booking.log_entries.exclude(action="booked").exists()


def refused(booking, by, **kwargs):
    with pytest.raises(CancellationError) as excinfo:
        cancel(booking, by=by, **kwargs)
    return excinfo.value


# The service.


def test_cancel_before_the_cutoff_puts_the_invitations_back(
    booking, worker, slot, django_capture_on_commit_callbacks
):
    assert slot.invitations_booked == 3
    with django_capture_on_commit_callbacks(execute=True):
        result = cancel(booking, by=worker)

    booking.refresh_from_db()
    slot.refresh_from_db()
    assert result.pk == booking.pk
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancelled_by == worker
    assert timezone.now() - booking.cancelled_at < timedelta(seconds=5)
    assert slot.invitations_booked == 0
    assert not booking.participants.filter(is_active=True).exists()
    entry = booking.log_entries.get(action=BookingLogEntry.Action.CANCELLED)
    assert entry.actor == worker and entry.details == {"invitations": 3}

    [message] = mail.outbox
    assert message.to == ["camille@relais.test"]
    assert message.subject.startswith(f"Réservation annulée {booking.reference} : Cyrano")
    assert "\n" not in message.subject
    assert f"Votre réservation {booking.reference} est annulée" in message.body
    assert "Marie Dupont (Personne suivie)" in message.body
    assert "Léa Invitée (Invité de Marie Dupont)" in message.body
    assert "n'est plus valable" in message.body


def test_the_email_leaves_only_after_commit(booking, worker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        cancel(booking, by=worker)
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_a_failing_email_does_not_undo_the_cancellation(
    booking, worker, monkeypatch, django_capture_on_commit_callbacks
):
    from bookings import cancellation

    def broken(booking_id):
        raise OSError("mail server down")

    monkeypatch.setattr(cancellation, "send_booking_cancellation", broken)
    with django_capture_on_commit_callbacks(execute=True):
        cancel(booking, by=worker)
    booking.refresh_from_db()
    assert booking.is_cancelled


def test_the_stored_counter_mark_is_deleted(booking, worker, django_capture_on_commit_callbacks):
    booking.voucher.save("contremarque.pdf", ContentFile(b"%PDF-"), save=True)
    name = booking.voucher.name
    storage = booking.voucher.storage
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        cancel(booking, by=worker)

    booking.refresh_from_db()
    assert not booking.voucher
    assert not storage.exists(name)


def test_a_colleague_may_cancel_and_the_booker_is_told(
    booking, worker, django_capture_on_commit_callbacks
):
    colleague = UserFactory(structure=worker.structure, first_name="Noé", last_name="Petit")
    with django_capture_on_commit_callbacks(execute=True):
        cancel(booking, by=colleague)
    booking.refresh_from_db()
    assert booking.cancelled_by == colleague
    [message] = mail.outbox
    assert message.to == [worker.email]
    assert "est annulée par Noé Petit" in message.body


def test_cancelling_at_the_cutoff_instant_is_refused(booking, worker, slot):
    with time_machine.travel(slot.closes_at, tick=False):
        error = refused(booking, worker)
    assert error.message == EXPIRED and str(error) == EXPIRED
    assert error.code == "expired"
    assert_unchanged(booking)


def test_cancelling_just_before_the_cutoff_works(booking, worker, slot):
    with time_machine.travel(slot.closes_at - timedelta(seconds=1), tick=False):
        cancel(booking, by=worker)
    booking.refresh_from_db()
    assert booking.is_cancelled


def test_cancelling_after_the_cutoff_is_refused(booking, worker, slot):
    with time_machine.travel(slot.closes_at + timedelta(hours=1), tick=False):
        error = refused(booking, worker)
    assert error.message == EXPIRED
    assert_unchanged(booking)


def test_cancelling_once_the_guest_list_was_sent_is_refused(booking, worker, slot):
    # Staff may send the list early: from then on, the partner has the names.
    slot.guest_list_sent_at = timezone.now()
    slot.save()
    error = refused(booking, worker)
    assert error.message == EXPIRED
    assert_unchanged(booking)


def test_the_service_reads_the_slot_again(booking, worker, slot):
    """A page loaded before the list left does not decide: the locked row does."""
    type(slot).objects.filter(pk=slot.pk).update(guest_list_sent_at=timezone.now())
    assert booking.slot.guest_list_sent_at is None  # the caller's copy is stale
    assert refused(booking, worker).code == "expired"
    assert_unchanged(booking)


def test_cancelling_twice_releases_the_invitations_once(booking, worker, slot):
    cancel(booking, by=worker)
    # `booking` is stale (still "confirmed" in memory): the service re-reads the row.
    error = refused(booking, worker)
    assert error.message == ALREADY_CANCELLED and error.code == "cancelled"
    slot.refresh_from_db()
    assert slot.invitations_booked == 0
    assert booking.log_entries.filter(action="cancelled").count() == 1


def test_another_structure_cannot_cancel(booking):
    error = refused(booking, UserFactory())
    assert error.code == "structure"
    assert_unchanged(booking)


def test_staff_cancel_on_behalf_is_recorded_as_such(
    booking, slot, django_capture_on_commit_callbacks
):
    staff = UserFactory(staff=True, first_name="Inès", last_name="Roux")
    with django_capture_on_commit_callbacks(execute=True):
        cancel(booking, by=staff, on_behalf=True)
    booking.refresh_from_db()
    slot.refresh_from_db()
    assert booking.is_cancelled and booking.cancelled_by == staff
    assert slot.invitations_booked == 0
    entry = booking.log_entries.exclude(action="booked").get()
    assert (entry.action, entry.actor) == (BookingLogEntry.Action.CANCELLED_BY_STAFF, staff)
    [message] = mail.outbox
    assert "par l'équipe de l'association" in message.body


def test_staff_on_behalf_is_refused_after_the_cutoff_too(booking, slot):
    with time_machine.travel(slot.closes_at, tick=False):
        error = refused(booking, UserFactory(staff=True), on_behalf=True)
    assert error.message == EXPIRED
    assert_unchanged(booking)


def test_freed_invitations_and_persons_are_bookable_at_once(booking, worker, slot, marie):
    """The last seats freed by a cancellation go to the next relay; Marie may be booked
    again (the partial unique constraint only counts active participants)."""
    slot.invitations_offered = 3
    slot.save()
    cancel(booking, by=worker)

    other = UserFactory()
    paul = person(other.structure, "Paul", "Durand")
    booking_for(other, slot, paul, guests=[(0, "Zoé", "Durand"), (0, "Léo", "Durand")])
    slot.refresh_from_db()
    assert slot.invitations_booked == 3

    slot.invitations_offered = 4
    slot.save()
    again = book(
        slot=slot,
        structure=worker.structure,
        user=worker,
        participants=[ParticipantRequest(key="b", role=Role.BENEFICIARY, person_id=marie.pk)],
        notify=False,
    )
    assert again.participants.get().person == marie
    slot.refresh_from_db()
    assert slot.invitations_booked == 4


def test_the_counter_never_goes_below_zero(booking, worker, slot, caplog):
    type(slot).objects.filter(pk=slot.pk).update(invitations_booked=1)  # a counter that lies
    cancel(booking, by=worker)
    slot.refresh_from_db()
    assert slot.invitations_booked == 0
    assert "counted fewer invitations" in caplog.text


# The pages.


def cancel_url(booking):
    return reverse("bookings:cancel", args=[booking.reference])


def detail_url(booking):
    return reverse("bookings:detail", args=[booking.reference])


@pytest.fixture
def app(client, worker):
    client.force_login(worker)
    return client


def test_the_confirmation_page_asks_before_cancelling(app, booking):
    response = app.get(cancel_url(booking))
    assertContains(response, "Confirmer l'annulation</button>")
    assertContains(response, 'method="post"')
    assertContains(response, "csrfmiddlewaretoken")
    assertContains(response, f'href="{detail_url(booking)}">Ne pas annuler</a>')
    assertContains(response, "Les 3 invitations de cette réservation seront remises en ligne")
    assert_unchanged(booking)


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
    with time_machine.travel(slot.closes_at + timedelta(minutes=1), tick=False):
        response = app.get(cancel_url(booking))
    assert_expiry_guidance(response)


def test_a_forged_post_after_the_cutoff_changes_nothing(app, booking, slot):
    with time_machine.travel(slot.closes_at + timedelta(minutes=1), tick=False):
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

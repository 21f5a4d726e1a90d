"""bookings.cancellation.cancel(): the seats back, the cutoff, the guest list, staff on
behalf of a relay, the e-mail after commit."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone

from bookings.cancellation import ALREADY_CANCELLED, EXPIRED, CancellationError, cancel
from bookings.emails import Kind
from bookings.models import Booking, BookingLogEntry, Participant
from bookings.services import ParticipantRequest, book
from events.models import Slot
from structures.models import OutgoingEmail
from tests.factories import UserFactory
from tests.tasks import run_tasks

from .tracking_cast import assert_unchanged, booking_for, cancellable_slot, family_booking, person

pytestmark = pytest.mark.django_db
Role = Participant.Role


@pytest.fixture
def slot():
    return cancellable_slot()


@pytest.fixture
def marie(worker):
    return person(worker.structure, "Marie", "Dupont")


@pytest.fixture
def booking(worker, slot, marie):
    return family_booking(worker, slot, marie)


def refused(booking, by, **kwargs):
    with pytest.raises(CancellationError) as excinfo:
        cancel(booking, by=by, **kwargs)
    return excinfo.value


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

    run_tasks()
    [message] = mail.outbox
    assert message.to == ["camille@relais.test"]
    assert message.subject.startswith(f"Réservation annulée {booking.reference} : Cyrano")
    assert "\n" not in message.subject
    assert f"Votre réservation {booking.reference} est annulée" in message.body
    assert "Marie Dupont (Personne suivie)" in message.body
    assert "Léa Invitée (Invité de Marie Dupont)" in message.body
    assert "n'est plus valable" in message.body


def test_the_email_is_queued_in_the_cancellations_transaction(booking, worker):
    cancel(booking, by=worker)

    assert mail.outbox == []  # nothing leaves from the request
    [email] = OutgoingEmail.objects.all()
    assert (email.kind, email.status) == (Kind.BOOKING_CANCELLATION, email.Status.QUEUED)
    assert (email.object_id, email.user, email.about) == (booking.pk, worker, booking.reference)
    assert email.department == booking.slot.event.department
    assert run_tasks() == 1 and len(mail.outbox) == 1


def test_a_refused_cancellation_queues_no_email(booking, worker, slot):
    Slot.objects.filter(pk=slot.pk).update(closes_at=timezone.now())
    refused(booking, worker)
    assert not OutgoingEmail.objects.exists()


def test_a_failing_mail_server_does_not_undo_the_cancellation(booking, worker, settings):
    settings.EMAIL_BACKEND = "tests.failing_mail.DownBackend"
    cancel(booking, by=worker)
    run_tasks()

    booking.refresh_from_db()
    assert booking.is_cancelled
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts) == (email.Status.QUEUED, 1)  # tried again later
    assert "n'a pas pu être joint" in email.error


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
    run_tasks()
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
    run_tasks()
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

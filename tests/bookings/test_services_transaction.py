"""bookings.services.book() around its transaction: a race on a person, the double submit,
a reference clash, and what leaves only after commit (e-mail, booking_placed)."""

import uuid

import pytest
from django.core import mail
from django.db import DatabaseError, IntegrityError, connection

from bookings import services
from bookings.emails import Kind
from bookings.models import Booking, BookingLogEntry
from bookings.services import BookingError
from bookings.signals import booking_placed
from events.models import Slot
from structures.models import OutgoingEmail
from tests.factories import (
    BookingFactory,
    PersonFactory,
)
from tests.tasks import run_tasks
from vouchers import emails as vouchers_emails

from .booking_requests import assert_nothing_saved, beneficiary, guest, refused, run

pytestmark = pytest.mark.django_db


def test_database_race_on_the_same_person_gives_the_friendly_error(
    slot, worker, structure, monkeypatch
):
    """The partial unique constraint catches what the check could not see (a race)."""
    marie = PersonFactory(structure=structure, first_name="Marie", last_name="Dupont")
    BookingFactory(slot=slot, structure=structure, beneficiary=marie)
    real_check = services.refuse_persons_already_booked
    calls = []

    def check_blind_the_first_time(slot, participants):
        calls.append(1)
        if len(calls) > 1:
            real_check(slot, participants)

    monkeypatch.setattr(services, "refuse_persons_already_booked", check_blind_the_first_time)
    error = refused(slot, worker, [beneficiary(marie)])
    assert error.message == "Marie Dupont a déjà une invitation pour ce créneau."
    slot.refresh_from_db()
    assert slot.invitations_booked == 1  # the seat taken in the failed attempt is given back
    assert Booking.objects.count() == 1


def test_double_submit_returns_the_same_booking(slot, worker, structure):
    participants = [beneficiary(PersonFactory(structure=structure))]
    token = uuid.uuid4()
    first = run(slot, worker, participants, form_token=token)
    second = run(slot, worker, participants, form_token=token)
    # Even with the list emptied by the first success, the token finds the booking.
    third = run(slot, worker, [], form_token=token)
    assert first == second == third
    assert Booking.objects.count() == 1
    assert BookingLogEntry.objects.count() == 1
    slot.refresh_from_db()
    assert slot.invitations_booked == 1


def test_a_token_of_another_structure_is_refused(slot, worker, structure):
    token = uuid.uuid4()
    BookingFactory(slot=slot, form_token=token)
    error = refused(
        slot, worker, [beneficiary(PersonFactory(structure=structure))], form_token=token
    )
    assert error.field == "token"
    assert Booking.objects.count() == 1


def test_a_reference_clash_is_retried(slot, worker, structure, monkeypatch):
    taken = BookingFactory(slot=slot).reference
    references = iter([taken, taken, "CDC-ZZZZZZ"])
    monkeypatch.setattr(services, "new_reference", lambda: next(references))
    booking = run(slot, worker, [beneficiary(PersonFactory(structure=structure))])
    assert booking.reference == "CDC-ZZZZZZ"


def test_other_integrity_errors_are_not_hidden(slot, worker, structure, monkeypatch):
    def broken(*args, **kwargs):
        raise IntegrityError("something else")

    monkeypatch.setattr(services, "_create_participants", broken)
    with pytest.raises(IntegrityError):
        run(slot, worker, [beneficiary(PersonFactory(structure=structure))])
    assert_nothing_saved(slot)


def test_the_email_is_queued_with_the_booking_and_leaves_with_the_pdf(slot, worker, structure):
    marie = PersonFactory(structure=structure, first_name="Marie", last_name="Dupont")
    booking = run(slot, worker, [beneficiary(marie), guest("b1")])
    assert mail.outbox == []  # nothing leaves from the request
    [email] = OutgoingEmail.objects.all()
    assert (email.kind, email.status, email.object_id) == (
        Kind.BOOKING_CONFIRMATION,
        email.Status.QUEUED,
        booking.pk,
    )
    assert run_tasks() == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [worker.email]
    assert booking.reference in message.subject and slot.event.title in message.subject
    assert "Marie Dupont (Personne suivie)" in message.body
    assert "Léa Invitée (Invité de Marie Dupont)" in message.body
    assert f"/reservations/{booking.reference}/" in message.body
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == (f"contremarque-{booking.reference}.pdf", "application/pdf")
    assert content.startswith(b"%PDF-")
    booking.refresh_from_db()
    assert booking.voucher.name.endswith(".pdf")  # stored for the download that follows


def test_no_email_for_a_refused_booking(slot, worker):
    with pytest.raises(BookingError):
        run(slot, worker, [])
    assert not OutgoingEmail.objects.exists() and run_tasks() == 0


def test_no_second_email_for_a_double_submit(slot, worker, structure):
    participants = [beneficiary(PersonFactory(structure=structure))]
    token = uuid.uuid4()
    run(slot, worker, participants, form_token=token)
    run(slot, worker, participants, form_token=token)
    assert OutgoingEmail.objects.count() == 1
    run_tasks()
    assert len(mail.outbox) == 1


def test_booking_placed_is_sent_inside_the_transaction(slot, worker, structure):
    seen = []

    def receiver(sender, booking, notify, **kwargs):
        seen.append((booking.pk, notify, connection.in_atomic_block))

    booking_placed.connect(receiver)
    try:
        booking = run(slot, worker, [beneficiary(PersonFactory(structure=structure))], notify=False)
    finally:
        booking_placed.disconnect(receiver)
    assert seen == [(booking.pk, False, True)]
    assert not OutgoingEmail.objects.exists() and mail.outbox == []


def test_a_receiver_that_fails_refuses_the_booking(slot, worker, structure, monkeypatch):
    """Queueing the e-mail is part of the booking: if it cannot be stored, nothing is."""

    def broken(kind, booking):
        raise DatabaseError("disk full")

    monkeypatch.setattr(vouchers_emails, "queue_booking_email", broken)
    with pytest.raises(DatabaseError):
        run(slot, worker, [beneficiary(PersonFactory(structure=structure))])
    assert_nothing_saved(slot)
    assert not OutgoingEmail.objects.exists()


def test_a_failing_mail_server_does_not_undo_the_booking(slot, worker, structure, settings):
    settings.EMAIL_BACKEND = "tests.failing_mail.DownBackend"
    booking = run(slot, worker, [beneficiary(PersonFactory(structure=structure))])
    run_tasks()

    assert Booking.objects.get() == booking and booking.status == Booking.Status.CONFIRMED
    assert Slot.objects.get(pk=slot.pk).invitations_booked == 1
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts) == (email.Status.QUEUED, 1)

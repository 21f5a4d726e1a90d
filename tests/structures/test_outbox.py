"""The e-mail queue (structures.outbox): stored with the change, sent once, retried after 1,
5, 30 and 120 minutes, failed at once when no retry can help, resumed after a killed
worker, sent again at staff's request. The workers run in the test (tests/tasks.py); the
two-process and kill tests are in test_outbox_workers.py (PostgreSQL)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bookings.emails import Kind, queue_booking_email
from bookings.models import Booking
from structures import outbox
from structures.emails import queue_password_reset
from structures.groups import DEPARTMENT_TEAM_READ_ONLY
from structures.models import OutgoingEmail
from tests.factories import BookingFactory, SlotFactory, UserFactory
from tests.failing_mail import FlakyBackend
from tests.tasks import queued_tasks, run_tasks

pytestmark = pytest.mark.django_db

Status = OutgoingEmail.Status
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def booking(worker, paris):
    slot = SlotFactory(event__partner__department=paris, event__title="Cyrano de Bergerac")
    return BookingFactory(slot=slot, structure=worker.structure, booked_by=worker)


@pytest.fixture
def confirmation(booking):
    queue_booking_email(Kind.BOOKING_CONFIRMATION, booking)
    return OutgoingEmail.objects.get()


def refresh(email):
    email.refresh_from_db()
    return email


def mail_server(settings, backend):
    settings.EMAIL_BACKEND = f"tests.failing_mail.{backend}"


# --- Stored with the change -------------------------------------------------------------


def test_an_email_is_a_row_and_a_task_of_the_same_transaction(worker):
    queue_password_reset(worker)
    email = OutgoingEmail.objects.get()
    assert (email.kind, email.status, email.user, email.about) == (
        Kind.PASSWORD_RESET,
        Status.QUEUED,
        worker,
        worker.email,
    )
    [task] = queued_tasks()
    assert task.task_path == "structures.outbox.send_email"
    assert task.args_kwargs == {"args": [email.pk], "kwargs": {}}


def test_a_rolled_back_change_owes_no_email(worker):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_password_reset(worker)
        raise RuntimeError("the change fails")
    assert not OutgoingEmail.objects.exists() and not DBTaskResult.objects.exists()
    assert run_tasks() == 0 and mail.outbox == []


def test_the_worker_sends_it_once_with_a_stable_message_id(confirmation, booking):
    assert run_tasks() == 1
    [message] = mail.outbox
    assert message.to == [booking.booked_by.email]
    assert message.extra_headers["Message-ID"] == confirmation.message_id
    email = refresh(confirmation)
    assert (email.status, email.attempts, email.recipients) == (
        Status.SENT,
        1,
        booking.booked_by.email,
    )
    assert email.sent_at is not None and email.error == ""


def test_two_tasks_for_one_email_send_it_once(confirmation):
    outbox._enqueue(confirmation)  # a stray second task (a re-queue racing the first)
    assert run_tasks() == 2
    assert len(mail.outbox) == 1
    assert refresh(confirmation).attempts == 1


def test_a_sent_email_is_never_sent_again(confirmation):
    run_tasks()
    outbox._enqueue(confirmation)
    assert outbox.resend([confirmation.pk]) == 0  # only failed e-mails are resent
    run_tasks()
    assert len(mail.outbox) == 1


def test_a_confirmation_of_a_booking_cancelled_since_is_dropped(confirmation, booking):
    Booking.objects.filter(pk=booking.pk).update(
        status=Booking.Status.CANCELLED, cancelled_at=timezone.now()
    )
    run_tasks()
    assert mail.outbox == [] and refresh(confirmation).status == Status.DROPPED


def test_an_email_about_something_deleted_since_is_dropped(worker):
    queue_password_reset(worker)
    email = OutgoingEmail.objects.get()
    OutgoingEmail.objects.filter(pk=email.pk).update(kind=Kind.BOOKING_CANCELLATION, object_id=0)
    run_tasks()
    assert refresh(email).status == Status.DROPPED and not queued_tasks().exists()


# --- Retries ----------------------------------------------------------------------------


def test_a_mail_server_down_is_tried_again_after_1_5_30_and_120_minutes(
    clock, confirmation, settings
):
    mail_server(settings, "DownBackend")
    run_tasks()
    waited = timedelta()
    for tried, minutes in enumerate((1, 5, 30, 120), start=1):
        email = refresh(confirmation)
        assert (email.status, email.attempts) == (Status.QUEUED, tried)
        assert email.next_attempt_at == START + waited + timedelta(minutes=minutes)
        assert "Le serveur d'e-mail n'a pas pu être joint" in email.error
        clock.shift(timedelta(minutes=minutes) - timedelta(seconds=1))
        assert run_tasks() == 0  # not before its time
        clock.shift(timedelta(seconds=1))
        waited += timedelta(minutes=minutes)
        assert run_tasks() == 1
    email = refresh(confirmation)
    assert (email.status, email.attempts) == (Status.FAILED, 5)
    assert email.failed_at == START + waited and email.next_attempt_at is None
    assert not queued_tasks().exists()  # no retry storm after the last try
    assert mail.outbox == []


def test_the_retry_delays_come_from_the_settings(clock, confirmation, settings):
    settings.EMAIL_RETRY_MINUTES = [2]
    mail_server(settings, "DownBackend")
    run_tasks()
    assert refresh(confirmation).next_attempt_at == START + timedelta(minutes=2)
    clock.shift(timedelta(minutes=2))
    run_tasks()
    assert refresh(confirmation).status == Status.FAILED


def test_a_temporary_refusal_then_success_sends_once(clock, confirmation, settings):
    mail_server(settings, "FlakyBackend")
    FlakyBackend.failures = 2  # 451 twice, then accepted
    run_tasks()
    clock.shift(timedelta(minutes=1))
    run_tasks()
    clock.shift(timedelta(minutes=5))
    run_tasks()
    email = refresh(confirmation)
    assert (email.status, email.attempts, email.error) == (Status.SENT, 3, "")
    [message] = mail.outbox
    assert message.extra_headers["Message-ID"] == email.message_id


def test_a_refused_address_fails_at_once(confirmation, settings):
    mail_server(settings, "RefusingBackend")
    run_tasks()
    email = refresh(confirmation)
    assert (email.status, email.attempts) == (Status.FAILED, 1)
    assert email.error == (
        "Le serveur d'e-mail a refusé le message : "
        "camille@relais.test (550 5.1.1 Mailbox unavailable)"
    )
    assert not queued_tasks().exists()


def test_an_invalid_address_fails_at_once_without_reaching_the_server(worker):
    worker.email = "camille@relais"  # no dot in the domain: no server would take it
    worker.save(update_fields=["email"])
    queue_password_reset(worker)
    run_tasks()
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts) == (Status.FAILED, 1)
    assert email.error == "L'adresse « camille@relais » n'est pas une adresse e-mail valide."
    assert mail.outbox == [] and not queued_tasks().exists()


def test_a_failing_hook_does_not_undo_what_was_sent(confirmation, monkeypatch, caplog):
    def broken(email):
        raise RuntimeError("hook bug")

    letter = outbox._letters[Kind.BOOKING_CONFIRMATION]
    monkeypatch.setitem(
        outbox._letters, Kind.BOOKING_CONFIRMATION, outbox.Letter(letter.compose, sent=broken)
    )
    run_tasks()
    assert refresh(confirmation).status == Status.SENT and len(mail.outbox) == 1
    assert "hook bug" in caplog.text


# --- A killed worker, staff's "Renvoyer" ---------------------------------------------------


def stalled(email, minutes_ago):
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=Status.SENDING,
        attempts=1,
        claimed_at=timezone.now() - timedelta(minutes=minutes_ago),
    )
    DBTaskResult.objects.update(
        status="RUNNING", started_at=timezone.now() - timedelta(minutes=minutes_ago)
    )


def test_an_interrupted_send_is_queued_again_after_the_lease(clock, confirmation, settings):
    settings.EMAIL_SEND_LEASE_MINUTES = 10
    stalled(confirmation, minutes_ago=11)

    call_command("resume_emails")

    email = refresh(confirmation)
    assert (email.status, email.error) == (Status.QUEUED, outbox.WORKER_LOST)
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1  # the killed one
    assert run_tasks() == 1
    email = refresh(confirmation)
    assert (email.status, email.attempts) == (Status.SENT, 2)
    assert len(mail.outbox) == 1


def test_a_worker_killed_before_claiming_the_email_leaves_it_owed_not_lost(
    clock, confirmation, settings
):
    settings.EMAIL_SEND_LEASE_MINUTES = 10
    DBTaskResult.objects.update(  # the task taken, the e-mail not claimed yet
        status="RUNNING", started_at=timezone.now() - timedelta(minutes=11)
    )
    assert outbox.resume_stalled() == 1
    assert outbox.resume_stalled() == 0  # once

    statuses = sorted(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == ["FAILED", "READY"]  # the lost task closed, a new one queued
    run_tasks()
    email = refresh(confirmation)
    assert (email.status, email.attempts) == (Status.SENT, 1) and len(mail.outbox) == 1


def test_a_send_still_within_its_lease_is_left_alone(clock, confirmation, settings):
    settings.EMAIL_SEND_LEASE_MINUTES = 10
    stalled(confirmation, minutes_ago=9)
    assert outbox.resume_stalled() == 0
    assert refresh(confirmation).status == Status.SENDING
    assert run_tasks() == 0 and mail.outbox == []


def test_resend_gives_a_failed_email_a_full_round_of_tries(confirmation, settings):
    mail_server(settings, "RefusingBackend")
    run_tasks()
    assert refresh(confirmation).status == Status.FAILED

    mail_server(settings, "FlakyBackend")
    FlakyBackend.failures = 0
    assert outbox.resend([confirmation.pk]) == 1
    assert outbox.resend([confirmation.pk]) == 0  # already queued: once
    email = refresh(confirmation)
    assert (email.status, email.attempts, email.error) == (Status.QUEUED, 0, "")
    run_tasks()
    assert refresh(confirmation).status == Status.SENT and len(mail.outbox) == 1


# --- The admin: the list, the admin home's "Envois en échec", "Renvoyer" ----------------


def failed_email(department, about="CDC-7K3M9Q", **kwargs):
    return OutgoingEmail.objects.create(
        kind=Kind.BOOKING_CONFIRMATION,
        status=Status.FAILED,
        department=department,
        about=about,
        attempts=5,
        failed_at=timezone.now(),
        error="Le serveur d'e-mail n'a pas pu être joint ou n'a pas répondu : panne",
        **kwargs,
    )


def test_the_admin_home_lists_the_failed_emails_of_the_team_with_renvoyer(
    client, staff_75, paris, seine_saint_denis
):
    ours = failed_email(paris)
    theirs = failed_email(seine_saint_denis, about="CDC-AUTRE9")
    client.force_login(staff_75)

    response = client.get(reverse("admin:index"))

    content = response.content.decode()
    assert "<h3>Envois en échec</h3>" in content
    assert "Confirmation de réservation CDC-7K3M9Q" in content
    assert reverse("admin:structures_outgoingemail_resend", args=[ours.pk]) in content
    assert "CDC-AUTRE9" not in content
    assert reverse("admin:structures_outgoingemail_resend", args=[theirs.pk]) not in content


def test_renvoyer_queues_the_email_again(client, staff_75, paris, booking):
    email = failed_email(paris, object_id=booking.pk, user=booking.booked_by)
    client.force_login(staff_75)

    response = client.post(
        reverse("admin:structures_outgoingemail_resend", args=[email.pk]), follow=True
    )

    assert "L&#x27;e-mail est renvoyé : il part dans un instant." in response.content.decode()
    assert refresh(email).status == Status.QUEUED
    run_tasks()
    assert refresh(email).status == Status.SENT and len(mail.outbox) == 1
    content = client.get(reverse("admin:index")).content.decode()
    assert "Aucun envoi en échec." in content


def test_renvoyer_answers_404_for_another_department_and_403_without_the_right(
    client, staff_75, staff_93, paris
):
    email = failed_email(paris)
    url = reverse("admin:structures_outgoingemail_resend", args=[email.pk])
    client.force_login(staff_93)
    assert client.post(url).status_code == 404

    reader = UserFactory(staff=True, departments=[paris])
    reader.groups.add(Group.objects.get(name=DEPARTMENT_TEAM_READ_ONLY))
    client.force_login(reader)
    assert client.post(url).status_code == 403
    assert "Renvoyer" not in client.get(reverse("admin:index")).content.decode()
    client.force_login(staff_75)
    assert client.get(url).status_code == 405
    assert refresh(email).status == Status.FAILED


def test_the_changelist_shows_the_teams_emails_and_resends_the_failed_ones(
    client, staff_75, paris, seine_saint_denis
):
    ours = failed_email(paris)
    sent = failed_email(paris, about="CDC-ENVOYE")
    OutgoingEmail.objects.filter(pk=sent.pk).update(status=Status.SENT)
    failed_email(seine_saint_denis, about="CDC-AUTRE9")
    client.force_login(staff_75)
    changelist = reverse("admin:structures_outgoingemail_changelist")

    content = client.get(changelist).content.decode()
    assert "CDC-7K3M9Q" in content and "CDC-ENVOYE" in content and "CDC-AUTRE9" not in content

    response = client.post(
        changelist, {"action": "resend", "_selected_action": [ours.pk, sent.pk]}, follow=True
    )
    assert "L&#x27;e-mail est renvoyé" in response.content.decode()
    assert refresh(ours).status == Status.QUEUED and refresh(sent).status == Status.SENT

"""Every e-mail of the portal: queued with the change it reports, sent once, retried, shown.

`post()` writes an OutgoingEmail row and the task that sends it (the `send_email` task of
Django's Tasks framework, stored in our database by django-tasks-db) in the current
transaction: if the change rolls back, no e-mail is owed and none leaves. A worker
(`manage.py db_worker`, on any number of machines) runs the task:

1. it claims the row (QUEUED → SENDING) in a short locked transaction, so of two tasks
   for the same e-mail, or two workers, only one goes on; a row already SENT is never
   sent again;
2. the app that owns the message composes it from what the database holds now (a
   `letter` it registered for that kind), and it leaves with the same Message-ID at
   every try;
3. SENT; or, when the mail server refused it or timed out, QUEUED again with a new task
   after the next delay of EMAIL_RETRY_MINUTES; after the last one, FAILED, shown to the
   département team (admin home) and, for their bookings, to the worker. A refusal no
   retry can fix (`Undeliverable`: no address, an address refused) is FAILED at once.

A worker killed between 1 and 3 leaves the row SENDING, and one killed after taking its task
but before step 1 leaves the row QUEUED with a task forever "running": `resume_emails`
(cron) queues both again once EMAIL_SEND_LEASE_MINUTES have passed. An e-mail can leave
twice only if the machine dies between the mail server's acceptance and step 3's commit;
never zero times unnoticed.
"""

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

Status = OutgoingEmail.Status
Kind = OutgoingEmail.Kind

INVALID_ADDRESS = "L'adresse « {address} » n'est pas une adresse e-mail valide."
REFUSED = "Le serveur d'e-mail a refusé le message : {error}"
UNREACHABLE = "Le serveur d'e-mail n'a pas pu être joint ou n'a pas répondu : {error}"
WORKER_LOST = "L'envoi a été interrompu (processus arrêté) : il est repris."


class Undeliverable(Exception):
    """A message no retry can send (no address, an address refused): failed at once.

    Its text is shown to the team: plain French, saying what to fix."""


@dataclass(frozen=True)
class Letter:
    """How one kind of e-mail is written, and what its app records once it left or failed.

    `compose(email)` returns the EmailMessage (or None when what it reported no longer
    holds, e.g. a confirmation of a booking cancelled since); `sent(email)` and
    `failed(email)` run in the transaction that records the outcome.
    """

    compose: Callable
    sent: Callable | None = None
    failed: Callable | None = None


_letters = {}


def letter(kind, *, sent=None, failed=None):
    """Register the decorated function as the composer of `kind` (at import, in ready())."""

    def register(compose):
        _letters[kind] = Letter(compose, sent, failed)
        return compose

    return register


def post(kind, *, about="", **fields):
    """Owe one e-mail of `kind`: stored with its task in the current transaction.

    `fields` file it: `department` (whose team sees it), `user` (the account it is about),
    `object_id` (the booking or slot it is about); `about` is what it says it is about."""
    with transaction.atomic():
        email = OutgoingEmail.objects.create(kind=kind, about=about[:200], **fields)
        _enqueue(email)
    return email


def resend(email_ids):
    """Queue failed e-mails again for a full round of tries (staff's "Renvoyer").

    Returns how many were queued: those still failed once locked (not a sent one)."""
    queued = 0
    for pk in email_ids:
        with transaction.atomic():
            email = OutgoingEmail.objects.select_for_update().filter(pk=pk).first()
            if email is None or email.status != Status.FAILED:
                continue
            _requeue(email, attempts=0, failed_at=None, error="")
            queued += 1
    return queued


def resume_stalled(*, now=None):
    """Queue again the e-mails whose sending was cut off (worker killed): SENDING, or whose
    task is RUNNING, for longer than EMAIL_SEND_LEASE_MINUTES. Safe to run on several
    machines at once. Returns how many were queued again."""
    now = now or timezone.now()
    lease = timedelta(minutes=settings.EMAIL_SEND_LEASE_MINUTES)
    stalled = OutgoingEmail.objects.filter(status=Status.SENDING, claimed_at__lt=now - lease)
    resumed = 0
    for pk in list(stalled.values_list("pk", flat=True)):
        with transaction.atomic():
            email = stalled.select_for_update(skip_locked=True).filter(pk=pk).first()
            if email is None:
                continue
            _requeue(email, error=WORKER_LOST)
            resumed += 1
    return resumed + _close_lost_tasks(now - lease, now)


def deliver(email_id):
    """Send one e-mail if it is still owed (the body of the `send_email` task)."""
    email = _claim(email_id)
    if email is None:
        return "skipped"
    try:
        try:
            message = _letters[email.kind].compose(email)
        except ObjectDoesNotExist:  # what it was about was deleted since
            message = None
        if message is None:
            return _record(email, Status.DROPPED)
        _check_addresses(message)
        message.extra_headers["Message-ID"] = email.message_id
        email.recipients = ", ".join(message.recipients())[:500]
        message.send()
    except Undeliverable as error:
        return _record(email, Status.FAILED, str(error))
    except smtplib.SMTPRecipientsRefused as error:
        return _record(email, Status.FAILED, REFUSED.format(error=_reason(error)))
    except smtplib.SMTPResponseException as error:
        if 500 <= error.smtp_code < 600:  # a permanent refusal: trying again changes nothing
            return _record(email, Status.FAILED, REFUSED.format(error=_reason(error)))
        return _retry(email, REFUSED.format(error=_reason(error)))
    except Exception as error:  # unreachable, timed out, or a bug: logged, tried again
        logger.exception("E-mail %s (%s) not sent", email.pk, email.kind)
        return _retry(email, UNREACHABLE.format(error=_reason(error)))
    return _record(email, Status.SENT)


@task()
def send_email(email_id):
    return deliver(email_id)


def _enqueue(email, run_after=None):
    send_email.using(run_after=run_after).enqueue(email.pk)


def _claim(email_id):
    now = timezone.now()
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True).filter(pk=email_id).first()
        )
        if email is None or email.status != Status.QUEUED:
            return None  # held by another worker, being sent, sent, failed or dropped
        if email.next_attempt_at is not None and email.next_attempt_at > now:
            return None  # a stray early copy of the task: the one due then will run
        email.status = Status.SENDING
        email.claimed_at = now
        email.attempts += 1
        email.save(update_fields=["status", "claimed_at", "attempts"])
    return email


def _retry(email, error):
    delays = settings.EMAIL_RETRY_MINUTES
    if email.attempts > len(delays):
        return _record(email, Status.FAILED, error)
    delay = timedelta(minutes=delays[email.attempts - 1])
    with transaction.atomic():
        _requeue(
            email,
            next_attempt_at=timezone.now() + delay,
            error=error[:255],
            recipients=email.recipients,
        )
    return "retry"


def _requeue(email, **fields):
    """Back to QUEUED with `fields` (by default due now), with a new task for that time.
    Inside the caller's transaction, which holds the row."""
    fields = {"status": Status.QUEUED, "next_attempt_at": None, **fields}
    for name, value in fields.items():
        setattr(email, name, value)
    email.save(update_fields=list(fields))
    _enqueue(email, run_after=email.next_attempt_at)


def _record(email, status, error=""):
    now = timezone.now()
    letter = _letters[email.kind]
    with transaction.atomic():
        email.status = status
        email.error = error[:255]
        email.next_attempt_at = None
        email.sent_at = now if status == Status.SENT else None
        email.failed_at = now if status == Status.FAILED else None
        email.save(
            update_fields=[
                "status",
                "error",
                "next_attempt_at",
                "sent_at",
                "failed_at",
                "recipients",
            ]
        )
        hook = {Status.SENT: letter.sent, Status.FAILED: letter.failed}.get(status)
        if hook is not None:
            try:
                with transaction.atomic():  # a failing hook never undoes the outcome
                    hook(email)
            except Exception:
                logger.exception("Hook of e-mail %s (%s) failed", email.pk, email.kind)
    if status == Status.FAILED:
        logger.error("E-mail %s (%s) failed: %s", email.pk, email.kind, error)
    return status


def _check_addresses(message):
    addresses = message.recipients()
    if not addresses:
        raise Undeliverable("Le message n'a aucun destinataire.")
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError:
            raise Undeliverable(INVALID_ADDRESS.format(address=address)) from None


def _reason(error):
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address} ({code} {_text(message)})"
            for address, (code, message) in error.recipients.items()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return str(error) or type(error).__name__


def _text(message):
    return message.decode(errors="replace") if isinstance(message, bytes) else str(message)


def _close_lost_tasks(started_before, now):
    """Mark the tasks of killed workers as failed, so the task list stops showing them
    running, and give a new task to each of their e-mails still owed and left without one
    (a worker killed after taking its task, before claiming the e-mail). Returns how many
    were queued again."""
    lost = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        task_path=send_email.module_path,
        started_at__lt=started_before,
    )
    found = list(lost.values_list("pk", "args_kwargs"))
    DBTaskResult.objects.filter(pk__in=[pk for pk, _ in found]).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="structures.outbox.WorkerLost",
        traceback=WORKER_LOST,
    )
    requeued = 0
    for email_id in {args_kwargs["args"][0] for _, args_kwargs in found}:
        with transaction.atomic():
            email = (
                OutgoingEmail.objects.select_for_update(skip_locked=True)
                .filter(pk=email_id, status=Status.QUEUED)
                .first()
            )
            if email is None or _tasks_of(email).exists():
                continue  # sent, being sent, failed, or another task will send it
            _enqueue(email)
            requeued += 1
    return requeued


def _tasks_of(email):
    """The tasks still to run, or running, for `email`."""
    return DBTaskResult.objects.filter(
        task_path=send_email.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        args_kwargs__args__0=email.pk,
    )

"""The outbox with real `manage.py db_worker` processes, on PostgreSQL.

The test's data is committed (transactional tests), so worker subprocesses started on the
test database see it. They write their e-mails to files, one folder per worker
(EMAIL_URL=filemail://…); every e-mail carries the same Message-ID `<envoi-{pk}@…>` at
every try, so counting those in the files counts what left. A worker killed in the middle
of a send is a real process stopped with SIGKILL while a mail backend that never answers
holds it (tests/mail_backends.py, through tests/worker_settings.py).
"""

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from structures import emails, outbox
from structures.models import OutgoingEmail
from tests.factories import StructureFactory, UserFactory

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

Status = OutgoingEmail.Status
REPO = Path(__file__).resolve().parents[2]
MANAGE = REPO / "manage.py"
WORKER = ["db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0"]
TIMEOUT = 60  # seconds a subprocess may take before the test gives up on it
POLL = 0.02
MESSAGE_ID = re.compile(r"^Message-ID: <envoi-(\d+)@", re.MULTILINE | re.IGNORECASE)
RESUMED = re.compile(r"E-mails remis en file : (\d+)\.")


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path  # its stdout and stderr

    def output(self):
        return self.log.read_text(errors="replace")

    def wait(self, timeout=TIMEOUT):
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()
            raise AssertionError(
                f"{self.name} still running after {timeout} s:\n{self.output()}"
            ) from None

    def succeeds(self):
        returncode = self.wait()
        assert returncode == 0, f"{self.name} exited with {returncode}:\n{self.output()}"
        return self.output()


@pytest.fixture
def spawn(tmp_path):
    """spawn(name, *arguments, **environment): `manage.py arguments` in a subprocess on the
    test database, e-mails written under tmp_path/mail/name. Killed at the end if still
    running, whatever happened."""
    started = []

    def start(name, *arguments, **environment):
        log = tmp_path / f"{name}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(
                [sys.executable, str(MANAGE), *arguments],
                cwd=REPO,
                env=subprocess_env(tmp_path / "mail" / name, **environment),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        started.append(Process(name, popen, log))
        return started[-1]

    yield start
    for process in started:
        if process.popen.poll() is None:
            process.popen.kill()
            process.popen.wait()


def subprocess_env(mail_folder, **environment):
    """The environment of a subprocess: the test database, e-mails written to files."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    database_url = f"postgres://{user}{password}@{db['HOST']}{port}/{quote(db['NAME'])}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        # django-environ drops the first "/" of the path: four slashes for an absolute one.
        "EMAIL_URL": f"filemail:///{quote(str(mail_folder))}",
        **environment,
    }


def start_worker(spawn, name, **environment):
    return spawn(name, *WORKER, "--worker-id", name, **environment)


def sent(tmp_path, worker=None):
    """How many times each e-mail (by pk) was written, by one worker or by all."""
    folder = tmp_path / "mail" / (worker or "")
    files = folder.rglob("*.log") if folder.exists() else []
    return Counter(
        int(pk) for path in files for pk in MESSAGE_ID.findall(path.read_text(errors="replace"))
    )


def wait_for(condition, processes, what, timeout=30):
    """Poll `condition()` until it returns something true, while `processes` all run."""
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        for process in processes:
            if process.popen.poll() is not None:
                raise AssertionError(
                    f"{process.name} exited with {process.popen.returncode} before {what}:\n"
                    f"{process.output()}"
                )
        if time.monotonic() > deadline:
            logs = "\n".join(f"--- {p.name}:\n{p.output()}" for p in processes)
            raise AssertionError(f"No {what} after {timeout} s:\n{logs}")
        time.sleep(POLL)
    return result


@contextmanager
def emails_locked():
    """Hold the e-mail table locked (ACCESS EXCLUSIVE) until the block ends: a worker that
    took a task waits there, in its claim of the e-mail. Yields the list of the database
    processes (pids) waiting for it, read afresh at each call."""
    table = OutgoingEmail._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')

        def waiting():
            cursor.execute(
                "SELECT pid FROM pg_locks WHERE relation = %s::regclass AND NOT granted",
                [table],
            )
            return [pid for (pid,) in cursor.fetchall()]

        yield waiting


def kill(process):
    process.popen.send_signal(signal.SIGKILL)
    returncode = process.wait()
    assert returncode == -signal.SIGKILL, f"{process.name}: {returncode}\n{process.output()}"


def after_lease():
    return timezone.now() + timedelta(minutes=settings.EMAIL_SEND_LEASE_MINUTES + 1)


def resumed_by(cron):
    """How many e-mails a `resume_emails --verbosity 2` says it queued again."""
    output = cron.succeeds()
    match = RESUMED.search(output)
    assert match, f"{cron.name}:\n{output}"
    return int(match.group(1))


def holds_locks(cursor, pid):
    cursor.execute("SELECT count(*) FROM pg_locks WHERE pid = %s", [pid])
    return cursor.fetchone()[0]


def tasks_of(email):
    return [t for t in DBTaskResult.objects.all() if t.args_kwargs["args"] == [email.pk]]


def test_two_workers_at_once_send_each_email_exactly_once(spawn, tmp_path):
    """30 password resets, every other one with a second task (a re-queue) right behind its
    first, so the two workers take the two tasks of one e-mail at the same moment."""
    structure = StructureFactory()
    users = UserFactory.create_batch(30, structure=structure)
    for i, user in enumerate(users):
        emails.queue_password_reset(user)
        if i % 2 == 0:
            outbox._enqueue(OutgoingEmail.objects.get(user=user))
    owed = list(OutgoingEmail.objects.values_list("pk", flat=True))
    assert len(owed) == 30 and DBTaskResult.objects.count() == 45

    # Both workers take a task, then wait in the claim of its e-mail until both are there:
    # the two tasks of the first e-mail, claimed at the same moment by the two workers.
    with emails_locked() as waiting:
        workers = [start_worker(spawn, name) for name in ("w1", "w2")]
        wait_for(lambda: len(waiting()) == 2, workers, "both workers claiming an e-mail")
    for worker in workers:
        worker.succeeds()

    logs = "\n".join(f"--- {w.name}:\n{w.output()}" for w in workers)
    assert sent(tmp_path) == Counter(owed), logs
    assert set(OutgoingEmail.objects.values_list("status", "attempts")) == {(Status.SENT, 1)}
    tasks = DBTaskResult.objects.all()
    assert {t.status for t in tasks} == {"SUCCESSFUL"}, logs
    assert Counter(t.return_value for t in tasks) == {"sent": 30, "skipped": 15}
    # Each task ran once, in one of the two workers; what each sent is in its own folder.
    assert all(len(t.worker_ids) == 1 for t in tasks)
    by_worker = Counter(t.worker_ids[0] for t in tasks if t.return_value == "sent")
    assert by_worker == {name: sum(sent(tmp_path, name).values()) for name in ("w1", "w2")}
    first = OutgoingEmail.objects.get(user=users[0])
    assert sorted((t.worker_ids, t.return_value) for t in tasks_of(first)) in (
        [(["w1"], "sent"), (["w2"], "skipped")],
        [(["w1"], "skipped"), (["w2"], "sent")],
    )


def test_a_worker_killed_mid_send_is_resumed_after_the_lease_and_sends_once(spawn, tmp_path):
    user = UserFactory()
    emails.queue_password_reset(user)
    email = OutgoingEmail.objects.get(user=user)
    (lost_task,) = DBTaskResult.objects.all()
    blocking = tmp_path / "blocking"
    blocking.mkdir()

    killed = start_worker(
        spawn,
        "killed",
        DJANGO_SETTINGS_MODULE="tests.worker_settings",
        BLOCKING_MAIL_DIR=str(blocking),
    )
    marker = blocking / "sending"
    wait_for(marker.exists, [killed], "send begun")
    assert marker.read_text() == email.message_id  # the backend holds this very e-mail
    kill(killed)

    email.refresh_from_db()
    assert (email.status, email.attempts, email.sent_at) == (Status.SENDING, 1, None)
    assert not sent(tmp_path)
    lost_task.refresh_from_db()
    assert (lost_task.status, lost_task.worker_ids) == ("RUNNING", ["killed"])

    # Within the lease the send may still be running somewhere: left alone.
    assert outbox.resume_stalled() == 0
    email.refresh_from_db()
    assert email.status == Status.SENDING

    assert outbox.resume_stalled(now=after_lease()) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts, email.error) == (Status.QUEUED, 1, outbox.WORKER_LOST)
    lost_task.refresh_from_db()
    assert lost_task.status == "FAILED"
    assert lost_task.exception_class_path == "structures.outbox.WorkerLost"
    (new_task,) = DBTaskResult.objects.filter(status="READY")
    assert new_task.args_kwargs["args"] == [email.pk]

    start_worker(spawn, "after").succeeds()

    assert sent(tmp_path) == {email.pk: 1}
    email.refresh_from_db()
    assert (email.status, email.attempts, email.error) == (Status.SENT, 2, "")
    new_task.refresh_from_db()
    assert (new_task.status, new_task.return_value) == ("SUCCESSFUL", "sent")
    assert outbox.resume_stalled(now=after_lease()) == 0  # sent: never again


STALLED = 30


def test_two_resume_emails_at_once_queue_each_stalled_email_once(spawn, tmp_path):
    """Two machines' cron run `resume_emails` at the same moment over 30 e-mails whose
    worker died: each is queued again once, and then sent once."""
    user = UserFactory()
    claimed = timezone.now() - timedelta(minutes=settings.EMAIL_SEND_LEASE_MINUTES + 1)
    stalled = OutgoingEmail.objects.bulk_create(
        OutgoingEmail(
            kind=OutgoingEmail.Kind.PASSWORD_RESET,
            user=user,
            about=user.email,
            status=Status.SENDING,
            claimed_at=claimed,
            attempts=1,
        )
        for _ in range(STALLED)
    )
    for email in stalled:
        outbox._enqueue(email)
    DBTaskResult.objects.update(status="RUNNING", started_at=claimed, worker_ids=["killed"])

    # Both wait on the table lock to list the stalled e-mails, then go through the same
    # list in the same order at the same moment.
    with emails_locked() as waiting:
        crons = [spawn(name, "resume_emails", "--verbosity", "2") for name in ("cron1", "cron2")]
        wait_for(lambda: len(waiting()) == 2, crons, "both resume_emails reading")
    resumed = [resumed_by(cron) for cron in crons]

    assert sum(resumed) == STALLED, resumed
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {Status.QUEUED}
    tasks = DBTaskResult.objects.all()
    assert Counter(t.status for t in tasks) == {"FAILED": STALLED, "READY": STALLED}
    ready = Counter(t.args_kwargs["args"][0] for t in tasks if t.status == "READY")
    assert ready == Counter(email.pk for email in stalled)

    start_worker(spawn, "after").succeeds()

    assert sent(tmp_path) == Counter(email.pk for email in stalled)
    assert set(OutgoingEmail.objects.values_list("status", "attempts")) == {(Status.SENT, 2)}


class EmailLost(AssertionError):
    """An e-mail owed, never sent, and nothing left that will send it."""


def test_a_worker_killed_before_claiming_the_email_is_resumed_too(spawn, tmp_path):
    """The worker is held between its two claims: the task is RUNNING (committed), the
    e-mail row's claim waits on a table lock the test holds. Killed there."""
    user = UserFactory()
    emails.queue_password_reset(user)
    email = OutgoingEmail.objects.get(user=user)
    (lost_task,) = DBTaskResult.objects.all()

    with emails_locked() as waiting:
        killed = start_worker(spawn, "killed")
        (pid,) = wait_for(waiting, [killed], "claim of the e-mail waiting")
        kill(killed)
        # Its server process still waits for the lock: end it, as the server does once it
        # notices the lost connection, before the lock is released.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            wait_for(lambda: not holds_locks(cursor, pid), [], f"end of backend {pid}", 10)

    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.QUEUED, 0)
    lost_task.refresh_from_db()
    assert (lost_task.status, lost_task.worker_ids) == ("RUNNING", ["killed"])

    outbox.resume_stalled(now=after_lease())
    lost_task.refresh_from_db()
    assert lost_task.status == "FAILED"  # "L'envoi a été interrompu … : il est repris."
    start_worker(spawn, "after").succeeds()

    email.refresh_from_db()
    if sent(tmp_path) != {email.pk: 1} or email.status != Status.SENT:
        raise EmailLost(
            f"E-mail {email.pk} is {email.status} (attempts {email.attempts}), written "
            f"{sent(tmp_path)[email.pk]} times; its tasks: "
            f"{[(t.status, t.worker_ids) for t in tasks_of(email)]}"
        )

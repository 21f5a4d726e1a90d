"""Two copies of `send_reminders` at once, on PostgreSQL (SQLite has no row locks).

Each thread has its own database connection (closed at the end of the thread) and a
barrier releases them together. A control run with the locks removed shows the race is
real, so the passing runs prove something.
"""

import threading
from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db.models import QuerySet

from bookings import reminders
from bookings.models import Booking
from structures.models import OutgoingEmail
from tests.concurrency import race
from tests.factories import SlotFactory
from tests.tasks import run_tasks

from .test_reminders import BEFORE_CUTOFF, CUTOFF, MINUTE, NOW, START, book, run

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

AT = BEFORE_CUTOFF + timedelta(hours=2)  # every cutoff reminder below is due


@pytest.fixture
def bookings(worker, colleague, outsider):
    """Two slots, each booked by three workers (two of them twice): six e-mails owed."""
    with time_machine.travel(NOW, tick=False):
        slots = [
            SlotFactory(starts_at=START + timedelta(hours=i), closes_at=CUTOFF + timedelta(hours=i))
            for i in range(2)
        ]
    made = []
    for i, slot in enumerate(slots):
        made.append(book(worker, slot, "Marie", f"Dupont{i}"))
        made.append(book(worker, slot, "Jean", f"Dupont{i}"))
        made.append(book(colleague, slot, "Paul", f"Durand{i}"))
        made.append(book(outsider, slot, "Nour", f"Zeroual{i}"))
        made.append(book(outsider, slot, "Inès", f"Zeroual{i}"))
    return made


def emails_per_group():
    return Counter(
        OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.CUTOFF_REMINDER).values_list(
            "object_id", "user_id"
        )
    )


def owed_groups(bookings):
    return {(booking.slot_id, booking.booked_by_id) for booking in bookings}


@pytest.mark.parametrize("copies", [2, 3])
def test_concurrent_runs_queue_one_email_per_slot_and_worker(bookings, copies):
    # Each copy has its own moment, so the dates on the bookings tell which copy took them.
    moments = [AT + timedelta(seconds=i) for i in range(copies)]
    results = race(copies, lambda i: reminders.send_due_reminders(now=moments[i]))

    assert not [result for result in results if isinstance(result, Exception)], results
    assert sum(result.cutoff for result in results) == len(owed_groups(bookings)) == 6
    assert emails_per_group() == Counter(dict.fromkeys(owed_groups(bookings), 1))
    for slot_id, user_id in owed_groups(bookings):
        stamps = Booking.objects.filter(slot_id=slot_id, booked_by_id=user_id).values_list(
            "cutoff_reminder_at", flat=True
        )
        assert len(set(stamps)) == 1 and None not in stamps  # one copy dated the group

    run(AT + MINUTE)  # the e-mail worker, and the job again: nothing more

    assert Counter(message.to[0] for message in mail.outbox) == {
        "camille@relais.test": 2,
        "sacha@relais.test": 2,
        "nour@relais-saint-denis.test": 2,
    }


def both_inside_the_queueing(monkeypatch):
    """Each copy waits, once it has locked its first group, until the other has locked one
    too: with the row locks they must then hold different groups."""
    inside = threading.Barrier(2, timeout=10)
    post = reminders.outbox.post
    first_call = threading.local()

    def post_together(*args, **kwargs):
        if not getattr(first_call, "done", False):
            first_call.done = True
            inside.wait()
        return post(*args, **kwargs)

    monkeypatch.setattr(reminders.outbox, "post", post_together)


def test_two_copies_inside_the_queueing_hold_different_groups(bookings, monkeypatch):
    both_inside_the_queueing(monkeypatch)

    results = race(2, lambda i: reminders.send_due_reminders(now=AT))

    assert not [result for result in results if isinstance(result, Exception)], results
    assert all(result.cutoff >= 1 for result in results)  # both queued, never the same
    assert emails_per_group() == Counter(dict.fromkeys(owed_groups(bookings), 1))
    run_tasks()
    assert len(mail.outbox) == 6


def test_control_run_without_the_locks_queues_twice(bookings, monkeypatch):
    """Without the row locks both copies read the same due group, and both queue it."""
    both_inside_the_queueing(monkeypatch)
    monkeypatch.setattr(QuerySet, "select_for_update", lambda self, **kwargs: self)

    results = race(2, lambda i: reminders.send_due_reminders(now=AT))

    assert not [result for result in results if isinstance(result, Exception)], results
    assert max(emails_per_group().values()) == 2

"""The cancellation e-mail says Paris time, written here by hand: a slot at 23:30 UTC in
winter is "0 h 30" the next day in Paris."""

from datetime import UTC, datetime

import pytest
import time_machine

from bookings.cancellation import cancel
from tests.factories import SlotFactory
from tests.tasks import run_tasks

from .tracking_cast import booking_for, person

pytestmark = pytest.mark.django_db


def test_the_cancellation_email_says_paris_time(worker, mailoutbox):
    with time_machine.travel(datetime(2026, 11, 30, 23, 30, tzinfo=UTC), tick=False) as clock:
        slot = SlotFactory(
            event__title="Cyrano de Bergerac",
            starts_at=datetime(2026, 12, 12, 23, 30, tzinfo=UTC),
        )
        booking = booking_for(worker, slot, person(worker.structure, "Marie", "Dupont"))
        clock.move_to(datetime(2026, 12, 5, 22, 45, tzinfo=UTC))
        cancel(booking, by=worker)  # its e-mail is queued in the cancellation's transaction

        run_tasks()

    [message] = mailoutbox
    assert "est annulée, le samedi 5 décembre 2026 à 23\u00a0h\u00a045.\n" in message.body
    assert "Date : dimanche 13 décembre 2026 à 0\u00a0h\u00a030\n" in message.body
    assert "Marie Dupont (Personne suivie)" in message.body

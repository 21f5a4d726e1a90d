"""Unused worker accounts: warned by e-mail a month before, then deactivated."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from structures.inactivity import warn_and_deactivate
from structures.models import OutgoingEmail
from tests.factories import UserFactory
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


@pytest.fixture
def idle(structure):
    """A worker who last logged in a year ago, less five weeks."""
    return UserFactory(
        structure=structure,
        email="idle@relais.test",
        first_name="Lou",
        last_login=timezone.now() - timedelta(days=365 - 35),
    )


def test_nothing_happens_before_the_warning_is_due(idle):
    report = warn_and_deactivate(12, apply=True)
    assert (report.warned, report.deactivated) == (0, 0)


def test_a_month_before_the_account_is_warned_once_then_deactivated(idle):
    start = timezone.now()
    with time_machine.travel(start + 10 * DAY):
        assert warn_and_deactivate(12, apply=True).warned == 1
        run_tasks()
        assert warn_and_deactivate(12, apply=True).warned == 0  # once only
    [message] = mail.outbox
    assert message.to == ["idle@relais.test"]
    assert "sera désactivé le" in message.body
    assert "connecter" in message.body
    idle.refresh_from_db()
    assert idle.is_active

    with time_machine.travel(start + 39 * DAY):  # the deadline not reached: still active
        assert warn_and_deactivate(12, apply=True).deactivated == 0
    with time_machine.travel(start + 41 * DAY):
        assert warn_and_deactivate(12, apply=True).deactivated == 1
    idle.refresh_from_db()
    assert not idle.is_active
    assert len(mail.outbox) == 1


def test_logging_in_after_the_warning_keeps_the_account(idle):
    start = timezone.now()
    with time_machine.travel(start + 10 * DAY):
        warn_and_deactivate(12, apply=True)
    idle.last_login = start + 20 * DAY
    idle.save(update_fields=["last_login"])

    with time_machine.travel(start + 45 * DAY):
        assert warn_and_deactivate(12, apply=True).deactivated == 0
    idle.refresh_from_db()
    assert idle.is_active


def test_an_account_never_warned_is_warned_before_it_is_deactivated(structure):
    forgotten = UserFactory(structure=structure, last_login=timezone.now() - 800 * DAY)

    report = warn_and_deactivate(12, apply=True)

    assert (report.warned, report.deactivated) == (1, 0)
    forgotten.refresh_from_db()
    assert forgotten.is_active


def test_staff_accounts_are_left_alone(paris):
    UserFactory(staff=True, departments=[paris], last_login=timezone.now() - 800 * DAY)
    assert warn_and_deactivate(12, apply=True).warned == 0


def test_the_command_counts_unless_told_to_apply(idle, capsys):
    with time_machine.travel(timezone.now() + 10 * DAY):
        call_command("anonymise_inactive")
        assert not OutgoingEmail.objects.exists()
        assert "Comptes prévenus avant désactivation (à faire) : 1." in capsys.readouterr().out
        call_command("anonymise_inactive", "--apply")
    assert OutgoingEmail.objects.get().kind == OutgoingEmail.Kind.ACCOUNT_INACTIVITY


def test_the_delay_is_a_setting(idle, settings):
    settings.ACCOUNT_INACTIVITY_MONTHS = 6
    call_command("anonymise_inactive", "--apply")
    assert OutgoingEmail.objects.filter(user=idle).exists()

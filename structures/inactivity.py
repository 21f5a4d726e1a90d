"""Worker accounts unused for ACCOUNT_INACTIVITY_MONTHS are deactivated, after an e-mail
warning their owner INACTIVITY_NOTICE (a month) before. Logging in again keeps the account.

Both steps lock the accounts they change (SKIP LOCKED): two copies running at once never
warn or deactivate an account twice.
"""

from dataclasses import dataclass

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from .emails import INACTIVITY_NOTICE, queue_inactivity_warning
from .jobs import in_locked_batches, months_before
from .models import User

BATCH = 200


@dataclass
class Report:
    warned: int = 0
    deactivated: int = 0


def _workers():
    """Active accounts of social workers (staff accounts are managed by hand), with the
    date they were last used: their last login, else their creation."""
    return User.objects.filter(is_active=True, is_staff=False, is_superuser=False).annotate(
        last_used=Coalesce("last_login", "date_joined")
    )


def to_warn(months, now):
    """Unused for `months` less a month, and not warned since they last logged in."""
    return (
        _workers()
        .filter(last_used__lt=months_before(now, months) + INACTIVITY_NOTICE)
        .filter(Q(inactivity_warned_at__isnull=True) | Q(inactivity_warned_at__lt=F("last_used")))
    )


def to_deactivate(months, now):
    """Unused for `months`, warned since they last logged in, at least a month ago."""
    return _workers().filter(
        last_used__lt=months_before(now, months),
        inactivity_warned_at__gte=F("last_used"),
        inactivity_warned_at__lte=now - INACTIVITY_NOTICE,
    )


def warn_and_deactivate(months, *, apply, now=None):
    """Warn the accounts due for it, deactivate those warned in vain. A dry run counts."""
    now = now or timezone.now()
    if not apply:
        return Report(
            warned=to_warn(months, now).count(), deactivated=to_deactivate(months, now).count()
        )
    report = Report()
    report.deactivated = in_locked_batches(to_deactivate(months, now), _deactivate, BATCH)
    report.warned = in_locked_batches(to_warn(months, now), lambda users: _warn(users, now), BATCH)
    return report


def _warn(users, now):
    User.objects.filter(pk__in=[user.pk for user in users]).update(inactivity_warned_at=now)
    for user in users:
        user.inactivity_warned_at = now
        queue_inactivity_warning(user)


def _deactivate(users):
    User.objects.filter(pk__in=[user.pk for user in users]).update(is_active=False)

"""What the time-driven jobs (manage.py commands run by cron) share: a period in months,
and work done in locked batches that several copies of a job can share."""

from datetime import timedelta

from django.db import transaction


def months_before(moment, months):
    """`moment` less `months` average months (365.25 / 12 days each)."""
    return moment - timedelta(days=round(months * 365.25 / 12))


def in_locked_batches(rows, handle, size):
    """Call `handle(batch)` on the rows of `rows`, `size` at a time, each batch locked with
    SKIP LOCKED in its own transaction: two copies of a job at once never take the same
    row, and a row changed by one is no longer among `rows` for the other. `rows` must
    drop the rows `handle` dealt with. Returns how many rows were handled."""
    done = 0
    while True:
        with transaction.atomic():
            batch = list(
                rows.select_for_update(skip_locked=True, of=("self",)).order_by("pk")[:size]
            )
            if batch:
                handle(batch)
        done += len(batch)
        if len(batch) < size:
            return done

"""Dates and times the French way, in Europe/Paris: "samedi 12 décembre 2026 à 20 h 30",
and the bounds of whole days, for filters and periods that name days.

The spaces of a time are non-breaking (U+00A0): "20 h 30" never breaks over two lines, on a
page, in an e-mail or in a PDF, and this module is the one place that writes times.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from .text import NBSP

DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


def _local(value):
    if timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def french_date(value):
    """'samedi 12 décembre 2026' (1er for the first day of the month)."""
    if value is None:
        return ""
    value = _local(value) if hasattr(value, "hour") else value
    day = "1er" if value.day == 1 else str(value.day)
    return f"{DAYS[value.weekday()]} {day} {MONTHS[value.month - 1]} {value.year}"


def hours_minutes(hours, minutes):
    """'20 h 30', '9 h', '1 h 45', with non-breaking spaces: a time or a duration."""
    return f"{hours}{NBSP}h{NBSP}{minutes:02d}" if minutes else f"{hours}{NBSP}h"


def french_time(value):
    """'20 h 30', '9 h'."""
    if value is None:
        return ""
    value = _local(value)
    return hours_minutes(value.hour, value.minute)


def french_datetime(value):
    """'samedi 12 décembre 2026 à 20 h 30'."""
    if value is None:
        return ""
    return f"{french_date(value)} à {french_time(value)}"


def start_of_day(day):
    """Midnight at the start of `day`, as an aware datetime of the current time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def day_bounds(start, end):
    """[start 00:00, the day after end 00:00): both days included, Europe/Paris days.

    Either date may be None (an open end): its bound is then None too.
    """
    return (
        start_of_day(start) if start else None,
        start_of_day(end + timedelta(days=1)) if end else None,
    )

"""Dates and times the French way, in Europe/Paris: "samedi 12 décembre 2026 à 20 h 30"."""

from django.utils import timezone

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


def french_time(value):
    """'20 h 30', '9 h'."""
    if value is None:
        return ""
    value = _local(value)
    return f"{value.hour} h {value.minute:02d}" if value.minute else f"{value.hour} h"


def french_datetime(value):
    """'samedi 12 décembre 2026 à 20 h 30'."""
    if value is None:
        return ""
    return f"{french_date(value)} à {french_time(value)}"

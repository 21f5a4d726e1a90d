"""The legal pages every French public site owes its users: personal data (RGPD), legal
notice (LCEN) and accessibility statement (RGAA). Public: the people the workers support
read them without an account, and every page links them in its footer."""

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from structures.dates import MONTHS


def association():
    """The association, publisher of the portal and data controller, as settings name it."""
    return {
        "name": settings.ASSOCIATION_NAME,
        "address": settings.ASSOCIATION_ADDRESS,
        "email": settings.ASSOCIATION_EMAIL,
        "phone": settings.ASSOCIATION_PHONE,
    }


def french_day(text):
    """'4 décembre 2026' for '2026-12-04' ('1er' on the first); any other text as it is."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return text
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


@login_not_required
@require_safe
def privacy(request):
    """What the portal holds about whom, why, who sees it, how long, and how to act on it."""
    context = {
        "association": association(),
        "legal_basis": settings.PRIVACY_LEGAL_BASIS,
        # What manage.py anonymise_inactive applies.
        "person_retention_months": settings.PERSON_RETENTION_MONTHS,
        "account_inactivity_months": settings.ACCOUNT_INACTIVITY_MONTHS,
    }
    return render(request, "legal/privacy.html", context)


@login_not_required
@require_safe
def notice(request):
    """The legal notice: who publishes the portal, who hosts it."""
    context = {
        "association": association(),
        "publication_director": settings.PUBLICATION_DIRECTOR,
        "host_name": settings.HOST_NAME,
        "host_address": settings.HOST_ADDRESS,
    }
    return render(request, "legal/notice.html", context)


@login_not_required
@require_safe
def accessibility(request):
    """The RGAA accessibility statement."""
    context = {
        "association": association(),
        "site_url": settings.SITE_URL,
        "statement_date": french_day(settings.ACCESSIBILITY_STATEMENT_DATE),
    }
    return render(request, "legal/accessibility.html", context)

"""The département whose events a user browses: picked in the header, kept in the session.

Workers start on their structure's département, staff on the first one they manage. The
choice is remembered for the session so that the hub, the list and the personal space
agree; `?departement=<code>` on any of these pages changes it (the header form).
"""

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.db.models import Exists, OuterRef, Q

from structures.models import Department, Structure

PARAM = "departement"
SESSION_KEY = "events_department"


@dataclass
class DepartmentChoice:
    current: Department | None
    choices: list[Department] = field(default_factory=list)


def available_departments(user):
    """Active départements, plus the user's own one and those they manage, even inactive."""
    own = Structure.objects.filter(pk=user.structure_id, department=OuterRef("pk"))
    managed = Department.staff.through.objects.filter(user=user.pk, department=OuterRef("pk"))
    return (
        Department.objects.annotate(is_own=Exists(own), is_managed=Exists(managed))
        .filter(Q(is_active=True) | Q(is_own=True) | Q(is_managed=True))
        .order_by("code")
    )


def _default(choices):
    for department in choices:
        if department.is_own:
            return department
    return next((department for department in choices if department.is_managed), None)


def current_department(request):
    """Resolve (and remember) the département of the request, in one query.

    An unknown code in the URL is ignored with a French message: the page shows the
    département remembered for the session instead.
    """
    choices = list(available_departments(request.user))
    by_code = {department.code: department for department in choices}
    asked = request.GET.get(PARAM, "").strip()
    if asked in by_code:
        if request.session.get(SESSION_KEY) != asked:
            request.session[SESSION_KEY] = asked
        return DepartmentChoice(by_code[asked], choices)
    current = by_code.get(request.session.get(SESSION_KEY)) or _default(choices)
    if asked:
        shown = f" : voici les événements du département {current}" if current else "."
        messages.warning(
            request,
            f"Le département « {asked[:20]} » n'est pas proposé sur le portail{shown}.",
        )
    return DepartmentChoice(current, choices)


class DepartmentForm(forms.Form):
    """The header drop-down that switches the département of the events shown."""

    departement = forms.ChoiceField(label="Département")

    def __init__(self, choice, **kwargs):
        kwargs.setdefault("auto_id", "choix-%s")
        initial = {PARAM: choice.current.code} if choice.current else {}
        super().__init__(initial=initial, **kwargs)
        self.fields[PARAM].choices = [(d.code, str(d)) for d in choice.choices]


def page_context(choice, keep_params=()):
    """What a page with the header's département drop-down needs."""
    return {
        "department": choice.current,
        "department_form": DepartmentForm(choice) if choice.choices else None,
        "keep_params": keep_params,
    }

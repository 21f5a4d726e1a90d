"""The directory of followed persons ("Personnes suivies") and each person's record.

Names never travel in URLs: a search is posted and kept in the session, a person is known
by an internal id, and page titles never name anyone.
"""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from bookings import persons as services
from bookings.forms.persons import DirectorySearchForm, MergeForm
from people.forms import form_class
from people.models import ANONYMOUS_FIRST_NAME, ANONYMOUS_LAST_NAME, Person
from structures.perms import current_structure, get_for_worker, worker_required

SEARCH_KEY = "person_search"
COMPANIONS = "accompagnateurs"


def get_person(request, pk):
    """A named person of the worker's structure, or 404."""
    return get_for_worker(request, Person.objects.named(), pk=pk)


@require_safe
@worker_required
def directory(request):
    """The structure's persons: followed persons or companions, current or archived."""
    structure = current_structure(request)
    companions = request.GET.get("type") == COMPANIONS
    archived = request.GET.get("archives") == "1"
    query = request.session.get(SEARCH_KEY, "")
    persons = Person.objects.for_structure(structure).named()
    persons = persons.companions() if companions else persons.beneficiaries()
    persons = persons.filter(archived_at__isnull=not archived).search(query)
    page = Paginator(persons.order_by("last_key", "first_key", "pk"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "bookings/persons/directory.html",
        {
            "page": page,
            "companions": companions,
            "archived": archived,
            "query": query,
            "search_form": DirectorySearchForm(initial={"q": query}),
        },
    )


@require_POST
@worker_required
def search(request):
    """ "Rechercher": kept in the session, so that no name lands in an address or a log."""
    form = DirectorySearchForm(request.POST)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    if request.POST.get("effacer"):
        query = ""
    request.session[SEARCH_KEY] = query
    return redirect(
        _directory_url(request.POST.get("type") == COMPANIONS, request.POST.get("archives") == "1")
    )


def _directory_url(companions=False, archived=False):
    params = {"type": COMPANIONS} if companions else {}
    if archived:
        params["archives"] = "1"
    url = reverse("bookings:persons")
    return f"{url}?{urlencode(params)}" if params else url


@require_http_methods(["GET", "HEAD", "POST"])
@worker_required
def create(request):
    """A new person of the structure; a likely duplicate is shown before it is created."""
    structure = current_structure(request)
    kind = Person.Kind.COMPANION if request.GET.get("type") == COMPANIONS else None
    form_cls = form_class(kind)
    form = form_cls(request.POST or None, structure=structure)
    if request.method == "POST" and form.is_valid():
        person = form.save_by(request.user)
        if person is not None:
            messages.success(request, "La fiche est créée.")
            return redirect(person)
    return render(
        request,
        "bookings/persons/form.html",
        {"form": form, "person": None, "companions": kind == Person.Kind.COMPANION},
    )


@require_safe
@worker_required
def detail(request, pk):
    person = get_person(request, pk)
    return render(
        request,
        "bookings/persons/detail.html",
        {
            "person": person,
            "invitations": services.invitations(person),
            "history": person.log_entries.select_related("actor").order_by("-at", "-pk")[:20],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@worker_required
def edit(request, pk):
    person = get_person(request, pk)
    name = person.full_name  # as saved: a refused form leaves the instance changed
    form = form_class(person.kind)(
        request.POST or None, instance=person, structure=person.structure
    )
    if request.method == "POST" and form.is_valid():
        if not form.has_changed():
            messages.info(request, "Aucun changement : la fiche est inchangée.")
            return redirect(person)
        if form.save_by(request.user) is not None:
            messages.success(request, "La fiche est enregistrée.")
            return redirect(person)
    return render(
        request,
        "bookings/persons/form.html",
        {
            "form": form,
            "person": person,
            "name": name,
            "companions": person.kind == Person.Kind.COMPANION,
        },
    )


@require_POST
@worker_required
def archive(request, pk):
    """Archive (or, with `reactiver`, restore): out of the booking search, history kept."""
    person = get_person(request, pk)
    restore = bool(request.POST.get("reactiver"))
    if person.is_archived == restore:
        if restore:
            person.restore(by=request.user)
            messages.success(request, "La fiche est réactivée : la personne peut être invitée.")
        else:
            person.archive(by=request.user)
            messages.success(
                request,
                "La fiche est archivée : elle n'apparaît plus dans la recherche de la page de "
                "réservation. Son historique est conservé.",
            )
    return redirect(person)


@require_http_methods(["GET", "HEAD", "POST"])
@worker_required
def merge(request, pk):
    """Merge another record of the same person into this one: choose, confirm, merge."""
    person = get_person(request, pk)
    data = request.POST if request.method == "POST" else request.GET or None
    form = MergeForm(data, person=person)
    other = form.cleaned_data["avec"] if form.is_bound and form.is_valid() else None
    error = None
    if other is not None and request.method == "POST" and request.POST.get("confirmer"):
        try:
            services.merge(person, other, by=request.user)
        except services.PersonError as refused:
            error = refused
        else:
            messages.success(
                request,
                "Les deux fiches n'en font plus qu'une : les invitations, les présences et "
                "l'historique sont rattachés à celle-ci.",
            )
            return redirect(person)
    candidates, more = ([], False) if other else form.candidates()
    shown = [person, other] if other else [person]
    counts = services.invitation_counts(shown)
    for record in shown:
        record.invitation_count = counts.get(record.pk, 0)
    return render(
        request,
        "bookings/persons/merge.html",
        {
            "person": person,
            "form": form,
            "other": other,
            "error": error,
            "candidates": candidates,
            "more": more,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@worker_required
def erase(request, pk):
    """Erase the person's data at their request: anonymise, after a confirmation."""
    person = get_person(request, pk)
    if request.method == "POST":
        try:
            services.erase(person, by=request.user)
        except services.PersonError:
            pass  # the page says why, from what holds now
        else:
            messages.success(
                request,
                "Les données de la personne sont effacées. Ses invitations restent comptées "
                "dans les statistiques, sans son nom.",
            )
            return redirect(_directory_url(person.kind == Person.Kind.COMPANION))
    return render(
        request,
        "bookings/persons/erase.html",
        {
            "person": person,
            "refused": services.erase_refusal(person),
            "anonymous_name": f"{ANONYMOUS_FIRST_NAME} {ANONYMOUS_LAST_NAME}",
        },
    )


@require_safe
@worker_required
def export_json(request, pk):
    """Everything the portal holds about the person, as JSON (recorded in the history)."""
    person = get_person(request, pk)
    data = services.export_data(
        person, by=request.user, format="json", record=request.method == "GET"
    )
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="personne-{person.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response

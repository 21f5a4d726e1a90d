"""The booking page ("Réserver des invitations"): compose the participants, then book.

GET shows the page. Each action is its own POST URL: it changes the list of participants
kept in the session (bookings.participant_list) and comes back to the section it changed.
A form with errors renders the page again with the message next to its fields.
"""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from bookings import waiting
from bookings.forms import booking as forms
from bookings.models import (
    Booking,
    Participant,
    WaitingEntry,
    WaitingParticipant,
    participant_lines,
)
from bookings.models.participant import GUEST_NEEDS_HOST
from bookings.participant_list import ParticipantList
from bookings.services import BookingError, book, refusal
from events.models import Slot
from people.models import Person
from structures.perms import current_structure, get_for_worker, worker_required

SEARCH_RESULTS = 20
# The booking whose counter-mark the confirmation page downloads by itself: once, on the
# way from "Enregistrer", not on each later visit (each download is written in the history).
DOWNLOAD_ONCE = "bookings:download_once"
OUTDATED = (
    "Cette page n'était plus à jour : vérifiez la liste puis cliquez de nouveau "
    "sur « Enregistrer »."
)


def action(view):
    """One action of the page, for workers: it takes a POST. A GET (a reload after an error,
    an address shared or typed, the way back from the login page) returns to the page."""
    view = worker_required(view)

    @wraps(view)
    def wrapper(request, slot_id):
        if request.method != "POST":
            return redirect("bookings:new", slot_id)
        return view(request, slot_id)

    return wrapper


def _scope(request, slot_id):
    """The slot, the worker's structure and the participants chosen so far (or 404)."""
    structure = current_structure(request)
    slot = get_object_or_404(
        Slot.objects.select_related("event__venue", "event__partner"), pk=slot_id
    )
    participants = ParticipantList(request.session, slot.pk)
    # Workers see offered events only; a list started earlier still shows the message.
    if not participants.exists and not slot.event.is_bookable:
        raise Http404("Cet événement n'est pas proposé à la réservation.")
    return slot, structure, participants


# The page's numbered sections, by the id of their heading: an action comes back to the
# one it changed, and its message shows there, under the heading, not off-screen at the top.
SECTIONS = ("recherche", "participants", "accompagnateurs", "enregistrer")


def _back(request, slot, section, message=None, level=messages.SUCCESS):
    if message:
        messages.add_message(request, level, message, extra_tags=section)
    return redirect(reverse("bookings:new", args=[slot.pk]) + f"#{section}")


def _section(role):
    return "accompagnateurs" if role == Participant.Role.COMPANION else "participants"


def _notes(request):
    """The messages to show, by section ("top" for those of no section)."""
    notes = {section: [] for section in ("top", *SECTIONS)}
    for message in messages.get_messages(request):
        notes[message.extra_tags if message.extra_tags in SECTIONS else "top"].append(message)
    return notes


def _refused(request, slot, structure):
    """A closed slot or an inactive structure: say why instead of adding anyone."""
    closed = refusal(slot, structure)
    if closed is not None:
        messages.error(request, closed.message)
        return redirect("bookings:new", slot.pk)
    return None


@require_safe
@worker_required
def new(request, slot_id):
    """The booking page of one slot."""
    slot, structure, participants = _scope(request, slot_id)
    return _page(request, slot, structure, participants)


@action
def search(request, slot_id):
    slot, structure, participants = _scope(request, slot_id)
    if refused := _refused(request, slot, structure):
        return refused
    form = forms.SearchForm(request.POST)
    if not form.is_valid():
        return _page(request, slot, structure, participants, search_form=form)
    participants.query = form.cleaned_data["q"].strip()
    participants.save()
    return _back(request, slot, "recherche")


@action
def add_person(request, slot_id):
    """ "Ajouter": a followed person found by the search."""
    return _add(request, slot_id, forms.AddPersonForm, "add_form")


@action
def add_companion(request, slot_id):
    """ "Ajouter l'accompagnateur": a companion chosen in the structure's list."""
    return _add(request, slot_id, forms.AddCompanionForm, "companion_form")


@action
def use_person(request, slot_id):
    """ "Utiliser cette personne": the existing record a duplicate warning showed."""
    companion = request.POST.get("role") == Participant.Role.COMPANION
    return _add(request, slot_id, forms.UsePersonForm, "add_form", companion=companion)


@action
def create_person(request, slot_id):
    """ "Créer et ajouter à la liste": a new followed person of the structure."""
    return _add(request, slot_id, forms.NewPersonForm, "person_form", prefix="personne")


@action
def create_companion(request, slot_id):
    """ "Créer et ajouter à la liste": a new companion of the structure."""
    return _add(
        request, slot_id, forms.NewCompanionForm, "new_companion_form", prefix="accompagnateur"
    )


def _add(request, slot_id, form_class, name, prefix=None, **options):
    """Scope, bind `form_class`, add the person it gives, come back to the list."""
    slot, structure, participants = _scope(request, slot_id)
    if refused := _refused(request, slot, structure):
        return refused
    form = form_class(
        request.POST,
        prefix=prefix,
        structure=structure,
        participants=participants,
        slot=slot,
        **options,
    )
    person = form.added_person(request.user) if form.is_valid() else None
    if person is None:
        return _page(request, slot, structure, participants, **{name: form})
    participants.add_person(person, form.role)
    participants.save()
    return _back(request, slot, _section(form.role), f"{form.done} : {person.full_name}.")


@action
def add_guest(request, slot_id):
    """ "Ajouter l'invité": someone a followed person of the list invites."""
    slot, structure, participants = _scope(request, slot_id)
    if refused := _refused(request, slot, structure):
        return refused
    host = participants.get(request.POST.get("host", ""))
    if host is None or host["role"] != Participant.Role.BENEFICIARY:
        return _back(request, slot, "participants", GUEST_NEEDS_HOST, messages.ERROR)
    form = forms.GuestForm(
        request.POST, prefix=f"invite-{host['key']}", participants=participants, slot=slot
    )
    if not form.is_valid():
        return _page(request, slot, structure, participants, guest_forms={host["key"]: form})
    first_name, last_name = form.cleaned_data["first_name"], form.cleaned_data["last_name"]
    participants.add_guest(host["key"], first_name, last_name)
    participants.save()
    return _back(request, slot, "participants", f"Ajout à la liste : {first_name} {last_name}.")


@action
def remove(request, slot_id):
    """ "Retirer": a participant, and a followed person's guests with them."""
    slot, structure, participants = _scope(request, slot_id)
    form = forms.RemoveForm(request.POST, participants=participants)
    if not form.is_valid():  # removed meanwhile (another tab): said where the button was
        section = request.POST.get("section")
        section = section if section in SECTIONS else "participants"
        return _back(request, slot, section, form.errors_text, messages.ERROR)
    removed = participants.remove(form.cleaned_data["key"])
    participants.save()
    names = ", ".join(f"{e['first_name']} {e['last_name']}" for e in removed)
    return _back(request, slot, _section(removed[0]["role"]), f"Retrait de la liste : {names}.")


@action
def save(request, slot_id):
    """ "Enregistrer": book the list; the confirmation e-mail leaves once it is committed."""
    booking, page = _submit(request, slot_id, book)
    if booking is None:
        return page
    messages.success(request, "Votre réservation est confirmée.")
    request.session[DOWNLOAD_ONCE] = booking.reference
    return redirect("bookings:confirmation", booking.reference)


@action
def join_waiting_list(request, slot_id):
    """ "Inscrire la liste sur la liste d'attente": when the slot cannot take it now."""
    entry, page = _submit(request, slot_id, waiting.join)
    if entry is None:
        return page
    messages.success(request, waiting.joined_message(entry))
    # "#contenu": the top of the page, where the message is (the form's own "#enregistrer"
    # would otherwise follow the redirect).
    return redirect(reverse("bookings:current") + "#contenu")


def _submit(request, slot_id, service):
    """Hand the list to `service` (book or join the waiting list) with the page's one-time
    token (a second click finds what the first made); returns (result, None), or (None,
    the page with the refusal)."""
    slot, structure, participants = _scope(request, slot_id)
    form = forms.BookForm(request.POST)
    if not form.is_valid():
        error = BookingError(OUTDATED, field="token")
        return None, _page(request, slot, structure, participants, book_error=error)
    try:
        result = service(
            slot=slot,
            structure=structure,
            user=request.user,
            participants=participants.requests(),
            form_token=form.cleaned_data["token"],
        )
    except BookingError as error:
        return None, _page(request, slot, structure, participants, book_error=error)
    participants.clear()
    return result, None


def _page(request, slot, structure, participants, **bound):
    """Render the booking page; `bound` holds the forms (or errors) of a failed action."""
    closed = refusal(slot, structure)
    total = len(participants)
    context = {
        "slot": slot,
        "event": slot.event,
        "venue": slot.event.venue,
        "participants": participants,
        "companions": participants.companions,
        "total": total,
        "limit": slot.max_per_booking,
        "closed": closed,
        "notes": _notes(request),
        "can_add": closed is None and total < slot.max_per_booking,
        # A list larger than what is left may wait on the waiting list (bookings.waiting).
        "must_wait": closed is None and total > slot.invitations_left,
        "waiting_entries": WaitingEntry.objects.for_structure(structure)
        .waiting()
        .filter(slot=slot)
        .with_rank(),
        "results": _search_results(slot, structure, participants) if closed is None else None,
        # After "Enregistrer" then Back, the worker sees what is already booked here.
        "already_booked": Booking.objects.for_structure(structure)
        .confirmed()
        .filter(slot=slot)
        .order_by("-created_at"),
        **_blank_forms(slot, structure, participants, bound.pop("guest_forms", {})),
        **bound,
    }
    context["has_companions"] = context["companion_form"].fields["person"].queryset.exists()
    return render(request, "bookings/booking_new.html", context)


def _blank_forms(slot, structure, participants, guest_forms):
    """The page's forms, empty (a failed action's bound form replaces its own)."""
    kwargs = {"participants": participants, "slot": slot, "structure": structure}

    def guest_form(key):
        return guest_forms.get(key) or forms.GuestForm(
            prefix=f"invite-{key}", participants=participants, slot=slot
        )

    return {
        "beneficiaries": [
            {
                "entry": e,
                "guests": participants.guests_of(e["key"]),
                "guest_form": guest_form(e["key"]),
            }
            for e in participants.beneficiaries
        ],
        "search_form": forms.SearchForm(initial={"q": participants.query}),
        "person_form": forms.NewPersonForm(prefix="personne", **kwargs),
        "companion_form": forms.AddCompanionForm(**kwargs),
        "new_companion_form": forms.NewCompanionForm(prefix="accompagnateur", **kwargs),
        "book_form": forms.BookForm(initial={"token": participants.token}),
    }


def _search_results(slot, structure, participants):
    """The structure's followed persons matching the search, marked when not addable."""
    if not participants.query:
        return None
    persons = list(
        Person.objects.for_structure(structure)
        .current()
        .beneficiaries()
        .search(participants.query)[: SEARCH_RESULTS + 1]
    )
    booked = set(
        Participant.objects.booked_on(slot, [p.pk for p in persons]).values_list(
            "person_id", flat=True
        )
    )
    waiting_ids = set(
        WaitingParticipant.objects.waiting_on(slot, [p.pk for p in persons]).values_list(
            "person_id", flat=True
        )
    )
    in_list = participants.person_ids
    return {
        "persons": [
            {
                "person": p,
                "in_list": p.pk in in_list,
                "booked": p.pk in booked,
                "waiting": p.pk in waiting_ids,
            }
            for p in persons[:SEARCH_RESULTS]
        ],
        "more": len(persons) > SEARCH_RESULTS,
    }


@require_safe
@worker_required
def confirmation(request, reference):
    """The recap after "Enregistrer"; the counter-mark downloads by itself the first time."""
    booking = get_for_worker(request, Booking.objects.with_details(), reference=reference)
    just_booked = request.session.pop(DOWNLOAD_ONCE, None) == booking.reference
    return render(
        request,
        "bookings/confirmation.html",
        {
            "booking": booking,
            "slot": booking.slot,
            "event": booking.slot.event,
            "venue": booking.slot.event.venue,
            "lines": participant_lines(booking.participants.all()),
            "autodownload": just_booked and not booking.is_cancelled,
        },
    )

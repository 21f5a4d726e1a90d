"""Booking pages: compose the participants of one slot, book, and see the recap."""

import logging
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from bookings import forms
from bookings.draft import Draft
from bookings.models import Booking, Participant, participant_lines
from bookings.services import BookingError, book, refusal
from events.models import Slot
from people.models import Person

logger = logging.getLogger(__name__)
SEARCH_RESULTS = 20


@dataclass
class Page:
    """What every action of the booking page works on."""

    request: object
    slot: Slot
    structure: object
    draft: Draft

    def back(self, anchor):
        return redirect(reverse("bookings:new", args=[self.slot.pk]) + f"#{anchor}")


@require_http_methods(["GET", "HEAD", "POST"])
def new(request, slot_id):
    """The booking page of one slot (tutorial: "Réserver des invitations")."""
    structure = request.user.structure
    if structure is None:
        return render(request, "bookings/booking_refused.html", status=403)
    slot = get_object_or_404(
        Slot.objects.select_related("event__venue", "event__partner"), pk=slot_id
    )
    page = Page(request, slot, structure, Draft(request.session, slot.pk))
    # Workers see published events only; a draft started earlier still shows its message.
    if not page.draft.exists and not (slot.event.is_published and slot.event.partner.is_active):
        raise Http404
    closed = refusal(slot, structure)
    bound = {}
    if request.method == "POST":
        action = ACTIONS.get(request.POST.get("action"))
        if action is None:
            messages.error(request, "Cette action n'existe pas : recommencez depuis la page.")
            return page.back("participants")
        if closed and action not in (remove, save):
            messages.error(request, closed.message)
            return page.back("participants")
        result = action(page)
        if not isinstance(result, dict):
            return result
        bound = result
    return render(request, "bookings/booking_new.html", page_context(page, closed, bound))


def page_context(page, closed, bound):
    slot, structure, draft = page.slot, page.structure, page.draft
    limit = min(slot.max_per_booking, slot.invitations_left)
    draft_form = {"draft": draft, "slot": slot}
    guest_forms = bound.get("guest_forms", {})
    companion_form = bound.get("companion_form") or forms.AddCompanionForm(
        structure=structure, **draft_form
    )
    beneficiaries = [
        {
            "entry": entry,
            "guests": draft.guests_of(entry["key"]),
            "guest_form": guest_forms.get(entry["key"])
            or forms.GuestForm(prefix=f"invite-{entry['key']}", **draft_form),
        }
        for entry in draft.beneficiaries
    ]
    return {
        "slot": slot,
        "event": slot.event,
        "venue": slot.event.venue,
        "draft": draft,
        "beneficiaries": beneficiaries,
        "companions": draft.companions,
        "total": len(draft),
        "limit": limit,
        "closed": closed,
        "can_add": closed is None and len(draft) < limit,
        "results": search_results(page) if closed is None else None,
        "search_form": bound.get("search_form") or forms.SearchForm(initial={"q": draft.query}),
        "add_error": bound.get("add_error"),
        "person_form": bound.get("person_form")
        or forms.NewPersonForm(prefix="personne", structure=structure, **draft_form),
        "companion_form": companion_form,
        "has_companions": companion_form.fields["person"].queryset.exists(),
        "new_companion_form": bound.get("new_companion_form")
        or forms.NewCompanionForm(prefix="accompagnateur", structure=structure, **draft_form),
        "remove_error": bound.get("remove_error"),
        "book_error": bound.get("book_error"),
        "book_form": forms.BookForm(initial={"token": draft.token}),
        # After "Enregistrer" then Back, the worker sees what is already booked here.
        "already_booked": Booking.objects.for_structure(structure)
        .confirmed()
        .filter(slot=slot)
        .order_by("-created_at"),
    }


def search_results(page):
    """The structure's followed persons matching the draft's search, marked when not addable."""
    if not page.draft.query:
        return None
    persons = list(
        Person.objects.for_structure(page.structure)
        .beneficiaries()
        .search(page.draft.query)[: SEARCH_RESULTS + 1]
    )
    booked = set(
        Participant.objects.filter(slot=page.slot, is_active=True, person__in=persons).values_list(
            "person_id", flat=True
        )
    )
    in_draft = page.draft.person_ids
    return {
        "persons": [
            {"person": p, "in_draft": p.pk in in_draft, "booked": p.pk in booked}
            for p in persons[:SEARCH_RESULTS]
        ],
        "more": len(persons) > SEARCH_RESULTS,
    }


def errors_text(form):
    return " ".join(message for errors in form.errors.values() for message in errors)


# The page's actions: each returns a redirect when it worked, else the bound forms to show.


def search(page):
    form = forms.SearchForm(page.request.POST)
    if not form.is_valid():
        return {"search_form": form}
    page.draft.query = form.cleaned_data["q"].strip()
    page.draft.save()
    return page.back("recherche")


def add(page):
    form = forms.AddPersonForm(
        page.request.POST, structure=page.structure, draft=page.draft, slot=page.slot
    )
    if not form.is_valid():
        return {"add_error": errors_text(form)}
    return added(page, form.cleaned_data["person"], form.role)


def add_companion(page):
    form = forms.AddCompanionForm(
        page.request.POST, structure=page.structure, draft=page.draft, slot=page.slot
    )
    if not form.is_valid():
        return {"companion_form": form}
    return added(page, form.cleaned_data["person"], form.role)


def create(page, form_class=forms.NewPersonForm, prefix="personne", form_key="person_form"):
    form = form_class(
        page.request.POST,
        prefix=prefix,
        structure=page.structure,
        draft=page.draft,
        slot=page.slot,
    )
    if not form.is_valid():
        return {form_key: form}
    return added(page, form.save(), form.role, created=True)


def create_companion(page):
    return create(page, forms.NewCompanionForm, "accompagnateur", "new_companion_form")


def added(page, person, role, created=False):
    page.draft.add_person(person, role)
    page.draft.save()
    done = "Fiche créée, et ajout à la liste" if created else "Ajout à la liste"
    messages.success(page.request, f"{done} : {person.full_name}.")
    return page.back("participants")


def add_guest(page):
    host = page.draft.get(page.request.POST.get("host", ""))
    if host is None or host["role"] != Participant.Role.BENEFICIARY:
        messages.error(
            page.request, "Un invité doit être rattaché à une personne suivie de la liste."
        )
        return page.back("participants")
    form = forms.GuestForm(
        page.request.POST, prefix=f"invite-{host['key']}", draft=page.draft, slot=page.slot
    )
    if not form.is_valid():
        return {"guest_forms": {host["key"]: form}}
    first_name, last_name = form.cleaned_data["first_name"], form.cleaned_data["last_name"]
    page.draft.add_guest(host["key"], first_name, last_name)
    page.draft.save()
    messages.success(page.request, f"Ajout à la liste : {first_name} {last_name}.")
    return page.back("participants")


def remove(page):
    form = forms.RemoveForm(page.request.POST, draft=page.draft)
    if not form.is_valid():
        return {"remove_error": errors_text(form)}
    removed = page.draft.remove(form.cleaned_data["key"])
    page.draft.save()
    names = ", ".join(f"{e['first_name']} {e['last_name']}" for e in removed)
    messages.success(page.request, f"Retrait de la liste : {names}.")
    return page.back("participants")


def save(page):
    """ "Enregistrer": book the draft; the e-mail with the PDF leaves after the response."""
    form = forms.BookForm(page.request.POST)
    if not form.is_valid():
        return {
            "book_error": BookingError(
                "Cette page n'était plus à jour : vérifiez la liste puis cliquez de nouveau "
                "sur « Enregistrer ».",
                field="token",
            )
        }
    try:
        booking = book(
            slot=page.slot,
            structure=page.structure,
            user=page.request.user,
            participants=page.draft.requests(),
            # The token of the page the worker clicked: its second click finds this booking.
            form_token=form.cleaned_data["token"],
        )
    except BookingError as error:
        return {"book_error": error}
    page.draft.clear()
    messages.success(page.request, "Votre réservation est confirmée.")
    return redirect("bookings:confirmation", booking.reference)


ACTIONS = {
    "search": search,
    "add": add,
    "create": create,
    "guest": add_guest,
    "companion": add_companion,
    "create_companion": create_companion,
    "remove": remove,
    "book": save,
}


def confirmation(request, reference):
    """The recap after "Enregistrer"; the counter-mark downloads by itself."""
    booking = get_object_or_404(
        Booking.objects.with_details().for_structure(request.user.structure), reference=reference
    )
    return render(
        request,
        "bookings/confirmation.html",
        {
            "booking": booking,
            "slot": booking.slot,
            "event": booking.slot.event,
            "venue": booking.slot.event.venue,
            "lines": participant_lines(booking.participants.all()),
        },
    )

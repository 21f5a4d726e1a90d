"""Tracking bookings: "Réservations en cours" (with the lists on a waiting list, which can
be withdrawn there), "Toutes les réservations", the booking detail, its cancellation and
its calendar file (tutorial: "Suivre les invitations réservées", "Annuler une
réservation")."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_safe

from bookings import waiting
from bookings.cancellation import CONFIRMED, CancellationError, cancel, cancellation_refusal
from bookings.filters import BookingFilter
from bookings.ics import booking_calendar
from bookings.models import Booking, BookingLogEntry, Participant, WaitingEntry, participant_lines
from bookings.services import BookingError
from events.models.slots import open_condition
from structures.exports import attachment
from structures.perms import current_structure, for_worker, get_for_worker, worker_required

PERSON_FILTER = "booking_list_person"

# The followed persons named on each row: one query for the whole page.
BENEFICIARIES = Prefetch(
    "participants",
    queryset=Participant.objects.filter(role=Participant.Role.BENEFICIARY).order_by("pk"),
    to_attr="beneficiaries",
)


@require_http_methods(["GET", "HEAD", "POST"])
@worker_required
def current(request):
    """Confirmed bookings for events to come, the next outing first."""
    return _list(request, current=True)


@require_http_methods(["GET", "HEAD", "POST"])
@worker_required
def all_bookings(request):
    """Every booking of the structure (to come, past, cancelled), the last booked first."""
    return _list(request, current=False)


def _list(request, *, current):
    title = "Réservations en cours" if current else "Toutes les réservations"
    url = reverse("bookings:current" if current else "bookings:all")
    # A person's name never travels in the address: the "Filtrer" form is posted, the name
    # kept in the session, the other filters put in the address (a list can be shared).
    person_key = f"{PERSON_FILTER}-{'current' if current else 'all'}"
    if request.method == "POST":
        request.session[person_key] = request.POST.get("personne", "").strip()[:200]
        params = {
            name: request.POST[name]
            for name in BookingFilter.base_filters
            if name != "personne" and request.POST.get(name)
        }
        return redirect(f"{url}?{urlencode(params)}" if params else url)
    if "effacer" in request.GET:
        request.session.pop(person_key, None)
        return redirect(url)
    structure = current_structure(request)
    bookings = Booking.objects.for_structure(structure)
    if current:
        # The worker's next outing at the top: what "en cours" is for.
        bookings = bookings.confirmed().upcoming().order_by("slot__starts_at", "pk")
    else:
        bookings = bookings.order_by("-created_at", "-pk")
    data = request.GET.copy()
    data.pop("page", None)
    data.pop("personne", None)
    if request.session.get(person_key):
        data["personne"] = request.session[person_key]
    filterset = BookingFilter(data, queryset=bookings, structure=structure, with_status=not current)
    rows = filterset.qs.select_related("slot__event__venue", "booked_by").prefetch_related(
        BENEFICIARIES
    )
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "bookings/list.html",
        {
            "title": title,
            "current": current,
            "filter": filterset,
            "page": page,
            "clear_url": f"{url}?effacer=1",
            "action_url": url,
            "waiting_entries": _waiting_entries(structure) if current else None,
        },
    )


def _waiting_entries(structure):
    """The structure's lists waiting for a slot still open, the next outing first."""
    return (
        WaitingEntry.objects.for_structure(structure)
        .waiting()
        .filter(open_condition(path="slot__"))
        .with_rank()
        .select_related("slot__event__venue", "created_by")
        .prefetch_related("participants")
        .order_by("slot__starts_at", "pk")
    )


@require_http_methods(["GET", "HEAD", "POST"])
@worker_required
def leave_waiting_list(request, pk):
    """ "Retirer de la liste d'attente": a confirmation page, then the withdrawal (POST)."""
    entry = get_object_or_404(
        for_worker(request, WaitingEntry.objects)
        .with_rank()
        .select_related("slot__event__venue")
        .prefetch_related("participants"),
        pk=pk,
    )
    back = reverse("bookings:current")
    if not entry.is_waiting:
        messages.info(request, waiting.NOT_WAITING)
        return redirect(back)
    if request.method == "POST":
        try:
            waiting.leave(entry, by=request.user)
        except BookingError as error:  # withdrawn, booked or expired meanwhile
            messages.info(request, error.message)
        else:
            messages.success(request, waiting.LEFT)
        return redirect(back)
    return render(
        request,
        "bookings/waiting_leave.html",
        {"entry": entry, "slot": entry.slot, "event": entry.slot.event, "back": back},
    )


def _detail_queryset(request):
    return for_worker(request, Booking.objects).select_related(
        "slot__event__venue",
        "slot__event__department",
        "slot__event__partner",
        "booked_by",
        "cancelled_by",
    )


def _context(booking, refusal=None):
    """What the detail and the cancellation pages show of `booking`."""
    slot = booking.slot
    event = slot.event
    refusal = refusal or cancellation_refusal(booking)
    upcoming = not booking.is_past
    return {
        "booking": booking,
        "slot": slot,
        "event": event,
        "venue": event.venue,
        "department": event.department,
        "refusal": refusal,
        "can_cancel": refusal is None,
        # After the cutoff, until the event: who to call instead of cancelling.
        "expired": refusal is not None and refusal.code == "expired" and upcoming,
        # events:detail only exists for a published event with a date to come.
        "event_url": (
            reverse("events:detail", args=[event.pk]) if upcoming and event.is_bookable else None
        ),
    }


@require_safe
@worker_required
def detail(request, reference):
    """One booking: event, participants by role, who booked, history, and its actions."""
    booking = get_object_or_404(
        _detail_queryset(request)
        .select_related("waiting_entry")
        .prefetch_related(
            "participants",
            Prefetch(
                "log_entries",
                queryset=BookingLogEntry.objects.select_related("actor").order_by("at", "pk"),
            ),
        ),
        reference=reference,
    )
    context = _context(booking)
    context["lines"] = participant_lines(booking.participants.all())
    context["history"] = booking.log_entries.all()
    # Made by the waiting list: its entry (a reverse one-to-one, joined above), or None.
    context["waiting_entry"] = getattr(booking, "waiting_entry", None)
    return render(request, "bookings/detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@worker_required
def cancel_booking(request, reference):
    """ "Annuler": a confirmation page, then the cancellation (POST), checked again there."""
    # With the participants: the page names whom to tell.
    queryset = _detail_queryset(request).prefetch_related("participants")
    booking = get_object_or_404(queryset, reference=reference)
    refused = None
    if request.method == "POST":
        try:
            cancel(booking, by=request.user)
        except CancellationError as error:
            refused = error
            booking = queryset.get(pk=booking.pk)  # as the service saw it
        else:
            messages.success(request, CONFIRMED)
            return redirect(booking)
    context = _context(booking, refused)
    context["lines"] = participant_lines(booking.participants.all())
    if context["refusal"] is not None and context["refusal"].code == "cancelled":
        # A second click, or an old page: the booking is cancelled, show it.
        messages.info(request, context["refusal"].message)
        return redirect(booking)
    # A refused POST changed nothing: 409, and the page says why and what to do.
    return render(request, "bookings/cancel_confirm.html", context, status=409 if refused else 200)


@require_safe
@worker_required
def ics(request, reference):
    """ "Ajouter à mon agenda": the slot as an .ics file (a cancelled one says so)."""
    booking = get_for_worker(
        request, Booking.objects.select_related("slot__event__venue"), reference=reference
    )
    return attachment(
        booking_calendar(booking),
        f"reservation-{booking.reference}.ics",
        "text/calendar; charset=utf-8",
    )

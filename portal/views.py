"""The personal space ("Mon espace"): what the worker needs first, from every app."""

from django.shortcuts import render

from bookings import emails
from bookings.models import Booking, WaitingEntry
from events.department_choice import current_department, page_context
from events.hub import search_url
from events.models import Event
from events.models.slots import open_condition

HOME_EVENTS = 4
HOME_BOOKINGS = 5


def home(request):
    """The personal space ("Mon espace"): counts, newest events, latest bookings."""
    choice = current_department(request)
    structure = request.user.structure
    context = page_context(choice)
    if choice.current:
        online = Event.objects.online().in_department(choice.current)
        context["online_count"] = online.count()
        context["online_url"] = search_url(choice.current)
        context["new_events"] = (
            online.with_open_slots().select_related("venue").order_by("-published_at", "-pk")
        )[:HOME_EVENTS]
    if structure:
        bookings = Booking.objects.for_structure(structure)
        context["structure"] = structure
        context["in_progress_count"] = bookings.confirmed().upcoming().count()
        context["to_validate_count"] = bookings.to_validate().count()
        context["waiting_count"] = (
            WaitingEntry.objects.for_structure(structure)
            .waiting()
            .filter(open_condition(path="slot__"))
            .count()
        )
        context["latest_bookings"] = bookings.select_related("slot__event").order_by(
            "-created_at", "-pk"
        )[:HOME_BOOKINGS]
        context["undelivered"] = emails.undelivered(request.user)
    return render(request, "home.html", context)

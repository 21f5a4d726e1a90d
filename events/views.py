from itertools import groupby

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .department_choice import PARAM, current_department, page_context
from .filters import EventFilter
from .hub import hub_sections, search_url
from .models import Event


def hub(request):
    """All events of the département in three sections, each leading to the full list."""
    choice = current_department(request)
    context = page_context(choice)
    if choice.current:
        context["sections"] = hub_sections(choice.current)
    return render(request, "events/hub.html", context)


def search(request):
    """The full list of online events, filtered by GET parameters and paginated."""
    choice = current_department(request)
    data = request.GET.copy()
    data.pop("page", None)
    if choice.current:
        data[PARAM] = choice.current.code
    filterset = EventFilter(data, queryset=Event.objects.online(), departments=choice.choices)
    events = filterset.qs.select_related("venue").prefetch_related("genres", "audiences")
    # The header's drop-down keeps the other filters when it changes the département.
    keep_params = [(k, v) for k, v in request.GET.items() if k not in (PARAM, "page")]
    return render(
        request,
        "events/search.html",
        {
            **page_context(choice, keep_params),
            "filter": filterset,
            "page": Paginator(events, settings.PAGE_SIZE).get_page(request.GET.get("page")),
            "clear_url": search_url(choice.current),
        },
    )


def detail(request, pk):
    """An event with every future slot; only published events with a future slot exist."""
    event = get_object_or_404(
        Event.objects.published()
        .select_related("venue", "department")
        .prefetch_related("genres", "audiences"),
        pk=pk,
    )
    slots = list(event.slots.upcoming().order_by("starts_at", "pk"))
    if not slots:
        raise Http404("Cet événement n'a plus de date à venir.")
    days = [
        (day, list(day_slots))
        for day, day_slots in groupby(slots, key=lambda slot: timezone.localdate(slot.starts_at))
    ]
    return render(request, "events/detail.html", {"event": event, "days": days})

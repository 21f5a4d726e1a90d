"""An admin page beyond Django's forms: a series of slots at once.

It fetches its event through the model admin's `get_object` (département scoping:
another département's event answers 404) and checks the change permission.
"""

from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from structures.dates import french_date, french_datetime, french_time

from .admin_forms import SlotSeriesForm
from .models import Slot


class SlotSeriesView:
    """'Ajouter une série de créneaux': e.g. every Saturday at 20:30 for six weeks."""

    template = "admin/events/event/slot_series.html"

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def __call__(self, request, object_id):
        model_admin = self.model_admin
        event = model_admin.get_object(request, object_id)
        if not model_admin.has_change_permission(request, event):
            raise PermissionDenied
        form = SlotSeriesForm(request.POST or None, event=event)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                slots = Slot.objects.bulk_create(form.slots())
                model_admin.log_change(
                    request,
                    event,
                    [{"added": {"name": "créneau", "object": str(slot)}} for slot in slots],
                )
            messages.success(request, series_message(slots))
            return redirect("admin:events_event_change", event.pk)
        adminform = helpers.AdminForm(form, form.fieldsets, {})
        context = model_admin.admin_context(
            request,
            f"Ajouter une série de créneaux – {event}",
            original=event,
            adminform=adminform,
            errors=helpers.AdminErrorList(form, []),
            media=model_admin.media + adminform.media,
        )
        return TemplateResponse(request, self.template, context)


def series_message(slots):
    first, last = slots[0].starts_at, slots[-1].starts_at
    if len(slots) == 1:
        return f"1 créneau ajouté : {french_datetime(first)}."
    return (
        f"{len(slots)} créneaux ajoutés, du {french_date(first)} au {french_date(last)}, "
        f"à {french_time(first)}."
    )

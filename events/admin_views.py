"""Admin pages beyond Django's forms: a series of slots at once, and a slot's guest list.

Each page fetches its object through the model admin's `get_object` (département scoping:
another département's object answers 404) and checks the admin permission it needs.
"""

from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from structures.dates import french_date, french_datetime, french_time
from vouchers import guest_lists

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


class GuestListViews:
    """A slot's guest list: the page, its PDF and its CSV (any time, empty slot included)."""

    template = "admin/events/slot/guest_list.html"

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def slot(self, request, object_id):
        slot = self.model_admin.get_object(request, object_id)  # scoped: 404 outside
        if not self.model_admin.has_view_permission(request, slot):
            raise PermissionDenied
        return guest_lists.slot_queryset().get(pk=slot.pk)

    def page(self, request, object_id):
        slot = self.slot(request, object_id)
        if request.method == "POST":
            return self.send(request, slot)
        closed = slot.closes_at <= timezone.now()
        context = self.model_admin.admin_context(
            request,
            f"Liste des invités – {slot.event} – {french_datetime(slot.starts_at)}",
            original=slot,
            slot=slot,
            guests=guest_lists.guest_list(slot),
            closes_at=french_datetime(slot.closes_at),
            sent_at=french_datetime(slot.guest_list_sent_at),
            failed_at=french_datetime(slot.guest_list_failed_at),
            can_send=closed and self.model_admin.has_change_permission(request, slot),
            closed=closed,
        )
        return TemplateResponse(request, self.template, context)

    @staticmethod
    def download(content, name, content_type):
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def pdf(self, request, object_id):
        slot = self.slot(request, object_id)
        content = guest_lists.render_pdf_bytes(guest_lists.guest_list(slot))
        return self.download(content, guest_lists.filename(slot, "pdf"), "application/pdf")

    def csv(self, request, object_id):
        slot = self.slot(request, object_id)
        content = guest_lists.render_csv_bytes(guest_lists.guest_list(slot))
        return self.download(content, guest_lists.filename(slot, "csv"), "text/csv; charset=utf-8")

    def send(self, request, slot):
        from vouchers import services

        if not self.model_admin.has_change_permission(request, slot):
            raise PermissionDenied
        if slot.closes_at > timezone.now():
            messages.warning(
                request,
                "Les réservations sont encore ouvertes : la liste partira d'elle-même à la "
                f"clôture, le {french_datetime(slot.closes_at)}.",
            )
        else:
            outcome = services.send_guest_list_now(slot.pk)
            if outcome.status == services.FAILED:
                messages.error(request, outcome.error)
            else:
                messages.success(request, "La liste d'invités est partie chez le partenaire.")
        return redirect("admin:events_slot_guest_list", slot.pk)

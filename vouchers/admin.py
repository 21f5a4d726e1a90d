"""Guest lists in the admin: a slot's list, its PDF and CSV, and sending it now.

The list's pages are this app's, so it extends the events app's slot and event admins
(and the booking admin's link to the list) by registering subclasses of them: events and
bookings show a slot's sending status but link to no page of this app.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from bookings import admin as bookings_admin
from bookings.models import Booking
from events import admin as events_admin
from events.models import Event, Slot
from structures.dates import french_datetime
from structures.exports import attachment
from structures.text import plural

from . import checkin, guest_lists, services

STILL_OPEN = (
    "Les réservations sont encore ouvertes : la liste partira d'elle-même à la clôture, "
    "le {closes_at}."
)
OPEN_LEFT_ASIDE = (
    "Les créneaux dont les réservations sont encore ouvertes ont été laissés de côté : "
    "leur liste partira d'elle-même à la clôture."
)


QUEUED = (
    "La liste d'invités part vers le partenaire dans un instant : son envoi s'affiche sur "
    "cette page. En cas d'échec, l'équipe du département est prévenue par e-mail."
)


# The URL names keep the slot admin's prefix: they are pages of a slot.
GUEST_LIST = "events_slot_guest_list"


def guest_list_url(slot_pk):
    return reverse(f"admin:{GUEST_LIST}", args=[slot_pk])


class GuestListLinkMixin:
    @admin.display(description="liste d'invités")
    def guest_list(self, slot):
        if slot.pk is None:
            return "—"
        status = events_admin.guest_list_status(slot)
        return format_html('<a href="{}">Voir la liste</a> ({})', guest_list_url(slot.pk), status)


class SlotInline(GuestListLinkMixin, events_admin.SlotInline):
    pass


class EventAdmin(events_admin.EventAdmin):
    inlines = (SlotInline,)


class SlotAdmin(GuestListLinkMixin, bookings_admin.SlotAdmin):
    change_form_template = "admin/vouchers/slot/change_form.html"
    actions = ("send_guest_lists",)
    # Arrivals next to the invitations booked, before the long guest-list status.
    list_display = tuple(
        column
        for name in bookings_admin.SlotAdmin.list_display
        for column in ((name, "arrivals") if name == "invitations_booked" else (name,))
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(arrived=checkin.arrived_count())

    @admin.display(description="arrivées pointées")
    def arrivals(self, slot):
        """ "3 sur 10": who the venue ticked, against the invitations booked; "pointage non
        utilisé" when the venue ticked nobody (not "0 sur 10", which reads as nobody came)."""
        if slot.is_open():
            return "—"
        if not slot.arrived:
            return "pointage non utilisé"
        return f"{slot.arrived} sur {slot.invitations_booked}"

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path("<path:object_id>/liste/", view(self.guest_list_page), name=GUEST_LIST),
            path(
                "<path:object_id>/liste/envoyer/",
                view(require_POST(self.send_guest_list)),
                name=f"{GUEST_LIST}_send",
            ),
            path("<path:object_id>/liste.pdf", view(self.guest_list_pdf), name=f"{GUEST_LIST}_pdf"),
            path("<path:object_id>/liste.csv", view(self.guest_list_csv), name=f"{GUEST_LIST}_csv"),
            *super().get_urls(),
        ]

    def scoped_slot(self, request, object_id):
        slot = self.get_object(request, object_id)  # another département's slot: 404
        if not self.has_view_permission(request, slot):
            raise PermissionDenied
        return guest_lists.slot_queryset().get(pk=slot.pk)

    def guest_list_page(self, request, object_id):
        """Who comes, grouped by structure, with the downloads and "send now"."""
        slot = self.scoped_slot(request, object_id)
        closed = not slot.is_open()
        check_in_closes = checkin.window(slot)[1]
        context = self.admin_context(
            request,
            f"Liste des invités – {slot.event} – {french_datetime(slot.starts_at)}",
            original=slot,
            slot=slot,
            guests=guest_lists.guest_list(slot),
            check_in_url=checkin.url(slot),
            check_in_until=french_datetime(check_in_closes),
            check_in_expired=timezone.now() >= check_in_closes,
            closes_at=french_datetime(slot.closes_at),
            sent_at=french_datetime(slot.guest_list_sent_at),
            failed_at=french_datetime(slot.guest_list_failed_at),
            can_send=closed and self.has_change_permission(request, slot),
            closed=closed,
        )
        return TemplateResponse(request, "admin/vouchers/slot/guest_list.html", context)

    def guest_list_pdf(self, request, object_id):
        slot = self.scoped_slot(request, object_id)
        content = guest_lists.render_pdf_bytes(guest_lists.guest_list(slot))
        return attachment(content, guest_lists.filename(slot, "pdf"), "application/pdf")

    def guest_list_csv(self, request, object_id):
        slot = self.scoped_slot(request, object_id)
        content = guest_lists.render_csv_bytes(guest_lists.guest_list(slot))
        return attachment(content, guest_lists.filename(slot, "csv"), "text/csv; charset=utf-8")

    def send_guest_list(self, request, object_id):
        """ "Envoyer maintenant" from the list's page (after the cutoff only)."""
        slot = self.scoped_slot(request, object_id)
        if not self.has_change_permission(request, slot):
            raise PermissionDenied
        if slot.is_open():
            messages.warning(request, STILL_OPEN.format(closes_at=french_datetime(slot.closes_at)))
            return redirect(guest_list_url(slot.pk))
        services.send_guest_list_now(slot.pk)
        messages.success(request, QUEUED)
        return redirect(guest_list_url(slot.pk))

    @admin.action(description="Envoyer la liste d'invités maintenant", permissions=["change"])
    def send_guest_lists(self, request, queryset):
        closed = list(queryset.closed().values_list("pk", flat=True))
        for pk in closed:
            services.send_guest_list_now(pk)
        if closed:
            messages.success(
                request,
                plural(len(closed), "liste d'invités part", "listes d'invités partent")
                + " vers les partenaires dans un instant : leur état s'affiche dans la colonne "
                "« liste d'invités ».",
            )
        if len(closed) < queryset.count():
            messages.warning(request, OPEN_LEFT_ASIDE)


class BookingAdmin(bookings_admin.BookingAdmin):
    @admin.display(description="liste d'invités du créneau")
    def guest_list(self, booking):
        url = guest_list_url(booking.slot_id)
        return format_html('<a href="{}">Voir tous les participants du créneau</a>', url)


for model, model_admin in ((Event, EventAdmin), (Slot, SlotAdmin), (Booking, BookingAdmin)):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)

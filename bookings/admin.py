from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from events import admin as events_admin
from events.models import Slot
from structures.admin.base import (
    PortalModelAdmin,
    ReadOnlyAdminMixin,
    contains_every,
    related_column,
)
from structures.admin.filters import AutocompleteFilter, DepartmentFilter
from structures.dates import french_date
from structures.exports import csv_attachment
from structures.models import Department, Structure
from structures.text import normalize, plural

from .cancellation import CancellationError, cancel
from .forms.followup import TestimonialTextField
from .models import (
    Booking,
    BookingLogEntry,
    Participant,
    Testimonial,
    WaitingEntry,
    WaitingParticipant,
    typed_reference,
)
from .statistics.admin import DepartmentAdminWithStatistics
from .statistics.no_shows import StructureAdminWithNoShows

# Seats, references and statuses are kept by bookings.services: a booking is made,
# cancelled and counted there, in one transaction. The admin shows them and lets staff
# correct attendance only; it never creates, deletes or re-counts a booking by hand.
BOOKING_SERVICE_FIELDS = (
    "reference",
    "slot",
    "structure",
    "booked_by",
    "status",
    "invitations",
    "created_at",
    "cancelled_at",
    "cancelled_by",
    "voucher",
)
PARTICIPANT_SERVICE_FIELDS = ("booking", "slot", "role", "person", "first_name", "last_name")


class BookingSearchMixin:
    """A search over rows of bookings that stays on an index at national scale.

    A booking reference ("cdc-7kq2mz") finds its rows exactly and alone, by the unique
    reference. With a `name_field` (accent-free, trigram-indexed), any other text is
    matched word by word against it, alone: "helene dupre" finds "Hélène Dupré". Else
    Django's search over `search_fields`.
    """

    reference_field = "booking__reference"
    name_field = None
    search_help_text = "Une référence complète (CDC-…) ou le nom d'un participant."

    def search_by_name(self, queryset, words):
        return queryset.filter(contains_every(self.name_field, words))

    def get_search_results(self, request, queryset, search_term):
        reference = typed_reference(search_term)
        if reference is not None:
            return queryset.filter(**{self.reference_field: reference}), False
        words = normalize(search_term).split()
        if self.name_field and words:
            return self.search_by_name(queryset, words), False
        return super().get_search_results(request, queryset, search_term)


class ParticipantInline(admin.TabularInline):
    model = Participant
    fields = (
        "role",
        "person",
        "first_name",
        "last_name",
        "invited_by",
        "checked_in_at",
        "attended",
    )
    readonly_fields = ("role", "person", "first_name", "last_name", "invited_by", "checked_in_at")
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "invited_by")


class BookingLogEntryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = BookingLogEntry
    fields = ("at", "action", "actor", "details")
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(Booking)
class BookingAdmin(BookingSearchMixin, PortalModelAdmin):
    reference_field = "reference"
    name_field = "participants__search_name"
    list_display = (
        "reference",
        related_column("slot__event", "Événement", "slot__event__title"),
        related_column("slot__starts_at", "Date"),
        "structure",
        "booked_by",
        "invitations",
        "status",
        "created_at",
    )
    list_filter = (
        ("slot__event__department", DepartmentFilter),
        ("slot__event", AutocompleteFilter),
        ("slot__starts_at", admin.DateFieldListFilter),
        ("structure", AutocompleteFilter),
        "status",
    )
    search_fields = ("reference", "participants__search_name")
    ordering = ("-created_at",)
    list_select_related = ("slot__event", "structure", "booked_by")
    readonly_fields = (*BOOKING_SERVICE_FIELDS, "guest_list")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "reference",
                    "slot",
                    "guest_list",
                    "structure",
                    "booked_by",
                    "invitations",
                )
            },
        ),
        ("Statut", {"fields": ("status", "created_at", "cancelled_at", "cancelled_by")}),
        ("Suivi", {"fields": ("attendance_recorded_at", "voucher")}),
    )
    inlines = (ParticipantInline, BookingLogEntryInline)
    actions = ("cancel_on_behalf",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def search_by_name(self, queryset, words):
        return queryset.with_participant_named(words)

    @admin.display(description="liste d'invités du créneau")
    def guest_list(self, booking):
        # The vouchers app, which holds guest lists, links to the slot's list instead.
        url = reverse("admin:events_slot_change", args=[booking.slot_id])
        return format_html('<a href="{}">Voir le créneau</a>', url)

    @admin.action(description="Annuler pour le relais", permissions=["change"])
    def cancel_on_behalf(self, request, queryset):
        """Cancels as the relay would (seats back online), recorded as done by the team."""
        cancelled = 0
        for booking in queryset.filter(status=Booking.Status.CONFIRMED).select_related(
            "slot__event__venue", "slot__event__department", "structure"
        ):
            try:
                cancel(booking, by=request.user, on_behalf=True)
            except CancellationError as error:
                self.message_user(request, f"{booking.reference} : {error}", messages.ERROR)
            else:
                cancelled += 1
        if cancelled:
            self.message_user(
                request,
                plural(cancelled, "réservation annulée", "réservations annulées")
                + " pour le relais : les invitations sont de nouveau proposées.",
            )


@admin.register(Participant)
class ParticipantAdmin(BookingSearchMixin, PortalModelAdmin):
    name_field = "search_name"
    list_display = (
        "last_name",
        "first_name",
        "role",
        "booking",
        related_column("slot", "Créneau", "slot__starts_at"),
        "attended",
        "is_active",
    )
    list_display_links = ("last_name", "first_name")
    list_filter = (
        "role",
        "attended",
        "is_active",
        ("slot__event__department", DepartmentFilter),
    )
    search_fields = ("search_name", "booking__reference")
    # Newest first by id: ordering by the booking's date joined every participant of the
    # département to sort them.
    ordering = ("-id",)
    list_select_related = ("booking", "slot__event")
    fields = (*PARTICIPANT_SERVICE_FIELDS, "invited_by", "is_active", "checked_in_at", "attended")
    readonly_fields = (*PARTICIPANT_SERVICE_FIELDS, "invited_by", "is_active", "checked_in_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BookingLogEntry)
class BookingLogEntryAdmin(BookingSearchMixin, ReadOnlyAdminMixin, PortalModelAdmin):
    search_help_text = "Une référence complète (CDC-…) ou l'e-mail de la personne."
    list_display = ("at", "booking", "action", "actor")
    list_filter = ("action", "at")
    search_fields = ("booking__reference", "actor__email")
    ordering = ("-at", "-id")
    list_select_related = ("booking", "actor")
    fields = ("booking", "action", "actor", "at", "details")


class TestimonialAdminForm(forms.ModelForm):
    """Staff correct a text under the same rule as the worker who wrote it."""

    text = TestimonialTextField(
        label="Témoignage",
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": Testimonial.MAX_LENGTH}),
        validators=[Testimonial.check_text],
    )

    class Meta:
        model = Testimonial
        fields = ("text", "status")


@admin.register(Testimonial)
class TestimonialAdmin(BookingSearchMixin, PortalModelAdmin):
    search_help_text = "Une référence complète (CDC-…) ou des mots du témoignage."
    form = TestimonialAdminForm
    change_list_template = "admin/bookings/testimonial/change_list.html"
    actions = ("approve", "reject")
    list_display = (
        "author",
        "excerpt",
        related_column("booking__slot__event", "Événement", "booking__slot__event__title"),
        related_column("booking__structure", "Structure", "booking__structure__name"),
        "status",
        "consent",
        "created_at",
    )
    list_filter = (
        "status",
        "consent",
        ("booking__slot__event__department", DepartmentFilter),
    )
    search_fields = ("text", "booking__reference")
    ordering = ("-created_at",)
    list_select_related = ("participant", "booking__slot__event", "booking__structure")
    fields = (
        "booking",
        "participant",
        "text",
        "consent",
        "status",
        "created_at",
        "updated_at",
        "moderated_at",
        "moderated_by",
    )
    # Who said it and whether they agreed to publication are theirs, not staff's.
    readonly_fields = (
        "booking",
        "participant",
        "consent",
        "created_at",
        "updated_at",
        "moderated_at",
        "moderated_by",
    )

    @admin.display(description="auteur", ordering="participant__role")
    def author(self, obj):
        return obj.author_label

    @admin.display(description="témoignage")
    def excerpt(self, obj):
        return Truncator(obj.text).chars(80)

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data and obj.status != Testimonial.Status.PENDING:
            obj.moderated_at = timezone.now()
            obj.moderated_by = request.user
        super().save_model(request, obj, form, change)

    def _moderate(self, request, queryset, status):
        return queryset.exclude(status=status).update(
            status=status, moderated_at=timezone.now(), moderated_by=request.user
        )

    @admin.action(description="Approuver pour publication", permissions=["change"])
    def approve(self, request, queryset):
        count = self._moderate(request, queryset, Testimonial.Status.APPROVED)
        self.message_user(
            request, f"{plural(count, 'témoignage approuvé', 'témoignages approuvés')}."
        )

    @admin.action(description="Refuser", permissions=["change"])
    def reject(self, request, queryset):
        count = self._moderate(request, queryset, Testimonial.Status.REJECTED)
        self.message_user(request, f"{plural(count, 'témoignage refusé', 'témoignages refusés')}.")

    def get_urls(self):
        view = self.admin_site.admin_view(self.export_view)
        return [
            path("export.csv", view, name="bookings_testimonial_export"),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """Approved testimonials whose authors agreed to publication, for activity reports."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        testimonials = (
            self.get_queryset(request)
            .filter(status=Testimonial.Status.APPROVED, consent=True)
            .select_related("participant", "booking__slot__event__venue", "booking__structure")
            .order_by("booking__slot__starts_at", "pk")
        )
        response, writer = csv_attachment("temoignages-approuves.csv")
        writer.writerow(EXPORT_HEADER)
        writer.writerows(_export_row(testimonial) for testimonial in testimonials)
        return response


EXPORT_HEADER = ["Date de l'événement", "Événement", "Lieu", "Structure", "Auteur", "Témoignage"]


def _export_row(testimonial):
    """A testimonial as the activity reports quote it: role and initial, never a name."""
    slot = testimonial.booking.slot
    return [
        french_date(slot.starts_at),
        slot.event.title,
        slot.event.venue.name,
        testimonial.booking.structure.name,
        testimonial.author_label,
        testimonial.text,
    ]


# The départements' admin gains its statistics page from here, up the layers: structures
# does not know of bookings.
admin.site.unregister(Department)
admin.site.register(Department, DepartmentAdminWithStatistics)
# The same for the structures' no-show rates.
admin.site.unregister(Structure)
admin.site.register(Structure, StructureAdminWithNoShows)


# --- Waiting lists ----------------------------------------------------------------------


class WaitingParticipantInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = WaitingParticipant
    fields = ("role", "first_name", "last_name", "host")
    readonly_fields = fields
    extra = 0


@admin.register(WaitingEntry)
class WaitingEntryAdmin(BookingSearchMixin, ReadOnlyAdminMixin, PortalModelAdmin):
    search_help_text = "Une référence complète (CDC-…), un événement ou une structure."
    """The waiting lists, read-only: entries join, leave and are booked by bookings.waiting.
    Filtered by status "Réservée" and by the date it ended, it counts the invitations
    the waiting lists filled (also on the département statistics)."""

    list_display = (
        related_column("slot__event", "Événement", "slot__event__title"),
        related_column("slot__starts_at", "Date"),
        "rank",
        "structure",
        "invitations",
        "status",
        "created_at",
        "booking",
    )
    list_filter = (
        "status",
        ("slot__event__department", DepartmentFilter),
        ("ended_at", admin.DateFieldListFilter),
    )
    search_fields = ("slot__event__title", "structure__name", "booking__reference")
    ordering = ("-slot__starts_at", "pk")
    list_select_related = ("slot__event", "structure", "booking")
    fields = (
        "slot",
        "structure",
        "created_by",
        "created_at",
        "invitations",
        "status",
        "ended_at",
        "ended_by",
        "end_reason",
        "booking",
    )
    inlines = (WaitingParticipantInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).with_rank()

    @admin.display(description="rang")
    def rank(self, entry):
        return entry.rank if entry.is_waiting else "—"


def waiting_list_url(slot_pk):
    return reverse("admin:bookings_waitingentry_changelist") + f"?slot__id__exact={slot_pk}"


class SlotAdmin(events_admin.SlotAdmin):
    """The slot admin with the slot's waiting list (registered in place of the events
    app's, which knows nothing of bookings; the vouchers app extends this one)."""

    readonly_fields = (*events_admin.SlotAdmin.readonly_fields, "waiting_list")
    fields = (*events_admin.SlotAdmin.fields, "waiting_list")

    @admin.display(description="liste d'attente")
    def waiting_list(self, slot):
        if slot.pk is None:
            return "—"
        entries = list(
            WaitingEntry.objects.waiting().filter(slot=slot).in_order().select_related("structure")
        )
        filled = WaitingEntry.objects.filter(
            slot=slot, status=WaitingEntry.Status.BOOKED
        ).aggregate(invitations=Sum("invitations"))["invitations"]
        rows = format_html_join(
            "",
            "<li>{}. {} – {}</li>",
            (
                (rank, entry.structure, plural(entry.invitations, "invitation"))
                for rank, entry in enumerate(entries, start=1)
            ),
        )
        return format_html(
            '{}{}<p>{} – <a href="{}">voir le détail</a></p>',
            "Personne en attente." if not entries else "",
            format_html("<ol>{}</ol>", rows) if entries else "",
            f"Invitations attribuées depuis la liste d'attente : {filled or 0}",
            waiting_list_url(slot.pk),
        )


admin.site.unregister(Slot)
admin.site.register(Slot, SlotAdmin)

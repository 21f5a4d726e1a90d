from django.contrib import admin
from django.utils import timezone

from structures.admin import PortalModelAdmin, ReadOnlyAdminMixin

from .models import Booking, BookingLogEntry, Participant, Testimonial

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


class ParticipantInline(admin.TabularInline):
    model = Participant
    fields = ("role", "person", "first_name", "last_name", "invited_by", "attended")
    readonly_fields = ("role", "person", "first_name", "last_name", "invited_by")
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
class BookingAdmin(PortalModelAdmin):
    department_path = "slot__event__department"
    normalized_search_field = "participants__search_name"
    list_display = (
        "reference",
        "slot__event",
        "slot__starts_at",
        "structure",
        "booked_by",
        "invitations",
        "status",
        "created_at",
    )
    list_filter = (
        "status",
        ("slot__event__department", admin.RelatedOnlyFieldListFilter),
        "created_at",
    )
    search_fields = ("reference", "participants__last_name")
    ordering = ("-created_at",)
    list_select_related = ("slot__event", "structure", "booked_by")
    readonly_fields = BOOKING_SERVICE_FIELDS
    fieldsets = (
        (None, {"fields": ("reference", "slot", "structure", "booked_by", "invitations")}),
        ("Statut", {"fields": ("status", "created_at", "cancelled_at", "cancelled_by")}),
        ("Suivi", {"fields": ("attendance_recorded_at", "voucher")}),
    )
    inlines = (ParticipantInline, BookingLogEntryInline)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Participant)
class ParticipantAdmin(PortalModelAdmin):
    department_path = "slot__event__department"
    normalized_search_field = "search_name"
    list_display = ("last_name", "first_name", "role", "booking", "slot", "attended", "is_active")
    list_display_links = ("last_name", "first_name")
    list_filter = (
        "role",
        "attended",
        "is_active",
        ("slot__event__department", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("last_name", "first_name", "booking__reference")
    ordering = ("-booking__created_at", "id")
    list_select_related = ("booking", "slot__event")
    fields = (*PARTICIPANT_SERVICE_FIELDS, "invited_by", "is_active", "attended")
    readonly_fields = (*PARTICIPANT_SERVICE_FIELDS, "invited_by", "is_active")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BookingLogEntry)
class BookingLogEntryAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    department_path = "booking__slot__event__department"
    list_display = ("at", "booking", "action", "actor")
    list_filter = ("action", "at")
    search_fields = ("booking__reference", "actor__email")
    ordering = ("-at", "-id")
    list_select_related = ("booking", "actor")
    fields = ("booking", "action", "actor", "at", "details")


@admin.register(Testimonial)
class TestimonialAdmin(PortalModelAdmin):
    department_path = "booking__slot__event__department"
    list_display = ("author", "booking", "booking__slot__event", "status", "consent", "created_at")
    list_filter = (
        "status",
        "consent",
        ("booking__slot__event__department", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("text", "booking__reference")
    ordering = ("-created_at",)
    list_select_related = ("participant", "booking__slot__event")
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

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data and obj.status != Testimonial.Status.PENDING:
            obj.moderated_at = timezone.now()
            obj.moderated_by = request.user
        super().save_model(request, obj, form, change)

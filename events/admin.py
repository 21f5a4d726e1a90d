from django import forms
from django.contrib import admin
from django.utils import timezone

from structures.admin import PortalModelAdmin

from .models import Audience, Event, Genre, Partner, Slot, Venue


@admin.register(Genre)
class GenreAdmin(PortalModelAdmin):
    list_display = ("name", "slug", "icon")
    search_fields = ("name", "slug")
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Audience)
class AudienceAdmin(PortalModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name",)}


class VenueInline(admin.StackedInline):
    model = Venue
    fields = (
        ("name", "department"),
        ("address", "postal_code", "city"),
        "phone",
        ("access", "transport", "accessibility"),
    )
    show_change_link = True

    def get_extra(self, request, obj=None, **kwargs):
        # A new partner usually comes with its first venue; an existing one has its own.
        return 0 if obj else 1


@admin.register(Partner)
class PartnerAdmin(PortalModelAdmin):
    department_path = "department"
    list_display = ("name", "department", "contact_name", "contact_email", "phone", "is_active")
    list_filter = ("is_active", ("department", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "contact_name", "contact_email")
    ordering = ("name",)
    list_select_related = ("department",)
    autocomplete_fields = ("department",)
    readonly_fields = ("created_at",)
    fieldsets = (
        (None, {"fields": ("name", "department", "is_active", "website")}),
        (
            "Contact",
            {
                "description": "L'e-mail de contact reçoit les listes d'invités à la clôture.",
                "fields": ("contact_name", "contact_email", "phone"),
            },
        ),
        ("Suivi", {"fields": ("created_at",)}),
    )
    inlines = (VenueInline,)


@admin.register(Venue)
class VenueAdmin(PortalModelAdmin):
    department_path = "department"
    list_display = ("name", "city", "postal_code", "partner", "department", "phone")
    list_filter = (("department", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "city", "postal_code", "partner__name")
    ordering = ("name",)
    list_select_related = ("partner", "department")
    autocomplete_fields = ("partner", "department")
    fieldsets = (
        (None, {"fields": ("partner", "name", "department", "phone")}),
        ("Adresse", {"fields": ("address", "postal_code", "city")}),
        ("Informations pratiques", {"fields": ("access", "transport", "accessibility")}),
    )


class SlotInline(admin.TabularInline):
    model = Slot
    fields = (
        "starts_at",
        "ends_at",
        "invitations_offered",
        "invitations_booked",
        "max_per_booking",
        "closes_at",
        "guest_list_sent_at",
    )
    # The booking service keeps the seat count; the guest-list job stamps the sending.
    readonly_fields = ("invitations_booked", "guest_list_sent_at")
    ordering = ("starts_at",)
    show_change_link = True

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj else 1


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = (
            "title",
            "description",
            "image",
            "partner",
            "venue",
            "genres",
            "audiences",
            "duration_minutes",
            "recommended_age",
            "is_published",
            "published_at",
        )

    def clean(self):
        cleaned_data = super().clean()
        partner, venue = cleaned_data.get("partner"), cleaned_data.get("venue")
        if partner and venue and venue.partner_id != partner.pk:
            self.add_error("venue", "Ce lieu appartient à un autre partenaire.")
        # Publishing without a date means "now" (as Event.save does), not a constraint error.
        if cleaned_data.get("is_published") and not cleaned_data.get("published_at"):
            cleaned_data["published_at"] = timezone.now()
        return cleaned_data


@admin.register(Event)
class EventAdmin(PortalModelAdmin):
    department_path = "department"
    normalized_search_field = "search_title"
    form = EventForm
    list_display = ("title", "partner", "venue", "department", "is_published", "published_at")
    list_filter = (
        ("department", admin.RelatedOnlyFieldListFilter),
        "is_published",
        "genres",
        "audiences",
    )
    search_fields = ("title", "partner__name", "venue__name", "venue__city")
    ordering = ("title",)
    list_select_related = ("partner", "venue", "department")
    autocomplete_fields = ("partner", "venue")
    filter_horizontal = ("genres", "audiences")
    readonly_fields = ("department", "created_at")
    fieldsets = (
        (None, {"fields": ("title", "description", "image")}),
        ("Où", {"fields": ("partner", "venue", "department")}),
        (
            "Pour qui",
            {"fields": ("genres", "audiences", "duration_minutes", "recommended_age")},
        ),
        ("Publication", {"fields": ("is_published", "published_at", "created_at")}),
    )
    inlines = (SlotInline,)


@admin.register(Slot)
class SlotAdmin(PortalModelAdmin):
    department_path = "event__department"
    normalized_search_field = "event__search_title"
    list_display = (
        "event",
        "starts_at",
        "closes_at",
        "invitations_offered",
        "invitations_booked",
        "max_per_booking",
        "guest_list_sent_at",
    )
    list_filter = (
        ("event__department", admin.RelatedOnlyFieldListFilter),
        "starts_at",
        ("guest_list_sent_at", admin.EmptyFieldListFilter),
    )
    search_fields = ("event__title", "event__venue__name")
    ordering = ("-starts_at",)
    date_hierarchy = "starts_at"
    list_select_related = ("event",)
    autocomplete_fields = ("event",)
    readonly_fields = ("invitations_booked", "guest_list_sent_at")
    fields = (
        "event",
        ("starts_at", "ends_at"),
        ("invitations_offered", "invitations_booked", "max_per_booking"),
        "closes_at",
        "guest_list_sent_at",
    )

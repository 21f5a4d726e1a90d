import json

from django.contrib import admin
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.fields import DateTimeField
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone

from structures.admin.base import PortalModelAdmin, ScopedChoicesMixin, related_column
from structures.admin.filters import DepartmentFilter
from structures.dates import french_datetime
from structures.perms import staff_department_ids
from structures.text import plural

from . import admin_views
from .admin_forms import SLOT_SERVICE_FIELDS, EventForm, SlotForm
from .models import Audience, Event, Genre, Partner, Slot, Venue


@admin.register(Genre)
class GenreAdmin(PortalModelAdmin):
    scoped = False  # shared by every département
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Audience)
class AudienceAdmin(PortalModelAdmin):
    scoped = False  # shared by every département
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name",)}


class VenueInline(ScopedChoicesMixin, admin.StackedInline):
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
    list_display = ("name", "department", "contact_name", "contact_email", "phone", "is_active")
    list_filter = (
        "is_active",
        ("department", DepartmentFilter),
        ("contact_email", admin.EmptyFieldListFilter),
    )
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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "contact_email" in form.changed_data and obj.contact_email:
            # Lists that failed for want of this address leave at the next run of the job.
            retried = (
                Slot.objects.guest_list_failed()
                .filter(event__partner=obj)
                .update(guest_list_failed_at=None, guest_list_error="", guest_list_queued_at=None)
            )
            if retried:
                self.message_user(
                    request,
                    plural(
                        retried,
                        "liste d'invités en échec partira",
                        "listes d'invités en échec partiront",
                    )
                    + f" vers {obj.contact_email} "
                    "dans la minute.",
                )


@admin.register(Venue)
class VenueAdmin(PortalModelAdmin):
    list_display = ("name", "city", "postal_code", "partner", "department", "phone")
    list_filter = (("department", DepartmentFilter),)
    search_fields = ("name", "city", "postal_code", "partner__name")
    ordering = ("name",)
    list_select_related = ("partner", "department")
    autocomplete_fields = ("partner", "department")
    fieldsets = (
        (None, {"fields": ("partner", "name", "department", "phone")}),
        ("Adresse", {"fields": ("address", "postal_code", "city")}),
        ("Informations pratiques", {"fields": ("access", "transport", "accessibility")}),
    )


def guest_list_status(slot):
    """'envoyée le …', 'échec : …', 'envoi en cours' or 'à la clôture', for the admin."""
    if slot.guest_list_sending:
        return "envoi en cours"
    if slot.guest_list_sent_at:
        return f"envoyée le {french_datetime(slot.guest_list_sent_at)}"
    if slot.guest_list_failed_at:
        return f"échec : {slot.guest_list_error}"
    return "part à la clôture"


class GuestListColumnMixin:
    """The "liste d'invités" column; the vouchers app turns it into a link to the list."""

    @admin.display(description="liste d'invités")
    def guest_list(self, slot):
        return "—" if slot.pk is None else guest_list_status(slot)


class SlotInline(GuestListColumnMixin, admin.TabularInline):
    model = Slot
    form = SlotForm
    # Django's tabular inline, with a label on every input (read by screen readers, one
    # per column) and the add link in the staff's words.
    template = "admin/events/event/slot_inline.html"
    add_text = "Ajouter un créneau"
    # The end stays on the slot's own page: the event's duration gives it otherwise, and
    # the row fits a 1280 px screen without it.
    fields = (
        "starts_at",
        "invitations_offered",
        "invitations_booked",
        "max_per_booking",
        "closes_at",
        "guest_list",
    )
    # The booking service keeps the seat count; the guest-list job stamps the sending.
    readonly_fields = ("invitations_booked", "guest_list")
    ordering = ("starts_at",)
    show_change_link = True

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj else 1

    @property
    def inline_formset_data(self):
        """The inline script's options (Django's own, but "Ajouter un créneau")."""
        prefix = Event._meta.get_field("slots").get_accessor_name()
        options = {"prefix": prefix, "addText": self.add_text, "deleteText": "Retirer"}
        return json.dumps({"name": f"#{prefix}", "options": options}, ensure_ascii=False)


def next_start():
    """The start of the event's next slot to come (None when none is left)."""
    upcoming = Slot.objects.filter(event=OuterRef("pk"), starts_at__gte=timezone.now())
    return Subquery(upcoming.order_by("starts_at").values("starts_at")[:1])


@admin.register(Event)
class EventAdmin(PortalModelAdmin):
    normalized_search_field = "search_title"
    form = EventForm
    change_form_template = "admin/events/event/change_form.html"
    # What staff look for, in a list that fits 1280 px: the partner is in the search and on
    # the event's page, as is the publication date. The venue is a column of ours: Django
    # keeps a foreign key's column on one line, which pushed the list sideways.
    list_display = (
        "title",
        related_column("venue", "lieu", "venue__name"),
        "next_slot",
        "is_published",
    )
    list_filter = (
        ("department", DepartmentFilter),
        "is_published",
        "genres",
        "audiences",
    )
    search_fields = ("title", "partner__name", "venue__name", "venue__city")
    ordering = ("title",)
    list_select_related = ("partner", "venue", "department")
    autocomplete_fields = ("partner", "venue")
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
    actions = ("publish", "unpublish", "duplicate")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(next_start=next_start())

    def get_list_display(self, request):
        # The département column only for those who run several (or all of them).
        if request.user.is_superuser or len(staff_department_ids(request)) > 1:
            department = related_column("department", "département", "department__code")
            return (*self.list_display[:2], department, *self.list_display[2:])
        return self.list_display

    @admin.display(description="prochain créneau", ordering="next_start")
    def next_slot(self, event):
        return french_datetime(event.next_start) if event.next_start else "aucun à venir"

    def get_urls(self):
        view = self.admin_site.admin_view(admin_views.SlotSeriesView(self))
        return [
            path("<path:object_id>/creneaux/serie/", view, name="events_event_slot_series"),
            *super().get_urls(),
        ]

    def save_formset(self, request, form, formset, change):
        if formset.model is Slot:
            for slot_form in formset.forms:
                if slot_form.has_changed() and not slot_form.cleaned_data.get("closes_at"):
                    # Left empty: the département's delay, now that the event is known.
                    slot_form.instance.closes_at = None
        super().save_formset(request, form, formset, change)

    @admin.action(description="Publier (visible par les relais)", permissions=["change"])
    def publish(self, request, queryset):
        now = Value(timezone.now(), output_field=DateTimeField())
        count = queryset.filter(is_published=False).update(
            is_published=True, published_at=Coalesce(F("published_at"), now)
        )
        self.message_user(request, f"{plural(count, 'événement publié', 'événements publiés')}.")

    @admin.action(description="Dépublier (retirer du portail)", permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.filter(is_published=True).update(is_published=False)
        self.message_user(
            request,
            f"{plural(count, 'événement retiré', 'événements retirés')} du portail "
            "(réservations conservées).",
        )

    @admin.action(description="Dupliquer (copie non publiée, sans créneaux)", permissions=["add"])
    def duplicate(self, request, queryset):
        copies = [
            duplicate_event(event) for event in queryset.prefetch_related("genres", "audiences")
        ]
        for copy in copies:
            self.log_addition(request, copy, [{"added": {}}])
        if len(copies) == 1:
            self.message_user(
                request, f"Copie créée : « {copies[0].title} ». Ajoutez-lui ses créneaux."
            )
            return redirect("admin:events_event_change", copies[0].pk)
        self.message_user(
            request,
            f"{plural(len(copies), 'copie créée, non publiée', 'copies créées, non publiées')}.",
        )


def duplicate_event(event):
    """A new unpublished event with the same description, place and audiences; no slot."""
    copied = (
        "description",
        "partner_id",
        "venue_id",
        "duration_minutes",
        "recommended_age",
        "image",
    )
    copy = Event(
        title=f"{event.title} (copie)"[:200], **{name: getattr(event, name) for name in copied}
    )
    copy.save()
    copy.genres.set(event.genres.all())
    copy.audiences.set(event.audiences.all())
    return copy


class GuestListStatusFilter(admin.SimpleListFilter):
    title = "liste d'invités"
    parameter_name = "liste"

    def lookups(self, request, model_admin):
        return (("envoyee", "Envoyée"), ("echec", "En échec"), ("a-envoyer", "À envoyer"))

    def queryset(self, request, queryset):
        if self.value() == "envoyee":
            return queryset.filter(guest_list_sent_at__isnull=False)
        if self.value() == "echec":
            return queryset.guest_list_failed()
        if self.value() == "a-envoyer":
            return queryset.filter(
                guest_list_sent_at__isnull=True, guest_list_failed_at__isnull=True
            )
        return queryset


@admin.register(Slot)
class SlotAdmin(GuestListColumnMixin, PortalModelAdmin):
    normalized_search_field = "event__search_title"
    form = SlotForm
    list_display = (
        "event",
        "starts_at",
        "closes_at",
        "invitations_offered",
        "invitations_booked",
        "max_per_booking",
        "guest_list",
    )
    list_filter = (
        ("event__department", DepartmentFilter),
        "starts_at",
        GuestListStatusFilter,
    )
    search_fields = ("event__title", "event__venue__name")
    ordering = ("-starts_at",)
    date_hierarchy = "starts_at"
    list_select_related = ("event",)
    autocomplete_fields = ("event",)
    readonly_fields = (*SLOT_SERVICE_FIELDS, "guest_list")
    fields = (
        "event",
        ("starts_at", "ends_at"),
        ("invitations_offered", "invitations_booked", "max_per_booking"),
        "closes_at",
        "guest_list",
        ("guest_list_queued_at", "guest_list_sent_at"),
        ("guest_list_failed_at", "guest_list_error"),
    )

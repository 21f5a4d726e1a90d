"""The network's admin: départements and their teams, relay structures and their workers."""

from django.contrib import admin

from structures.text import plural

from ..models import Department, Structure, User
from .accounts import invite
from .base import PortalModelAdmin, ScopedChoicesMixin
from .filters import DepartmentFilter


@admin.register(Department)
class DepartmentAdmin(PortalModelAdmin):
    list_display = ("code", "name", "team_label", "team_phone", "team_email", "is_active")
    list_display_links = ("code", "name")
    list_filter = ("is_active",)
    search_fields = ("code", "name", "team_name")
    ordering = ("code",)
    list_per_page = 150  # every département on one page
    fieldsets = (
        (None, {"fields": ("code", "name", "is_active")}),
        (
            "Équipe du département",
            {
                "description": "Imprimé sur les contremarques et la page de contact.",
                "fields": ("team_name", "team_phone", "team_email", "team_address"),
            },
        ),
        ("Réglages", {"fields": ("cutoff_hours", "notify_empty_guest_list")}),
    )

    @admin.display(description="équipe", ordering="team_name")
    def team_label(self, obj):
        return obj.team_label

    def get_readonly_fields(self, request, obj=None):
        # INSEE codes and names are reference data (loaded by a migration).
        return ("code", "name") if obj else ()


class WorkerInline(ScopedChoicesMixin, admin.StackedInline):
    """The workers of a structure, created with it: each receives an invitation e-mail."""

    model = User
    fk_name = "structure"
    fields = (("email", "phone"), ("first_name", "last_name"), "is_active")
    verbose_name = "travailleur social"
    verbose_name_plural = "travailleurs sociaux"
    can_delete = False
    show_change_link = True

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj else 1


@admin.register(Structure)
class StructureAdmin(PortalModelAdmin):
    list_display = ("name", "kind", "department", "city", "phone", "email", "is_active")
    list_filter = ("is_active", "kind", ("department", DepartmentFilter))
    search_fields = ("name", "city", "postal_code", "email")
    ordering = ("name",)
    list_select_related = ("department",)
    autocomplete_fields = ("department",)
    readonly_fields = ("created_at",)
    fieldsets = (
        (None, {"fields": ("name", "kind", "department", "is_active")}),
        ("Coordonnées", {"fields": ("address", "postal_code", "city", "phone", "email")}),
        ("Suivi", {"fields": ("created_at",)}),
    )
    inlines = (WorkerInline,)
    actions = ("deactivate", "reactivate")

    def save_formset(self, request, form, formset, change):
        if formset.model is not User:
            return super().save_formset(request, form, formset, change)
        new_workers = []
        for worker_form in formset.extra_forms:
            if worker_form.has_changed() and worker_form.instance.pk is None:
                worker_form.instance.set_unusable_password()
                new_workers.append(worker_form.instance)
        super().save_formset(request, form, formset, change)
        invite(request, new_workers)

    @admin.action(
        description="Désactiver (adhésion expirée : plus de réservation)", permissions=["change"]
    )
    def deactivate(self, request, queryset):
        count = queryset.filter(is_active=True).update(is_active=False)
        self.message_user(
            request,
            f"{plural(count, 'structure désactivée', 'structures désactivées')} : "
            "leurs travailleurs ne peuvent plus réserver, "
            "leurs réservations sont conservées.",
        )

    @admin.action(description="Réactiver", permissions=["change"])
    def reactivate(self, request, queryset):
        count = queryset.filter(is_active=False).update(is_active=True)
        self.message_user(
            request, f"{plural(count, 'structure réactivée', 'structures réactivées')}."
        )

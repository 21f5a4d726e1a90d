from django.contrib import admin

from structures.admin.base import PortalModelAdmin, ReadOnlyAdminMixin, related_column
from structures.admin.filters import DepartmentFilter

from .models import Person, PersonLogEntry


@admin.register(Person)
class PersonAdmin(PortalModelAdmin):
    normalized_search_field = "search_name"
    list_display = (
        "last_name",
        "first_name",
        "kind",
        "companion_type",
        "structure",
        related_column("structure__department", "Département", "structure__department__name"),
        "birth_year",
        "created_at",
    )
    list_display_links = ("last_name", "first_name")
    list_filter = ("kind", ("structure__department", DepartmentFilter))
    search_fields = ("last_name", "first_name", "structure__name")
    ordering = ("last_name", "first_name")
    list_select_related = ("structure__department",)
    autocomplete_fields = ("structure",)
    readonly_fields = ("created_at", "archived_at", "anonymised_at")
    fields = (
        "structure",
        "kind",
        "companion_type",
        "first_name",
        "last_name",
        "birth_year",
        "phone",
        "created_at",
        "archived_at",
        "anonymised_at",
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        action = PersonLogEntry.Action.CHANGED if change else PersonLogEntry.Action.CREATED
        obj.log(action, by=request.user, **({"fields": form.changed_data} if change else {}))


@admin.register(PersonLogEntry)
class PersonLogEntryAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    """The history of the persons' records: append-only, scoped by département."""

    list_display = (
        "at",
        "person_number",
        "action",
        "actor",
        related_column("person__structure", "Structure", "person__structure__name"),
    )
    list_filter = ("action",)
    search_fields = ("actor__email",)
    ordering = ("-at", "-id")
    list_select_related = ("person__structure", "actor")
    fields = ("person", "action", "actor", "at", "details")
    show_full_result_count = False

    @admin.display(description="fiche", ordering="person_id")
    def person_number(self, entry):
        return f"n° {entry.person_id}"

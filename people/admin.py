from django.contrib import admin

from structures.admin.base import PortalModelAdmin, related_column

from .models import Person


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
    list_filter = ("kind", ("structure__department", admin.RelatedOnlyFieldListFilter))
    search_fields = ("last_name", "first_name", "structure__name")
    ordering = ("last_name", "first_name")
    list_select_related = ("structure__department",)
    autocomplete_fields = ("structure",)
    readonly_fields = ("created_at",)
    fields = (
        "structure",
        "kind",
        "companion_type",
        "first_name",
        "last_name",
        "birth_year",
        "phone",
        "created_at",
    )

from django.contrib import admin
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import Q

from .models import Department, Structure, User
from .text import normalize


class PortalModelAdmin(admin.ModelAdmin):
    """Base of every admin of the portal: the one door every admin queryset passes through.

    `department_path` names the lookup from the model to its Department (e.g.
    "slot__event__department"; None for shared reference data such as genres).
    Département scoping of staff (issue 6) belongs in `scope_queryset`: change lists,
    change forms, deletions, autocomplete endpoints and "related only" filters all read
    `get_queryset`, so scoping it scopes them all (the choices of foreign-key form fields
    are the one other place to scope, in `formfield_for_foreignkey`).

    `normalized_search_field` names an accent-free search column (see structures.text):
    the search term is normalised the same way, so "theatre" finds "Théâtre".
    """

    department_path = None
    normalized_search_field = None
    # Set by the database on insert (db_default): nothing to show on an add form.
    change_only_fields = ("created_at",)
    list_per_page = 50

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        stripped = []
        for name, options in fieldsets:
            fields = self._without_change_only_fields(options["fields"])
            if fields:
                stripped.append((name, {**options, "fields": fields}))
        return stripped

    def _without_change_only_fields(self, fields):
        kept = []
        for field in fields:
            if isinstance(field, (list, tuple)):
                field = self._without_change_only_fields(field)
            if field and field not in self.change_only_fields:
                kept.append(field)
        return tuple(kept)

    def get_queryset(self, request):
        return self.scope_queryset(request, super().get_queryset(request))

    def scope_queryset(self, request, queryset):
        # Issue 6: keep superusers unscoped, filter staff by f"{department_path}__in".
        return queryset

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        words = normalize(search_term).split()
        if self.normalized_search_field and words:
            matches = Q()
            for word in words:
                matches &= Q(**{f"{self.normalized_search_field}__contains": word})
            results |= queryset.filter(matches)
            may_have_duplicates |= lookup_spawns_duplicates(self.opts, self.normalized_search_field)
        return results, may_have_duplicates


class ReadOnlyAdminMixin:
    """Append-only data: visible, never added, changed or deleted through the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Department)
class DepartmentAdmin(PortalModelAdmin):
    department_path = "pk"
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


@admin.register(Structure)
class StructureAdmin(PortalModelAdmin):
    department_path = "department"
    list_display = ("name", "kind", "department", "city", "phone", "email", "is_active")
    list_filter = ("is_active", "kind", ("department", admin.RelatedOnlyFieldListFilter))
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


class UserCreationForm(AdminUserCreationForm):
    """Creates an account from its e-mail: the model has no username."""

    class Meta:
        model = User
        fields = ("email", "first_name", "last_name", "structure", "is_staff", "departments")

    def clean(self):
        cleaned_data = super().clean()
        # The database refuses an active worker without a structure; say it kindly first.
        if not cleaned_data.get("is_staff") and not cleaned_data.get("structure"):
            self.add_error(
                "structure",
                "Un travailleur social doit être rattaché à une structure "
                "(ou cochez « accès à l'administration » pour un membre de l'équipe).",
            )
        return cleaned_data


class UserEditForm(UserChangeForm):
    """The change form, with the link to set or reset the password."""

    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(PortalModelAdmin, auth_admin.UserAdmin):
    department_path = "structure__department"
    form = UserEditForm
    add_form = UserCreationForm
    list_display = (
        "email",
        "first_name",
        "last_name",
        "structure",
        "structure__department",
        "is_staff",
        "is_active",
        "last_login",
    )
    list_filter = (
        ("structure__department", admin.RelatedOnlyFieldListFilter),
        ("departments", admin.RelatedOnlyFieldListFilter),
        "is_staff",
        "is_active",
        "is_superuser",
    )
    search_fields = ("email", "first_name", "last_name", "structure__name")
    ordering = ("email",)
    list_select_related = ("structure__department",)
    autocomplete_fields = ("structure",)
    filter_horizontal = ("departments", "groups", "user_permissions")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identité", {"fields": ("first_name", "last_name", "phone")}),
        ("Rattachement", {"fields": ("structure", "departments")}),
        (
            "Droits",
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "last_name", "structure"),
            },
        ),
        ("Équipe de l'association", {"fields": ("is_staff", "departments")}),
        ("Mot de passe", {"fields": ("usable_password", "password1", "password2")}),
    )

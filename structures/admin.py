from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.urls import path

from structures.text import plural

from .groups import department_team
from .invitations import send_invitation
from .models import Department, Structure, User
from .text import normalize


def related_column(path, description, ordering=None):
    """A change-list column that follows `path` ("slot__event") under a French header.

    Django titles a bare "slot__event" in list_display "Slot  event": this gives the
    column its French name and keeps it sortable.
    """

    @admin.display(description=description, ordering=ordering or path)
    def column(obj):
        for name in path.split("__"):
            obj = getattr(obj, name)
            if obj is None:
                return None
        return obj

    column.__name__ = path
    return column


def staff_departments(user):
    """The départements a staff member runs, as a subquery (no query of its own)."""
    return user.departments.all()


class ScopedChoicesMixin:
    """Foreign-key and many-to-many choices come from the related model's admin queryset.

    A staff member of 75 is offered (and may only submit) the partners, venues,
    structures, départements… of 75: the same door as the change lists.
    """

    def get_field_queryset(self, db, db_field, request):
        related_admin = self.admin_site._registry.get(db_field.remote_field.model)
        if (
            not request.user.is_superuser
            and isinstance(related_admin, PortalModelAdmin)
            and related_admin.department_path
        ):
            return related_admin.get_queryset(request).using(db)
        return super().get_field_queryset(db, db_field, request)


class PortalModelAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """Base of every admin of the portal: the one door every admin queryset passes through.

    `department_path` names the lookup from the model to its Department (e.g.
    "slot__event__department"; None for shared reference data such as genres). Staff
    who are not superusers see only the objects of their départements: change lists,
    change forms, deletions, actions, exports, autocomplete endpoints and "related only"
    filters all read `get_queryset`, and the choices of related fields come from the
    related admin's `get_queryset` (ScopedChoicesMixin). An object outside the scope
    answers 404, as if it did not exist.

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
        if request.user.is_superuser or self.department_path is None:
            return queryset
        return queryset.filter(**{f"{self.department_path}__in": staff_departments(request.user)})

    def get_object(self, request, object_id, from_field=None):
        # Django's admin redirects to its index for a missing object; an object of
        # another département must look exactly like one that does not exist: 404.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("Aucun objet ne correspond à cette adresse.")
        return obj

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

    def admin_context(self, request, title, **context):
        """The context of a custom admin page of this model (breadcrumbs, sidebar…)."""
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            **context,
        }


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
    change_list_template = "admin/structures/department/change_list.html"
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

    def get_urls(self):
        from bookings.admin_stats import department_statistics_view

        view = self.admin_site.admin_view(department_statistics_view(self))
        return [
            path("statistiques/", view, name="structures_department_statistics"),
            *super().get_urls(),
        ]


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


def invite(request, users):
    """E-mail each new account its link to choose a password, once the save is committed."""
    for user in users:
        transaction.on_commit(lambda user=user: send_invitation(user), robust=True)
    if users:
        emails = ", ".join(user.email for user in users)
        messages.success(request, f"Un e-mail pour choisir son mot de passe part vers : {emails}.")


class AccountForm(forms.ModelForm):
    """Creates an account from its e-mail, with no password: the person chooses it."""

    class Meta:
        model = User
        fields = (
            "email",
            "first_name",
            "last_name",
            "phone",
            "structure",
            "is_staff",
            "departments",
        )

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Un compte utilise déjà cette adresse e-mail.")
        return email

    def clean(self):
        cleaned_data = super().clean()
        # The database refuses an active worker without a structure; say it kindly first.
        if "structure" in self.fields and not (
            cleaned_data.get("is_staff") or cleaned_data.get("structure")
        ):
            self.add_error(
                "structure",
                "Un travailleur social doit être rattaché à une structure "
                "(ou cochez « accès à l'administration » pour un membre de l'équipe).",
            )
        return cleaned_data


class UserEditForm(UserChangeForm):
    """The superuser's change form, with the link to set or reset the password."""

    class Meta:
        model = User
        fields = "__all__"


class WorkerEditForm(AccountForm):
    """The département team's change form: no password, no rights."""

    class Meta(AccountForm.Meta):
        fields = ("email", "first_name", "last_name", "phone", "structure", "is_active")


@admin.register(User)
class UserAdmin(PortalModelAdmin, auth_admin.UserAdmin):
    department_path = "structure__department"
    form = UserEditForm
    add_form = AccountForm
    add_form_template = None  # Django's page speaks of a password to type: there is none
    list_display = (
        "email",
        "first_name",
        "last_name",
        "structure",
        related_column("structure__department", "Département", "structure__department__name"),
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
    actions = ("send_invitations",)
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
    # The département team manages workers only: no password, no rights, no staff.
    worker_fieldsets = (
        (None, {"fields": ("email",)}),
        ("Identité", {"fields": ("first_name", "last_name", "phone")}),
        ("Rattachement", {"fields": ("structure", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "description": (
                    "Aucun mot de passe à saisir : la personne reçoit un e-mail avec un lien "
                    "pour choisir le sien."
                ),
                "fields": ("email", "first_name", "last_name", "phone", "structure"),
            },
        ),
        ("Équipe de l'association", {"fields": ("is_staff", "departments")}),
    )

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        if obj is None:
            return self.add_fieldsets[:1]
        return self.worker_fieldsets

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None and not request.user.is_superuser:
            kwargs["form"] = WorkerEditForm
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)
        if not change:
            if obj.is_staff and not obj.is_superuser:
                obj.groups.add(department_team())
            invite(request, [obj])

    def user_change_password(self, request, id, form_url=""):
        # Only superusers may type a password for someone; staff send an invitation.
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    @admin.action(
        description="Envoyer un lien pour choisir le mot de passe", permissions=["change"]
    )
    def send_invitations(self, request, queryset):
        users = list(queryset.filter(is_active=True))
        invite(request, users)
        if not users:
            self.message_user(request, "Aucun compte actif sélectionné.", messages.WARNING)

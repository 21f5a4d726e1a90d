"""Accounts in the admin: created from an e-mail, the person chooses their password."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied

from .. import security
from ..emails import queue_invitation
from ..groups import department_team
from ..models import User
from .base import PortalModelAdmin, related_column
from .filters import DepartmentFilter


def invite(request, users):
    """Queue for each new account the e-mail with its link to choose a password (in the
    transaction of the save: no account without its e-mail, no e-mail without its account)."""
    for user in users:
        queue_invitation(user)
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
        ("structure__department", DepartmentFilter),
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
    readonly_fields = ("last_login", "date_joined", "login_lockout")
    actions = ("send_invitations", "unlock_logins")
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
        ("Dates", {"fields": ("last_login", "date_joined", "login_lockout")}),
    )
    # The département team manages workers only: no password, no rights, no staff.
    worker_fieldsets = (
        (None, {"fields": ("email",)}),
        ("Identité", {"fields": ("first_name", "last_name", "phone")}),
        ("Rattachement", {"fields": ("structure", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined", "login_lockout")}),
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
        if not change and obj.is_staff and not obj.is_superuser:
            obj.groups.add(department_team())

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:  # once the départements are saved: the e-mail is filed under them
            invite(request, [form.instance])

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

    @admin.display(description="Connexion")
    def login_lockout(self, obj):
        until = security.lockout_of(obj)
        if not until:
            return "Non bloquée."
        return (
            f"Bloquée jusqu'à {until} après trop d'essais. Pour la débloquer : dans la liste "
            "des utilisateurs, cochez ce compte et choisissez « Débloquer la connexion »."
        )

    @admin.action(description="Débloquer la connexion", permissions=["change"])
    def unlock_logins(self, request, queryset):
        users = list(queryset)
        for user in users:
            security.unlock(user)
        emails = ", ".join(user.email for user in users)
        self.message_user(request, f"Ces comptes peuvent se connecter à nouveau : {emails}.")

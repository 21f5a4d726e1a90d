"""The e-mails of the portal in the admin: queued, sent and failed, and "Renvoyer"."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_POST

from structures.text import plural

from .. import outbox
from ..models import OutgoingEmail
from .base import PortalModelAdmin, ReadOnlyAdminMixin
from .filters import DepartmentFilter

NOTHING_TO_RESEND = "Aucun de ces envois n'est en échec : il n'y a rien à renvoyer."


def resent_message(count):
    if count == 1:
        return "L'e-mail est renvoyé : il part dans un instant."
    return plural(count, "e-mail renvoyé", "e-mails renvoyés") + " : ils partent dans un instant."


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    """What the portal sent, sends and failed to send for the staff's départements.

    Read-only: rows are written by structures.outbox. "Renvoyer" (the change right) queues
    a failed e-mail again for a full round of tries."""

    list_display = (
        "created_at",
        "kind",
        "about",
        "status",
        "attempts",
        "sent_at",
        "error",
        "department",
    )
    list_filter = ("status", "kind", ("department", DepartmentFilter))
    search_fields = ("about",)
    list_select_related = ("department",)
    show_full_result_count = False
    actions = ("resend",)
    fields = (
        ("kind", "status"),
        "about",
        ("department", "user"),
        "recipients",
        ("created_at", "attempts"),
        ("claimed_at", "next_attempt_at"),
        ("sent_at", "failed_at"),
        "error",
    )
    readonly_fields = tuple(
        name for line in fields for name in (line if isinstance(line, tuple) else (line,))
    )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/renvoyer/",
                self.admin_site.admin_view(require_POST(self.resend_one)),
                name="structures_outgoingemail_resend",
            ),
            *super().get_urls(),
        ]

    def has_resend_permission(self, request):
        return request.user.has_perm("structures.change_outgoingemail")

    @admin.action(description="Renvoyer les e-mails en échec", permissions=["resend"])
    def resend(self, request, queryset):
        count = outbox.resend(queryset.failed().values_list("pk", flat=True))
        if count:
            self.message_user(request, resent_message(count), messages.SUCCESS)
        else:
            self.message_user(request, NOTHING_TO_RESEND, messages.WARNING)

    def resend_one(self, request, object_id):
        """The "Renvoyer" button of the admin home's "Envois en échec"."""
        email = self.get_object(request, object_id)  # another département's: 404
        if not self.has_resend_permission(request):
            raise PermissionDenied
        if outbox.resend([email.pk]):
            self.message_user(request, resent_message(1), messages.SUCCESS)
        else:
            self.message_user(request, NOTHING_TO_RESEND, messages.WARNING)
        return redirect("admin:index")

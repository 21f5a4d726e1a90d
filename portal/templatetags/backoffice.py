"""The admin home's "À traiter" panel: what needs the staff member's attention now."""

from datetime import timedelta

from django import template
from django.contrib import admin
from django.utils import timezone

from bookings.models import Testimonial
from events.models import Slot
from structures.admin.base import capped_count
from structures.models import OutgoingEmail

register = template.Library()

CLOSING_WITHIN = timedelta(hours=48)
SHOWN = 15
# Beyond, "plus de 99": the exact backlog of a large département cost more than the page.
PENDING_COUNTED_UP_TO = 99


def _scoped(request, model):
    """The model's objects as its admin shows them to this user (département scoping)."""
    model_admin = admin.site.get_model_admin(model)
    if not model_admin.has_view_permission(request):
        return None
    return model_admin.get_queryset(request)


@register.inclusion_tag("admin/includes/attention.html", takes_context=True)
def attention(context):
    request = context["request"]
    now = timezone.now()
    slots = _scoped(request, Slot)
    testimonials = _scoped(request, Testimonial)
    emails = _scoped(request, OutgoingEmail)
    closing = failed = None
    if slots is not None:
        slots = slots.select_related("event").order_by("closes_at")
        closing = list(slots.open(now).filter(closes_at__lte=now + CLOSING_WITHIN)[:SHOWN])
        failed = list(slots.guest_list_failed()[:SHOWN])
    failed_emails = None
    if emails is not None:
        # Guest lists have their own line above, with their page and its "Envoyer".
        failed_emails = list(
            emails.failed()
            .exclude(kind=OutgoingEmail.Kind.GUEST_LIST)
            .order_by("-failed_at")[:SHOWN]
        )
    return {
        "failed_emails": failed_emails,
        "can_resend": request.user.has_perm("structures.change_outgoingemail"),
        "closing": closing,
        "failed": failed,
        "pending_testimonials": (
            capped_count(
                testimonials.filter(status=Testimonial.Status.PENDING), PENDING_COUNTED_UP_TO
            )
            if testimonials is not None
            else None
        ),
        "can_see_statistics": request.user.has_perm("structures.view_department"),
    }

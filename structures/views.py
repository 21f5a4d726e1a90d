from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import Department


@require_GET
def contact(request):
    """The worker's département team and, chosen in a drop-down, any other team."""
    own = request.user.home_department
    departments = Department.objects.filter(Q(is_active=True) | Q(pk=getattr(own, "pk", None)))
    code = request.GET.get("departement", "").strip().upper()
    chosen, unknown = None, ""
    if code:
        chosen = Department.objects.filter(code=code).first()
        if chosen is None:
            unknown = code[:10]
    return render(
        request,
        "structures/contact.html",
        {
            "own": own,
            "chosen": chosen if chosen != own else None,
            "selected": chosen or own,
            "unknown": unknown,
            "departments": departments.order_by("code"),
        },
    )


@login_not_required
def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


@login_not_required
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request):
    return render(request, "500.html", status=500)


@login_not_required
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)

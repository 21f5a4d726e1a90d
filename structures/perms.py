"""The one scoping door: a worker's structure, a staff member's départements.

Every worker view reaches its objects through `get_for_worker()` or `for_worker()`
(another structure's object answers 404, as if it did not exist); every admin queryset
goes through the model's `for_departments(staff_departments(user))`. A user without a
structure who opens a worker page gets one clear page (`worker_required`).
"""

from functools import wraps

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .models import Department

NO_STRUCTURE_TEMPLATE = "structures/no_structure.html"


def worker_required(view):
    """A page of a structure's workers: anyone else gets the one "no structure" page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.structure_id is None:
            return render(request, NO_STRUCTURE_TEMPLATE, status=403)
        return view(request, *args, **kwargs)

    return wrapper


def current_structure(request):
    """The current worker's structure, or 404."""
    structure = request.user.structure
    if structure is None:
        raise Http404("Aucune structure n'est rattachée à ce compte.")
    return structure


def for_worker(request, queryset):
    """The objects of `queryset` that belong to the current worker's structure."""
    return queryset.for_structure(current_structure(request))


def get_for_worker(request, queryset, **lookup):
    """One object of the current worker's structure, or 404."""
    return get_object_or_404(for_worker(request, queryset), **lookup)


def staff_departments(user):
    """The départements a staff member runs (all for a superuser), as a lazy queryset."""
    if user.is_superuser:
        return Department.objects.all()
    return user.departments.all()


def staff_department_ids(request):
    """The ids of the départements the request's staff member runs, read once a request:
    a list of ids lets the database plan for those départements (10 % of the rows for
    Paris, 0.2 % for Creuse), which a subquery hid from it."""
    if not hasattr(request, "_staff_department_ids"):
        departments = staff_departments(request.user)
        request._staff_department_ids = list(departments.values_list("pk", flat=True))
    return request._staff_department_ids

"""Département statistics for staff: a page of the départements' admin, with a CSV.

structures knows nothing of bookings, so bookings hooks the page onto the départements'
admin from above: bookings/admin.py registers DepartmentAdminWithStatistics in place of
structures' DepartmentAdmin. The figures come from queries.py (aggregate queries only);
this module picks the département among the staff member's own and the period.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from structures.admin import DepartmentAdmin
from structures.exports import csv_attachment

from .charts import month_chart
from .exports import write_department_csv
from .forms import DepartmentPeriodForm
from .queries import DEFINITIONS, default_period, department_statistics

TEMPLATE = "admin/bookings/department/statistics.html"


class DepartmentAdminWithStatistics(DepartmentAdmin):
    change_list_template = "admin/bookings/department/change_list.html"  # links to the page

    def get_urls(self):
        view = self.admin_site.admin_view(self.statistics_view)
        return [
            path("statistiques/", view, name="structures_department_statistics"),
            *super().get_urls(),
        ]

    def statistics_view(self, request):
        """The figures of one of the staff member's départements (by default their own,
        the last 12 months); `format=csv` downloads them."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        departments = self.get_queryset(request).order_by("code")
        params = scoped_params(request, departments)
        form = DepartmentPeriodForm(params, departments=departments)
        stats = None
        if form.is_valid():
            data = form.cleaned_data
            stats = department_statistics(data["department"], data["start"], data["end"])
            if params.get("format") == "csv":
                return csv_response(stats)
        params["format"] = "csv"
        context = self.admin_context(
            request,
            "Statistiques du département",
            form=form,
            media=self.media + form.media,
            stats=stats,
            definitions=DEFINITIONS,
            chart=month_chart(stats) if stats else None,
            csv_query=params.urlencode(),
        )
        return TemplateResponse(request, TEMPLATE, context)


def scoped_params(request, departments):
    """The page's query: a département of the staff member's (else 404), or the default."""
    wanted = request.GET.get("department", "")
    if not wanted:
        return default_params(request.user, departments)
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    if not (wanted.isdecimal() and departments.filter(pk=wanted).exists()):
        raise Http404("Département hors de votre périmètre.")
    return request.GET.copy()


def default_params(user, departments):
    """The staff member's first département, the last 12 months."""
    home = user.home_department
    department = home if home and departments.filter(pk=home.pk).exists() else departments.first()
    start, end = default_period(timezone.localdate())
    params = QueryDict(mutable=True)
    params.update(
        {
            "department": department.pk if department else "",
            "start": start.strftime("%d/%m/%Y"),
            "end": end.strftime("%d/%m/%Y"),
        }
    )
    return params


def csv_response(stats):
    name = f"statistiques-{stats.department.code}-{stats.start:%Y-%m-%d}-{stats.end:%Y-%m-%d}"
    response, writer = csv_attachment(f"{name}.csv")
    write_department_csv(writer, stats)
    return response

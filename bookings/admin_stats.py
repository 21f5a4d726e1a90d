"""Département statistics for staff, as an admin page of the départements (with a CSV).

The figures come from bookings.stats (aggregate queries only); this module only picks
the département among the staff member's own and the period, and renders them.
"""

from datetime import date

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.template.response import TemplateResponse
from django.utils import timezone

from . import charts, stats

TEMPLATE = "admin/structures/department/statistics.html"
EARLIEST = date(2000, 1, 1)


class StatisticsForm(forms.Form):
    department = forms.ModelChoiceField(queryset=None, label="Département", empty_label=None)
    start = forms.DateField(label="Du", widget=AdminDateWidget)
    end = forms.DateField(label="Au", widget=AdminDateWidget)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start"), cleaned_data.get("end")
        for name in ("start", "end"):
            if cleaned_data.get(name) and cleaned_data[name] < EARLIEST:
                self.add_error(name, "Choisissez une date à partir de l'an 2000.")
        if start and end and end < start:
            self.add_error("end", "La fin de la période doit suivre son début.")
        return cleaned_data


def department_statistics_view(model_admin):
    """The view, bound to the départements' admin (its scoped queryset and permissions)."""

    def view(request):
        if not model_admin.has_view_permission(request):
            raise PermissionDenied
        departments = model_admin.get_queryset(request).order_by("code")
        wanted = request.GET.get("department", "")
        if wanted and not (wanted.isdigit() and departments.filter(pk=wanted).exists()):
            raise Http404("Département hors de votre périmètre.")
        params = request.GET.copy() if wanted else default_params(request.user, departments)
        form = StatisticsForm(params, departments=departments)
        figures = None
        if form.is_valid():
            data = form.cleaned_data
            figures = stats.department_statistics(data["department"], data["start"], data["end"])
            if params.get("format") == "csv":
                return csv_response(figures)
        params["format"] = "csv"
        context = model_admin.admin_context(
            request,
            "Statistiques du département",
            form=form,
            media=model_admin.media + form.media,
            stats=figures,
            definitions=stats.DEFINITIONS,
            chart=month_chart(figures) if figures else None,
            csv_query=params.urlencode(),
        )
        return TemplateResponse(request, TEMPLATE, context)

    return view


def default_params(user, departments):
    """The staff member's first département, the last 12 months."""
    home = user.home_department
    department = home if home and departments.filter(pk=home.pk).exists() else departments.first()
    start, end = stats.default_period(timezone.localdate())
    params = QueryDict(mutable=True)
    params.update(
        {
            "department": department.pk if department else "",
            "start": start.strftime("%d/%m/%Y"),
            "end": end.strftime("%d/%m/%Y"),
        }
    )
    return params


def csv_response(figures):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"statistiques-{figures.department.code}-{figures.start:%Y-%m-%d}-{figures.end:%Y-%m-%d}"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    stats.write_department_csv(response, figures)
    return response


def month_chart(figures):
    return charts.bar_chart(
        chart_id="graphique-mois",
        title="Invitations par mois",
        description=(
            "Diagramme en barres des invitations réservées et utilisées chaque mois, "
            f"du {figures.start:%d/%m/%Y} au {figures.end:%d/%m/%Y} ; "
            "les chiffres sont repris dans le tableau qui suit."
        ),
        categories=[
            f"{charts.SHORT_MONTHS[row.key.month - 1]}\n{row.key.year}" for row in figures.months
        ],
        series=[
            charts.Series("Invitations réservées", [row.figures.booked for row in figures.months]),
            charts.Series("Invitations utilisées", [row.figures.used for row in figures.months]),
        ],
    )

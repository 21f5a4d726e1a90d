""" "Mes statistiques": a structure's figures for a period, as a page and as a CSV."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from structures.exports import csv_attachment
from structures.perms import worker_required

from .charts import statistics_sections
from .exports import write_structure_csv
from .forms import PeriodForm
from .queries import DEFINITIONS, structure_statistics

TEMPLATE = "bookings/followup/stats.html"


def _statistics_page(request, form, status=200):
    context = {"form": form, "definitions": DEFINITIONS}
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        stats = structure_statistics(request.user.structure, start, end)
        query = urlencode({"start": start.isoformat(), "end": end.isoformat()})
        context.update(
            stats=stats,
            sections=statistics_sections(stats),
            csv_url=f"{reverse('bookings:stats_csv')}?{query}",
        )
    return render(request, TEMPLATE, context, status=status)


@require_GET
@worker_required
def stats(request):
    """Figures, charts and tables for a period (by default the last 12 months)."""
    return _statistics_page(request, PeriodForm.from_query(request.GET))


@require_GET
@worker_required
def stats_csv(request):
    """The same figures as a CSV for spreadsheets; a bad period gets the page and its errors."""
    form = PeriodForm.from_query(request.GET)
    if not form.is_valid():
        return _statistics_page(request, form, status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    structure = request.user.structure
    response, writer = csv_attachment(f"statistiques-{start:%Y-%m-%d}-{end:%Y-%m-%d}.csv")
    write_structure_csv(writer, structure_statistics(structure, start, end), structure.name)
    return response

"""No-shows of each structure, for the département staff: the share of its invitations of
the last 12 months whose person the worker recorded absent, among recorded attendances
(the statistics' "Absences" over "présents + absents"; the venue's ticks count once the
worker confirmed them). Staff call the relays whose invitations go unused.

The rate is a correlated subquery: an admin page of 100 structures computes it for those
100; filtering by it computes it for the département's structures.
"""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Count, F, FloatField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from structures.admin import StructureAdmin

from ..models import Booking, Participant

WINDOW = timedelta(days=365)
# (parameter value, label, lowest rate included, highest rate excluded), in percent.
BANDS = [
    ("plus-de-30", "30 % et plus", 30, None),
    ("10-a-30", "De 10 à 30 %", 10, 30),
    ("moins-de-10", "Moins de 10 %", 0, 10),
]
NO_RECORD = "aucune-presence"


def no_show_rate(now=None):
    """The no-show rate (0–100) of the structure of the outer query, or None when none of
    its attendances of the last 12 months is recorded."""
    now = now or timezone.now()
    recorded = Participant.objects.filter(
        booking__structure=OuterRef("pk"),
        booking__status=Booking.Status.CONFIRMED,
        slot__starts_at__gte=now - WINDOW,
        slot__starts_at__lt=now,
        attended__isnull=False,
    )
    rate = (
        recorded.order_by()
        .values("booking__structure")
        .annotate(
            rate=Cast(Count("pk", filter=Q(attended=False)), FloatField()) * 100 / Count("pk")
        )
        .values("rate")
    )
    return Subquery(rate, output_field=FloatField())


class NoShowRateFilter(admin.SimpleListFilter):
    title = "absences sur 12 mois"
    parameter_name = "absences"

    def lookups(self, request, model_admin):
        return [(value, label) for value, label, _low, _high in BANDS] + [
            (NO_RECORD, "Aucune présence saisie")
        ]

    def queryset(self, request, queryset):
        if self.value() == NO_RECORD:
            return queryset.filter(no_show_rate__isnull=True)
        for value, _label, low, high in BANDS:
            if self.value() == value:
                queryset = queryset.filter(no_show_rate__gte=low)
                return queryset.filter(no_show_rate__lt=high) if high else queryset
        return queryset


class StructureAdminWithNoShows(StructureAdmin):
    """The structures' admin with each one's no-show rate, as a column and a filter
    (registered by bookings/admin.py: structures knows nothing of bookings)."""

    list_display = (*StructureAdmin.list_display, "no_shows")
    list_filter = (*StructureAdmin.list_filter, NoShowRateFilter)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(no_show_rate=no_show_rate())

    @admin.display(
        description="absences (12 mois)", ordering=F("no_show_rate").desc(nulls_last=True)
    )
    def no_shows(self, structure):
        if structure.no_show_rate is None:
            return "—"
        # One decimal, as the statistics' rates: 9,6 % is under the "10 %" band's edge.
        return f"{structure.no_show_rate:.1f} %".replace(".", ",")

"""The event search list's filters: GET parameters, so a search can be bookmarked."""

from datetime import timedelta

import django_filters
from django import forms
from django.conf import settings
from django.utils import timezone

from structures.dates import day_bounds
from structures.forms import DateInput, FilterDateRangeForm

from .models import Audience, Genre

TITLE_MAX_LENGTH = 100
# Filters folded under "Plus de filtres" unless one of them is in use.
MORE_FILTERS = ("du", "au", "disponibles", "nouveautes", "cloture")


class CheckboxFilter(django_filters.Filter):
    field_class = forms.BooleanField


class EventFilter(django_filters.FilterSet):
    """Filters over online events (`Event.objects.online()`), sorted by next date.

    The date range and "places disponibles" constrain which open slots count: they are
    applied together in `filter_queryset`, which also annotates `next_date` and
    `invitations_left` over those slots only.
    """

    departement = django_filters.ChoiceFilter(
        label="Département", field_name="department__code", empty_label=None
    )
    titre = django_filters.CharFilter(
        label="Titre de l'événement",
        method="filter_title",
        max_length=TITLE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    genre = django_filters.ChoiceFilter(
        label="Genre", method="filter_genre", empty_label="Tous les genres"
    )
    public = django_filters.ChoiceFilter(
        label="Type de public", method="filter_audience", empty_label="Tous les publics"
    )
    du = django_filters.DateFilter(label="À partir du", method="filter_slots", widget=DateInput())
    au = django_filters.DateFilter(label="Jusqu'au", method="filter_slots", widget=DateInput())
    disponibles = CheckboxFilter(label="Places disponibles seulement", method="filter_slots")
    nouveautes = CheckboxFilter(label="Nouveaux événements", method="filter_new")
    cloture = CheckboxFilter(label="Réservation bientôt close", method="filter_closing")

    class Meta:
        form = FilterDateRangeForm

    def __init__(self, data=None, *args, departments=(), **kwargs):
        super().__init__(data, *args, **kwargs)
        # Labels follow the settings of the moment (environment, tests), not of the import.
        labels = {
            "nouveautes": f"Nouveautés ({settings.NEW_EVENTS_DAYS} derniers jours)",
            "cloture": f"Réservation bientôt close (moins de {settings.CLOSING_SOON_DAYS} jours)",
        }
        for name, label in labels.items():
            self.filters[name].label = label
        # Choices are loaded once here: validating and rendering them then costs no query.
        self.filters["departement"].extra["choices"] = [(d.code, str(d)) for d in departments]
        self.filters["genre"].extra["choices"] = list(Genre.objects.values_list("pk", "name"))
        self.filters["public"].extra["choices"] = list(Audience.objects.values_list("pk", "name"))

    def filter_title(self, queryset, name, value):
        return queryset.search(value)

    def filter_genre(self, queryset, name, value):
        return queryset.with_genre(value)

    def filter_audience(self, queryset, name, value):
        return queryset.with_audience(value)

    def filter_new(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.published_since(timezone.now() - timedelta(days=settings.NEW_EVENTS_DAYS))

    def filter_closing(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.closing_before(timezone.now() + timedelta(days=settings.CLOSING_SOON_DAYS))

    def filter_slots(self, queryset, name, value):
        return queryset  # see filter_queryset

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        if not data.get("departement"):
            return queryset.none()  # never every département at once
        queryset = super().filter_queryset(queryset)
        starts_from, starts_before = day_bounds(data.get("du"), data.get("au"))
        return queryset.with_open_slots(
            starts_from=starts_from,
            starts_before=starts_before,
            with_seats=bool(data.get("disponibles")),
        ).order_by("next_date", "title", "pk")

    @property
    def has_errors(self):
        return self.is_bound and bool(self.form.errors)

    @property
    def more_filters_open(self):
        """Whether "Plus de filtres" opens by itself: one of its filters is used or wrong."""
        return any(self.data.get(name) or name in self.form.errors for name in MORE_FILTERS)

"""The "Filtrer" form of the booking lists: GET parameters, so a filtered list can be shared."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from structures.dates import day_bounds
from structures.forms import DateInput, FilterDateRangeForm
from structures.models import User
from structures.text import normalize

from .models import Booking

TEXT_MAX_LENGTH = 100
MAX_WORDS = 5


class Status:
    CONFIRMED = "confirmee"
    CANCELLED = "annulee"
    PAST = "passee"
    CHOICES = [(CONFIRMED, "Confirmée"), (CANCELLED, "Annulée"), (PAST, "Passée")]


def _words(text):
    return normalize(text).split()[:MAX_WORDS]


class BookingFilter(django_filters.FilterSet):
    """Filters over one structure's bookings; choices load once (no query per validation).

    `structure` gives the choices of "Réservée par" (its workers only); `with_status=False`
    drops the status filter (the "en cours" list holds confirmed bookings only).
    Values that do not validate are left out of the filtering, and the form says so.
    """

    personne = django_filters.CharFilter(
        label="Nom d'une personne concernée",
        method="filter_person",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    titre = django_filters.CharFilter(
        label="Titre de l'événement",
        method="filter_title",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    statut = django_filters.ChoiceFilter(
        label="Statut",
        method="filter_status",
        choices=Status.CHOICES,
        empty_label="Tous les statuts",
    )
    du = django_filters.DateFilter(
        label="Événement à partir du", method="filter_from", widget=DateInput()
    )
    au = django_filters.DateFilter(label="Jusqu'au", method="filter_until", widget=DateInput())
    par = django_filters.ChoiceFilter(
        label="Réservée par", method="filter_booked_by", empty_label="Toute la structure"
    )

    class Meta:
        form = FilterDateRangeForm

    def __init__(self, data=None, *args, structure, with_status=True, **kwargs):
        super().__init__(data, *args, **kwargs)
        if not with_status:
            del self.filters["statut"]
        workers = User.objects.filter(structure=structure).order_by("last_name", "first_name", "pk")
        self.filters["par"].extra["choices"] = [
            (str(user.pk), user.get_full_name() or user.email) for user in workers
        ]

    def filter_person(self, queryset, name, value):
        """Bookings with one participant matching every word ("helene" finds "Hélène")."""
        words = _words(value)
        return queryset.with_participant_named(words) if words else queryset

    def filter_title(self, queryset, name, value):
        for word in _words(value):
            queryset = queryset.filter(slot__event__search_title__contains=word)
        return queryset

    def filter_status(self, queryset, name, value):
        now = timezone.now()
        confirmed = Q(status=Booking.Status.CONFIRMED)
        return queryset.filter(
            {
                Status.CONFIRMED: confirmed & Q(slot__starts_at__gt=now),
                Status.CANCELLED: Q(status=Booking.Status.CANCELLED),
                Status.PAST: confirmed & Q(slot__starts_at__lte=now),
            }[value]
        )

    def filter_from(self, queryset, name, value):
        since, _ = day_bounds(value, None)
        return queryset.filter(slot__starts_at__gte=since)

    def filter_until(self, queryset, name, value):
        _, until = day_bounds(None, value)
        return queryset.filter(slot__starts_at__lt=until)

    def filter_booked_by(self, queryset, name, value):
        return queryset.filter(booked_by_id=int(value))

    @property
    def has_errors(self):
        return self.is_bound and bool(self.form.errors)

    @property
    def is_active(self):
        """Whether a filter is in use (the "Filtrer" panel then opens by itself)."""
        return self.is_bound and any(self.data.get(name) for name in self.filters)

"""Change-list filters that stay light on a national data set.

Django's RelatedOnlyFieldListFilter reads every row of the list (SELECT DISTINCT over the
département's bookings) to know which choices to offer, on every page. These offer their
choices without reading the list.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.widgets import AutocompleteSelect

from structures.perms import staff_departments


class DepartmentFilter(admin.RelatedFieldListFilter):
    """The départements the staff member runs: shown only to those who run several."""

    def field_choices(self, field, request, model_admin):
        return [(d.pk, str(d)) for d in staff_departments(request.user).order_by("code")]


class AutocompleteFilter(admin.RelatedFieldListFilter):
    """A related object typed into the admin's autocomplete (its related admin's search and
    scope), for relations with thousands of objects (the events of Paris): nothing is
    listed, only the chosen object is read to show its name."""

    template = "admin/autocomplete_filter.html"

    def field_choices(self, field, request, model_admin):
        related_admin = model_admin.admin_site.get_model_admin(field.remote_field.model)
        self.choice_field = forms.ModelChoiceField(
            queryset=related_admin.get_queryset(request),
            widget=AutocompleteSelect(field, model_admin.admin_site),
        )
        return []

    def has_output(self):
        return True

    def choices(self, changelist):
        ours = {self.lookup_kwarg, self.lookup_kwarg_isnull}
        yield {
            "widget": self.choice_field.widget.render(
                self.lookup_kwarg,
                self.lookup_val,
                attrs={"id": f"filtre-{self.field_path}", "data-autosubmit": ""},
            ),
            # The list's other filters and search, kept by the form.
            "hidden": [
                (name, value)
                for name, values in changelist.filter_params.items()
                if name not in ours
                for value in values
            ],
            "reset_url": changelist.get_query_string(remove=list(ours)),
            "selected": self.lookup_val is not None,
        }

    @classmethod
    def media_for(cls, model_admin):
        """The autocomplete's scripts and styles, when `model_admin` has such a filter."""
        for spec in model_admin.list_filter:
            if isinstance(spec, tuple) and issubclass(spec[1], cls):
                field = get_fields_from_path(model_admin.model, spec[0])[-1]
                widget = AutocompleteSelect(field, model_admin.admin_site)
                return widget.media + forms.Media(js=["js/admin_filters.js"])
        return forms.Media()

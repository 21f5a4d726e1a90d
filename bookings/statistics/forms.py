"""The period of the statistics pages: a date range (structures.forms.DateRangeForm)."""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget

from structures.forms import DateRangeForm

from .queries import default_period


def _date_field(label):
    """A date typed as the browser's date picker sends it, or the French way."""
    return forms.DateField(
        label=label,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class PeriodForm(DateRangeForm):
    """A worker's statistics period, both days included; see from_query() for the default."""

    start = _date_field("Date de début")
    end = _date_field("Date de fin")

    max_days = 5 * 366
    max_period_label = "cinq ans"

    @classmethod
    def from_query(cls, params):
        """Bound to the query string; a missing date is the default (the last 12 months)."""
        default_start, default_end = default_period()
        return cls(
            {
                "start": params.get("start") or default_start.isoformat(),
                "end": params.get("end") or default_end.isoformat(),
            }
        )


class DepartmentPeriodForm(DateRangeForm):
    """The département and the period of the département statistics (admin page)."""

    department = forms.ModelChoiceField(queryset=None, label="Département", empty_label=None)
    start = forms.DateField(label="Du", widget=AdminDateWidget)
    end = forms.DateField(label="Au", widget=AdminDateWidget)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments

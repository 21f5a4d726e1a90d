from django import forms

from structures.forms import DateRangeForm


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class EventFilterForm(DateRangeForm):
    """Base form of the event and booking FilterSets: their "du" and "au" are a date range."""

    start_field = "du"
    end_field = "au"

from django import forms

from structures.forms import DateRangeForm

from .departments import PARAM


class DepartmentForm(forms.Form):
    """The header drop-down that switches the département of the events shown."""

    departement = forms.ChoiceField(label="Département")

    def __init__(self, choice, **kwargs):
        kwargs.setdefault("auto_id", "choix-%s")
        initial = {PARAM: choice.current.code} if choice.current else {}
        super().__init__(initial=initial, **kwargs)
        self.fields[PARAM].choices = [(d.code, str(d)) for d in choice.choices]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class EventFilterForm(DateRangeForm):
    """Base form of the event and booking FilterSets: their "du" and "au" are a date range."""

    start_field = "du"
    end_field = "au"

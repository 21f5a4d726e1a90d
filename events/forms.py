from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class EventFilterForm(forms.Form):
    """Base form of the event FilterSet: checks the date range once both dates are known."""

    YEARS = range(2000, 2101)

    def clean(self):
        cleaned_data = super().clean()
        for name in ("du", "au"):
            day = cleaned_data.get(name)
            if day and day.year not in self.YEARS:
                self.add_error(name, "Saisissez une date entre l'an 2000 et l'an 2100.")
        start, end = cleaned_data.get("du"), cleaned_data.get("au")
        if start and end and end < start:
            self.add_error("au", "Cette date doit suivre la date de début.")
        return cleaned_data

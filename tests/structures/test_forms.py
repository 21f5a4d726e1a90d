"""DateRangeForm: the one set of date-range rules and French messages of the portal."""

from datetime import date

import pytest
from django import forms

from structures.forms import DateRangeForm, latest_date


class PeriodForm(DateRangeForm):
    start = forms.DateField()
    end = forms.DateField()


class FilterForm(DateRangeForm):
    """Named fields, both optional, as the search filters have them."""

    start_field, end_field = "du", "au"
    du = forms.DateField(required=False)
    au = forms.DateField(required=False)


class LimitedForm(PeriodForm):
    latest = date(2030, 6, 30)
    max_days = 31


class NamedLengthForm(PeriodForm):
    max_days = 5 * 366
    max_period_label = "cinq ans"


def errors(form_class, **data):
    form = form_class(data)
    form.is_valid()
    return form.errors


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to("2026-03-15 12:00 +01:00")


def test_a_period_of_whole_days_both_included():
    form = PeriodForm({"start": "2026-03-01", "end": "2026-03-01"})
    assert form.is_valid()
    assert (form.cleaned_data["start"], form.cleaned_data["end"]) == (
        date(2026, 3, 1),
        date(2026, 3, 1),
    )


def test_dates_from_the_year_2000():
    assert errors(PeriodForm, start="1999-12-31", end="2026-01-01") == {
        "start": ["Saisissez une date à partir du 01/01/2000."]
    }
    assert errors(PeriodForm, start="2000-01-01", end="2026-01-01") == {}


def test_dates_until_the_end_of_the_fifth_year_to_come():
    assert latest_date() == date(2031, 12, 31)
    assert errors(PeriodForm, start="2026-01-01", end="2032-01-01") == {
        "end": ["Saisissez une date jusqu'au 31/12/2031."]
    }
    assert errors(PeriodForm, start="2026-01-01", end="2031-12-31") == {}
    assert errors(LimitedForm, start="2030-06-01", end="2030-07-01") == {
        "end": ["Saisissez une date jusqu'au 30/06/2030."]
    }


def test_the_end_does_not_precede_the_start():
    assert errors(PeriodForm, start="2026-03-10", end="2026-03-09") == {
        "end": ["Saisissez une date de fin à partir du 10/03/2026, la date de début."]
    }


def test_an_optional_longest_period():
    assert errors(LimitedForm, start="2026-03-01", end="2026-04-01") == {}
    assert errors(LimitedForm, start="2026-03-01", end="2026-04-02") == {
        "end": ["Saisissez une date de fin jusqu'au 01/04/2026 : la période dure au plus 31 jours."]
    }
    assert errors(NamedLengthForm, start="2010-01-01", end="2020-01-01") == {
        "end": ["Saisissez une date de fin jusqu'au 05/01/2015 : la période dure au plus cinq ans."]
    }
    assert errors(PeriodForm, start="2000-01-01", end="2031-12-31") == {}  # no limit


def test_a_date_that_is_no_date_says_what_to_type():
    assert errors(PeriodForm, start="31/02/2026", end="hier") == {
        "start": ["Saisissez une date valide, par exemple 15/03/2026."],
        "end": ["Saisissez une date valide, par exemple 15/03/2026."],
    }


def test_field_names_are_the_forms_and_either_end_may_stay_open():
    assert errors(FilterForm, du="2026-03-10", au="2026-03-09") == {
        "au": ["Saisissez une date de fin à partir du 10/03/2026, la date de début."]
    }
    assert errors(FilterForm, du="1990-01-01") == {
        "du": ["Saisissez une date à partir du 01/01/2000."]
    }
    assert errors(FilterForm, au="2026-03-09") == {}
    assert errors(FilterForm) == {}
    assert errors(FilterForm, du="demain") == {
        "du": ["Saisissez une date valide, par exemple 15/03/2026."]
    }


def test_a_bad_date_is_not_compared():
    """A date already refused is left out of the range checks: one message per mistake."""
    assert errors(PeriodForm, start="1990-01-01", end="1995-01-01") == {
        "start": ["Saisissez une date à partir du 01/01/2000."],
        "end": ["Saisissez une date à partir du 01/01/2000."],
    }


def test_the_messages_of_one_form_do_not_leak_into_another():
    PeriodForm()
    stock = "Saisissez une date au format jour/mois/année, par exemple 15/03/2026."
    assert forms.DateField().error_messages["invalid"] == stock
    assert PeriodForm.base_fields["start"].error_messages["invalid"] == stock

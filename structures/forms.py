from datetime import date, timedelta

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import timezone

from .emails import queue_password_reset
from .models import User

EARLIEST_DATE = date(2000, 1, 1)

# The one set of messages of a date range: each says what to type instead.
INVALID_DATE = "Saisissez une date valide, par exemple 15/03/2026."
TOO_EARLY = "Saisissez une date à partir du {earliest:%d/%m/%Y}."
TOO_LATE = "Saisissez une date jusqu'au {latest:%d/%m/%Y}."
END_BEFORE_START = "Saisissez une date de fin à partir du {start:%d/%m/%Y}, la date de début."
TOO_LONG = "Saisissez une date de fin jusqu'au {last:%d/%m/%Y} : la période dure au plus {length}."


class EmailAuthenticationForm(AuthenticationForm):
    """Login by e-mail, with a message that does not say which half was wrong."""

    username = forms.EmailField(
        label="Adresse e-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": (
            "Adresse e-mail ou mot de passe incorrect. Vérifiez votre saisie "
            "(les majuscules comptent dans le mot de passe)."
        ),
        "inactive": "Ce compte est désactivé. Contactez l'équipe de votre département.",
    }


class EmailPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label="Adresse e-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email):
        """Active accounts with this e-mail, including invited workers who have not chosen a
        password yet (Django skips those, but here nobody logs in any other way)."""
        return User.objects.filter(email__iexact=email, is_active=True)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """Queue the e-mail (structures.emails) instead of sending it from the request."""
        queue_password_reset(context["user"])


def latest_date(today=None):
    """The last day of the fifth year to come: beyond it, a date is a typing error."""
    today = today or timezone.localdate()
    return date(today.year + 5, 12, 31)


class DateRangeForm(forms.Form):
    """A period of whole days, both included: the dates' rules, checked in one place.

    Subclasses (or the FilterSets that use one as `Meta.form`) declare the two date
    fields, named by `start_field` and `end_field`; either may be left empty unless the
    field is required. Each date lies between `earliest` and `latest` (None: the end of
    the fifth year to come); the end does not precede the start; with `max_days`, the
    period lasts at most that many days, `max_period_label` saying it in words.
    """

    start_field = "start"
    end_field = "end"
    earliest = EARLIEST_DATE
    latest = None
    max_days = None
    max_period_label = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in (self.start_field, self.end_field):
            if name in self.fields:
                self.fields[name].error_messages["invalid"] = INVALID_DATE

    def clean(self):
        cleaned_data = super().clean()
        latest = self.latest or latest_date()
        for name in (self.start_field, self.end_field):
            day = cleaned_data.get(name)
            if day and day < self.earliest:
                self.add_error(name, TOO_EARLY.format(earliest=self.earliest))
            elif day and day > latest:
                self.add_error(name, TOO_LATE.format(latest=latest))
        start, end = cleaned_data.get(self.start_field), cleaned_data.get(self.end_field)
        if start and end and end < start:
            self.add_error(self.end_field, END_BEFORE_START.format(start=start))
        elif start and end and self.max_days and (end - start).days > self.max_days:
            last = start + timedelta(days=self.max_days)
            length = self.max_period_label or f"{self.max_days} jours"
            self.add_error(self.end_field, TOO_LONG.format(last=last, length=length))
        return cleaned_data


class DateInput(forms.DateInput):
    """The browser's date picker (it sends and shows ISO dates)."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class FilterDateRangeForm(DateRangeForm):
    """The form of a list's filters (FilterSet `Meta.form`) whose dates are "du" and "au"."""

    start_field = "du"
    end_field = "au"

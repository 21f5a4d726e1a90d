from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from .models import User


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

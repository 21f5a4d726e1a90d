"""Login, logout and password reset: Django's views with our French forms and templates."""

from django.contrib.auth import views as auth_views
from django.urls import path

from .emails import RESET_CONTEXT
from .forms import EmailAuthenticationForm, EmailPasswordResetForm
from .views import PasswordResetView

urlpatterns = [
    path(
        "connexion/",
        auth_views.LoginView.as_view(
            authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    # POST only (Django's LogoutView), so a link or an image cannot log a worker out.
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "mot-de-passe/oublie/",
        PasswordResetView.as_view(form_class=EmailPasswordResetForm),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(extra_context=RESET_CONTEXT),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(extra_context=RESET_CONTEXT),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

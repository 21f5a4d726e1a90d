"""The e-mails about accounts: the invitation to choose a password, and a forgotten one.

Both carry Django's password reset link, made when the e-mail leaves (token bound to the
current password hash and last login, so it works once and expires after
PASSWORD_RESET_TIMEOUT): no link is ever stored in the database.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from . import outbox
from .models import User
from .text import one_line

# How long before deactivating an unused account its owner is warned.
INACTIVITY_NOTICE = timedelta(days=30)

Kind = outbox.Kind

# Shown on the password pages and in the e-mails: how long the link lasts.
RESET_CONTEXT = {
    "association_name": settings.ASSOCIATION_NAME,
    "validity_days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)),
}


def set_password_path(user):
    return reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def queue_invitation(user):
    """Owe `user` the e-mail that welcomes the new account (in the current transaction)."""
    _post(Kind.ACCOUNT_INVITATION, user)


def queue_password_reset(user):
    """Owe `user` the "mot de passe oublié" e-mail (in the current transaction)."""
    _post(Kind.PASSWORD_RESET, user)


def queue_inactivity_warning(user):
    """Owe `user` the warning that the unused account will be deactivated."""
    _post(Kind.ACCOUNT_INACTIVITY, user)


def _post(kind, user):
    outbox.post(kind, department=user.home_department, user=user, about=user.email)


def _active_user(email):
    return User.objects.filter(pk=email.user_id, is_active=True).first()


@outbox.letter(Kind.ACCOUNT_INVITATION)
def account_invitation(email):
    user = _active_user(email)
    if user is None:
        return None
    context = {
        **RESET_CONTEXT,
        "user": user,
        "url": settings.SITE_URL + set_password_path(user),
        "department": user.home_department,
        "login_url": settings.SITE_URL + reverse("login"),
    }
    return _message("emails/account_invitation", context, user)


@outbox.letter(Kind.PASSWORD_RESET)
def password_reset(email):
    user = _active_user(email)
    if user is None:
        return None
    context = {
        **RESET_CONTEXT,
        "user": user,
        "email": user.email,
        "url": settings.SITE_URL + set_password_path(user),
    }
    return _message("emails/password_reset", context, user)


@outbox.letter(Kind.ACCOUNT_INACTIVITY)
def inactivity_warning(email):
    user = _active_user(email)
    if user is None or user.inactivity_warned_at is None:
        return None
    context = {
        "association_name": settings.ASSOCIATION_NAME,
        "user": user,
        "deactivation_date": user.inactivity_warned_at + INACTIVITY_NOTICE,
        "login_url": settings.SITE_URL + reverse("login"),
        "department": user.home_department,
    }
    return _message("emails/account_inactivity", context, user)


def _message(template, context, user):
    subject = render_to_string(f"{template}_subject.txt", context)
    return EmailMessage(
        subject=one_line(subject),  # a header line: no newline may slip in
        body=render_to_string(f"{template}.txt", context),
        to=[user.email],
    )

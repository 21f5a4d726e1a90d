"""The e-mail that welcomes a new account: a link to choose a password, nothing typed by staff.

The link is Django's password reset link (token bound to the current password hash and
last login, so it works once and expires after PASSWORD_RESET_TIMEOUT).
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def set_password_url(user):
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL + path


def send_invitation(user):
    department = user.home_department
    context = {
        "user": user,
        "association_name": settings.ASSOCIATION_NAME,
        "url": set_password_url(user),
        "validity_days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)),
        "department": department,
        "login_url": settings.SITE_URL + reverse("login"),
    }
    subject = render_to_string("emails/account_invitation_subject.txt", context).strip()
    body = render_to_string("emails/account_invitation.txt", context)
    send_mail(subject, body, None, [user.email])

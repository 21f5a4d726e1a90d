"""The signed tokens of the vouchers app: a counter-mark's QR code, and a slot's check-in link.

Both are a readable value followed by an HMAC of it (Django's signing, with a salt of each
kind's own and the SECRET_KEY): anyone can read the value, nobody can forge a token for
another booking or slot, and a token of one kind is worth nothing as the other.

- The QR token is the booking reference. It carries no date, so a booking always gets the
  same token and its counter-mark's content (hence its stored file) stays the same.
- The check-in token names the slot and the partner it was sent to: a link sent to a
  partner no longer opens the sheet once the event is given to another partner. When it is
  valid is the slot's business (vouchers.checkin.window), so a slot moved by staff moves
  its link's validity with it.
"""

import re

from django.conf import settings
from django.core import signing
from django.urls import reverse

QR_SALT = "vouchers.qr"
CHECK_IN_SALT = "vouchers.check-in"


def _signer(salt):
    return signing.Signer(salt=salt, sep=".")


def _unsign(salt, token):
    try:
        return _signer(salt).unsign(token)
    except signing.BadSignature:
        return None


def make_token(booking):
    return _signer(QR_SALT).sign(booking.reference)


def read_token(token):
    """The booking reference the token was made for, or None when we did not make it."""
    return _unsign(QR_SALT, token)


def verify_url(booking):
    """Absolute URL of the public verification page, as encoded in the QR code."""
    return settings.SITE_URL + reverse("vouchers:verify", args=[make_token(booking)])


def make_check_in_token(slot):
    return _signer(CHECK_IN_SALT).sign(f"{slot.pk}-{slot.event.partner_id}")


def read_check_in_token(token):
    """(slot id, partner id) the check-in token was made for, or None."""
    value = _unsign(CHECK_IN_SALT, token)
    if value is None or not re.fullmatch(r"[0-9]{1,18}-[0-9]{1,18}", value):
        return None
    slot_id, partner_id = value.split("-")
    return int(slot_id), int(partner_id)

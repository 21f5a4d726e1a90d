"""The signed token printed in a counter-mark's QR code.

The token is the booking reference followed by an HMAC of it (Django's signing, with a
salt of its own and the SECRET_KEY): anyone can read the reference, nobody can forge a
token for another booking. It carries no date, so a booking always gets the same token and
its counter-mark's content (hence its stored file) stays the same between renders.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from bookings.converters import ReferenceConverter

SALT = "vouchers.qr"


def _signer():
    return signing.Signer(salt=SALT, sep=".")


def make_token(booking):
    return _signer().sign(booking.reference)


def read_token(token):
    """The booking reference the token was made for, or None when we did not make it."""
    try:
        return _signer().unsign(token)
    except signing.BadSignature:
        return None


def verify_url(booking):
    """Absolute URL of the public verification page, as encoded in the QR code."""
    return settings.SITE_URL + reverse("vouchers:verify", args=[make_token(booking)])


class TokenConverter(ReferenceConverter):
    """`<token:...>` in a path: a reference, a dot and a URL-safe base64 signature; anything
    else is no token of ours and answers 404 as it resolves."""

    regex = ReferenceConverter.regex + r"\.[A-Za-z0-9_-]+"

"""The signed token of the QR code."""

from types import SimpleNamespace

from django.conf import settings
from django.urls import resolve, reverse

from vouchers import tokens

BOOKING = SimpleNamespace(reference="CDC-7K3M9Q")


def test_round_trip_and_stable():
    token = tokens.make_token(BOOKING)
    assert token.startswith("CDC-7K3M9Q.")
    assert tokens.read_token(token) == "CDC-7K3M9Q"
    assert tokens.make_token(BOOKING) == token  # no date in it: the PDF content stays the same


def test_tampering_is_detected():
    token = tokens.make_token(BOOKING)
    reference, signature = token.split(".", 1)
    assert tokens.read_token(f"CDC-7K3M9R.{signature}") is None
    assert tokens.read_token(f"{reference}.{signature[:-1]}A") is None
    assert tokens.read_token(reference) is None
    assert tokens.read_token("") is None


def test_other_secret_or_salt_does_not_verify(settings):
    token = tokens.make_token(BOOKING)
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert tokens.read_token(token) is None


def test_url_is_absolute_and_url_safe():
    url = tokens.verify_url(BOOKING)
    assert url.startswith(settings.SITE_URL + "/v/CDC-7K3M9Q.")
    assert url.endswith("/")
    assert all(c.isalnum() or c in "-_.:/" for c in url)


def test_anything_a_qr_code_gives_resolves_to_the_verification_page():
    """The page itself says whether we made the token (tests/vouchers/test_views.py)."""
    token = tokens.make_token(BOOKING)
    assert resolve(reverse("vouchers:verify", args=[token])).kwargs == {"token": token}
    assert resolve(f"/v/{BOOKING.reference}/").url_name == "verify"

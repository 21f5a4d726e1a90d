"""The partials several booking pages share."""

from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string


@pytest.mark.parametrize(
    ("cancelled", "past", "status", "expected"),
    [
        (False, False, "confirmée", '<span class="badge badge-ok">Confirmée</span>'),
        (False, True, "passée", '<span class="badge">Passée</span>'),
        (True, False, "annulée", '<span class="badge badge-err">Annulée</span>'),
    ],
)
def test_booking_status_badge(cancelled, past, status, expected):
    booking = SimpleNamespace(is_cancelled=cancelled, is_past=past, display_status=status)
    html = render_to_string("bookings/includes/booking_status.html", {"booking": booking})
    assert html.strip() == expected

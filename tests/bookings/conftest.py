"""The slot of the booking service tests (tests/bookings/test_services*.py)."""

import pytest

from tests.factories import SlotFactory


@pytest.fixture
def slot():
    return SlotFactory(invitations_offered=10, max_per_booking=4)

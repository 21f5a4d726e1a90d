"""The offers' admin tests: their clock (Monday 2 March 2026) and a slot with 3 of its 10
invitations booked. The clock and the cast of the pages are tests/conftest.py's."""

import pytest
import time_machine

from tests import factories

from .admin_data import NOW


@pytest.fixture
def admin_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def booked_slot():
    slot = factories.SlotFactory(invitations_offered=10)
    factories.BookingFactory.create_batch(3, slot=slot)
    slot.refresh_from_db()
    assert slot.invitations_booked == 3
    return slot

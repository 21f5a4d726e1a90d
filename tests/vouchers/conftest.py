"""The guest-list cast (tests/vouchers/guest_list_cast.py) in Paris: a slot booked by two
structures, and a slot nobody booked. Files that need another département or slot (the PDF,
the sending job) bring their own."""

import pytest

from tests import factories

from .guest_list_cast import booked_slot


@pytest.fixture
def department():
    return factories.DepartmentFactory(code="75")


@pytest.fixture
def slot(department):
    return booked_slot(department)


@pytest.fixture
def empty_slot(department):
    return factories.SlotFactory(event__title="Concert sans public")

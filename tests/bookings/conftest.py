import pytest

from tests.factories import UserFactory


@pytest.fixture
def worker():
    """The social worker of the booking tests, with a structure of their own."""
    return UserFactory(first_name="Camille", last_name="Martin")


@pytest.fixture
def structure(worker):
    return worker.structure

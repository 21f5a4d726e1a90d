"""The pages of bookings: `app` is the worker's logged-in client; `slot` and `marie` are the
booking page's slot and followed person (the tracking pages bring their own slot)."""

import pytest

from tests.factories import PersonFactory, SlotFactory


@pytest.fixture
def slot():
    return SlotFactory(
        event__title="Le Songe d'une nuit d'été", invitations_offered=10, max_per_booking=4
    )


@pytest.fixture
def app(client, worker):
    client.force_login(worker)
    return client


@pytest.fixture
def marie(structure):
    return PersonFactory(structure=structure, first_name="Marie", last_name="Dupont")

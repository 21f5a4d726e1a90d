"""The cast of the admin scoping tests: `staff_75` (département team of Paris), the objects
of `paris` (`ours`, visible) and of `seine_saint_denis` (`theirs`, out of scope, every name
carrying MARKER)."""

import pytest

from .admin_pages import MARKER
from .scoping_cast import objects_of


@pytest.fixture
def ours(paris):
    return objects_of(paris, marker="Lutèce")


@pytest.fixture
def theirs(seine_saint_denis):
    return objects_of(seine_saint_denis, marker=MARKER)


@pytest.fixture
def staff_client(client, staff_75):
    client.force_login(staff_75)
    return client

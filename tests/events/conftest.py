"""A clock for the event pages; the cast (départements, worker) is tests/conftest.py's."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

PARIS_TZ = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=PARIS_TZ)


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def worker_client(client, worker):
    client.force_login(worker)
    return client

"""A fixed cast for the event pages: two active départements, a worker of Paris, a clock."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import DepartmentFactory, StructureFactory, UserFactory

PARIS_TZ = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=PARIS_TZ)


def active_department(code):
    # Départements come from the data migration, inactive: switch this one on.
    department = DepartmentFactory(code=code)
    department.is_active = True
    department.save(update_fields=["is_active"])
    return department


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def paris(db):
    return active_department("75")


@pytest.fixture
def seine_saint_denis(db):
    return active_department("93")


@pytest.fixture
def structure(paris):
    return StructureFactory(department=paris, name="Relais Solidarité Paris")


@pytest.fixture
def worker(structure):
    return UserFactory(structure=structure, first_name="Camille")


@pytest.fixture
def worker_client(client, worker):
    client.force_login(worker)
    return client

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from hypothesis import settings as hypothesis_settings

from structures.groups import department_team
from tests.factories import DepartmentFactory, StructureFactory, UserFactory

# The casts and page drivers of the test folders assert too: pytest explains their failures.
pytest.register_assert_rewrite(
    "tests.bookings", "tests.events", "tests.portal", "tests.structures", "tests.vouchers"
)


# The fuzz tests (tests/fuzz/) keep no example database: each run draws afresh, the same
# way on every machine; a failure prints the example to replay with @example.
hypothesis_settings.register_profile("portal", database=None, print_blob=True)
hypothesis_settings.load_profile("portal")


def pytest_configure(config):
    """Hashing with the production hasher costs ~0.4 s a user: tests use a fast one, set once
    for the whole session (fixtures, live server and all)."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config, items):
    """Concurrency tests prove nothing on SQLite: they run only on PostgreSQL (CI runs both)."""
    if connection.vendor == "postgresql":
        return
    deselected = [item for item in items if item.get_closest_marker("postgresql")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Files written by a test (counter-marks, images) go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Browser tests flush the tables after themselves; the départements, loaded by a data
    migration, must be there again for the next run of a reused test database."""
    from structures.french_departments import DEPARTMENTS
    from structures.models import Department

    with django_db_blocker.unblock():
        for code, name in DEPARTMENTS:
            Department.objects.get_or_create(code=code, defaults={"name": name})


# The cast, as in healthchecks' hc/test.py: the same people in every test, so a test says
# only what is particular to it. Paris (75) and Seine-Saint-Denis (93) are the association's
# two active départements; `worker` and `colleague` share a relay of Paris, `outsider`
# works for a relay of Seine-Saint-Denis; `staff_75` and `staff_93` are the département
# teams, each scoped to its own département.


def active_department(code):
    # Départements come from the data migration, inactive: switch this one on.
    department = DepartmentFactory(code=code)
    department.is_active = True
    department.save(update_fields=["is_active"])
    return department


def staff_of(department, **kwargs):
    """A member of the département team: staff, scoped to `department`, in the team group."""
    staff = UserFactory(staff=True, departments=[department], **kwargs)
    staff.groups.add(department_team())
    return staff


@pytest.fixture
def paris(db):
    return active_department("75")


@pytest.fixture
def seine_saint_denis(db):
    return active_department("93")


@pytest.fixture
def structure(paris):
    """The worker's relay, in Paris."""
    return StructureFactory(department=paris, name="Relais Solidarité Paris")


@pytest.fixture
def other_structure(seine_saint_denis):
    """The outsider's relay, in Seine-Saint-Denis."""
    return StructureFactory(
        department=seine_saint_denis, name="Relais de Saint-Denis", city="Saint-Denis"
    )


@pytest.fixture
def worker(structure):
    """The social worker of the tests: Camille Martin, of the Paris relay."""
    return UserFactory(
        structure=structure, first_name="Camille", last_name="Martin", email="camille@relais.test"
    )


@pytest.fixture
def colleague(structure):
    """Another worker of the same relay: sees and acts on what the worker's relay booked."""
    return UserFactory(
        structure=structure, first_name="Sacha", last_name="Bernard", email="sacha@relais.test"
    )


@pytest.fixture
def outsider(other_structure):
    """A worker of another relay, in another département: never sees the worker's things."""
    return UserFactory(
        structure=other_structure,
        first_name="Nour",
        last_name="Haddad",
        email="nour@relais-saint-denis.test",
    )


@pytest.fixture
def staff_75(paris):
    """The département team of Paris."""
    return staff_of(paris, first_name="Inès", last_name="Roux", email="ines@asso.test")


@pytest.fixture
def staff_93(seine_saint_denis):
    """The département team of Seine-Saint-Denis."""
    return staff_of(
        seine_saint_denis, first_name="Karim", last_name="Benali", email="karim@asso.test"
    )


@pytest.fixture
def worker_client(client, worker):
    client.force_login(worker)
    return client


# A clock for the pages of the offer (events, the personal space): Tuesday 1 December 2026.
PARIS_TZ = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=PARIS_TZ)


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield NOW

import pytest
from django.db import connection


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


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Hashing with the production hasher costs ~0.4 s a user: tests use a fast one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Browser tests flush the tables after themselves; the départements, loaded by a data
    migration, must be there again for the next run of a reused test database."""
    from structures.french_departments import DEPARTMENTS
    from structures.models import Department

    with django_db_blocker.unblock():
        for code, name in DEPARTMENTS:
            Department.objects.get_or_create(code=code, defaults={"name": name})

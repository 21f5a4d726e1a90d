"""Users and départements: database constraints on direct ORM writes, the e-mail login."""

import pytest

from structures.models import Department, User
from tests.constraints import refused
from tests.factories import (
    StructureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# User.


def test_duplicate_email_differing_in_case_fails():
    UserFactory(email="camille.dupont@relais.test")
    structure = StructureFactory()

    with refused():
        User.objects.create(email="Camille.Dupont@Relais.test", structure=structure)


def test_manager_stores_emails_lower_case_and_logs_in_any_case():
    structure = StructureFactory()
    user = User.objects.create_user("Camille@Relais.TEST", "x-2026-secret", structure=structure)

    assert user.email == "camille@relais.test"
    assert User.objects.get_by_natural_key("CAMILLE@relais.test") == user


def test_worker_without_structure_fails():
    with refused():
        User.objects.create(email="sans-structure@relais.test", is_staff=False, structure=None)


def test_staff_and_inactive_users_need_no_structure():
    staff = UserFactory(staff=True)
    inactive = User.objects.create(email="ancien@relais.test", is_active=False)

    assert staff.structure is None and not staff.is_worker
    assert inactive.structure is None


# Départements.


def test_all_101_departements_exist():
    codes = set(Department.objects.values_list("code", flat=True))

    assert len(codes) == 101
    assert {"01", "2A", "2B", "75", "93", "95", "971", "972", "973", "974", "976"} <= codes
    assert "20" not in codes
    assert Department.objects.get(code="2A").name == "Corse-du-Sud"
    assert Department.objects.get(code="976").name == "Mayotte"


def test_department_code_is_unique():
    with refused():
        Department.objects.create(code="75", name="Paris bis")

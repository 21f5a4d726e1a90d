"""Persons: database constraints on direct ORM writes and the search name."""

import pytest

from people.models import Person
from tests.constraints import refused
from tests.factories import (
    PersonFactory,
)

pytestmark = pytest.mark.django_db


# Person.


def test_person_search_name_is_normalised():
    person = PersonFactory(first_name="Aïcha", last_name="Diallo-Bâ")

    assert person.search_name == "aicha diallo-ba"
    assert Person.objects.search("AICHA diallo").get() == person


def test_person_search_name_follows_a_partial_save():
    person = PersonFactory(first_name="Jean", last_name="Morel")
    person.first_name = "Jérôme"

    person.save(update_fields=["first_name"])

    person.refresh_from_db()
    assert person.search_name == "jerome morel"


def test_companion_type_only_for_companions():
    person = PersonFactory()

    with refused():
        Person.objects.filter(pk=person.pk).update(companion_type="volunteer")


def test_birth_year_range():
    person = PersonFactory()

    with refused():
        Person.objects.filter(pk=person.pk).update(birth_year=1850)

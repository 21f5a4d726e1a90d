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


# The history of a person's record.


def test_person_history_is_append_only():
    from django.core.exceptions import ValidationError

    from people.models import PersonLogEntry

    entry = PersonFactory().log(PersonLogEntry.Action.CREATED, by=None)
    entry.details = {"changed": True}

    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()


def test_likely_duplicates_fold_accents_case_spaces_and_order():
    aicha = PersonFactory(first_name="Aïcha", last_name="Diallo", birth_year=1990)
    persons = Person.objects.for_structure(aicha.structure)

    assert list(persons.likely_duplicates("AICHA", " diallo ")) == [aicha]
    assert list(persons.likely_duplicates("Diallo", "Aicha")) == [aicha]
    assert list(persons.likely_duplicates("Aicha", "Diallo", 1990)) == [aicha]
    assert list(persons.likely_duplicates("Aicha", "Diallo", 2001)) == []
    assert list(persons.likely_duplicates("Aicha", "Diall")) == []

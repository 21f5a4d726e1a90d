"""Retention and merges racing each other on PostgreSQL: each thread has its own
connection, a barrier releases them together."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.persons import PersonError, anonymise_inactive, merge
from people.models import Person, PersonLogEntry
from structures.inactivity import warn_and_deactivate
from structures.models import OutgoingEmail
from tests.concurrency import race
from tests.factories import PersonFactory, UserFactory

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def test_two_anonymisations_at_once_change_each_person_once(structure, monkeypatch):
    monkeypatch.setattr("bookings.persons.BATCH", 7)  # several batches each
    long_ago = timezone.now() - timedelta(days=900)
    for i in range(40):
        PersonFactory(structure=structure, last_name=f"Ancien{i}", created_at=long_ago)

    results = race(2, lambda i: anonymise_inactive(24, apply=True))

    assert sum(results) == 40, results
    assert Person.objects.filter(anonymised_at__isnull=False).count() == 40
    entries = PersonLogEntry.objects.filter(action=PersonLogEntry.Action.ANONYMISED)
    assert entries.count() == 40
    assert anonymise_inactive(24, apply=True) == 0


def test_two_runs_warn_an_unused_account_once(structure):
    long_ago = timezone.now() - timedelta(days=340)
    for i in range(5):
        UserFactory(structure=structure, last_login=long_ago, email=f"w{i}@relais.test")

    results = race(2, lambda i: warn_and_deactivate(12, apply=True))

    assert sum(report.warned for report in results) == 5, results
    assert OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.ACCOUNT_INACTIVITY).count() == 5


def test_two_merges_of_the_same_records_at_once_merge_once(structure, worker):
    keep = PersonFactory(structure=structure, first_name="Aïcha", last_name="Diallo")
    copy = PersonFactory(structure=structure, first_name="Aicha", last_name="Diallo")

    results = race(2, lambda i: merge(keep, copy, by=worker))

    merged = [r for r in results if isinstance(r, Person)]
    refused = [r for r in results if isinstance(r, PersonError)]
    assert (len(merged), len(refused)) == (1, 1), results
    assert list(Person.objects.values_list("pk", flat=True)) == [keep.pk]
    assert keep.log_entries.filter(action=PersonLogEntry.Action.MERGED).count() == 1


def test_two_workers_creating_the_same_person_at_once_make_one_record(structure, worker):
    from people.forms import EXACT_DUPLICATE, PersonForm

    data = {"first_name": "Aïcha", "last_name": "Diallo", "birth_year": "", "phone": ""}
    forms = [PersonForm(data, structure=structure) for _ in range(2)]
    assert all(form.is_valid() for form in forms)  # both checked before either saves

    results = race(2, lambda i: forms[i].save_by(worker) or forms[i].non_field_errors())

    created = [r for r in results if isinstance(r, Person)]
    refused = [r for r in results if not isinstance(r, Person)]
    assert len(created) == 1, results
    assert list(refused[0]) == [EXACT_DUPLICATE]
    assert Person.objects.count() == 1
    assert PersonLogEntry.objects.count() == 1

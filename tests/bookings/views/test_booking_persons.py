"""The booking page and the directory of persons: no silent duplicate inline, archived
persons out of the search, a blank search that says what to type."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from people.models import Person, PersonLogEntry
from tests.factories import BookingFactory, PersonFactory, StructureFactory

from .booking_steps import UNKNOWN, entries, page_url, post

pytestmark = pytest.mark.django_db


def create(app, slot, prefix="personne", **data):
    fields = {f"{prefix}-{name}": value for name, value in data.items()}
    action = "create" if prefix == "personne" else "create_companion"
    return post(app, slot, action, **fields)


def test_the_search_links_to_the_directory(app, slot):
    assertContains(app.get(page_url(slot)), f'href="{reverse("bookings:persons")}"')


def test_a_blank_search_says_what_to_type(app, slot, marie):
    response = post(app, slot, "search", q="  ")

    assertContains(response, "Tapez quelques lettres du nom ou du prénom")
    assert response.context["results"] is None


def test_creating_inline_a_person_who_exists_warns_and_offers_her(app, slot, marie):
    response = create(app, slot, first_name="MARIE", last_name="dupont ")

    assertContains(response, "Utiliser cette personne")
    assertContains(response, reverse("bookings:use_person", args=[slot.pk]))
    assert Person.objects.count() == 1
    assert entries(app, slot) == []


def test_use_this_person_adds_the_existing_record(app, slot, marie):
    response = post(app, slot, "use", person=marie.pk)

    assert response.status_code == 302
    assert entries(app, slot) == [("beneficiary", "Marie Dupont")]
    assert Person.objects.count() == 1


def test_use_this_person_reactivates_an_archived_record(app, slot, marie, worker):
    marie.archive(by=worker)

    response = post(app, slot, "use", person=marie.pk)

    page = app.get(response["Location"])
    assertContains(page, "Fiche réactivée, et ajout à la liste\u00a0: Marie")
    marie.refresh_from_db()
    assert not marie.is_archived
    assert entries(app, slot) == [("beneficiary", "Marie Dupont")]
    assert marie.log_entries.last().action == PersonLogEntry.Action.RESTORED


def test_use_this_person_for_a_companion(app, slot, structure):
    sam = PersonFactory(structure=structure, companion=True, first_name="Sam", last_name="Roy")

    response = create(
        app, slot, "accompagnateur", first_name="sam", last_name="ROY", companion_type="volunteer"
    )
    assertContains(response, 'name="role" value="companion"')
    post(app, slot, "use", person=sam.pk, role="companion")

    assert entries(app, slot) == [("companion", "Sam Roy")]


@pytest.mark.parametrize("whose", ["other structure", "anonymised", "unknown"])
def test_use_this_person_refuses_what_the_worker_may_not_use(app, slot, structure, whose):
    person = {
        "other structure": lambda: PersonFactory(structure=StructureFactory()),
        "anonymised": lambda: PersonFactory(structure=structure),
        "unknown": lambda: None,
    }[whose]()
    if whose == "anonymised":
        person.anonymise()

    response = post(app, slot, "use", person=person.pk if person else 999999)

    assertContains(response, UNKNOWN)
    assert entries(app, slot) == []


def test_a_confirmed_homonym_is_created_inline(app, slot, marie):
    create(app, slot, first_name="Marie", last_name="Dupond")  # warned: a likely duplicate?
    assert Person.objects.count() == 2  # no: "Dupond" is not "Dupont"

    response = create(app, slot, first_name="Marié", last_name="DUPONT", autre_personne="1")

    assert response.status_code == 302
    assert Person.objects.filter(last_key="dupont").count() == 2


def test_archived_and_anonymised_persons_are_not_offered(app, slot, structure, worker):
    archived = PersonFactory(structure=structure, first_name="Lina", last_name="Archivée")
    archived.archive(by=worker)
    gone = PersonFactory(structure=structure, first_name="Lina", last_name="Effacée")
    gone.anonymise()
    PersonFactory(structure=structure, first_name="Lina", last_name="Présente")

    post(app, slot, "search", q="Lina")
    page = app.get(page_url(slot))

    found = [row["person"].last_name for row in page.context["results"]["persons"]]
    assert found == ["Présente"]


def test_an_anonymised_person_cannot_be_booked(app, slot, marie):
    post(app, slot, "add", person=marie.pk)
    marie.anonymise()

    from tests.bookings.views.booking_steps import book

    response = book(app, slot)

    assertContains(response, UNKNOWN)


def test_the_counter_mark_prints_the_companions_kind(worker, structure):
    from vouchers.pdf import render_html

    sam = PersonFactory(
        structure=structure, companion=True, first_name="Sam", last_name="Roy",
        companion_type=Person.CompanionType.VOLUNTEER,
    )  # fmt: skip
    booking = BookingFactory(structure=structure, booked_by=worker)
    booking.participants.create(
        role="companion", person=sam, first_name="Sam", last_name="Roy",
        companion_type=sam.companion_type,
    )  # fmt: skip

    assert "Accompagnateur (bénévole)" in render_html(booking)


def test_booking_keeps_the_companions_kind(app, slot, marie, structure):
    from tests.bookings.views.booking_steps import add, book

    sam = PersonFactory(
        structure=structure, companion=True, first_name="Sam", last_name="Roy",
        companion_type=Person.CompanionType.VOLUNTEER,
    )  # fmt: skip
    add(app, slot, marie)
    post(app, slot, "companion", person=sam.pk)
    book(app, slot)

    assert sam.participations.get().role_label == "Accompagnateur (bénévole)"

""" "Enregistrer" on the booking page: the booking, the double submit, every refusal keeping
the list, the e-mail once committed."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from bookings.models import Booking, Participant
from bookings.participant_list import SESSION_KEY
from events.models import Slot
from people.models import Person
from structures.models import OutgoingEmail
from tests.factories import (
    BookingFactory,
    PersonFactory,
    SlotFactory,
    StructureFactory,
    UserFactory,
)
from tests.signed_in import travel
from tests.tasks import run_tasks

from .booking_steps import (
    UNKNOWN,
    add,
    book,
    compose,
    entries,
    page_token,
    page_url,
    participant_list,
    post,
)

pytestmark = pytest.mark.django_db


# Booking.


def test_book_the_list(app, slot, structure, worker, marie):
    app.get(page_url(slot))  # the list's token exists once the page was shown...
    compose(app, slot, structure, marie)
    token = participant_list(app, slot)["token"]

    response = book(app, slot)

    booking = Booking.objects.get()
    assertRedirects(
        response,
        reverse("bookings:confirmation", args=[booking.reference]),
        fetch_redirect_response=False,
    )
    assert str(booking.form_token) == token
    assert (booking.structure, booking.booked_by, booking.invitations) == (structure, worker, 3)
    assert [p.full_name for p in booking.participants.all()] == [
        "Marie Dupont",
        "Léa Invitée",
        "Anne B",
    ]
    assert Slot.objects.get(pk=slot.pk).invitations_booked == 3
    assert str(slot.pk) not in app.session[SESSION_KEY]  # the list is done


def test_double_submit_books_once_and_shows_the_same_recap(app, slot, structure, marie):
    compose(app, slot, structure, marie)
    token = participant_list(app, slot)["token"]
    first = book(app, slot, token)
    second = book(app, slot, token)
    assert Booking.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert Slot.objects.get(pk=slot.pk).invitations_booked == 3


def test_a_broken_token_is_refused(app, slot, marie):
    add(app, slot, marie)
    for token in ("not-a-uuid", ""):
        response = post(app, slot, "book", token=token)
        assertContains(response, "Cette page n&#x27;était plus à jour")
    assert not Booking.objects.exists()
    assert entries(app, slot) == [("beneficiary", "Marie Dupont")]


def test_the_token_of_the_page_clicked_is_used(app, slot, marie):
    """Two renderings of one list may carry different tokens: each click is its own."""
    add(app, slot, marie)
    token = "6a8d2c1e-0000-4000-8000-000000000000"
    book(app, slot, token)
    assert str(Booking.objects.get().form_token) == token


def assert_refused_and_kept(app, slot, response, message, before):
    assertContains(response, message)
    assert not Booking.objects.exists()
    assert not Participant.objects.exists()
    assert entries(app, slot) == before


def test_book_without_participant(app, slot):
    app.get(page_url(slot))
    response = book(app, slot)
    assert_refused_and_kept(
        app, slot, response, "Ajoutez au moins une personne suivie avant d&#x27;enregistrer.", []
    )


def test_book_companions_only(app, slot, structure):
    post(app, slot, "companion", person=PersonFactory(structure=structure, companion=True).pk)
    before = entries(app, slot)
    response = book(app, slot)
    assert_refused_and_kept(app, slot, response, "au moins une personne suivie", before)


def test_book_more_than_remains_says_how_many(app, slot, structure, marie):
    compose(app, slot, structure, marie)
    before = entries(app, slot)
    Slot.objects.filter(pk=slot.pk).update(invitations_booked=8)  # others booked meanwhile
    response = book(app, slot)
    assert_refused_and_kept(
        app,
        slot,
        response,
        "plus assez d&#x27;invitations pour cette réservation\u00a0: il en reste 2",
        before,
    )


def test_book_more_than_max_per_booking(app, slot, structure, marie):
    compose(app, slot, structure, marie)
    before = entries(app, slot)
    Slot.objects.filter(pk=slot.pk).update(max_per_booking=2)
    response = book(app, slot)
    assert_refused_and_kept(app, slot, response, "au plus 2 invitations pour ce créneau", before)


def test_book_after_the_cutoff(app, structure, marie):
    """The list was composed ten minutes before the cutoff, "Enregistrer" clicked after."""
    slot = SlotFactory()
    with travel(app, slot.closes_at - timedelta(minutes=10)):
        compose(app, slot, structure, marie)
        before = entries(app, slot)
        token = page_token(app, slot)
        with time_machine.travel(slot.closes_at + timedelta(minutes=1)):
            response = book(app, slot, token)
            assert_refused_and_kept(
                app, slot, response, "Les réservations de ce créneau sont closes", before
            )
            assertNotContains(response, "Enregistrer</button>")


def test_book_after_the_start(app, structure, marie):
    """A slot open until it starts: composed half an hour before, booked a minute after."""
    slot = SlotFactory()
    Slot.objects.filter(pk=slot.pk).update(closes_at=slot.starts_at)
    with travel(app, slot.starts_at - timedelta(minutes=30)):
        compose(app, slot, structure, marie)
        before = entries(app, slot)
        token = page_token(app, slot)
        with time_machine.travel(slot.starts_at + timedelta(minutes=1)):
            response = book(app, slot, token)
            assert_refused_and_kept(app, slot, response, "Ce créneau a déjà commencé", before)


def test_book_an_event_unpublished_meanwhile(app, slot, structure, marie):
    compose(app, slot, structure, marie)
    before = entries(app, slot)
    token = page_token(app, slot)
    slot.event.is_published = False
    slot.event.published_at = None
    slot.event.save()
    response = book(app, slot, token)
    assert_refused_and_kept(
        app, slot, response, "Cet événement n&#x27;est plus proposé à la réservation.", before
    )


def test_book_with_a_structure_deactivated_meanwhile(app, slot, structure, marie):
    compose(app, slot, structure, marie)
    before = entries(app, slot)
    token = page_token(app, slot)
    structure.is_active = False
    structure.save()
    response = book(app, slot, token)
    assert_refused_and_kept(
        app, slot, response, "L&#x27;adhésion de votre structure n&#x27;est pas active", before
    )


def test_book_a_person_booked_meanwhile_shows_it_next_to_her(app, slot, structure, marie):
    compose(app, slot, structure, marie)
    before = entries(app, slot)
    BookingFactory(slot=slot, structure=structure, beneficiary=marie)
    response = book(app, slot)
    assertContains(response, "Marie Dupont a déjà une invitation pour ce créneau.")
    assertContains(response, "voir le message dans la liste des participants")
    assert Booking.objects.count() == 1
    assert entries(app, slot) == before


def test_book_with_a_person_moved_to_another_structure(app, slot, structure, marie):
    """The list names a person the structure no longer has: unknown, nothing saved."""
    add(app, slot, marie)
    Person.objects.filter(pk=marie.pk).update(structure=StructureFactory())
    response = book(app, slot)
    assert_refused_and_kept(app, slot, response, UNKNOWN, [("beneficiary", "Marie Dupont")])


@pytest.mark.django_db(transaction=True)
def test_the_email_is_queued_with_the_booking_and_the_worker_sends_it(client, slot):
    worker = UserFactory()
    client.force_login(worker)
    marie = PersonFactory(structure=worker.structure, first_name="Marie", last_name="Dupont")
    add(client, slot, marie)
    response = book(client, slot)
    booking = Booking.objects.get()
    assert response["Location"].endswith(f"/{booking.reference}/confirmation/")
    assert mail.outbox == []  # nothing leaves from the request: a task is committed
    assert OutgoingEmail.objects.get().object_id == booking.pk

    assert run_tasks() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [worker.email]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"
    booking.refresh_from_db()
    assert booking.voucher  # stored, so the download serves it

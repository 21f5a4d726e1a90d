"""bookings.services.book(): every rule of DESIGN.md rule 3, and the seats."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from bookings import services
from bookings.models import Booking, BookingLogEntry, Participant
from bookings.services import BookingError, ParticipantRequest, book, refusal
from tests.factories import (
    BookingFactory,
    PersonFactory,
    SlotFactory,
    StructureFactory,
    UserFactory,
)

from .booking_requests import assert_nothing_saved, beneficiary, companion, guest, refused, run

pytestmark = pytest.mark.django_db
Role = Participant.Role


def test_books_beneficiary_guest_and_companion(slot, worker, structure):
    marie = PersonFactory(structure=structure, first_name="Marie", last_name="Dupont")
    paul = PersonFactory(structure=structure, first_name="Paul", last_name="Durand")
    anne = PersonFactory(structure=structure, first_name="Anne", last_name="Benoît", companion=True)
    token = uuid.uuid4()

    booking = run(
        slot,
        worker,
        [beneficiary(marie), guest("b1"), beneficiary(paul, "b2"), companion(anne)],
        form_token=token,
    )

    assert booking.reference.startswith("CDC-") and len(booking.reference) == 10
    assert booking.status == Booking.Status.CONFIRMED
    assert (booking.slot, booking.structure, booking.booked_by) == (slot, structure, worker)
    assert booking.invitations == 4
    assert booking.form_token == token
    slot.refresh_from_db()
    assert slot.invitations_booked == 4
    rows = list(booking.participants.order_by("id"))
    assert [(p.role, p.first_name, p.last_name) for p in rows] == [
        (Role.BENEFICIARY, "Marie", "Dupont"),
        (Role.GUEST, "Léa", "Invitée"),
        (Role.BENEFICIARY, "Paul", "Durand"),
        (Role.COMPANION, "Anne", "Benoît"),
    ]
    assert rows[1].invited_by == rows[0] and rows[1].person is None
    assert all(p.slot_id == slot.pk and p.is_active for p in rows)
    assert rows[3].search_name == "anne benoit"
    entry = BookingLogEntry.objects.get()
    assert (entry.booking, entry.action, entry.actor) == (booking, "booked", worker)


def test_names_are_a_snapshot_of_the_persons(slot, worker, structure):
    marie = PersonFactory(structure=structure, first_name="Marie", last_name="Dupont")
    forged = ParticipantRequest(
        key="b1", role=Role.BENEFICIARY, person_id=marie.pk, first_name="X", last_name="Y"
    )
    booking = run(slot, worker, [forged])
    marie.last_name = "Martin"
    marie.save()
    assert booking.participants.get().full_name == "Marie Dupont"


def test_refuses_a_draft_event(slot, worker, structure):
    slot.event.is_published = False
    slot.event.published_at = None
    slot.event.save()
    error = refused(slot, worker, [beneficiary(PersonFactory(structure=structure))])
    assert error.message == "Cet événement n'est plus proposé à la réservation."
    assert error.field == "slot"
    assert_nothing_saved(slot)


def test_refuses_an_inactive_partner(slot, worker, structure):
    slot.event.partner.is_active = False
    slot.event.partner.save()
    error = refused(slot, worker, [beneficiary(PersonFactory(structure=structure))])
    assert error.message == "Cet événement n'est plus proposé à la réservation."
    assert_nothing_saved(slot)


def test_refuses_after_the_cutoff(worker, structure):
    slot = SlotFactory(starts_at=timezone.now() + timedelta(days=3))
    person = PersonFactory(structure=structure)
    with time_machine.travel(slot.closes_at + timedelta(seconds=1)):
        error = refused(slot, worker, [beneficiary(person)])
    assert error.message.startswith("Les réservations de ce créneau sont closes depuis le ")
    assert error.field == "slot"
    assert_nothing_saved(slot)


def test_the_cutoff_instant_itself_is_closed(worker, structure):
    slot = SlotFactory(starts_at=timezone.now() + timedelta(days=3))
    person = PersonFactory(structure=structure)
    with time_machine.travel(slot.closes_at, tick=False):
        refused(slot, worker, [beneficiary(person)])
    with time_machine.travel(slot.closes_at - timedelta(seconds=1), tick=False):
        assert run(slot, worker, [beneficiary(person)])


def test_refuses_a_slot_already_started(worker, structure):
    slot = SlotFactory(past=True)
    error = refused(slot, worker, [beneficiary(PersonFactory(structure=structure))])
    assert error.message == "Ce créneau a déjà commencé : il n'est plus possible de réserver."
    assert_nothing_saved(slot)


def test_refuses_an_inactive_structure(slot, worker, structure):
    person = PersonFactory(structure=structure)
    structure.is_active = False
    structure.save()
    error = refused(slot, worker, [beneficiary(person)])
    assert error.field == "structure"
    assert "L'adhésion de votre structure n'est pas active" in error.message
    assert_nothing_saved(slot)


def test_refuses_a_structure_deactivated_after_loading(slot, worker, structure):
    """The structure is re-read inside the transaction, not trusted from the caller."""
    person = PersonFactory(structure=structure)
    type(structure).objects.filter(pk=structure.pk).update(is_active=False)
    assert structure.is_active  # the caller's copy is stale
    refused(slot, worker, [beneficiary(person)])
    assert_nothing_saved(slot)


def test_refuses_a_user_of_another_structure(slot, structure):
    outsider = UserFactory()
    person = PersonFactory(structure=structure)
    with pytest.raises(BookingError, match="pas rattaché à cette structure"):
        book(
            slot=slot,
            structure=structure,
            user=outsider,
            participants=[beneficiary(person)],
        )
    assert_nothing_saved(slot)


def test_refuses_no_participant(slot, worker):
    error = refused(slot, worker, [])
    assert error.message == "Ajoutez au moins une personne suivie avant d'enregistrer."
    assert_nothing_saved(slot)


def test_refuses_companions_only(slot, worker, structure):
    anne = PersonFactory(structure=structure, companion=True)
    error = refused(slot, worker, [companion(anne)])
    assert "au moins une personne suivie" in error.message
    assert_nothing_saved(slot)


@pytest.mark.parametrize("host", [None, "nobody", "c1"])
def test_refuses_a_guest_without_a_beneficiary_host(slot, worker, structure, host):
    marie = PersonFactory(structure=structure)
    anne = PersonFactory(structure=structure, companion=True)
    participants = [beneficiary(marie), companion(anne), guest(host, key="g1")]
    error = refused(slot, worker, participants)
    assert error.message == (
        "Un invité doit être rattaché à une personne suivie de la réservation."
    )
    assert error.key == "g1"
    assert_nothing_saved(slot)


@pytest.mark.parametrize(
    "first_name, last_name, message",
    [
        ("", "Invitée", "Indiquez le prénom et le nom de chaque invité."),
        ("Léa", "   ", "Indiquez le prénom et le nom de chaque invité."),
        ("L" * 300, "Invitée", "au plus 100 caractères"),
        ("Léa", "I" * 101, "au plus 100 caractères"),
    ],
)
def test_refuses_bad_guest_names(slot, worker, structure, first_name, last_name, message):
    participants = [
        beneficiary(PersonFactory(structure=structure)),
        guest("b1", first_name, last_name),
    ]
    error = refused(slot, worker, participants)
    assert message in error.message and error.key == "g1"
    assert_nothing_saved(slot)


def test_a_100_character_name_is_fine(slot, worker, structure):
    participants = [beneficiary(PersonFactory(structure=structure)), guest("b1", "L" * 100)]
    booking = run(slot, worker, participants)
    assert booking.participants.get(role=Role.GUEST).first_name == "L" * 100


def test_refuses_the_same_person_twice(slot, worker, structure):
    marie = PersonFactory(structure=structure, first_name="Marie", last_name="Dupont")
    error = refused(slot, worker, [beneficiary(marie), beneficiary(marie, "b2")])
    assert error.message == "Marie Dupont figure déjà dans la liste." and error.key == "b2"
    assert_nothing_saved(slot)


def test_refuses_a_guest_named_like_another_participant(slot, worker, structure):
    marie = PersonFactory(structure=structure, first_name="Marie", last_name="Dupont")
    participants = [beneficiary(marie), guest("b1", "marie", "DUPONT")]
    error = refused(slot, worker, participants)
    assert error.message == "marie DUPONT figure déjà dans la liste."
    assert_nothing_saved(slot)


def test_refuses_more_than_max_per_booking(worker, structure):
    slot = SlotFactory(invitations_offered=10, max_per_booking=2)
    participants = [
        beneficiary(PersonFactory(structure=structure)),
        guest("b1"),
        guest("b1", "Zoé", key="g2"),
    ]
    error = refused(slot, worker, participants)
    assert error.message == (
        "Une réservation compte au plus 2 invitations pour ce créneau : retirez 1 participant."
    )
    assert_nothing_saved(slot)


def test_refusal_speaks_of_one_invitation_in_the_singular(worker, structure):
    slot = SlotFactory(invitations_offered=10, max_per_booking=1)
    participants = [beneficiary(PersonFactory(structure=structure)), guest("b1")]
    error = refused(slot, worker, participants)
    assert error.message == (
        "Une réservation compte au plus 1 invitation pour ce créneau : retirez 1 participant."
    )
    assert_nothing_saved(slot)


def test_refuses_more_than_what_remains_and_says_how_many(worker, structure):
    slot = SlotFactory(invitations_offered=3, max_per_booking=4)
    BookingFactory(slot=slot)
    participants = [
        beneficiary(PersonFactory(structure=structure)),
        guest("b1"),
        guest("b1", "Zoé", key="g2"),
    ]
    error = refused(slot, worker, participants)
    assert "plus assez d'invitations" in error.message
    assert "il en reste 2 sur ce créneau" in error.message
    assert error.remaining == 2
    slot.refresh_from_db()
    assert slot.invitations_booked == 1
    assert Booking.objects.count() == 1


def test_a_full_slot_says_none_remain(worker, structure):
    slot = SlotFactory(invitations_offered=1)
    BookingFactory(slot=slot)
    error = refused(slot, worker, [beneficiary(PersonFactory(structure=structure))])
    assert "plus assez d'invitations pour cette réservation : il n'en reste aucune" in error.message
    assert error.remaining == 0


def test_books_exactly_the_last_invitations(worker, structure):
    slot = SlotFactory(invitations_offered=3)
    BookingFactory(slot=slot)
    run(slot, worker, [beneficiary(PersonFactory(structure=structure)), guest("b1")])
    slot.refresh_from_db()
    assert slot.invitations_booked == slot.invitations_offered == 3


def test_another_structures_person_is_unknown_like_a_made_up_id(slot, worker):
    other = PersonFactory(structure=StructureFactory())
    error_other = refused(slot, worker, [beneficiary(other)])
    made_up = ParticipantRequest(key="b1", role=Role.BENEFICIARY, person_id=999_999)
    error_unknown = refused(slot, worker, [made_up])
    assert error_other.message == error_unknown.message == services.UNKNOWN_PERSON
    assert "Cette personne est introuvable" in error_other.message
    assert_nothing_saved(slot)


def test_a_companion_cannot_be_booked_as_beneficiary_nor_the_reverse(slot, worker, structure):
    marie = PersonFactory(structure=structure)
    anne = PersonFactory(structure=structure, companion=True)
    assert refused(slot, worker, [beneficiary(anne)]).message == services.UNKNOWN_PERSON
    participants = [beneficiary(marie), companion(marie, "c1")]
    assert refused(slot, worker, participants).message == services.UNKNOWN_PERSON
    assert_nothing_saved(slot)


def test_refuses_a_person_already_booked_on_the_slot(slot, worker, structure):
    marie = PersonFactory(structure=structure, first_name="Marie", last_name="Dupont")
    BookingFactory(slot=slot, structure=structure, beneficiary=marie)
    participants = [beneficiary(PersonFactory(structure=structure)), beneficiary(marie, "b2")]
    error = refused(slot, worker, participants)
    assert error.message == "Marie Dupont a déjà une invitation pour ce créneau."
    assert error.key == "b2"
    assert Booking.objects.count() == 1


def test_a_cancelled_invitation_does_not_block_booking_again(slot, worker, structure):
    marie = PersonFactory(structure=structure)
    BookingFactory(slot=slot, structure=structure, beneficiary=marie, cancelled=True)
    assert run(slot, worker, [beneficiary(marie)])


def test_the_same_person_may_go_to_another_slot(worker, structure):
    marie = PersonFactory(structure=structure)
    first = SlotFactory()
    second = SlotFactory(event=first.event, starts_at=first.starts_at + timedelta(days=1))
    run(first, worker, [beneficiary(marie)])
    run(second, worker, [beneficiary(marie)])
    assert Participant.objects.filter(person=marie).count() == 2


def test_refusal_without_participants(slot, structure):
    assert refusal(slot, structure) is None
    structure.is_active = False
    assert refusal(slot, structure).field == "structure"
    assert refusal(slot, None).field == "structure"

"""Waiting lists (bookings.waiting): joining, the order of filling, skipping, refusals,
leaving and expiry, through the real services."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from bookings import persons, waiting
from bookings.cancellation import cancel
from bookings.models import BookingLogEntry, WaitingEntry
from bookings.persons import PersonError
from bookings.services import BookingError
from events.models import Slot
from people.models import Person
from structures.models import OutgoingEmail
from tests.factories import PersonFactory, SlotFactory, StructureFactory
from tests.tasks import run_tasks

from .tracking_cast import booking_for, person
from .waiting_cast import assert_counts_exact, full_slot, group, wait, worker_of

pytestmark = pytest.mark.django_db
Status = WaitingEntry.Status


def status(entry):
    entry.refresh_from_db()
    return entry.status


# Joining.


def test_a_full_slot_list_waits_with_its_rank_and_its_participants(worker):
    slot, _ = full_slot(2)
    marie = person(worker.structure, "Marie", "Dupont")
    anne = PersonFactory(structure=worker.structure, companion=True)
    first = group(worker_of(), slot, 1)
    entry = wait(worker, slot, marie, guests=[(0, "Léa", "Martin")], companions=[anne])
    assert (first.rank, entry.rank) == (1, 2)
    assert entry.invitations == 3 and entry.status == Status.WAITING
    participants = list(entry.participants.order_by("pk"))
    assert [(p.role, p.full_name) for p in participants] == [
        ("beneficiary", "Marie Dupont"),
        ("companion", anne.full_name),
        ("guest", "Léa Martin"),
    ]
    assert participants[2].host == participants[0]
    assert_counts_exact(slot)  # waiting takes no invitation


def test_a_list_that_fits_books_instead(worker):
    slot = SlotFactory(invitations_offered=3)
    with pytest.raises(BookingError) as refused:
        wait(worker, slot, PersonFactory(structure=worker.structure))
    assert refused.value.message == waiting.ROOM_LEFT
    assert not WaitingEntry.objects.exists()


def test_a_list_larger_than_what_is_left_may_wait(worker):
    slot = SlotFactory(invitations_offered=3)
    for _ in range(2):
        other = worker_of()
        booking_for(other, slot, PersonFactory(structure=other.structure))
    entry = group(worker, slot, 2)
    assert entry.rank == 1


def test_joining_twice_with_the_same_persons_is_refused(worker):
    slot, _ = full_slot(1)
    marie = person(worker.structure, "Marie", "Dupont")
    wait(worker, slot, marie)
    with pytest.raises(BookingError) as refused:
        wait(worker, slot, person(worker.structure, "Paul", "Durand"), marie)
    assert refused.value.message.startswith(
        "Marie Dupont est déjà sur la liste d'attente de ce créneau"
    )
    assert WaitingEntry.objects.count() == 1


def test_joining_with_a_person_already_booked_on_the_slot_is_refused(worker):
    slot = SlotFactory(invitations_offered=2)
    marie = person(worker.structure, "Marie", "Dupont")
    booking_for(worker, slot, marie)
    other = worker_of()
    booking_for(other, slot, PersonFactory(structure=other.structure))
    with pytest.raises(BookingError) as refused:
        wait(worker, slot, marie)
    assert refused.value.message == "Marie Dupont a déjà une invitation pour ce créneau."


def test_joining_after_the_cutoff_is_refused(worker):
    slot, _ = full_slot(1)
    after = time_machine.travel(slot.closes_at + timedelta(minutes=1), tick=False)
    with after, pytest.raises(BookingError) as refused:
        group(worker, slot, 1)
    assert refused.value.message.startswith("Les réservations de ce créneau sont closes")
    assert not WaitingEntry.objects.exists()


def test_joining_over_the_maximum_or_with_another_structures_person_is_refused(worker):
    slot, _ = full_slot(1)
    with pytest.raises(BookingError) as refused:
        group(worker, slot, 5)
    assert "au plus 4 invitations" in refused.value.message
    with pytest.raises(BookingError) as refused:
        wait(worker, slot, PersonFactory(structure=StructureFactory()))
    assert refused.value.message == (
        "Cette personne est introuvable parmi les personnes de votre structure."
    )
    assert not WaitingEntry.objects.exists()


def test_a_double_submit_joins_once(worker):
    slot, _ = full_slot(1)
    marie = person(worker.structure, "Marie", "Dupont")
    token = "8a4f5e2c-1d3b-4c5a-9e7f-0a1b2c3d4e5f"
    first = wait(worker, slot, marie, token=token)
    second = wait(worker, slot, marie, token=token)
    assert first.pk == second.pk and second.rank == 1
    assert WaitingEntry.objects.count() == 1


def test_a_person_waiting_cannot_be_booked_directly(worker):
    slot, bookings = full_slot(2)
    marie = person(worker.structure, "Marie", "Dupont")
    wait(worker, slot, marie, guests=[(0, "Léa", "Martin"), (0, "Jo", "Martin")])
    cancel(bookings[0], by=bookings[0].booked_by)  # 1 free: the entry of 3 does not fit
    with pytest.raises(BookingError) as refused:
        booking_for(worker, slot, marie)
    assert "est déjà sur la liste d'attente de ce créneau" in refused.value.message


# Filling: order, skipping, never more than freed.


def test_freed_invitations_go_to_the_earliest_entries_that_fit():
    slot, bookings = full_slot(4)
    large = group(worker_of(), slot, 3)
    single = group(worker_of(), slot, 1)
    pair = group(worker_of(), slot, 2)

    cancel(bookings[0], by=bookings[0].booked_by)  # 1 free: the 3 are skipped, the 1 fits
    assert [status(e) for e in (large, single, pair)] == ["waiting", "booked", "waiting"]
    assert_counts_exact(slot)
    assert waiting.rank(large) == 1 and waiting.rank(pair) == 2  # skipped, rank kept

    cancel(bookings[1], by=bookings[1].booked_by)  # 1 free: nobody fits, it stays free
    assert [status(e) for e in (large, pair)] == ["waiting", "waiting"]
    assert_counts_exact(slot)
    assert slot.invitations_left == 1

    cancel(bookings[2], by=bookings[2].booked_by)  # 2 free: the pair
    assert [status(e) for e in (large, pair)] == ["waiting", "booked"]
    assert_counts_exact(slot)
    assert slot.invitations_left == 0


def test_a_cancellation_books_never_more_than_it_freed():
    slot = SlotFactory(invitations_offered=3, max_per_booking=4)
    other = worker_of()
    three = booking_for(other, slot, *PersonFactory.create_batch(3, structure=other.structure))
    first, second = group(worker_of(), slot, 2), group(worker_of(), slot, 2)
    cancel(three, by=three.booked_by)  # 3 free: the first pair, then 1 left for nobody
    assert [status(e) for e in (first, second)] == ["booked", "waiting"]
    assert_counts_exact(slot)
    assert slot.invitations_left == 1


def test_staff_raising_the_offer_fills_the_waiting_list(worker):
    slot, _ = full_slot(1)
    marie = person(worker.structure, "Marie", "Dupont")
    entry = wait(worker, slot, marie, guests=[(0, "Léa", "Martin")])
    slot.invitations_offered = 3
    slot.save()  # as the slot admin saves it
    entry.refresh_from_db()
    assert entry.status == Status.BOOKED
    booking = entry.booking
    assert (booking.structure, booking.booked_by, booking.invitations) == (
        worker.structure,
        worker,
        2,
    )
    assert [p.full_name for p in booking.participants.order_by("pk")] == [
        "Marie Dupont",
        "Léa Martin",
    ]
    assert booking.log_entries.get().action == BookingLogEntry.Action.BOOKED_FROM_WAITING_LIST
    assert not entry.participants.exists()  # the entry forgets them: the booking holds them
    assert_counts_exact(slot)


def test_the_booking_made_from_the_waiting_list_sends_its_counter_mark(worker):
    slot, bookings = full_slot(1)
    entry = wait(worker, slot, person(worker.structure, "Marie", "Dupont"))
    cancel(bookings[0], by=bookings[0].booked_by, notify=False)
    entry.refresh_from_db()
    mail.outbox.clear()
    run_tasks()
    (message,) = mail.outbox
    assert message.to == [worker.email]
    assert entry.booking.reference in message.subject
    assert "votre inscription sur la liste d'attente est devenue la réservation" in message.body
    assert message.attachments[0][2] == "application/pdf"


def test_staff_cancelling_on_behalf_fills_it_too(worker, staff_75):
    slot, bookings = full_slot(1)
    entry = wait(worker, slot, person(worker.structure, "Marie", "Dupont"))
    cancel(bookings[0], by=staff_75, on_behalf=True)
    assert status(entry) == Status.BOOKED


def test_an_entry_a_rule_now_refuses_ends_and_the_next_one_is_booked(worker):
    slot, bookings = full_slot(1)
    refused = wait(worker, slot, person(worker.structure, "Marie", "Dupont"))
    nextone = group(worker_of(), slot, 1)
    worker.structure.is_active = False  # its membership lapsed meanwhile
    worker.structure.save()
    cancel(bookings[0], by=bookings[0].booked_by, notify=False)
    refused.refresh_from_db()
    assert refused.status == Status.REFUSED
    assert "L'adhésion de votre structure n'est pas active" in refused.end_reason
    assert status(nextone) == Status.BOOKED
    assert_counts_exact(slot)
    mail.outbox.clear()
    run_tasks()
    told = [m for m in mail.outbox if m.to == [worker.email]]
    assert len(told) == 1
    assert "n'a pas pu devenir une réservation" in told[0].body
    assert "L'adhésion de votre structure n'est pas active" in told[0].body


def test_nothing_is_filled_once_the_guest_list_left(worker):
    slot, bookings = full_slot(1)
    entry = group(worker, slot, 1)
    Slot.objects.filter(pk=slot.pk).update(guest_list_sent_at=timezone.now())
    slot.refresh_from_db()
    slot.invitations_offered = 2
    slot.save()
    assert status(entry) == Status.WAITING
    assert waiting.fill(slot) == []


# Leaving.


def test_leaving_ends_the_entry_and_the_next_ones_move_up(worker, colleague):
    slot, _ = full_slot(1)
    first = group(worker, slot, 1)
    second = group(worker_of(), slot, 1)
    waiting.leave(first, by=colleague)
    first.refresh_from_db()
    assert (first.status, first.ended_by) == (Status.LEFT, colleague)
    assert not first.participants.exists()
    assert waiting.rank(second) == 1
    with pytest.raises(BookingError) as again:
        waiting.leave(first, by=worker)
    assert again.value.message == waiting.NOT_WAITING
    assert not OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.WAITING_LIST_ENDED).exists()


def test_another_structure_cannot_take_an_entry_off(worker, outsider):
    slot, _ = full_slot(1)
    entry = group(worker, slot, 1)
    with pytest.raises(BookingError):
        waiting.leave(entry, by=outsider)
    assert status(entry) == Status.WAITING


# Expiry at the cutoff.


def test_entries_still_waiting_at_the_cutoff_expire_and_their_workers_are_told(worker):
    slot, _ = full_slot(1)
    later, _ = full_slot(1)
    entry = group(worker, slot, 1)
    open_one = group(worker, later, 1)
    Slot.objects.filter(pk=later.pk).update(closes_at=slot.closes_at + timedelta(days=1))
    assert waiting.expire_due() == 0
    with time_machine.travel(slot.closes_at, tick=False):
        assert waiting.expire_due() == 1
        assert waiting.expire_due() == 0  # once
        mail.outbox.clear()
        run_tasks()
    entry.refresh_from_db()
    assert entry.status == Status.EXPIRED and not entry.participants.exists()
    assert status(open_one) == Status.WAITING
    (message,) = mail.outbox
    assert message.to == [worker.email]
    assert message.subject.startswith("Liste d'attente close")
    assert "aucune invitation ne s'est libérée" in message.body


def test_the_cutoff_job_closes_the_waiting_lists(worker):
    slot, _ = full_slot(1)
    entry = group(worker, slot, 1)
    out = io.StringIO()
    with time_machine.travel(slot.closes_at + timedelta(minutes=1), tick=False):
        call_command("send_guest_lists", stdout=out)
    assert status(entry) == Status.EXPIRED
    assert "Inscriptions en liste d'attente closes à la clôture : 1." in out.getvalue()


# Followed persons on a waiting list: erasure, retention, merge.


def test_a_person_on_a_waiting_list_is_not_erased_nor_anonymised(worker):
    slot, _ = full_slot(1)
    marie = person(worker.structure, "Marie", "Dupont")
    Person.objects.filter(pk=marie.pk).update(created_at=timezone.now() - timedelta(days=900))
    wait(worker, slot, marie)
    with pytest.raises(PersonError) as refused:
        persons.erase(marie, by=worker)
    assert "Marie Dupont est sur une liste d'attente" in refused.value.message
    assert not persons.inactive_persons(24).filter(pk=marie.pk).exists()
    entry = WaitingEntry.objects.get()
    waiting.leave(entry, by=worker)
    assert persons.inactive_persons(24).filter(pk=marie.pk).exists()


def test_merging_moves_a_waiting_place_or_refuses_a_clash(worker):
    slot, _ = full_slot(1)
    keep = person(worker.structure, "Marie", "Dupont")
    copy = person(worker.structure, "Marie", "Dupond")
    entry = wait(worker, slot, copy)
    other_slot, _ = full_slot(1)
    wait(worker, other_slot, keep)
    persons.merge(keep, copy, by=worker)
    assert entry.participants.get().person == keep

    again = person(worker.structure, "Marie", "Dupon")
    with pytest.raises(BookingError):  # keep already waits there: the copy cannot join
        wait(worker, slot, again, keep)
    third_slot, _ = full_slot(1)
    wait(worker, third_slot, again)
    wait(worker, third_slot, keep)
    with pytest.raises(PersonError) as refused:
        persons.merge(keep, again, by=worker)
    assert "retirez d'abord cette inscription de la liste d'attente" in refused.value.message
    assert Person.objects.filter(pk=again.pk).exists()

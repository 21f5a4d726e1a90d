"""Waiting lists: a structure waits for a full slot with the list it composed, and the
invitations that come back before the cutoff are booked for the earliest entries that fit.

- `join()`: the list a slot cannot take now waits, in order of arrival, under the slot's
  row lock (the lock every booking and cancellation of the slot takes).
- `fill()`: called inside the transaction that gave invitations back (a cancellation by a
  worker or by staff, staff raising the number offered), holding the slot's row lock. It
  books, through bookings.services.book() and so under every booking rule, for the entries
  in order of arrival whose size fits in what is free; a larger one is skipped and keeps
  its rank. The confirmation with the counter-mark leaves through the task queue, like any
  booking's. An entry a rule now refuses (a person booked meanwhile, a structure no longer
  active…) ends as refused, and its worker is told why.
- `leave()`: the worker takes the entry off the list.
- `expire_due()`: entries still waiting at the cutoff expire and their workers are told
  (run by `manage.py send_guest_lists`, every minute).

An entry that ends forgets its participants: the booking, if any, holds its own.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bookings import services
from bookings.emails import queue_waiting_list_ended
from bookings.models import Participant, WaitingEntry, WaitingParticipant
from events.models import Slot
from structures.jobs import in_locked_batches
from structures.text import plural

Status = WaitingEntry.Status
Role = Participant.Role

ROOM_LEFT = (
    "Il reste assez d'invitations pour cette liste : cliquez sur « Enregistrer » pour "
    "réserver directement."
)
CLOSED = "La liste d'invités de ce créneau est déjà partie : la liste d'attente est close."
NOT_WAITING = "Cette inscription n'est plus sur la liste d'attente."
LEFT = "L'inscription est retirée de la liste d'attente : les listes suivantes avancent d'un rang."
EXPIRE_BATCH = 200


def joined_message(entry):
    """What the worker reads once the list is on the waiting list."""
    return (
        f"Votre liste ({plural(entry.invitations, 'invitation')}) est inscrite sur la liste "
        f"d'attente, au rang {entry.rank}. Si des invitations se libèrent avant la clôture, "
        "la réservation se fera d'elle-même et vous recevrez la contremarque par e-mail."
    )


def join(*, slot, structure, user, participants, form_token=None, now=None):
    """Put `participants` (ParticipantRequest, as book() takes them) on `slot`'s waiting
    list for `structure`, by `user`; returns the entry, its `rank` set.

    Refused (BookingError, nothing saved) when a booking of that list would be refused for
    another reason than room: the slot closed or its guest list sent, the structure
    inactive, a participant unknown, twice, already booked or already waiting on the slot,
    more than the maximum per booking; and when the slot has room for the list (book
    instead). A double submit (same `form_token`) returns the entry already made.
    """
    participants = list(participants)
    if form_token is not None and (entry := _entry_for_token(form_token, structure)):
        return entry
    try:
        with transaction.atomic():
            entry = _join(slot, structure, user, participants, form_token, now)
    except IntegrityError:
        if form_token is not None and (entry := _entry_for_token(form_token, structure)):
            return entry  # a twin submit won the race
        raise
    entry.rank = rank(entry)
    return entry


def _entry_for_token(form_token, structure):
    return services.made_with_token(WaitingEntry.objects.with_rank(), form_token, structure)


def _join(slot, structure, user, participants, form_token, now):
    now = now or timezone.now()
    # The slot's row lock orders the entries and keeps bookings and cancellations out.
    slot = _locked(slot)
    if error := services.refusal(slot, structure, now=now):
        raise error
    if slot.guest_list_sent_at is not None:
        raise services.BookingError(CLOSED, field="slot")
    if user.structure_id != structure.pk:
        raise services.BookingError(
            "Votre compte n'est pas rattaché à cette structure.", field="structure"
        )
    persons = services.check_participants(participants, structure)
    count = len(participants)
    try:
        slot.check_max(count)
    except ValidationError as error:
        raise services.BookingError(error.message) from None
    if count <= slot.invitations_left:
        raise services.BookingError(ROOM_LEFT, field="slot")
    services.refuse_persons_already_booked(slot, participants)
    services.refuse_persons_waiting(slot, participants)
    entry = WaitingEntry.objects.create(
        slot=slot,
        structure=structure,
        created_by=user,
        created_at=now,
        invitations=count,
        form_token=form_token,
    )
    _create_participants(entry, participants, persons)
    return entry


def _locked(slot):
    """`slot` re-read under its row lock, with what the booking rules read of it."""
    return (
        Slot.objects.select_for_update(of=("self",))
        .select_related("event__partner")
        .get(pk=slot.pk)
    )


def _create_participants(entry, participants, persons):
    created = {}
    for p in sorted(participants, key=lambda p: p.role == Role.GUEST):  # hosts first
        person = persons.get(p.person_id)
        first_name, last_name = services.names(p, person)
        created[p.key] = WaitingParticipant.objects.create(
            entry=entry,
            role=p.role,
            person=person,
            first_name=first_name,
            last_name=last_name,
            host=created.get(p.host),
        )


def requests(entry):
    """The entry's participants as book() takes them."""
    return [
        services.ParticipantRequest(
            key=str(p.pk),
            role=p.role,
            person_id=p.person_id,
            first_name=p.first_name,
            last_name=p.last_name,
            host=str(p.host_id) if p.host_id else None,
        )
        for p in entry.participants.all()
    ]


def rank(entry):
    """1 for the first entry still waiting on the entry's slot (WaitingEntry.with_rank)."""
    return WaitingEntry.objects.with_rank().get(pk=entry.pk).rank


def leave(entry, *, by, now=None):
    """Take `entry` off its waiting list, as `by` (a worker of its structure)."""
    with transaction.atomic():
        entry = WaitingEntry.objects.select_for_update().get(pk=entry.pk)
        if by.structure_id != entry.structure_id:
            raise services.BookingError("Cette inscription n'est pas celle de votre structure.")
        if not entry.is_waiting:
            raise services.BookingError(NOT_WAITING)
        _end(entry, Status.LEFT, now or timezone.now(), ended_by=by)
    return entry


def fill(slot, *, now=None):
    """Book the invitations free on `slot` for its earliest waiting entries that fit.

    Call inside the transaction that freed them, holding the slot's row lock (cancel()
    and the slot admin's form take it). Returns the bookings made.
    """
    now = now or timezone.now()
    slot = _locked(slot)  # locked already by the caller: taking it again costs nothing
    left = slot.invitations_left
    if not left or not slot.is_open(now) or slot.guest_list_sent_at is not None:
        return []
    entries = (
        WaitingEntry.objects.waiting()
        .filter(slot=slot)
        .in_order()
        .select_related("structure", "created_by")
        .select_for_update(of=("self",))
    )
    booked = []
    for entry in entries:
        if entry.invitations > left:
            continue  # too large for now: skipped, it keeps its rank
        try:
            booking = services.book(
                slot=slot,
                structure=entry.structure,
                user=entry.created_by,
                participants=requests(entry),
                now=now,
                waiting_entry=entry,
            )
        except services.BookingError as error:
            _end(entry, Status.REFUSED, now, reason=error.message)
            continue
        _end(entry, Status.BOOKED, now, booking=booking)
        booked.append(booking)
        left -= booking.invitations
        if not left:
            break
    return booked


def expire_due(now=None):
    """Expire the entries still waiting once their slot's cutoff has passed (or its guest
    list left) and tell their workers; safe to run on several machines at once. Returns
    how many expired."""
    now = now or timezone.now()
    due = WaitingEntry.objects.waiting().filter(slot__closes_at__lte=now)

    def expire(entries):
        for entry in entries:
            _end(entry, Status.EXPIRED, now)

    return in_locked_batches(due, expire, EXPIRE_BATCH)


def _end(entry, status, now, *, ended_by=None, reason="", booking=None):
    """End `entry` (locked by the caller) and forget its participants; tell the worker
    when the portal ended it (expired, refused)."""
    entry.status = status
    entry.ended_at = now
    entry.ended_by = ended_by
    entry.end_reason = reason[:255]
    entry.booking = booking
    entry.save(update_fields=["status", "ended_at", "ended_by", "end_reason", "booking"])
    entry.participants.all().delete()
    if status in (Status.EXPIRED, Status.REFUSED):
        queue_waiting_list_ended(entry)


def on_slot_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """post_save of Slot: staff raised the invitations offered (in the admin, whose form
    locks the slot), so the waiting list may take them, in the same transaction."""
    if created or raw or (update_fields is not None and "invitations_offered" not in update_fields):
        return
    if WaitingEntry.objects.waiting().filter(slot=instance).exists():
        with transaction.atomic():
            fill(instance)

"""Booking workflow: the one place where invitations are taken from a slot.

Invitations go back in bookings.cancellation (`cancel()`), which hands them to the waiting
list (bookings.waiting) in the same transaction.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from bookings.models import (
    Booking,
    BookingLogEntry,
    Participant,
    WaitingParticipant,
    new_reference,
)
from bookings.models.participant import (
    GUEST_NAME_TOO_LONG,
    GUEST_NEEDS_HOST,
    NAME_MAX_LENGTH,
    in_list_message,
)
from bookings.signals import booking_placed
from events.models import Slot
from people.models import Person
from structures.models import Structure
from structures.text import normalize

UNKNOWN_PERSON = "Cette personne est introuvable parmi les personnes de votre structure."


class BookingError(Exception):
    """A refused booking, with a French message the worker can act on.

    `field` says what the message is about ("slot", "structure", "participants", "token"),
    `key` which participant of the request (its key) when there is one, and `remaining`
    how many invitations the slot still has when seats were missing.
    """

    def __init__(self, message, *, field="participants", key=None, remaining=None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.key = key
        self.remaining = remaining


@dataclass(frozen=True)
class ParticipantRequest:
    """One participant asked for: a person of the structure, or a guest of a beneficiary.

    `key` identifies it within the request (guests name their host by its key).
    """

    key: str
    role: str
    person_id: int | None = None
    first_name: str = ""
    last_name: str = ""
    host: str | None = None


def refusal(slot, structure, *, now=None):
    """The BookingError `structure` would get for `slot` whatever the participants, or None.

    Covers the slot's own refusal (started, closed, event no longer offered: see
    Slot.booking_refusal) and the structure's membership. Seats are not checked here:
    they are taken atomically by book().
    """
    message = slot.booking_refusal(now)
    if message is not None:
        return BookingError(message, field="slot")
    if structure is None or not structure.is_active:
        return BookingError(
            "L'adhésion de votre structure n'est pas active : elle ne peut pas réserver "
            "d'invitations pour le moment. Contactez l'équipe de votre département.",
            field="structure",
        )
    return None


def book(
    *,
    slot,
    structure,
    user,
    participants,
    form_token=None,
    now=None,
    notify=True,
    waiting_entry=None,
):
    """Book invitations of `slot` for `participants`, for `structure`, by `user`.

    In one transaction, re-reading everything from the database, it enforces DESIGN.md
    rules 2 and 3:

    - the slot is open (now < closes_at, so it has not started either), its event is
      published and its partner active; the structure is active and `user` one of its
      workers;
    - at least one beneficiary; every guest attached to a beneficiary of this booking,
      with a first and a last name of at most 100 characters; beneficiaries and
      companions are persons of the structure, of the right kind (another structure's
      person is "unknown", exactly like a made-up id);
    - nobody twice in the booking, nobody already booked on this slot (checked again once
      the seats are taken, under the slot's row lock; the partial unique constraint
      participant_person_once_per_slot backs it up), nobody waiting on its waiting list
      (but in `waiting_entry`, the entry this booking fills: bookings.waiting);
    - at most `max_per_booking` invitations, and never more than what remains: the seats
      are taken by one conditional UPDATE, so concurrent bookings cannot oversell;
    - a double submit (same `form_token`, even racing) returns the booking already made.

    It creates the booking with a unique reference, the participants (names snapshot),
    and a history entry, all dated `now` (default: the current time), and sends
    `booking_placed` inside the transaction: the vouchers app queues the confirmation
    e-mail with the counter-mark there, unless `notify` is False. Raises BookingError for
    every refusal; nothing is saved then.
    """
    if form_token is not None:
        existing = made_with_token(Booking.objects, form_token, structure)
        if existing is not None:
            return existing
    participants = list(participants)
    try:
        with transaction.atomic():
            booking = _book(slot, structure, user, participants, form_token, now, waiting_entry)
            _announce(booking, notify)
    except (BookingError, IntegrityError) as error:
        # A twin submit (same token) may have committed meanwhile: its booking is this one.
        # Checked after the rollback, so the query sees what the other transaction wrote.
        if form_token is not None:
            existing = made_with_token(Booking.objects, form_token, structure)
            if existing is not None:
                return existing
        if isinstance(error, IntegrityError):
            # The partial unique constraint caught a person booked by a concurrent booking.
            refuse_persons_already_booked(slot, participants)
        raise
    return booking


def _announce(booking, notify):
    # Inside the booking's transaction: what the receivers write (the confirmation e-mail)
    # commits with the booking or not at all, and a receiver's error refuses the booking.
    booking_placed.send(sender=Booking, booking=booking, notify=notify)


def made_with_token(queryset, form_token, structure):
    """What the booking page's one-time `form_token` already made (a booking, a waiting
    entry: `queryset`), or None; another structure's token is refused."""
    made = queryset.filter(form_token=form_token).first()
    if made is not None and made.structure_id != structure.pk:
        raise BookingError(
            "Ce formulaire n'est plus valable : rechargez la page de réservation.", field="token"
        )
    return made


def _book(slot, structure, user, participants, form_token, now, waiting_entry=None):
    now = now or timezone.now()
    slot = Slot.objects.select_related("event__partner").get(pk=slot.pk)
    structure = Structure.objects.get(pk=structure.pk)
    error = refusal(slot, structure, now=now)
    if error is not None:
        raise error
    if user.structure_id != structure.pk:
        raise BookingError("Votre compte n'est pas rattaché à cette structure.", field="structure")

    persons = check_participants(participants, structure)
    count = len(participants)
    _refuse_count(slot, count)  # checked again on the seats themselves by _take_seats
    refuse_persons_already_booked(slot, participants)
    refuse_persons_waiting(slot, participants, exclude_entry=waiting_entry)
    _take_seats(slot, count)
    # Again under the slot's row lock, which every booking and cancellation of the slot
    # takes: a person booked (or freed) meanwhile is seen here, so the unique constraint
    # below only backs this check up.
    refuse_persons_already_booked(slot, participants)

    booking = _create_booking(slot, structure, user, count, form_token, now)
    _create_participants(booking, participants, persons)
    action = BookingLogEntry.Action
    BookingLogEntry.objects.create(
        booking=booking,
        action=action.BOOKED if waiting_entry is None else action.BOOKED_FROM_WAITING_LIST,
        actor=user,
        at=now,
        details={"invitations": count},
    )
    return booking


def check_participants(participants, structure):
    """Validate the request's shape; return the persons it names, by id."""
    if len({p.key for p in participants}) != len(participants):
        raise BookingError("La liste des participants est incohérente : rechargez la page.")
    if not any(p.role == Participant.Role.BENEFICIARY for p in participants):
        raise BookingError("Ajoutez au moins une personne suivie avant d'enregistrer.")
    kinds = {
        Participant.Role.BENEFICIARY: Person.Kind.BENEFICIARY,
        Participant.Role.COMPANION: Person.Kind.COMPANION,
    }
    ids = [p.person_id for p in participants if p.person_id is not None]
    persons = Person.objects.for_structure(structure).named().filter(pk__in=ids).in_bulk()
    beneficiaries = {p.key for p in participants if p.role == Participant.Role.BENEFICIARY}
    seen_ids, seen_names = set(), set()
    for p in participants:
        if p.role in kinds:
            person = persons.get(p.person_id)
            if person is None or person.kind != kinds[p.role]:
                raise BookingError(UNKNOWN_PERSON, key=p.key)
            if person.pk in seen_ids:
                raise BookingError(in_list_message(person.full_name), key=p.key)
            seen_ids.add(person.pk)
            seen_names.add(normalize(person.full_name))
    for p in participants:
        if p.role == Participant.Role.GUEST:
            _check_guest(p, beneficiaries, seen_names)
        elif p.role not in kinds:
            raise BookingError("Rôle de participant inconnu.", key=p.key)
    return persons


def _check_guest(guest, beneficiaries, seen_names):
    if guest.host not in beneficiaries:
        raise BookingError(GUEST_NEEDS_HOST, key=guest.key)
    first_name, last_name = guest.first_name.strip(), guest.last_name.strip()
    if not first_name or not last_name:
        raise BookingError("Indiquez le prénom et le nom de chaque invité.", key=guest.key)
    if len(first_name) > NAME_MAX_LENGTH or len(last_name) > NAME_MAX_LENGTH:
        raise BookingError(GUEST_NAME_TOO_LONG, key=guest.key)
    name = normalize(f"{first_name} {last_name}")
    if name in seen_names:
        raise BookingError(in_list_message(f"{first_name} {last_name}"), key=guest.key)
    seen_names.add(name)


def refuse_persons_already_booked(slot, participants):
    keys = {p.person_id: p.key for p in participants if p.person_id is not None}
    taken = Participant.objects.already_booked(slot, keys)
    if taken is not None:
        raise BookingError(taken.already_booked_message, key=keys[taken.person_id])


def refuse_persons_waiting(slot, participants, *, exclude_entry=None):
    keys = {p.person_id: p.key for p in participants if p.person_id is not None}
    waiting = WaitingParticipant.objects.already_waiting(slot, keys, exclude_entry=exclude_entry)
    if waiting is not None:
        raise BookingError(waiting.already_waiting_message, key=keys[waiting.person_id])


def _refuse_count(slot, count):
    """Turn the slot's refusal of `count` invitations into a BookingError."""
    try:
        slot.check_count(count)
    except ValidationError as error:
        raise BookingError(error.message, remaining=slot.invitations_left) from None


def _take_seats(slot, count):
    """Take `count` seats in one conditional UPDATE: the database refuses to oversell."""
    taken = Slot.objects.filter(
        pk=slot.pk, invitations_booked__lte=F("invitations_offered") - count
    ).update(invitations_booked=F("invitations_booked") + count)
    if not taken:
        slot.refresh_from_db(fields=["invitations_offered", "invitations_booked"])
        _refuse_count(slot, count)
        raise BookingError("Ce créneau vient de changer : réessayez.")  # seats freed meanwhile


def _create_booking(slot, structure, user, count, form_token, now):
    """Insert the booking; a rare clash of random references is retried in a savepoint."""
    for _attempt in range(5):
        reference = new_reference()
        try:
            with transaction.atomic():
                return Booking.objects.create(
                    reference=reference,
                    slot=slot,
                    structure=structure,
                    booked_by=user,
                    invitations=count,
                    form_token=form_token,
                    created_at=now,
                )
        except IntegrityError:
            if not Booking.objects.filter(reference=reference).exists():
                raise  # not the reference: e.g. the same form token, handled by book()
    raise IntegrityError("No free booking reference after 5 attempts.")


def names(request, person):
    """The names a participant keeps: the person's, or the guest's as typed."""
    if person is not None:
        return person.first_name, person.last_name
    return request.first_name.strip(), request.last_name.strip()


def _create_participants(booking, participants, persons):
    """Each beneficiary followed by their guests, then the companions (display order)."""
    created = {}

    def create(p, invited_by=None):
        person = persons.get(p.person_id)
        first_name, last_name = names(p, person)
        created[p.key] = Participant.objects.create(
            booking=booking,
            slot_id=booking.slot_id,
            role=p.role,
            person=person,
            first_name=first_name,
            last_name=last_name,
            companion_type=person.companion_type if person else "",
            invited_by=invited_by,
        )

    for p in participants:
        if p.role == Participant.Role.BENEFICIARY:
            create(p)
            for guest in participants:
                if guest.role == Participant.Role.GUEST and guest.host == p.key:
                    create(guest, invited_by=created[p.key])
    for p in participants:
        if p.role == Participant.Role.COMPANION:
            create(p)

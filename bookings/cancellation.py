"""Cancellation workflow: the one place where a booking's invitations go back on the slot,
and from there to the slot's waiting list (bookings.waiting.fill), in the same transaction.
"""

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from bookings import waiting
from bookings.emails import Kind, queue_booking_email
from bookings.models import Booking, BookingLogEntry, delete_voucher_files
from events.models import Slot

logger = logging.getLogger(__name__)

ALREADY_CANCELLED = "Cette réservation est déjà annulée."
EXPIRED = (
    "Le délai d'annulation est expiré : la liste des personnes invitées a déjà été "
    "transmise au partenaire."
)
NOT_YOURS = "Cette réservation n'est pas celle de votre structure : vous ne pouvez pas l'annuler."
CONFIRMED = (
    "Votre annulation est confirmée. Les invitations sont remises en ligne et peuvent être "
    "réservées de nouveau par les relais sociaux."
)


class CancellationError(Exception):
    """A refused cancellation, with the French message the worker reads.

    `code` says why: "cancelled" (already cancelled), "expired" (after the cutoff or once
    the guest list was sent) or "structure" (the user is not one of its workers).
    """

    def __init__(self, message, *, code):
        super().__init__(message)
        self.message = message
        self.code = code


def cancellation_refusal(booking, *, now=None):
    """The CancellationError cancelling `booking` would raise now, or None if it may be.

    Reads `booking.slot` as loaded: pages use it to offer "Annuler" or not; cancel()
    asks again on the locked rows, so a stale page never decides.
    """
    now = now or timezone.now()
    if booking.status == Booking.Status.CANCELLED:
        return CancellationError(ALREADY_CANCELLED, code="cancelled")
    if not booking.slot.takes_cancellations(now):
        return CancellationError(EXPIRED, code="expired")
    return None


def cancel(booking, *, by, on_behalf=False, now=None, notify=True):
    """Cancel `booking` as `by`; `on_behalf=True` when the association's staff does it.

    In one transaction it enforces DESIGN.md rule 4:

    - the booking row is locked and re-read, so two cancels at once release the
      invitations once: the second one waits, then finds it cancelled (ALREADY_CANCELLED);
    - the slot row is locked and re-read, so a cancellation and the sending of the guest
      list (which locks the slot too) never overlap: the cancel either comes first (the
      list leaves without these persons) or sees `guest_list_sent_at` and is refused;
    - refused (EXPIRED) once now >= `slot.closes_at` or the guest list was sent, whatever
      the page showed;
    - unless `on_behalf`, `by` must be a worker of the booking's structure.

    Then the booking is marked cancelled with who and when, its participants become
    inactive (they may be booked again on this slot), the slot's `invitations_booked`
    goes down by the booking's invitations in one conditional UPDATE (never below 0), and
    the history records "cancelled" or "cancelled_by_staff". Its counter-mark is no longer
    offered (the stored file is deleted once committed). The e-mail to the worker who
    booked is queued in the same transaction, unless `notify` is False. Then, still under
    the slot's lock, the invitations freed are booked for the earliest waiting entries
    that fit (bookings.waiting.fill). Everything is dated `now` (default: the current time).

    Returns the cancelled booking; raises CancellationError, changing nothing, if refused.
    """
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        booking.slot = Slot.objects.select_for_update().get(pk=booking.slot_id)
        now = now or timezone.now()
        error = cancellation_refusal(booking, now=now)
        if error is None and not on_behalf and by.structure_id != booking.structure_id:
            error = CancellationError(NOT_YOURS, code="structure")
        if error is not None:
            raise error

        voucher_name = booking.voucher.name
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.cancelled_by = by
        booking.voucher = ""
        booking.save(update_fields=["status", "cancelled_at", "cancelled_by", "voucher"])
        booking.participants.update(is_active=False)
        _release_seats(booking.slot, booking)
        action = BookingLogEntry.Action
        BookingLogEntry.objects.create(
            booking=booking,
            action=action.CANCELLED_BY_STAFF if on_behalf else action.CANCELLED,
            actor=by,
            at=now,
            details={"invitations": booking.invitations},
        )
        _follow_up(booking, voucher_name, notify)
        # The invitations freed go to the waiting list first, under the same lock.
        waiting.fill(booking.slot, now=now)
    return booking


def _release_seats(slot, booking):
    """Give the booking's invitations back in one conditional UPDATE, never below 0."""
    released = Slot.objects.filter(pk=slot.pk, invitations_booked__gte=booking.invitations).update(
        invitations_booked=F("invitations_booked") - booking.invitations
    )
    if not released:
        # The counter was already lower than this booking: never below 0, and say so.
        logger.error(
            "Slot %s counted fewer invitations than booking %s releases", slot.pk, booking.pk
        )
        Slot.objects.filter(pk=slot.pk).update(invitations_booked=0)


def _follow_up(booking, voucher_name, notify):
    """The cancellation notice (queued now) and the stored counter-mark (deleted once
    committed)."""
    if notify:  # queued in the transaction: owed exactly when the cancellation commits
        queue_booking_email(Kind.BOOKING_CANCELLATION, booking)
    delete_voucher_files([voucher_name])

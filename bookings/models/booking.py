"""Bookings, their references and their append-only history."""

import re
import secrets

from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from structures.models import LogEntry

# No look-alike characters: no 0/O, 1/I/L, so a reference read over the phone is unambiguous.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_PREFIX = "CDC-"
REFERENCE_LENGTH = 6
# Any capital or digit, not only today's alphabet: references made before a change of
# alphabet must stay reachable.
REFERENCE_PATTERN = re.escape(REFERENCE_PREFIX) + f"[0-9A-Z]{{{REFERENCE_LENGTH}}}"


def new_reference():
    return REFERENCE_PREFIX + "".join(
        secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH)
    )


def typed_reference(text):
    """The booking reference `text` is, as typed (" cdc-7kq2mz "), or None."""
    text = text.strip().upper()
    return text if re.fullmatch(REFERENCE_PATTERN, text) else None


def reference_in(text):
    """The booking reference found in what was typed or scanned: a reference in any case,
    its six characters alone, or a counter-mark's QR code link; None when there is none."""
    text = text.strip().upper()
    if re.fullmatch(f"[0-9A-Z]{{{REFERENCE_LENGTH}}}", text):
        return REFERENCE_PREFIX + text
    found = re.search(f"(?<![0-9A-Z]){REFERENCE_PATTERN}(?![0-9A-Z])", text)
    return found.group() if found else None


def delete_voucher_files(names):
    """Delete these stored counter-marks once the current transaction commits."""
    names = [name for name in names if name]

    def delete_stored_vouchers():
        # A named function: Django logs a robust callback's failure with its __qualname__.
        storage = Booking._meta.get_field("voucher").storage
        for name in names:
            storage.delete(name)

    if names:
        transaction.on_commit(delete_stored_vouchers, robust=True)


class BookingQuerySet(models.QuerySet):
    def for_structure(self, structure):
        return self.filter(structure=structure)

    def for_departments(self, departments):
        return self.filter(slot__event__department__in=departments)

    def confirmed(self):
        return self.filter(status=Booking.Status.CONFIRMED)

    def upcoming(self):
        return self.filter(slot__starts_at__gt=timezone.now())

    def past(self):
        return self.filter(slot__starts_at__lte=timezone.now())

    def to_validate(self):
        """Confirmed bookings whose event took place and whose attendance is not recorded."""
        return self.confirmed().past().filter(attendance_recorded_at__isnull=True)

    def attendance_recorded(self):
        """Confirmed bookings whose attendance is recorded, with their head counts.

        Past ones only, as attendance is recorded after the outing: said to the database,
        a list of the latest outings starts its walk at today, not at next year's dates.
        """
        return (
            self.confirmed()
            .past()
            .filter(attendance_recorded_at__isnull=False)
            .with_participant_count()
            .annotate(present_count=self._count_participants(attended=True))
        )

    def with_participant_count(self):
        return self.annotate(participant_count=self._count_participants())

    def with_checked_in_count(self):
        """How many of its participants the venue ticked as arrived (vouchers.checkin)."""
        return self.annotate(checked_in_count=self._count_participants(checked_in_at__isnull=False))

    def _count_participants(self, **conditions):
        """A booking's participants (matching `conditions`), counted by a correlated
        subquery: a page of 20 bookings counts for those 20, not for all before sorting."""
        counted = (
            self._participants()
            .filter(booking=OuterRef("pk"), **conditions)
            .order_by()
            .values("booking")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return Coalesce(Subquery(counted), 0)

    def with_participant_named(self, words):
        """Bookings with one participant (any role, even cancelled) matching every word of
        `words` (normalised: see structures.text), through EXISTS rather than a join: a
        booking is listed once, and the trigram index on `search_name` serves the match."""
        matching = self._participants().filter(booking=OuterRef("pk"))
        for word in words:
            matching = matching.filter(search_name__contains=word)
        return self.filter(Exists(matching))

    def _participants(self):
        # The Participant model, which imports this module.
        return self.model._meta.get_field("participants").related_model.objects

    def forget_vouchers(self):
        """Forget the stored counter-marks of these bookings (their names changed): the
        files go once committed; the next download renders afresh."""
        stored = self.exclude(voucher="")
        names = list(stored.values_list("voucher", flat=True))
        stored.update(voucher="")
        delete_voucher_files(names)

    def with_details(self):
        """With everything a counter-mark, a recap or an e-mail shows, in two queries."""
        return self.select_related(
            "slot__event__venue", "slot__event__department", "structure", "booked_by"
        ).prefetch_related("participants")


class Booking(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmée"
        CANCELLED = "cancelled", "Annulée"

    reference = models.CharField("référence", max_length=12, unique=True, default=new_reference)
    slot = models.ForeignKey(
        "events.Slot", on_delete=models.PROTECT, related_name="bookings", verbose_name="créneau"
    )
    structure = models.ForeignKey(
        "structures.Structure",
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name="structure",
    )
    status = models.CharField("statut", max_length=12, choices=Status, default=Status.CONFIRMED)
    invitations = models.PositiveSmallIntegerField("invitations", default=0)
    booked_by = models.ForeignKey(
        "structures.User",
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name="réservée par",
    )
    created_at = models.DateTimeField("réservée le", default=timezone.now)
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True)
    cancelled_by = models.ForeignKey(
        "structures.User",
        on_delete=models.PROTECT,
        related_name="cancelled_bookings",
        null=True,
        blank=True,
        verbose_name="annulée par",
    )
    # The booking form's one-time token: a double submit finds the booking it made.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    attendance_recorded_at = models.DateTimeField("présences saisies le", null=True, blank=True)
    voucher = models.FileField("contremarque", upload_to="vouchers/%Y/%m/", blank=True)
    # When the reminders (bookings.reminders) were owed: each goes once per booking.
    cutoff_reminder_at = models.DateTimeField("rappel avant la clôture", null=True, blank=True)
    outing_reminder_at = models.DateTimeField("rappel la veille", null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = "réservation"
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["structure", "status", "-created_at"], name="booking_struct_status_idx"
            ),
            models.Index(fields=["slot", "status"], name="booking_slot_status_idx"),
            # "Dernières réservations" and "Toutes les réservations": newest first.
            models.Index(fields=["structure", "-created_at"], name="booking_struct_created_idx"),
            # The admin's list, newest first.
            models.Index(fields=["-created_at", "-id"], name="booking_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(invitations__gt=0),
                name="booking_invitations_positive",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="cancelled", cancelled_at__isnull=False)
                    | Q(status="confirmed", cancelled_at__isnull=True)
                ),
                name="booking_cancelled_has_date",
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("bookings:detail", args=[self.reference])

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self):
        return self.slot.starts_at <= timezone.now()

    @property
    def cancellation_closed(self):
        """Confirmed and to come, but past the cutoff (or its guest list left): the lists
        say "annulation close" (bookings.cancellation refuses it)."""
        return not self.is_cancelled and not self.is_past and not self.slot.takes_cancellations()

    @property
    def cancelled_by_team(self):
        """Cancelled by the association's staff rather than by the structure's workers."""
        return self.cancelled_by is not None and self.cancelled_by.structure_id != self.structure_id

    @property
    def display_status(self):
        if self.is_cancelled:
            return "annulée"
        return "passée" if self.is_past else "confirmée"


class OfBookingQuerySet(models.QuerySet):
    """Rows that belong to a booking: scoped by the département of the booking's event."""

    def for_departments(self, departments):
        return self.filter(booking__slot__event__department__in=departments)


class BookingLogEntry(LogEntry):
    """Append-only history of what happened to a booking: who, what, when."""

    class Action(models.TextChoices):
        BOOKED = "booked", "Réservation"
        BOOKED_FROM_WAITING_LIST = "booked_waiting", "Réservation depuis la liste d'attente"
        CANCELLED = "cancelled", "Annulation"
        CANCELLED_BY_STAFF = "cancelled_by_staff", "Annulation par l'équipe"
        ATTENDANCE = "attendance", "Présences saisies"
        VOUCHER = "voucher", "Contremarque téléchargée"
        CHECKED_IN = "checked_in", "Arrivée pointée par le lieu"
        CHECK_IN_UNDONE = "check_in_undone", "Pointage annulé par le lieu"

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="log_entries", verbose_name="réservation"
    )
    action = models.CharField("action", max_length=30, choices=Action)

    objects = OfBookingQuerySet.as_manager()

    class Meta(LogEntry.Meta):
        verbose_name = "historique"
        verbose_name_plural = "historique"
        # The admin's history, newest first.
        indexes = [models.Index(fields=["-at", "-id"], name="bookinglog_at_idx")]

    def __str__(self):
        return f"{self.get_action_display()} – {self.booking}"

    @property
    def by_venue(self):
        """Done at the venue's desk, through the check-in link (no account)."""
        return self.action in (self.Action.CHECKED_IN, self.Action.CHECK_IN_UNDONE)

    @property
    def by_team(self):
        """Done by the association's staff rather than by the structure's workers."""
        return self.actor is not None and self.actor.structure_id != self.booking.structure_id

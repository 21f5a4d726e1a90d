"""Slots: the dates of an event, with their invitations and their cutoff (the booking rules)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from structures.dates import french_datetime
from structures.text import plural

# How long an outing with neither an end nor a duration is taken to last (its calendar
# entry, when its counter-mark stops being valid).
OUTING_HOURS_WITHOUT_END = 2


def outing_label(title, starts_at):
    """'Cyrano de Bergerac, samedi 12 décembre 2026 à 20 h 30', on one line (an e-mail's
    subject, what an e-mail is about)."""
    return f"{' '.join(title.split())}, {french_datetime(starts_at)}"


def open_condition(now=None, path=""):
    """The SQL form of Slot.is_open(): the cutoff is still ahead; `path` leads to the slot."""
    return Q(**{f"{path}closes_at__gt": now or timezone.now()})


class SlotQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(starts_at__gt=timezone.now())

    def open(self, now=None):
        """Slots before their cutoff: bookings and cancellations accepted (Slot.is_open)."""
        return self.filter(open_condition(now))

    def closed(self, now=None):
        """Slots past their cutoff: their guest list leaves for the partner."""
        return self.exclude(open_condition(now))

    def guest_list_failed(self):
        """Slots whose guest list could not leave and has not left since."""
        return self.filter(guest_list_sent_at__isnull=True, guest_list_failed_at__isnull=False)

    def with_seats(self):
        return self.filter(invitations_booked__lt=F("invitations_offered"))

    def for_departments(self, departments):
        return self.filter(event__department__in=departments)


class Slot(models.Model):
    """One date of an event, with its invitations and its cutoff."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="slots", verbose_name="événement"
    )
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin", null=True, blank=True)
    invitations_offered = models.PositiveIntegerField(
        "invitations offertes", validators=[MinValueValidator(1)]
    )
    # Kept exact by bookings.services: never written from a form.
    invitations_booked = models.PositiveIntegerField(
        "invitations réservées", default=0, editable=False
    )
    max_per_booking = models.PositiveSmallIntegerField(
        "invitations maximum par réservation", default=4, validators=[MinValueValidator(1)]
    )
    closes_at = models.DateTimeField(
        "clôture des réservations",
        blank=True,
        help_text="Par défaut, le délai de clôture du département avant le début.",
    )
    # The list's e-mail is queued at the cutoff (once), then leaves (vouchers.services).
    guest_list_queued_at = models.DateTimeField("liste confiée à l'envoi le", null=True, blank=True)
    guest_list_sent_at = models.DateTimeField("liste envoyée le", null=True, blank=True)
    # A failed sending (after its retries) is recorded, shown on the admin home and not
    # queued again by the job: staff fix the cause (e.g. the partner's e-mail) and send it
    # again from the admin.
    guest_list_failed_at = models.DateTimeField("échec d'envoi le", null=True, blank=True)
    guest_list_error = models.CharField("motif de l'échec", max_length=255, blank=True)

    objects = SlotQuerySet.as_manager()

    class Meta:
        verbose_name = "créneau"
        verbose_name_plural = "créneaux"
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["event", "starts_at"], name="slot_event_start_idx"),
            models.Index(fields=["closes_at", "guest_list_sent_at"], name="slot_cutoff_idx"),
            models.Index(fields=["starts_at"], name="slot_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(invitations_offered__gt=0),
                name="slot_offered_positive",
                violation_error_message="Le nombre d'invitations doit être d'au moins 1.",
            ),
            models.CheckConstraint(
                condition=Q(invitations_booked__gte=0)
                & Q(invitations_booked__lte=F("invitations_offered")),
                name="slot_booked_within_offered",
                violation_error_message=(
                    "Le nombre d'invitations ne peut pas être inférieur "
                    "aux invitations déjà réservées."
                ),
            ),
            models.CheckConstraint(
                condition=Q(max_per_booking__gt=0),
                name="slot_max_per_booking_positive",
                violation_error_message="Le maximum par réservation doit être d'au moins 1.",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__lte=F("starts_at")),
                name="slot_closes_before_start",
                violation_error_message="La clôture doit précéder le début du créneau.",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="slot_ends_after_start",
                violation_error_message="La fin doit être postérieure au début.",
            ),
        ]

    def __str__(self):
        return f"{self.event} – {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"

    def save(self, *args, **kwargs):
        if self.closes_at is None and self.starts_at:
            self.closes_at = self.default_closes_at()
        super().save(*args, **kwargs)

    def default_closes_at(self):
        if self.event_id:
            return self.starts_at - timedelta(hours=self.event.department.cutoff_hours)
        return self.starts_at - timedelta(hours=settings.DEFAULT_CUTOFF_HOURS)

    def clean(self):
        super().clean()
        if self.starts_at and self.closes_at is None:
            self.closes_at = self.default_closes_at()
        if self.invitations_offered is not None and (
            self.invitations_offered < self.invitations_booked
        ):
            raise ValidationError(
                {
                    "invitations_offered": (
                        f"{self.invitations_booked} invitations sont déjà réservées : "
                        "l'offre ne peut pas descendre en dessous."
                    )
                }
            )

    @property
    def label(self):
        """The event's title and the slot's date, on one line (outing_label)."""
        return outing_label(self.event.title, self.starts_at)

    @property
    def outing_ends_at(self):
        """When the outing is over: its end, else its start plus the event's duration,
        else OUTING_HOURS_WITHOUT_END after its start."""
        if self.ends_at:
            return self.ends_at
        minutes = self.event.duration_minutes
        return self.starts_at + (
            timedelta(minutes=minutes) if minutes else timedelta(hours=OUTING_HOURS_WITHOUT_END)
        )

    @property
    def invitations_left(self):
        return max(self.invitations_offered - self.invitations_booked, 0)

    @property
    def is_full(self):
        return self.invitations_left == 0

    @property
    def guest_list_sending(self):
        """Its list's e-mail is queued and has neither left nor failed yet."""
        queued = self.guest_list_queued_at
        return (
            queued is not None
            and self.guest_list_failed_at is None
            and (self.guest_list_sent_at is None or self.guest_list_sent_at < queued)
        )

    def is_open(self, now=None):
        """Before the cutoff: bookings and cancellations are accepted (SQL: open_condition)."""
        return (now or timezone.now()) < self.closes_at

    def takes_cancellations(self, now=None):
        """Before the cutoff and before the guest list left: a booking may still be cancelled."""
        return self.is_open(now) and self.guest_list_sent_at is None

    def booking_refusal(self, now=None):
        """Why nobody may book this slot now, in French, or None (seats aside).

        The cutoff (which also means the slot has not started) and the event offered.
        """
        now = now or timezone.now()
        if now >= self.starts_at:
            return "Ce créneau a déjà commencé : il n'est plus possible de réserver."
        if not self.is_open(now):
            return (
                "Les réservations de ce créneau sont closes depuis le "
                f"{french_datetime(self.closes_at)}."
            )
        if not self.event.is_bookable:
            return "Cet événement n'est plus proposé à la réservation."
        return None

    def check_count(self, count):
        """Refuse a booking of `count` invitations: over the maximum, or over what remains."""
        self.check_max(count)
        self.check_room(count)

    def check_max(self, count):
        """Refuse a list of `count` participants over the maximum per booking (a list that
        only lacks room may still wait on the waiting list)."""
        if count > self.max_per_booking:
            raise ValidationError(
                f"Une réservation compte au plus {plural(self.max_per_booking, 'invitation')} "
                f"pour ce créneau : retirez {plural(count - self.max_per_booking, 'participant')}.",
                code="max_per_booking",
            )

    def check_room(self, count):
        """Refuse a booking of `count` invitations over what remains."""
        if count > self.invitations_left:
            left = self.invitations_left
            remaining = f"il en reste {left}" if left else "il n'en reste aucune"
            raise ValidationError(
                f"Il n'y a plus assez d'invitations pour cette réservation : {remaining} sur ce "
                "créneau. Retirez des participants, choisissez un autre créneau, ou inscrivez "
                "la liste sur la liste d'attente.",
                code="no_room",
            )

import secrets
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone

from structures.text import normalize, of

# No look-alike characters: no 0/O, 1/I/L, so a reference read over the phone is unambiguous.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_PREFIX = "CDC-"
REFERENCE_LENGTH = 6


def new_reference():
    return REFERENCE_PREFIX + "".join(
        secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH)
    )


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
        """Confirmed bookings whose attendance is recorded, with their head counts."""
        return (
            self.confirmed()
            .filter(attendance_recorded_at__isnull=False)
            .annotate(
                participant_count=models.Count("participants"),
                present_count=models.Count("participants", filter=Q(participants__attended=True)),
            )
        )

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
    def cancelled_by_team(self):
        """Cancelled by the association's staff rather than by the structure's workers."""
        return self.cancelled_by is not None and self.cancelled_by.structure_id != self.structure_id

    @property
    def display_status(self):
        if self.is_cancelled:
            return "annulée"
        return "passée" if self.is_past else "confirmée"


class ParticipantQuerySet(models.QuerySet):
    def for_departments(self, departments):
        return self.filter(slot__event__department__in=departments)

    def already_booked(self, slot, person_ids):
        """The first of these persons who holds an active invitation on `slot`, or None."""
        return (
            self.filter(slot=slot, is_active=True, person_id__in=person_ids).order_by("id").first()
        )


class Participant(models.Model):
    """One invitation of a booking: a followed person, one of their guests, or a companion."""

    class Role(models.TextChoices):
        BENEFICIARY = "beneficiary", "Personne suivie"
        GUEST = "guest", "Invité"
        COMPANION = "companion", "Accompagnateur"

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="participants", verbose_name="réservation"
    )
    # Copied from the booking so the database can refuse a person twice on a slot.
    slot = models.ForeignKey(
        "events.Slot", on_delete=models.PROTECT, related_name="participants", editable=False
    )
    is_active = models.BooleanField("active", default=True, editable=False)
    role = models.CharField("rôle", max_length=12, choices=Role)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        related_name="participations",
        null=True,
        blank=True,
        verbose_name="personne",
    )
    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    search_name = models.CharField(max_length=201, editable=False, default="")
    invited_by = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        related_name="guests",
        null=True,
        blank=True,
        verbose_name="invité par",
    )
    attended = models.BooleanField("présent", null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = "participant"
        ordering = ["id"]
        indexes = [
            models.Index(fields=["booking", "role"], name="participant_booking_role_idx"),
            models.Index(fields=["search_name"], name="participant_search_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["booking", "person"],
                name="participant_person_once_per_booking",
                violation_error_message="Cette personne figure déjà dans la réservation.",
            ),
            models.UniqueConstraint(
                fields=["slot", "person"],
                condition=Q(is_active=True),
                name="participant_person_once_per_slot",
                violation_error_message="Cette personne a déjà une invitation pour ce créneau.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(role="guest", invited_by__isnull=False)
                    | (~Q(role="guest") & Q(invited_by__isnull=True))
                ),
                name="participant_guest_has_host",
                violation_error_message="Un invité doit être rattaché à une personne suivie.",
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = normalize(f"{self.first_name} {self.last_name}")
        if self.booking_id and not self.slot_id:
            self.slot_id = self.booking.slot_id
        super().save(*args, **kwargs)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def already_booked_message(self):
        """What a worker reads when this participant's person is booked again on the slot."""
        return f"{self.full_name} a déjà une invitation pour ce créneau."


class Line(NamedTuple):
    """A participant as a list shows them: "Invité de Fatima Benali"."""

    participant: Participant
    role: str
    is_guest: bool = False


def participant_lines(participants):
    """Participants in reading order: each beneficiary then their guests, then companions."""
    participants = list(participants)
    lines = []
    for host in participants:
        if host.role == Participant.Role.BENEFICIARY:
            lines.append(Line(host, host.get_role_display()))
            lines.extend(
                Line(guest, f"{guest.get_role_display()} {of(host.full_name)}", is_guest=True)
                for guest in participants
                if guest.invited_by_id == host.pk
            )
    lines.extend(
        Line(p, p.get_role_display()) for p in participants if p.role == Participant.Role.COMPANION
    )
    return lines


class OfBookingQuerySet(models.QuerySet):
    """Rows that belong to a booking: scoped by the département of the booking's event."""

    def for_departments(self, departments):
        return self.filter(booking__slot__event__department__in=departments)


class BookingLogEntry(models.Model):
    """Append-only history of what happened to a booking: who, what, when."""

    class Action(models.TextChoices):
        BOOKED = "booked", "Réservation"
        CANCELLED = "cancelled", "Annulation"
        CANCELLED_BY_STAFF = "cancelled_by_staff", "Annulation par l'équipe"
        ATTENDANCE = "attendance", "Présences saisies"
        VOUCHER = "voucher", "Contremarque téléchargée"

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="log_entries", verbose_name="réservation"
    )
    action = models.CharField("action", max_length=30, choices=Action)
    actor = models.ForeignKey(
        "structures.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="par",
    )
    at = models.DateTimeField("le", db_default=Now())
    details = models.JSONField("détails", default=dict, blank=True)

    objects = OfBookingQuerySet.as_manager()

    class Meta:
        verbose_name = "historique"
        verbose_name_plural = "historique"
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_action_display()} – {self.booking}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("L'historique ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("L'historique ne se supprime pas.")

    @property
    def by_team(self):
        """Done by the association's staff rather than by the structure's workers."""
        return self.actor is not None and self.actor.structure_id != self.booking.structure_id


class Testimonial(models.Model):
    """What someone said after an outing, recorded by the worker, moderated by staff."""

    MAX_LENGTH = 1500

    class Status(models.TextChoices):
        PENDING = "pending", "À modérer"
        APPROVED = "approved", "Approuvé"
        REJECTED = "rejected", "Refusé"

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="testimonials", verbose_name="réservation"
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="testimonials",
        verbose_name="auteur",
    )
    text = models.TextField("témoignage", max_length=MAX_LENGTH)
    consent = models.BooleanField("accepte la publication", default=False)
    status = models.CharField("statut", max_length=10, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField("créé le", db_default=Now(), editable=False)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    moderated_at = models.DateTimeField("modéré le", null=True, blank=True)
    moderated_by = models.ForeignKey(
        "structures.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="modéré par",
    )

    objects = OfBookingQuerySet.as_manager()

    class Meta:
        verbose_name = "témoignage"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"], name="testimonial_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | Q(moderated_at__isnull=False),
                name="testimonial_moderated_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.author_label} – {self.booking}"

    @property
    def author_label(self):
        """Role and first-name initial only: "Personne suivie (M.)"."""
        initial = (self.participant.first_name[:1] or "?").upper()
        return f"{self.participant.get_role_display()} ({initial}.)"

    @property
    def is_editable(self):
        return self.status == self.Status.PENDING

    @classmethod
    def check_text(cls, text):
        """Refuse a testimonial longer than MAX_LENGTH characters (line breaks count one)."""
        if len(text) > cls.MAX_LENGTH:
            raise ValidationError(
                f"Le témoignage compte {len(text)} caractères : {cls.MAX_LENGTH} au maximum. "
                "Raccourcissez-le.",
                code="max_length",
            )

"""Participants: one invitation each, and the order lists show them in."""

from typing import NamedTuple

from django.db import models
from django.db.models import Q

from people.models import Person, with_companion_type
from structures.text import normalize, of

from .booking import Booking

NAME_MAX_LENGTH = 100
GUEST_NEEDS_HOST = "Un invité doit être rattaché à une personne suivie de la réservation."
GUEST_NAME_TOO_LONG = (
    f"Le prénom et le nom d'un invité comptent au plus {NAME_MAX_LENGTH} caractères."
)


def in_list_message(name):
    """What a worker reads when adding someone twice to the same booking."""
    return f"{name} figure déjà dans la liste."


class ParticipantQuerySet(models.QuerySet):
    def for_departments(self, departments):
        return self.filter(slot__event__department__in=departments)

    def booked_on(self, slot, person_ids):
        """The active invitations of these persons on `slot` (a person holds one at most)."""
        return self.filter(slot=slot, is_active=True, person_id__in=person_ids)

    def checked_in(self):
        """Participants the venue ticked as arrived (vouchers.checkin)."""
        return self.filter(checked_in_at__isnull=False)

    def already_booked(self, slot, person_ids):
        """The first of these persons who holds an active invitation on `slot`, or None."""
        return self.booked_on(slot, person_ids).order_by("id").first()


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
    first_name = models.CharField("prénom", max_length=NAME_MAX_LENGTH)
    last_name = models.CharField("nom", max_length=NAME_MAX_LENGTH)
    search_name = models.CharField(max_length=201, editable=False, default="")
    # A companion's kind as booked, printed on the counter-mark.
    companion_type = models.CharField(
        "type d'accompagnateur",
        max_length=20,
        choices=Person.CompanionType,
        blank=True,
        editable=False,
    )
    invited_by = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        related_name="guests",
        null=True,
        blank=True,
        verbose_name="invité par",
    )
    # The worker's word after the outing (what statistics count).
    attended = models.BooleanField("présent", null=True, blank=True)
    # The venue's tick at the door (vouchers.checkin): it pre-fills `attended`, no more.
    checked_in_at = models.DateTimeField(
        "arrivée pointée par le lieu le", null=True, blank=True, editable=False
    )

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
                violation_error_message=GUEST_NEEDS_HOST,
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
    def short_name(self):
        """First name and last-name initial, all that a public page shows: "Fatima B."."""
        initial = self.last_name.strip()[:1].upper()
        return f"{self.first_name} {initial}." if initial else self.first_name

    @property
    def role_label(self):
        """ "Accompagnateur (bénévole)", else the role."""
        return with_companion_type(self.get_role_display(), self.companion_type)

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
        Line(p, p.role_label) for p in participants if p.role == Participant.Role.COMPANION
    )
    return lines

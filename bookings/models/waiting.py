"""Waiting lists: a structure's list of participants waiting for a full slot, in order of
arrival, booked by bookings.waiting when invitations come back."""

from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from .booking import Booking
from .participant import NAME_MAX_LENGTH, Participant


class WaitingEntryQuerySet(models.QuerySet):
    def for_structure(self, structure):
        return self.filter(structure=structure)

    def for_departments(self, departments):
        return self.filter(slot__event__department__in=departments)

    def waiting(self):
        return self.filter(status=WaitingEntry.Status.WAITING)

    def in_order(self):
        """Order of arrival: entries are created under the slot's row lock, so their ids
        follow the order in which they joined."""
        return self.order_by("pk")

    def with_rank(self):
        """Annotate `rank`: 1 for the first entry still waiting on its slot."""
        ahead = (
            WaitingEntry.objects.waiting()
            .filter(slot=OuterRef("slot"), pk__lte=OuterRef("pk"))
            .order_by()
            .values("slot")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(rank=Subquery(ahead))


class WaitingEntry(models.Model):
    """A structure's participants waiting for invitations of a slot, as one group."""

    class Status(models.TextChoices):
        WAITING = "waiting", "En liste d'attente"
        BOOKED = "booked", "Réservée"
        LEFT = "left", "Retirée de la liste"
        EXPIRED = "expired", "Expirée à la clôture"
        REFUSED = "refused", "Réservation impossible"

    slot = models.ForeignKey(
        "events.Slot",
        on_delete=models.PROTECT,
        related_name="waiting_entries",
        verbose_name="créneau",
    )
    structure = models.ForeignKey(
        "structures.Structure",
        on_delete=models.PROTECT,
        related_name="waiting_entries",
        verbose_name="structure",
    )
    created_by = models.ForeignKey(
        "structures.User",
        on_delete=models.PROTECT,
        related_name="waiting_entries",
        verbose_name="inscrite par",
    )
    created_at = models.DateTimeField("inscrite le", default=timezone.now)
    invitations = models.PositiveSmallIntegerField("invitations")
    status = models.CharField("statut", max_length=10, choices=Status, default=Status.WAITING)
    ended_at = models.DateTimeField("terminée le", null=True, blank=True)
    ended_by = models.ForeignKey(
        "structures.User",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="retirée par",
    )
    # Why a booking could not be made from it (status REFUSED), as the worker reads it.
    end_reason = models.CharField("motif", max_length=255, blank=True)
    booking = models.OneToOneField(
        Booking,
        on_delete=models.PROTECT,
        related_name="waiting_entry",
        null=True,
        blank=True,
        verbose_name="réservation",
    )
    # The booking page's one-time token: a double click joins once.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = WaitingEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription sur liste d'attente"
        verbose_name_plural = "listes d'attente"
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["slot", "status"], name="waiting_slot_status_idx"),
            models.Index(fields=["structure", "status"], name="waiting_structure_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(invitations__gt=0), name="waiting_invitations_positive"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="waiting", ended_at__isnull=True)
                    | (~Q(status="waiting") & Q(ended_at__isnull=False))
                ),
                name="waiting_ended_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status="booked", booking__isnull=False)
                | (~Q(status="booked") & Q(booking__isnull=True)),
                name="waiting_booked_has_booking",
            ),
        ]

    def __str__(self):
        return f"{self.structure} – {self.slot}"

    @property
    def is_waiting(self):
        return self.status == self.Status.WAITING


class WaitingParticipantQuerySet(models.QuerySet):
    def waiting_on(self, slot, person_ids):
        """These persons' places on `slot`'s waiting list (a person holds one at most)."""
        return self.filter(
            entry__slot=slot, entry__status=WaitingEntry.Status.WAITING, person_id__in=person_ids
        )

    def already_waiting(self, slot, person_ids, *, exclude_entry=None):
        """The first of these persons waiting on `slot` (in an entry other than
        `exclude_entry`), or None."""
        waiting = self.waiting_on(slot, person_ids)
        if exclude_entry is not None:
            waiting = waiting.exclude(entry=exclude_entry)
        return waiting.order_by("pk").first()


class WaitingParticipant(models.Model):
    """One participant of a waiting entry: a person of the structure, or a guest of one.

    Kept only while the entry waits: an entry that ends (booked, left, expired) forgets
    them, the booking holding its own participants."""

    entry = models.ForeignKey(WaitingEntry, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField("rôle", max_length=12, choices=Participant.Role)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="waiting_participations",
        null=True,
        blank=True,
        verbose_name="personne",
    )
    first_name = models.CharField("prénom", max_length=NAME_MAX_LENGTH)
    last_name = models.CharField("nom", max_length=NAME_MAX_LENGTH)
    host = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        related_name="guests",
        null=True,
        blank=True,
        verbose_name="invité par",
    )

    objects = WaitingParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = "participant en attente"
        verbose_name_plural = "participants en attente"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "person"], name="waiting_person_once_per_entry"
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def already_waiting_message(self):
        """What a worker reads when this person is added again on the slot."""
        return (
            f"{self.full_name} est déjà sur la liste d'attente de ce créneau : pour la réserver "
            "autrement, retirez d'abord l'inscription (page « Réservations en cours »)."
        )

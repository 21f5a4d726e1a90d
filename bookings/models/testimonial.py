"""Testimonials: what someone said after an outing, moderated by staff."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now

from .booking import Booking, OfBookingQuerySet
from .participant import Participant


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
        indexes = [
            models.Index(fields=["status", "-created_at"], name="testimonial_status_idx"),
            # The admin's list, newest first.
            models.Index(fields=["-created_at", "-id"], name="testimonial_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | Q(moderated_at__isnull=False),
                name="testimonial_moderated_has_date",
            ),
            models.UniqueConstraint(
                fields=["participant"],
                name="testimonial_one_per_participant",
                violation_error_message="Ce participant a déjà un témoignage pour cette sortie.",
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

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now

from structures.text import normalize


class PersonQuerySet(models.QuerySet):
    def for_structure(self, structure):
        return self.filter(structure=structure)

    def for_departments(self, departments):
        return self.filter(structure__department__in=departments)

    def beneficiaries(self):
        return self.filter(kind=Person.Kind.BENEFICIARY)

    def companions(self):
        return self.filter(kind=Person.Kind.COMPANION)

    def search(self, text):
        """Accent- and case-insensitive search on first and last name."""
        for word in normalize(text).split()[:5]:
            self = self.filter(search_name__contains=word)
        return self


class Person(models.Model):
    """Someone a structure follows (beneficiary) or who accompanies outings (companion).

    Minimal data on purpose: names, and optionally a birth year and a phone. Nothing else.
    """

    class Kind(models.TextChoices):
        BENEFICIARY = "beneficiary", "Personne suivie"
        COMPANION = "companion", "Accompagnateur"

    class CompanionType(models.TextChoices):
        PROFESSIONAL = "professional", "Professionnel"
        VOLUNTEER = "volunteer", "Bénévole"

    structure = models.ForeignKey(
        "structures.Structure",
        on_delete=models.CASCADE,
        related_name="persons",
        verbose_name="structure",
    )
    kind = models.CharField("type", max_length=20, choices=Kind, default=Kind.BENEFICIARY)
    companion_type = models.CharField(
        "type d'accompagnateur", max_length=20, choices=CompanionType, blank=True
    )
    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    birth_year = models.PositiveSmallIntegerField(
        "année de naissance",
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    phone = models.CharField("téléphone", max_length=30, blank=True)
    search_name = models.CharField(max_length=201, editable=False, default="")
    created_at = models.DateTimeField("créée le", db_default=Now(), editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "personne"
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(
                fields=["structure", "kind", "search_name"], name="person_struct_name_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True)
                | Q(birth_year__gte=1900, birth_year__lte=2100),
                name="person_birth_year_range",
            ),
            models.CheckConstraint(
                condition=Q(kind="companion") | Q(companion_type=""),
                name="person_companion_type_only_for_companions",
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = normalize(f"{self.first_name} {self.last_name}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

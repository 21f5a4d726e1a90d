from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Lower, Now
from django.urls import reverse
from django.utils import timezone

from structures.models import LogEntry
from structures.text import normalize

NAME_MAX_LENGTH = 100
# What an anonymised person's names become: the bookings keep their counts, not the person.
ANONYMOUS_FIRST_NAME = "Personne"
ANONYMOUS_LAST_NAME = "anonymisée"
ANONYMOUS_SEARCH_NAME = normalize(f"{ANONYMOUS_FIRST_NAME} {ANONYMOUS_LAST_NAME}")


def with_companion_type(label, companion_type):
    """ "Accompagnateur (bénévole)": `label` and, when there is one, the companion's kind."""
    if not companion_type:
        return label
    return f"{label} ({Person.CompanionType(companion_type).label.lower()})"


class PersonQuerySet(models.QuerySet):
    def for_structure(self, structure):
        return self.filter(structure=structure)

    def for_departments(self, departments):
        return self.filter(structure__department__in=departments)

    def beneficiaries(self):
        return self.filter(kind=Person.Kind.BENEFICIARY)

    def companions(self):
        return self.filter(kind=Person.Kind.COMPANION)

    def named(self):
        """Persons who still have a name: not anonymised."""
        return self.filter(anonymised_at__isnull=True)

    def current(self):
        """Persons a worker can book for: neither archived nor anonymised."""
        return self.named().filter(archived_at__isnull=True)

    def anonymise(self, now=None):
        """Replace the names, drop the birth year and the phone, in one UPDATE."""
        return self.update(
            first_name=ANONYMOUS_FIRST_NAME,
            last_name=ANONYMOUS_LAST_NAME,
            search_name=ANONYMOUS_SEARCH_NAME,
            first_key=normalize(ANONYMOUS_FIRST_NAME),
            last_key=normalize(ANONYMOUS_LAST_NAME),
            birth_year=None,
            phone="",
            anonymised_at=now or timezone.now(),
        )

    def search(self, text):
        """Accent- and case-insensitive search on first and last name, in any word order."""
        for word in normalize(text).split()[:5]:
            self = self.filter(search_name__contains=word)
        return self

    def likely_duplicates(self, first_name, last_name, birth_year=None):
        """The named persons whose names match these once accents, case and spaces are set
        aside (first and last name swapped too), and whose birth year does not differ."""
        first, last = normalize(first_name), normalize(last_name)
        same_names = Q(first_key=first, last_key=last) | Q(first_key=last, last_key=first)
        matches = self.named().filter(same_names)
        if birth_year is not None:
            matches = matches.filter(Q(birth_year__isnull=True) | Q(birth_year=birth_year))
        return matches

    def exact_duplicates(self, first_name, last_name, birth_year=None):
        """The named persons spelled exactly so (case aside) with the same birth year or none:
        the database refuses a second one (person_no_exact_duplicate)."""
        return self.named().filter(
            first_name__iexact=first_name.strip(),
            last_name__iexact=last_name.strip(),
            birth_year=birth_year,
        )


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
    first_name = models.CharField("prénom", max_length=NAME_MAX_LENGTH)
    last_name = models.CharField("nom", max_length=NAME_MAX_LENGTH)
    birth_year = models.PositiveSmallIntegerField(
        "année de naissance",
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    phone = models.CharField("téléphone", max_length=30, blank=True)
    search_name = models.CharField(max_length=201, editable=False, default="")
    # Normalised names (structures.text.normalize), to find a person entered twice.
    first_key = models.CharField(max_length=NAME_MAX_LENGTH, editable=False, default="")
    last_key = models.CharField(max_length=NAME_MAX_LENGTH, editable=False, default="")
    created_at = models.DateTimeField("créée le", db_default=Now(), editable=False)
    archived_at = models.DateTimeField("archivée le", null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField("anonymisée le", null=True, blank=True, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "personne"
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(
                fields=["structure", "kind", "search_name"], name="person_struct_name_idx"
            ),
            models.Index(
                fields=["structure", "last_key", "first_key"], name="person_struct_keys_idx"
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
            # The same spelling twice in a structure, with the same birth year or none, is
            # one person entered twice. Homonyms are told apart by their birth year.
            models.UniqueConstraint(
                "structure",
                "kind",
                Lower("last_name"),
                Lower("first_name"),
                Coalesce("birth_year", 0),
                condition=Q(anonymised_at__isnull=True),
                name="person_no_exact_duplicate",
                violation_error_message=(
                    "Cette personne existe déjà dans votre structure, avec le même nom."
                ),
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.first_name, self.last_name = self.first_name.strip(), self.last_name.strip()
        self.search_name = normalize(f"{self.first_name} {self.last_name}")
        self.first_key, self.last_key = normalize(self.first_name), normalize(self.last_name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "search_name",
                "first_key",
                "last_key",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("bookings:person", args=[self.pk])

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def is_archived(self):
        return self.archived_at is not None

    @property
    def is_anonymised(self):
        return self.anonymised_at is not None

    @property
    def kind_label(self):
        """ "Personne suivie", "Accompagnateur (bénévole)"."""
        return with_companion_type(self.get_kind_display(), self.companion_type)

    def archive(self, *, by):
        """Out of the booking search; the record and its history stay."""
        self.archived_at = timezone.now()
        self.save(update_fields=["archived_at"])
        self.log(PersonLogEntry.Action.ARCHIVED, by=by)

    def restore(self, *, by):
        self.archived_at = None
        self.save(update_fields=["archived_at"])
        self.log(PersonLogEntry.Action.RESTORED, by=by)

    def log(self, action, *, by, **details):
        return PersonLogEntry.objects.create(person=self, action=action, actor=by, details=details)

    def anonymise(self, now=None):
        """Replace the names, drop the birth year and the phone: only counts remain."""
        Person.objects.filter(pk=self.pk).anonymise(now)
        self.refresh_from_db()


class PersonLogQuerySet(models.QuerySet):
    def for_departments(self, departments):
        return self.filter(person__structure__department__in=departments)


class PersonLogEntry(LogEntry):
    """Append-only history of a person's record: who did what, when. It never holds a name
    or a value: only what changed (field names) and the ids involved."""

    class Action(models.TextChoices):
        CREATED = "created", "Création"
        CHANGED = "changed", "Modification"
        ARCHIVED = "archived", "Archivage"
        RESTORED = "restored", "Réactivation"
        MERGED = "merged", "Fusion de deux fiches"
        EXPORTED = "exported", "Export des données"
        ERASED = "erased", "Effacement à la demande"
        ANONYMISED = "anonymised", "Anonymisation (durée de conservation)"

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="log_entries", verbose_name="personne"
    )
    action = models.CharField("action", max_length=20, choices=Action)

    objects = PersonLogQuerySet.as_manager()

    class Meta(LogEntry.Meta):
        verbose_name = "historique d'une personne"
        verbose_name_plural = "historique des personnes"
        indexes = [
            models.Index(fields=["person", "at"], name="personlog_person_at_idx"),
            # The admin's history, newest first.
            models.Index(fields=["-at", "-id"], name="personlog_at_idx"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} – fiche n° {self.person_id}"

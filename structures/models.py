from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower, Now
from django.urls import reverse


def default_cutoff_hours():
    return settings.DEFAULT_CUTOFF_HOURS


class DepartmentQuerySet(models.QuerySet):
    def for_departments(self, departments):
        return self.filter(pk__in=departments)


class Department(models.Model):
    """A French département and the association's local team that runs it."""

    code = models.CharField("code INSEE", max_length=3, unique=True)
    name = models.CharField("nom", max_length=100)
    team_name = models.CharField("nom de l'équipe", max_length=150, blank=True)
    team_phone = models.CharField("téléphone de l'équipe", max_length=30, blank=True)
    team_email = models.EmailField("e-mail de l'équipe", blank=True)
    team_address = models.TextField("adresse de l'équipe", blank=True)
    is_active = models.BooleanField(
        "réseau actif",
        default=False,
        help_text="Le département a une équipe et propose des événements.",
    )
    cutoff_hours = models.PositiveSmallIntegerField(
        "délai de clôture par défaut (heures)",
        default=default_cutoff_hours,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 30)],
        help_text="Les réservations d'un créneau ferment ce nombre d'heures avant le début.",
    )
    notify_empty_guest_list = models.BooleanField(
        "prévenir le partenaire quand personne n'a réservé",
        default=True,
    )

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} – {self.name}"

    @property
    def team_label(self):
        return self.team_name or f"Équipe {self.name}"


class StructureQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_departments(self, departments):
        return self.filter(department__in=departments)


class Structure(models.Model):
    """A social-work structure ("relais social") whose workers book invitations."""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", "Association"
        CCAS = "ccas", "CCAS / CIAS"
        CHRS = "chrs", "CHRS / hébergement"
        SOCIAL_CENTRE = "centre_social", "Centre social"
        MECS = "protection_enfance", "Protection de l'enfance"
        HEALTH = "sante", "Établissement de santé"
        PUBLIC = "service_public", "Service public (département, mission locale…)"
        OTHER = "autre", "Autre"

    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=30, choices=Kind, default=Kind.ASSOCIATION)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="structures", verbose_name="département"
    )
    address = models.CharField("adresse", max_length=255, blank=True)
    postal_code = models.CharField("code postal", max_length=10, blank=True)
    city = models.CharField("ville", max_length=100, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("e-mail", blank=True)
    is_active = models.BooleanField(
        "adhésion valide",
        default=True,
        help_text="Décocher pour désactiver : ses travailleurs ne peuvent plus réserver.",
    )
    created_at = models.DateTimeField("créée le", db_default=Now(), editable=False)

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = "structure sociale"
        verbose_name_plural = "structures sociales"
        ordering = ["name"]
        indexes = [models.Index(fields=["department", "name"], name="structure_dept_name_idx")]

    def __str__(self):
        return self.name


class UserQuerySet(models.QuerySet):
    def for_departments(self, departments):
        """Workers of the départements' structures (staff accounts are managed elsewhere)."""
        return self.filter(structure__department__in=departments)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("L'adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        # E-mails are stored lower-case; "Relais@Demo.test" logs in too.
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A social worker of one structure, or a member of the association's staff."""

    email = models.EmailField("adresse e-mail", unique=True)
    first_name = models.CharField("prénom", max_length=100, blank=True)
    last_name = models.CharField("nom", max_length=100, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    structure = models.ForeignKey(
        Structure,
        on_delete=models.PROTECT,
        related_name="workers",
        null=True,
        blank=True,
        verbose_name="structure",
    )
    departments = models.ManyToManyField(
        Department,
        related_name="staff",
        blank=True,
        verbose_name="départements gérés",
        help_text="Pour l'équipe de l'association : les départements qu'elle gère.",
    )
    is_staff = models.BooleanField(
        "accès à l'administration",
        default=False,
        help_text="Membre de l'équipe de l'association.",
    )
    is_active = models.BooleanField("compte actif", default=True)
    date_joined = models.DateTimeField("inscrit le", db_default=Now(), editable=False)
    # When the account was last warned that it would be deactivated for lack of use.
    inactivity_warned_at = models.DateTimeField(
        "prévenu de l'inactivité le", null=True, blank=True, editable=False
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = "utilisateur"
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_ci_unique",
                violation_error_message="Un compte utilise déjà cette adresse e-mail.",
            ),
            models.CheckConstraint(
                condition=Q(is_staff=True) | Q(structure__isnull=False) | Q(is_active=False),
                name="user_worker_has_structure",
                violation_error_message=(
                    "Un travailleur social doit être rattaché à une structure."
                ),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email

    @property
    def is_worker(self):
        return self.structure_id is not None

    @property
    def home_department(self):
        """The département whose events the worker sees first."""
        if self.structure_id:
            return self.structure.department
        return self.departments.order_by("code").first()

    def get_absolute_url(self):
        return reverse("home")


class LogEntry(models.Model):
    """An append-only history line: who did what, when. Subclasses add what it is about
    and their `action` choices; a line is never changed nor deleted."""

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

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("L'historique ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("L'historique ne se supprime pas.")


class RateLimitHit(models.Model):
    """One request of a rate-limited action (structures.ratelimit), counted by a keyed hash
    of what it is limited by (an e-mail, an address), never the value itself."""

    scope = models.CharField("action", max_length=40)
    key = models.CharField("clé", max_length=64)
    at = models.DateTimeField("le")

    class Meta:
        verbose_name = "demande limitée"
        indexes = [
            models.Index(fields=["scope", "key", "at"], name="ratelimit_key_idx"),
            models.Index(fields=["at"], name="ratelimit_at_idx"),
        ]

    def __str__(self):
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M}"


class OutgoingEmailQuerySet(models.QuerySet):
    def for_departments(self, departments):
        return self.filter(department__in=departments)

    def failed(self):
        return self.filter(status=OutgoingEmail.Status.FAILED)


class OutgoingEmail(models.Model):
    """One e-mail the portal owes someone, from the change it reports until it has left.

    Written in the transaction of that change, with the task that sends it (structures.
    outbox): both are committed together or not at all. Its content is composed when it
    leaves, from what the database holds then; the row keeps what it is about, how it went
    and why it failed, never the message itself (no reset link is ever stored).
    """

    class Kind(models.TextChoices):
        BOOKING_CONFIRMATION = "booking_confirmation", "confirmation de réservation"
        BOOKING_CANCELLATION = "booking_cancellation", "avis d'annulation"
        GUEST_LIST = "guest_list", "liste d'invités au partenaire"
        GUEST_LIST_WARNING = "guest_list_warning", "alerte liste d'invités à l'équipe"
        ACCOUNT_INVITATION = "account_invitation", "invitation à créer son mot de passe"
        PASSWORD_RESET = "password_reset", "mot de passe oublié"
        ACCOUNT_INACTIVITY = "account_inactivity", "avertissement avant désactivation"
        WAITING_LIST_ENDED = "waiting_list_ended", "fin d'une inscription en liste d'attente"
        CUTOFF_REMINDER = "cutoff_reminder", "rappel avant la clôture"
        OUTING_REMINDER = "outing_reminder", "rappel la veille de la sortie"

    class Status(models.TextChoices):
        QUEUED = "queued", "en attente d'envoi"
        SENDING = "sending", "envoi en cours"
        SENT = "sent", "envoyé"
        FAILED = "failed", "en échec"
        DROPPED = "dropped", "sans objet"  # what it reported no longer holds

    kind = models.CharField("message", max_length=30, choices=Kind.choices)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.QUEUED)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="département",
    )
    # The account the message is about: the worker who booked, the account invited…
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="compte concerné",
    )
    # The booking or the slot it is about (its app knows which, by the kind).
    object_id = models.PositiveBigIntegerField("identifiant de l'objet", null=True, blank=True)
    about = models.CharField("objet", max_length=200, blank=True)
    recipients = models.CharField("destinataires", max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    created_at = models.DateTimeField("créé le", db_default=Now(), editable=False)
    next_attempt_at = models.DateTimeField("prochaine tentative", null=True, blank=True)
    claimed_at = models.DateTimeField("dernière tentative", null=True, blank=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)
    failed_at = models.DateTimeField("en échec depuis", null=True, blank=True)
    error = models.CharField("motif de l'échec", max_length=255, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = "envoi d'e-mail"
        verbose_name_plural = "envois d'e-mails"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "claimed_at"], name="email_status_idx"),
            models.Index(fields=["department", "status"], name="email_department_idx"),
            models.Index(fields=["user", "status"], name="email_user_idx"),
            models.Index(fields=["kind", "object_id"], name="email_object_idx"),
            models.Index(fields=["-created_at", "-id"], name="email_created_idx"),
        ]

    def __str__(self):
        label = self.get_kind_display()
        return f"{label[:1].upper()}{label[1:]} {self.about}".strip()

    @property
    def message_id(self):
        """The same Message-ID at every try: a mail client shows a resent copy once."""
        domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "localhost"
        return f"<envoi-{self.pk}@{domain}>"

from datetime import timedelta
from urllib.parse import quote_plus

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, F, Min, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, Now
from django.urls import reverse
from django.utils import timezone

from structures.dates import french_datetime
from structures.text import normalize, plural


class Genre(models.Model):
    name = models.CharField("nom", max_length=60, unique=True)
    slug = models.SlugField(unique=True)
    icon = models.CharField(
        "icône", max_length=8, blank=True, help_text="Un symbole affiché sans image."
    )

    class Meta:
        verbose_name = "genre"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Audience(models.Model):
    name = models.CharField("nom", max_length=60, unique=True)
    slug = models.SlugField(unique=True)

    class Meta:
        verbose_name = "type de public"
        verbose_name_plural = "types de public"
        ordering = ["name"]

    def __str__(self):
        return self.name


class PartnerQuerySet(models.QuerySet):
    def for_departments(self, departments):
        return self.filter(department__in=departments)


class Partner(models.Model):
    """A cultural or sports organisation that gives invitations."""

    name = models.CharField("nom", max_length=200)
    department = models.ForeignKey(
        "structures.Department",
        on_delete=models.PROTECT,
        related_name="partners",
        verbose_name="département",
    )
    contact_name = models.CharField("contact", max_length=150, blank=True)
    contact_email = models.EmailField(
        "e-mail de contact",
        blank=True,
        help_text="Reçoit la liste des personnes invitées à la clôture de chaque créneau.",
    )
    phone = models.CharField("téléphone", max_length=30, blank=True)
    website = models.URLField("site web", blank=True)
    is_active = models.BooleanField("partenaire actif", default=True)
    created_at = models.DateTimeField("créé le", db_default=Now(), editable=False)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = "partenaire"
        ordering = ["name"]

    def __str__(self):
        return self.name


class VenueQuerySet(models.QuerySet):
    def for_departments(self, departments):
        return self.filter(department__in=departments)


class Venue(models.Model):
    """Where an event takes place, with its practical information."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="venues", verbose_name="partenaire"
    )
    name = models.CharField("nom", max_length=200)
    address = models.CharField("adresse", max_length=255)
    postal_code = models.CharField("code postal", max_length=10)
    city = models.CharField("ville", max_length=100)
    department = models.ForeignKey(
        "structures.Department",
        on_delete=models.PROTECT,
        related_name="venues",
        verbose_name="département",
    )
    phone = models.CharField("téléphone de l'accueil", max_length=30, blank=True)
    access = models.TextField("accès", blank=True, help_text="Entrée, étage, accueil…")
    transport = models.TextField("transports", blank=True)
    accessibility = models.TextField("accessibilité", blank=True)

    objects = VenueQuerySet.as_manager()

    class Meta:
        verbose_name = "lieu"
        verbose_name_plural = "lieux"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.city})"

    @property
    def full_address(self):
        return f"{self.address}, {self.postal_code} {self.city}"

    @property
    def map_url(self):
        return f"https://www.openstreetmap.org/search?query={quote_plus(self.full_address)}"


class EventQuerySet(models.QuerySet):
    def published(self):
        """Events a worker may see: published, of an active partner (Event.is_bookable)."""
        return self.filter(is_published=True, partner__is_active=True)

    def in_department(self, department):
        return self.filter(department=department)

    def for_departments(self, departments):
        return self.filter(department__in=departments)

    def search(self, text):
        for word in normalize(text).split()[:8]:
            self = self.filter(search_title__contains=word)
        return self

    def online(self):
        """Published events with at least one slot still open for booking."""
        open_slots = Slot.objects.open().filter(event=OuterRef("pk"))
        return self.published().filter(Exists(open_slots))

    def with_genre(self, genre_id):
        links = Event.genres.through.objects.filter(event=OuterRef("pk"), genre_id=genre_id)
        return self.filter(Exists(links))

    def with_audience(self, audience_id):
        links = Event.audiences.through.objects.filter(
            event=OuterRef("pk"), audience_id=audience_id
        )
        return self.filter(Exists(links))

    def published_since(self, since):
        return self.filter(published_at__gte=since)

    def closing_before(self, until):
        """Events with an open slot whose booking closes before `until`."""
        closing = Slot.objects.open().filter(event=OuterRef("pk"), closes_at__lte=until)
        return self.filter(Exists(closing))

    def with_open_slots(self, starts_from=None, starts_before=None, with_seats=False):
        """Events with an open slot matching the criteria, annotated over those slots.

        `next_date` is the first matching slot's start and `invitations_left` the sum of
        their remaining invitations (from the slots' counters, never counting bookings).
        """
        now = timezone.now()
        slots = Slot.objects.filter(event=OuterRef("pk"), closes_at__gt=now)
        matching = Q(slots__closes_at__gt=now)
        if starts_from is not None:
            slots = slots.filter(starts_at__gte=starts_from)
            matching &= Q(slots__starts_at__gte=starts_from)
        if starts_before is not None:
            slots = slots.filter(starts_at__lt=starts_before)
            matching &= Q(slots__starts_at__lt=starts_before)
        if with_seats:
            slots = slots.with_seats()
            matching &= Q(slots__invitations_booked__lt=F("slots__invitations_offered"))
        left = F("slots__invitations_offered") - F("slots__invitations_booked")
        return self.filter(Exists(slots)).annotate(
            next_date=Min("slots__starts_at", filter=matching),
            invitations_left=Coalesce(
                Sum(left, filter=matching), 0, output_field=models.IntegerField()
            ),
        )

    def counts(self, new_since, closing_until):
        """How many events, how many new ones and how many closing soon, in one query."""
        closing = Slot.objects.open().filter(event=OuterRef("pk"), closes_at__lte=closing_until)
        return self.aggregate(
            total=Count("pk"),
            new=Count("pk", filter=Q(published_at__gte=new_since)),
            closing=Count("pk", filter=Q(Exists(closing))),
        )


class Event(models.Model):
    title = models.CharField("titre", max_length=200)
    search_title = models.CharField(max_length=200, editable=False, default="")
    description = models.TextField("description", blank=True)
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="events", verbose_name="partenaire"
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="events", verbose_name="lieu"
    )
    # Copied from the venue on save: the département is the key of every worker's lookup.
    department = models.ForeignKey(
        "structures.Department",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name="département",
        editable=False,
    )
    genres = models.ManyToManyField(Genre, related_name="events", verbose_name="genres")
    audiences = models.ManyToManyField(
        Audience, related_name="events", verbose_name="types de public", blank=True
    )
    duration_minutes = models.PositiveSmallIntegerField(
        "durée (minutes)", null=True, blank=True, validators=[MaxValueValidator(24 * 60)]
    )
    recommended_age = models.CharField(
        "âge conseillé", max_length=60, blank=True, help_text="Par exemple « dès 8 ans »."
    )
    image = models.ImageField("image", upload_to="events/%Y/", blank=True)
    is_published = models.BooleanField("publié", default=False)
    published_at = models.DateTimeField("publié le", null=True, blank=True)
    created_at = models.DateTimeField("créé le", db_default=Now(), editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "événement"
        ordering = ["title"]
        indexes = [
            models.Index(
                fields=["department", "is_published", "-published_at"],
                name="event_dept_published_idx",
            ),
            models.Index(fields=["search_title"], name="event_search_title_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False),
                name="event_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_title = normalize(self.title)
        if self.venue_id:
            self.department_id = self.venue.department_id
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.pk])

    @property
    def is_bookable(self):
        """Offered to workers: published, by an active partner (EventQuerySet.published())."""
        return self.is_published and self.partner.is_active

    @property
    def duration_label(self):
        if not self.duration_minutes:
            return ""
        hours, minutes = divmod(self.duration_minutes, 60)
        if not hours:
            return f"{minutes} min"
        return f"{hours} h {minutes:02d}" if minutes else f"{hours} h"


class SlotQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(starts_at__gt=timezone.now())

    def open(self):
        """Slots still bookable now (before their cutoff)."""
        return self.filter(closes_at__gt=timezone.now())

    def with_seats(self):
        return self.filter(invitations_booked__lt=F("invitations_offered"))

    def for_departments(self, departments):
        return self.filter(event__department__in=departments)


class Slot(models.Model):
    """One date of an event, with its invitations and its cutoff."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="slots", verbose_name="événement"
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
    guest_list_sent_at = models.DateTimeField("liste envoyée le", null=True, blank=True)
    # A failed sending is recorded, shown on the admin home and not retried by the job:
    # staff fix the cause (e.g. the partner's e-mail) and send it again from the admin.
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
    def invitations_left(self):
        return max(self.invitations_offered - self.invitations_booked, 0)

    @property
    def is_full(self):
        return self.invitations_left == 0

    def is_open(self, now=None):
        """Before the cutoff: bookings and cancellations are accepted (SQL: SlotQuerySet.open)."""
        return (now or timezone.now()) < self.closes_at

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
        if count > self.max_per_booking:
            raise ValidationError(
                f"Une réservation compte au plus {plural(self.max_per_booking, 'invitation')} "
                f"pour ce créneau : retirez {plural(count - self.max_per_booking, 'participant')}.",
                code="max_per_booking",
            )
        if count > self.invitations_left:
            left = self.invitations_left
            remaining = f"il en reste {left}" if left else "il n'en reste aucune"
            raise ValidationError(
                f"Il n'y a plus assez d'invitations pour cette réservation : {remaining} sur ce "
                "créneau. Retirez des participants ou choisissez un autre créneau.",
                code="no_room",
            )

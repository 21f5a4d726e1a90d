"""Events, and the queries the worker pages make over them."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Now
from django.urls import reverse
from django.utils import timezone

from structures.dates import hours_minutes
from structures.text import NBSP, normalize

from .catalogue import Audience, Genre, Partner, Venue
from .slots import Slot


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
        Both are correlated subqueries rather than a join and a GROUP BY: a page that
        shows the newest few events computes them for those few only.
        """
        slots = Slot.objects.open().filter(event=OuterRef("pk"))
        if starts_from is not None:
            slots = slots.filter(starts_at__gte=starts_from)
        if starts_before is not None:
            slots = slots.filter(starts_at__lt=starts_before)
        if with_seats:
            slots = slots.with_seats()
        left = slots.values("event").annotate(
            left=Sum(F("invitations_offered") - F("invitations_booked"))
        )
        return self.filter(Exists(slots)).annotate(
            next_date=Subquery(slots.order_by("starts_at").values("starts_at")[:1]),
            invitations_left=Coalesce(
                Subquery(left.values("left")), 0, output_field=models.IntegerField()
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
            return f"{minutes}{NBSP}min"
        return hours_minutes(hours, minutes)

"""What events are made of: genres, audiences, partners and their venues."""

from urllib.parse import quote_plus

from django.db import models
from django.db.models.functions import Now


class Genre(models.Model):
    # Genres drawn in static/icons/genres/<slug>.svg; the others show the ticket. Emoji
    # are not used: old PCs without a colour-emoji font show them as empty boxes.
    ICONS = frozenset(
        [
            "cinema",
            "cirque",
            "concert",
            "danse",
            "exposition",
            "humour",
            "musee",
            "opera",
            "sport",
            "theatre",
        ]
    )
    DEFAULT_ICON = "icons/genres/billet.svg"

    name = models.CharField("nom", max_length=60, unique=True)
    slug = models.SlugField(unique=True)

    class Meta:
        verbose_name = "genre"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def icon_path(self):
        """The static path of the genre's icon (an SVG that renders without any font)."""
        return f"icons/genres/{self.slug}.svg" if self.slug in self.ICONS else self.DEFAULT_ICON


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

"""Forms of the offers' admin: a slot (locked while saved), an event, a series of slots."""

from datetime import datetime, timedelta

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone

from structures.dates import french_datetime

from .models import Event, Slot

# Written by the booking service and the guest-list job, never by a slot form.
SLOT_SERVICE_FIELDS = (
    "invitations_booked",
    "guest_list_queued_at",
    "guest_list_sent_at",
    "guest_list_failed_at",
    "guest_list_error",
)


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's own date-and-time picker: one input, no script needed."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class CheckboxGroup(forms.CheckboxSelectMultiple):
    """Checkboxes in columns, announced as one group named `label` by screen readers."""

    template_name = "admin/widgets/checkbox_group.html"

    def __init__(self, attrs=None, choices=(), label=""):
        super().__init__(attrs, choices)
        self.label = label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["group_label"] = self.label
        return context


class ParisDateTimeField(forms.DateTimeField):
    """One date-and-time input, read as Paris wall-clock time (the current time zone).

    Browsers send "2027-03-21T20:30"; a browser without the picker shows a text box, where
    "21/03/2027 20:30" is understood too. A time that does not exist or happens twice in
    Paris (the night of a daylight-saving change) is refused, saying why.
    """

    widget = DateTimeLocalInput
    input_formats = [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%d/%m/%Y %H:%M:%S",
        "%d/%m/%Y %Hh%M",
        "%d/%m/%Y %H h %M",
    ]
    default_error_messages = {
        "invalid": "Saisissez une date et une heure, par exemple 21/03/2027 20:30.",
    }

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            if error.code != "ambiguous_timezone":
                raise
            raise forms.ValidationError(
                "Cette heure n'existe pas ou revient deux fois ce jour-là à Paris (changement "
                "d'heure) : choisissez une autre heure.",
                code="ambiguous_timezone",
            ) from error

    def has_changed(self, initial, data):
        # The picker shows minutes: a saved value with seconds is not changed by showing it.
        if isinstance(initial, datetime):
            initial = initial.replace(second=0, microsecond=0)
        return super().has_changed(initial, data)


class SlotForm(forms.ModelForm):
    starts_at = ParisDateTimeField(label="Début")
    ends_at = ParisDateTimeField(
        label="Fin",
        required=False,
        help_text="Facultative : sans elle, la sortie finit après la durée de l'événement. "
        "Elle sert à l'agenda des relais et au pointage des arrivées.",
    )
    closes_at = ParisDateTimeField(
        label="Clôture des réservations",
        required=False,
        help_text="Après cette date, les relais ne peuvent plus réserver ni annuler, et la "
        "liste des invités part au partenaire. Laissée vide : le délai du département "
        "avant le début.",
    )

    class Meta:
        model = Slot
        fields = (
            "event",
            "starts_at",
            "ends_at",
            "invitations_offered",
            "max_per_booking",
            "closes_at",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "At least 1", not the "at least 0" of a positive integer field.
        for name in ("invitations_offered", "max_per_booking"):
            if name in self.fields:
                field = self.fields[name]
                field.min_value = 1
                field.widget.attrs["min"] = 1
                field.validators = [
                    *(v for v in field.validators if not isinstance(v, MinValueValidator)),
                    MinValueValidator(1),
                ]

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            # Lock the slot until the admin's transaction commits, and check the offer
            # against the seats booked *now* (Slot.clean): a booking racing this form
            # waits, and saving cannot write back a stale count or sending date.
            fresh = (
                Slot.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values(*SLOT_SERVICE_FIELDS)
                .first()
            )
            for name, value in (fresh or {}).items():
                setattr(self.instance, name, value)
        return cleaned_data


# What each field does for the relays (social workers who book), in the staff's words.
EVENT_HELP_TEXTS = {
    "title": "Le nom que les relais cherchent et lisent sur la contremarque.",
    "description": "Ce que les relais lisent pour choisir à qui proposer la sortie : "
    "le spectacle, son ambiance, ce qu'il faut savoir avant de venir.",
    "image": "Facultative : illustre la fiche de l'événement chez les relais.",
    "partner": "Sa personne de contact reçoit la liste des invités à la clôture de chaque créneau.",
    "venue": "Son adresse et ses informations pratiques (accès, transports, "
    "accessibilité) sont montrées aux relais et imprimées sur la contremarque.",
    "genres": "Les relais trouvent l'événement en cherchant par genre.",
    "audiences": "Les relais trouvent l'événement en cherchant par type de public.",
    "duration_minutes": "Aide les relais à prévoir la sortie et le retour.",
    "recommended_age": "Par exemple « dès 8 ans » : aide les relais à savoir pour qui réserver.",
    "is_published": "Cochée, l'événement est visible et réservable par les relais du "
    "département ; décochée, il disparaît du portail (les réservations sont conservées).",
    "published_at": "Laissée vide, la date de publication est celle de l'enregistrement.",
}


class EventForm(forms.ModelForm):
    published_at = ParisDateTimeField(
        label="Publié le", required=False, help_text=EVENT_HELP_TEXTS["published_at"]
    )

    class Meta:
        model = Event
        fields = (
            "title",
            "description",
            "image",
            "partner",
            "venue",
            "genres",
            "audiences",
            "duration_minutes",
            "recommended_age",
            "is_published",
            "published_at",
        )
        widgets = {
            # Plain checkboxes: the admin's two-list widget lost a choice on a double-click.
            "genres": CheckboxGroup(label="Genres"),
            "audiences": CheckboxGroup(label="Types de public"),
        }
        help_texts = EVENT_HELP_TEXTS

    def clean(self):
        cleaned_data = super().clean()
        partner, venue = cleaned_data.get("partner"), cleaned_data.get("venue")
        if partner and venue and venue.partner_id != partner.pk:
            self.add_error("venue", "Ce lieu appartient à un autre partenaire.")
        # Publishing without a date means "now" (as Event.save does), not a constraint error.
        if cleaned_data.get("is_published") and not cleaned_data.get("published_at"):
            cleaned_data["published_at"] = timezone.now()
        return cleaned_data


MAX_WEEKS = 52


class SlotSeriesForm(forms.Form):
    first_start = ParisDateTimeField(
        label="Premier créneau",
        help_text="Date et heure du premier créneau ; les suivants tombent le même jour "
        "de la semaine, à la même heure.",
    )
    weeks = forms.IntegerField(
        label="Nombre de semaines",
        min_value=1,
        max_value=MAX_WEEKS,
        initial=6,
        help_text="Un créneau par semaine, premier compris (6 = six samedis de suite).",
    )
    invitations_offered = forms.IntegerField(
        label="Invitations offertes par créneau", min_value=1, max_value=10_000
    )
    max_per_booking = forms.IntegerField(
        label="Invitations maximum par réservation", min_value=1, max_value=100, initial=4
    )
    cutoff_hours = forms.IntegerField(
        label="Clôture des réservations (heures avant le début)",
        min_value=1,
        max_value=24 * 30,
        help_text="La liste d'invités part au partenaire à la clôture.",
    )

    fieldsets = [
        (None, {"fields": ["first_start", "weeks"]}),
        ("Chaque créneau", {"fields": ["invitations_offered", "max_per_booking", "cutoff_hours"]}),
    ]

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["cutoff_hours"].initial = event.department.cutoff_hours

    def clean(self):
        cleaned_data = super().clean()
        first, weeks = cleaned_data.get("first_start"), cleaned_data.get("weeks")
        hours = cleaned_data.get("cutoff_hours")
        if not (first and weeks and hours):
            return cleaned_data
        starts = weekly_starts(first, weeks)
        if starts[0] - timedelta(hours=hours) <= timezone.now():
            self.add_error(
                "first_start",
                "La clôture des réservations du premier créneau serait déjà passée : "
                "choisissez une date plus lointaine.",
            )
        taken = self.event.slots.filter(starts_at__in=starts).values_list("starts_at", flat=True)
        if taken:
            dates = ", ".join(french_datetime(start) for start in sorted(taken))
            self.add_error("first_start", f"L'événement a déjà un créneau le {dates}.")
        if cleaned_data.get("max_per_booking", 0) > cleaned_data.get("invitations_offered", 0):
            self.add_error(
                "max_per_booking",
                "Le maximum par réservation ne peut pas dépasser les invitations offertes.",
            )
        cleaned_data["starts"] = starts
        return cleaned_data

    def slots(self):
        data = self.cleaned_data
        cutoff = timedelta(hours=data["cutoff_hours"])
        return [
            Slot(
                event=self.event,
                starts_at=start,
                closes_at=start - cutoff,
                invitations_offered=data["invitations_offered"],
                max_per_booking=data["max_per_booking"],
            )
            for start in data["starts"]
        ]


def weekly_starts(first, weeks):
    """Every week from `first`, at the same wall-clock time in Paris (DST included)."""
    local = timezone.localtime(first)
    wall_clock = local.time().replace(tzinfo=None)
    return [
        timezone.make_aware(datetime.combine(local.date() + timedelta(weeks=week), wall_clock))
        for week in range(weeks)
    ]

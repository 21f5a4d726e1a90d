"""Statistics of invitations, from aggregate queries only (no Python loop over bookings).

Every figure counts participants (one participant = one invitation): a booking for a
followed person, a guest and a companion is three invitations. The number of queries is
fixed whatever the number of bookings: one per table of figures.

Definitions (the page and the CSV, see exports.py, repeat them in French: DEFINITIONS):
- booked: invitations of confirmed bookings;
- used: of which the person came (attendance recorded "present");
- no-shows: of which the person did not come (attendance recorded "absent");
- unrecorded: of which attendance is not recorded yet (event to come, or "à valider");
- cancelled: invitations of cancelled bookings;
- attendance rate: used / (used + no-shows), among recorded attendances only;
- persons reached: distinct followed persons (role beneficiary) who came at least once;
  persons booked: distinct followed persons with at least one booked invitation.
The period filters on the start of the slot, both days included (Europe/Paris).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from events.models import Event, Slot
from structures.dates import MONTHS, day_bounds
from structures.text import normalize

from ..models import Booking, Participant, WaitingEntry

TOP_EVENTS = 10
# A structure may go to hundreds of venues in a year: the page shows the busiest.
TOP_VENUES = 10

DEFINITIONS = [
    ("Invitations réservées", "invitations des réservations confirmées."),
    ("Invitations utilisées", "parmi elles, les personnes notées présentes."),
    ("Absences", "parmi elles, les personnes notées absentes."),
    (
        "Présences non saisies",
        "parmi elles, les invitations dont la présence n'est pas encore saisie "
        "(événement à venir ou sortie à valider).",
    ),
    ("Invitations annulées", "invitations des réservations annulées."),
    (
        "Taux de présence",
        "invitations utilisées divisées par les présences saisies (présents + absents).",
    ),
    (
        "Personnes suivies touchées",
        "personnes suivies différentes venues au moins une fois "
        "(les invités et accompagnateurs ne sont pas comptés).",
    ),
]

FIGURE_FIELDS = ("booked", "used", "no_shows", "unrecorded", "cancelled")
PERSON_FIELDS = ("persons_booked", "persons_reached")


def _figure_aggregates():
    """Count() expressions of one row of figures, over participants."""
    confirmed = Q(booking__status=Booking.Status.CONFIRMED)
    return {
        "booked": Count("pk", filter=confirmed),
        "used": Count("pk", filter=confirmed & Q(attended=True)),
        "no_shows": Count("pk", filter=confirmed & Q(attended=False)),
        "unrecorded": Count("pk", filter=confirmed & Q(attended__isnull=True)),
        "cancelled": Count("pk", filter=Q(booking__status=Booking.Status.CANCELLED)),
    }


def _person_aggregates():
    followed = Q(booking__status=Booking.Status.CONFIRMED, role=Participant.Role.BENEFICIARY)
    return {
        "persons_booked": Count("person", distinct=True, filter=followed),
        "persons_reached": Count("person", distinct=True, filter=followed & Q(attended=True)),
    }


@dataclass(frozen=True)
class Figures:
    booked: int = 0
    used: int = 0
    no_shows: int = 0
    unrecorded: int = 0
    cancelled: int = 0
    persons_booked: int | None = None
    persons_reached: int | None = None

    @classmethod
    def from_row(cls, row):
        row = row or {}
        return cls(
            **{name: row.get(name) or 0 for name in FIGURE_FIELDS},
            **{name: row[name] for name in PERSON_FIELDS if name in row},
        )

    @property
    def recorded(self):
        return self.used + self.no_shows

    @property
    def attendance_rate(self):
        """Percentage of present among recorded attendances; None when none is recorded."""
        if not self.recorded:
            return None
        return round(100 * self.used / self.recorded, 1)

    @property
    def is_empty(self):
        return not (self.booked or self.cancelled)


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: a label, its figures, and the key it was grouped by."""

    label: str
    figures: Figures
    key: object = None
    extra: str = ""


@dataclass
class StructureStatistics:
    start: date
    end: date
    totals: Figures
    months: list[Row] = field(default_factory=list)
    genres: list[Row] = field(default_factory=list)
    audiences: list[Row] = field(default_factory=list)
    venues: list[Row] = field(default_factory=list)
    top_events: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class PartnerRow:
    """A partner's invitations: offered and booked (slot counters), used (attendance)."""

    partner_id: int
    name: str
    slots: int = 0
    offered: int = 0
    booked: int = 0
    used: int = 0
    no_shows: int = 0

    @property
    def booking_rate(self):
        return round(100 * self.booked / self.offered, 1) if self.offered else None

    @property
    def use_rate(self):
        return round(100 * self.used / self.booked, 1) if self.booked else None


@dataclass
class DepartmentStatistics:
    department: object
    start: date
    end: date
    totals: Figures
    months: list[Row] = field(default_factory=list)
    structures: list[Row] = field(default_factory=list)
    partners: list[PartnerRow] = field(default_factory=list)
    # Invitations booked by the waiting lists (bookings.waiting) on the period's slots.
    waiting_list_filled: int = 0

    @property
    def offered(self):
        return sum(partner.offered for partner in self.partners)


# Periods -------------------------------------------------------------------------------


def default_period(today=None):
    """The last 12 months: the first day of the month eleven months ago, until today."""
    today = today or timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - 11, 12)
    return date(year, month + 1, 1), today


def month_label(day):
    return f"{MONTHS[day.month - 1]} {day.year}"


def months_between(start, end):
    """The first day of every month from start's month to end's month."""
    months = []
    current = start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


# Queries -------------------------------------------------------------------------------


def _participants_in_period(start, end):
    since, until = day_bounds(start, end)
    return Participant.objects.filter(slot__starts_at__gte=since, slot__starts_at__lt=until)


def _sorted(rows):
    return sorted(
        rows, key=lambda row: (-row.figures.booked, -row.figures.cancelled, normalize(row.label))
    )


def _months(rows, start, end):
    """Every month of the period, empty ones included, with the figures of `rows` (rows
    of figures with a "month") added up."""
    by_month = _summed_by(rows, lambda row: timezone.localdate(row["month"]))
    return [
        Row(label=month_label(month), figures=Figures.from_row(by_month.get(month)), key=month)
        for month in months_between(start, end)
    ]


def _summed(rows, fields=FIGURE_FIELDS):
    """The figures of `rows` added up, as one row."""
    return {name: sum(row[name] for row in rows) for name in fields}


def _summed_by(rows, key_of):
    """{key: the figures of the rows of that key added up}."""
    groups = defaultdict(list)
    for row in rows:
        groups[key_of(row)].append(row)
    return {key: _summed(members) for key, members in groups.items()}


def _grouped(rows, groups_of):
    """Rows of figures added up by group, unsorted: `groups_of(row)` gives the (key,
    label) of each group the row counts in."""
    groups = defaultdict(list)
    for row in rows:
        for group in groups_of(row):
            groups[group].append(row)
    return [
        Row(label=label, figures=Figures.from_row(_summed(members)), key=key)
        for (key, label), members in groups.items()
    ]


def _busiest(rows, limit):
    """The `limit` rows with the most invitations booked, in the order of _sorted. Only
    the rows that may make it are sorted by name: normalising the names of thousands of
    events cost more than reading their figures."""
    rows = sorted(
        (row for row in rows if row.figures.booked),
        key=lambda row: (-row.figures.booked, -row.figures.cancelled),
    )
    if len(rows) > limit:
        last = rows[limit - 1].figures
        rows = [
            row
            for row in rows
            if (row.figures.booked, row.figures.cancelled) >= (last.booked, last.cancelled)
        ]
    return _sorted(rows)[:limit]


def _tags_of(links, field, events, none_label):
    """The (id, name) of each genre (or audience: `field`) of a row's event, through the
    many-to-many `links` of `events`; (None, `none_label`) for an event without any."""
    tags = defaultdict(list)
    named = links.objects.filter(event__in=events).values_list("event", field, f"{field}__name")
    for event, tag, name in named:
        tags[event].append((tag, name))
    return lambda row: tags.get(row["slot__event"]) or [(None, none_label)]


def structure_statistics(structure, start, end):
    """A structure's figures for slots starting from `start` to `end` (dates, included).

    Four queries. One reads the figures of each event in each month: the totals, months,
    venues and top events add them up, in Python, rather than reading the participants
    once each. One counts the persons (distinct: they cannot be added up). Two read the
    genres and the audiences of those events: an event of two genres counts in both
    genres (same for audiences).
    """
    participants = _participants_in_period(start, end).filter(booking__structure=structure)
    event, title = "slot__event", "slot__event__title"
    venue, venue_name = "slot__event__venue", "slot__event__venue__name"
    rows = list(
        participants.annotate(month=TruncMonth("slot__starts_at"))
        .values("month", event, title, venue, venue_name)
        .annotate(**_figure_aggregates())
        .order_by()
    )
    events = {row[event] for row in rows}
    return StructureStatistics(
        start=start,
        end=end,
        totals=Figures.from_row(
            {**_summed(rows), **participants.aggregate(**_person_aggregates())}
        ),
        months=_months(rows, start, end),
        genres=_sorted(
            _grouped(rows, _tags_of(Event.genres.through, "genre", events, "Sans genre"))
        ),
        audiences=_sorted(
            _grouped(
                rows, _tags_of(Event.audiences.through, "audience", events, "Public non précisé")
            )
        ),
        venues=_busiest(_grouped(rows, lambda row: [(row[venue], row[venue_name])]), TOP_VENUES),
        top_events=_busiest(_grouped(rows, lambda row: [(row[event], row[title])]), TOP_EVENTS),
    )


def department_statistics(department, start, end):
    """Figures of the events of a département, per structure and per partner.

    Counts the invitations of the département's events (whatever the structure's own
    département, as staff see them in their guest lists). Four queries: the figures of
    each structure (their sum is the totals: a followed person belongs to one structure,
    so its distinct persons add up too), the figures of each partner in each month (the
    months and the partners' attendance add them up), the partners' slots (offered and
    booked counters), and the invitations the waiting lists filled.
    """
    participants = _participants_in_period(start, end).filter(slot__event__department=department)
    structures = list(
        participants.values(
            "booking__structure", "booking__structure__name", "booking__structure__department__code"
        )
        .annotate(**_figure_aggregates(), **_person_aggregates())
        .order_by()
    )
    partner_months = list(
        participants.annotate(month=TruncMonth("slot__starts_at"))
        .values("month", "slot__event__partner")
        .annotate(**_figure_aggregates())
        .order_by()
    )
    return DepartmentStatistics(
        department=department,
        start=start,
        end=end,
        totals=Figures.from_row(_summed(structures, FIGURE_FIELDS + PERSON_FIELDS)),
        months=_months(partner_months, start, end),
        structures=_sorted(
            Row(
                label=row["booking__structure__name"],
                figures=Figures.from_row(row),
                key=row["booking__structure"],
                extra=row["booking__structure__department__code"],
            )
            for row in structures
        ),
        partners=_partners(department, partner_months, start, end),
        waiting_list_filled=_waiting_list_filled(department, start, end),
    )


def _waiting_list_filled(department, start, end):
    since, until = day_bounds(start, end)
    filled = WaitingEntry.objects.filter(
        status=WaitingEntry.Status.BOOKED,
        slot__event__department=department,
        slot__starts_at__gte=since,
        slot__starts_at__lt=until,
    ).aggregate(invitations=Sum("invitations"))
    return filled["invitations"] or 0


def _partners(department, partner_months, start, end):
    since, until = day_bounds(start, end)
    slots = (
        Slot.objects.filter(event__department=department, starts_at__gte=since, starts_at__lt=until)
        .values("event__partner", "event__partner__name")
        .annotate(
            slots=Count("pk"),
            offered=Sum("invitations_offered"),
            booked=Sum("invitations_booked"),
        )
        .order_by()
    )
    attendance = _summed_by(partner_months, lambda row: row["slot__event__partner"])
    rows = [
        PartnerRow(
            partner_id=row["event__partner"],
            name=row["event__partner__name"],
            slots=row["slots"],
            offered=row["offered"] or 0,
            booked=row["booked"] or 0,
            used=attendance.get(row["event__partner"], {}).get("used", 0),
            no_shows=attendance.get(row["event__partner"], {}).get("no_shows", 0),
        )
        for row in slots
    ]
    return sorted(rows, key=lambda row: (-row.offered, normalize(row.name)))

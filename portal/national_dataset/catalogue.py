"""What is offered: active départements, partners and their venues, events and their slots.

Slots are planned here (dates, invitations offered, how full they will be) and written
with the bookings of their département (outings.py), once their seat counts are known.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from django.utils import timezone

from events.models import Audience, Event, Genre, Partner, Slot, Venue
from portal.demo import load_data
from structures.models import Department
from structures.text import normalize

from .plan import (
    CANCELLED_SHARE,
    FUTURE_DAYS,
    PARIS,
    PAST_DAYS,
    department_shares,
    split,
    spread,
)
from .words import words

# Invitations a slot offers (before calibration to the participants asked for), and the
# maximum per booking: most slots take 4, some are for groups.
OFFERED = [(2, 6), (4, 12), (6, 14), (8, 14), (10, 16), (12, 12), (15, 10), (20, 8), (30, 5)]
MAX_PER_BOOKING = [(4, 78), (3, 7), (6, 10), (8, 5)]
TIMES = {
    "musee": ["10:30", "14:00", "15:30"],
    "exposition": ["10:30", "14:00", "16:00"],
    "cinema": ["14:00", "16:30", "20:00"],
    "sport": ["15:00", "18:00", "20:45"],
}
EVENING = ["15:00", "19:30", "20:00", "20:30"]
DURATIONS = {"opera": (150, 200), "sport": (100, 120), "musee": (60, 90), "theatre": (80, 150)}
SECOND_VENUE = ["Petite salle", "Salle 2", "Hors les murs", "Studio"]
PARTNER_INACTIVE = 0.02
EVENT_DRAFT = 0.05
# The slot the benchmark's worker books: Paris, in three weeks, with plenty of room.
BENCH_SLOT_DAYS = 21


@dataclass(slots=True, eq=False)
class DepartmentPlan:
    id: int
    code: str
    name: str
    city: str
    postal_code: str
    share: float
    cutoff: timedelta

    def postal_code_for(self, rng):
        if self.code == PARIS:  # the twenty arrondissements
            return f"750{rng.randint(1, 20):02d}"
        return self.postal_code


@dataclass(slots=True, eq=False)
class EventPlan:
    id: int
    department: DepartmentPlan
    genre: str
    duration: int
    is_published: bool
    bookable: bool  # published, by an active partner
    row: list  # its columns, published_at and created_at once its slots are known
    published_at: datetime | None = None


@dataclass(slots=True, eq=False)
class SlotPlan:
    id: int
    event: EventPlan
    starts_at: datetime
    offered: int
    max_per_booking: int
    fill: float  # the share of its invitations booked in the end
    calibrated: bool = True  # False: the benchmark's slot keeps its room
    booked: int = 0
    bookings: list = field(default_factory=list)  # (created_at, invitations), confirmed

    @property
    def closes_at(self):
        return self.starts_at - self.event.department.cutoff

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.event.duration)


def weighted(rng, choices):
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


def activate_departments(plan, namer):
    """The active départements, Paris first and the small one last, with their team."""
    count = plan.count("departments")
    cities = [[PARIS, "Paris", "75001"], *words()["departments"]]
    # A small set keeps Paris and the small département of the benchmark.
    cities = cities[: count - 1] + [cities[-1]] if count < len(cities) else cities
    by_code = Department.objects.in_bulk([code for code, *_ in cities], field_name="code")
    shares = department_shares(len(cities))
    departments = []
    for (code, city, postal_code), share in zip(cities, shares, strict=True):
        department = by_code[code]
        department.is_active = True
        department.team_name = f"Équipe {department.name}"
        department.team_phone = namer.phone()
        department.team_email = f"equipe{code.lower()}@bench.test"
        department.team_address = f"{namer.street()}, {postal_code} {city}"
        departments.append(
            DepartmentPlan(
                department.pk,
                code,
                department.name,
                city,
                postal_code,
                share,
                timedelta(hours=department.cutoff_hours),
            )
        )
    fields = ["is_active", "team_name", "team_phone", "team_email", "team_address"]
    Department.objects.bulk_update(by_code.values(), fields)
    return departments


def genres_and_audiences():
    """The demo's genres and audiences (portal/demo_data.toml), by slug."""
    data = load_data()
    genres = {
        slug: Genre.objects.get_or_create(slug=slug, defaults=spec)[0].pk
        for slug, spec in data["genres"].items()
    }
    audiences = {
        slug: Audience.objects.get_or_create(slug=slug, defaults={"name": name})[0].pk
        for slug, name in data["audiences"].items()
    }
    return genres, audiences


class Catalogue:
    """Writes partners, venues and events, and plans their slots by département."""

    def __init__(self, plan, loader, namer, now):
        self.plan, self.loader, self.namer, self.now = plan, loader, namer, now
        self.rng = namer.rng
        self.today = timezone.localdate(now)
        self.genre_words = words()["genres"]
        self.places = words()["neighbourhoods"]
        self.slots = {}  # by département id
        self.partner_ids = loader.ids_for(Partner)
        self.venue_ids = loader.ids_for(Venue)
        self.event_ids = loader.ids_for(Event)
        self.slot_ids = loader.ids_for(Slot)
        self.partners, self.venues, self.events = [], [], []
        self.bench_slot = None  # the id of the slot the benchmark's worker books

    def build(self, departments, genres, audiences):
        """Write the catalogue; return the planned slots by département id."""
        shares = [d.share for d in departments]
        counts = zip(
            departments,
            split(self.plan.count("partners"), shares, minimum=1),
            split(self.plan.count("events"), shares, minimum=2),
            split(self.plan.count("slots"), shares, minimum=4),
            strict=True,
        )
        for department, partners, events, slots in counts:
            self._department(department, partners, max(events, partners), slots)
        self._calibrate()
        self._write(genres, audiences)
        return self.slots

    def _department(self, department, partner_count, event_count, slot_count):
        rng = self.rng
        partners = [self._partner(department) for _ in range(partner_count)]
        per_partner = spread(rng, event_count, [rng.lognormvariate(0, 0.8) for _ in partners])
        events = [
            self._event(department, partner)
            for partner, count in zip(partners, per_partner, strict=True)
            for _ in range(count)
        ]
        weights = [rng.lognormvariate(0, 0.6) for _ in events]
        per_event = spread(rng, max(slot_count, len(events)), weights)
        slots = self.slots.setdefault(department.id, [])
        for event, count in zip(events, per_event, strict=True):
            slots.extend(self._slots(event, count))
        if department.code == PARIS:
            event = next((e for e in events if e.bookable), None)
            if event is not None:
                slots.append(self._bench_slot(event))
                self.bench_slot = slots[-1].id

    def _partner(self, department):
        rng, namer = self.rng, self.namer
        genre = namer.choice(list(self.genre_words))
        kind = namer.choice(self.genre_words[genre]["partners"])
        if rng.random() < 0.6:
            name = f"{kind} {namer.of(namer.choice(self.places))}"
        else:
            name = f"{kind} {namer.last_name()}"
        pk = self.partner_ids()
        active = rng.random() >= PARTNER_INACTIVE
        self.partners.append(
            (
                pk,
                name,
                department.id,
                f"{namer.first_name()} {namer.last_name()}",
                f"partenaire{pk}@bench.test",
                namer.phone(),
                f"https://partenaire{pk}.test/",
                active,
                self.now - namer.days(400, 2500),
            )
        )
        venues = []
        for number in range(1 if rng.random() < 0.5 else 2):
            venue_pk = self.venue_ids()
            venues.append(venue_pk)
            self.venues.append(
                (
                    venue_pk,
                    pk,
                    name if number == 0 else f"{name} – {namer.choice(SECOND_VENUE)}",
                    namer.street(),
                    department.postal_code_for(rng),
                    department.city,
                    department.id,
                    namer.phone(),
                    namer.text("access"),
                    namer.text("transport"),
                    namer.text("accessibility"),
                )
            )
        return pk, genre, active, venues

    def _event(self, department, partner):
        rng, namer = self.rng, self.namer
        partner_pk, genre, partner_active, venues = partner
        if rng.random() < 0.15:  # a partner sometimes offers another genre
            genre = namer.choice(list(self.genre_words))
        title = namer.choice(self.genre_words[genre]["titles"])
        low, high = DURATIONS.get(genre, (75, 120))
        duration = 5 * rng.randint(low // 5, high // 5)
        is_published = rng.random() >= EVENT_DRAFT
        row = [
            self.event_ids(),
            title,
            normalize(title),
            namer.text("descriptions"),
            partner_pk,
            namer.choice(venues),
            department.id,
            duration,
            namer.text("ages"),
            "",  # image
            is_published,
            None,  # published_at
            None,  # created_at
        ]
        event = EventPlan(
            row[0], department, genre, duration, is_published, is_published and partner_active, row
        )
        self.events.append(event)
        return event

    def _slots(self, event, count):
        """`count` dates of one run of the event, at one time of day, within the period."""
        rng, namer = self.rng, self.namer
        span = PAST_DAYS + FUTURE_DAYS
        count = min(count, span)
        gap = max(1, min(namer.choice([1, 1, 2, 3, 7]), span // count))
        first_day = -PAST_DAYS + rng.randint(0, span - gap * (count - 1))
        hhmm = namer.choice(TIMES.get(event.genre, EVENING))
        slots = [self._slot(event, first_day + gap * n, hhmm) for n in range(count)]
        self._publish(event, slots[0].starts_at)
        return slots

    def _slot(self, event, days, hhmm):
        rng = self.rng
        hours, minutes = (int(part) for part in hhmm.split(":"))
        naive = datetime.combine(self.today + timedelta(days=days), time(hours, minutes))
        # In UTC: adding a timedelta to a Europe/Paris time would add wall-clock time, an
        # hour off across a change of daylight saving time.
        starts_at = timezone.make_aware(naive).astimezone(UTC)
        return SlotPlan(
            self.slot_ids(),
            event,
            starts_at,
            weighted(rng, OFFERED),
            weighted(rng, MAX_PER_BOOKING),
            self._fill(starts_at),
        )

    def _fill(self, starts_at):
        """How full a slot ends: past ones often full, future ones less so the further off."""
        rng = self.rng
        if starts_at <= self.now:
            return 1.0 if rng.random() < 0.4 else rng.uniform(0.25, 1)
        days = (starts_at - self.now).days
        if rng.random() < 0.3 * max(0, 1 - days / 30):
            return 1.0
        return rng.uniform(0.05, 0.95) * (1 - 0.7 * min(days, FUTURE_DAYS) / FUTURE_DAYS)

    def _bench_slot(self, event):
        slot = self._slot(event, BENCH_SLOT_DAYS, "20:00")
        slot.offered, slot.max_per_booking, slot.fill, slot.calibrated = 60, 6, 0.15, False
        return slot

    def _publish(self, event, first_start):
        """Published a few weeks before its first date, and before now; created before."""
        namer = self.namer
        published_at = min(first_start - namer.days(14, 60), self.now - namer.days(0.5, 40))
        event.published_at = published_at if event.is_published else None
        event.row[11] = event.published_at
        event.row[12] = published_at - namer.days(1, 10)

    def _calibrate(self):
        """Scale the invitations offered so that the slots end holding about the
        participants asked for (confirmed ones: the cancelled share comes on top)."""
        slots = [slot for slots in self.slots.values() for slot in slots if slot.calibrated]
        wanted = self.plan.count("participants") * (1 - CANCELLED_SHARE)
        planned = sum(slot.offered * slot.fill for slot in slots if slot.event.bookable)
        ratio = wanted / planned if planned else 1
        for slot in slots:
            slot.offered = max(1, round(slot.offered * ratio))

    def _write(self, genres, audiences):
        rng, namer, loader = self.rng, self.namer, self.loader
        audience_ids = list(audiences.values())
        genre_links, audience_links = [], []
        for event in self.events:
            links = {genres[event.genre]}
            if rng.random() < 0.3:
                links.add(namer.choice(list(genres.values())))
            genre_links.extend((event.id, pk) for pk in sorted(links))
            chosen = rng.sample(audience_ids, namer.choice([0, 1, 1, 2]))
            audience_links.extend((event.id, pk) for pk in sorted(chosen))
        loader.copy(Partner, PARTNER_COLUMNS, self.partners)
        loader.copy(Venue, VENUE_COLUMNS, self.venues)
        loader.copy(Event, EVENT_COLUMNS, (event.row for event in self.events))
        loader.copy(Event.genres.through, "event_id, genre_id", genre_links)
        loader.copy(Event.audiences.through, "event_id, audience_id", audience_links)


def write_slots(loader, slots, now):
    """Write slots with their final seat counts; the guest list of a closed slot has left."""

    def rows():
        for slot in slots:
            closes_at = slot.closes_at
            queued = sent = None
            if closes_at <= now:
                queued = min(closes_at + timedelta(seconds=40), now)
                sent = min(queued + timedelta(seconds=20), now)
            yield (
                slot.id,
                slot.event.id,
                slot.starts_at,
                slot.ends_at,
                slot.offered,
                slot.booked,
                slot.max_per_booking,
                closes_at,
                queued,
                sent,
                None,
                "",
            )

    loader.copy(Slot, SLOT_COLUMNS, rows())


PARTNER_COLUMNS = (
    "id, name, department_id, contact_name, contact_email, phone, website, is_active, created_at"
)
VENUE_COLUMNS = (
    "id, partner_id, name, address, postal_code, city, department_id, phone, access, transport, "
    "accessibility"
)
EVENT_COLUMNS = (
    "id, title, search_title, description, partner_id, venue_id, department_id, "
    "duration_minutes, recommended_age, image, is_published, published_at, created_at"
)
SLOT_COLUMNS = (
    "id, event_id, starts_at, ends_at, invitations_offered, invitations_booked, "
    "max_per_booking, closes_at, guest_list_queued_at, guest_list_sent_at, "
    "guest_list_failed_at, guest_list_error"
)

"""The national data set of `manage.py build_national_dataset`: a believable year of the
whole network (DESIGN.md), for benchmarks and for trying the pages at scale.

At scale 1: 50 active départements, 6,000 partners, 30,000 events and 120,000 slots over
the past 12 months and the next 3, 4,000 relays with about three workers each, 250,000
persons, about 350,000 bookings and 1,000,000 participants; Paris holds a tenth of
everything and one large Paris relay about 3,000 bookings. Every count follows `scale`.

Built on an empty PostgreSQL database in one transaction, with COPY for the large tables
(rows made in Python from one generator seeded by `seed`), as the services would have left
them: seat counts, history, attendance, testimonials, reminders, guest lists (outings.py
says which rules hold and how). Dates are relative to the moment of the build.
"""

import random
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from bookings.models import (
    Booking,
    BookingLogEntry,
    Participant,
    Testimonial,
    WaitingEntry,
    WaitingParticipant,
)
from events.models import Audience, Event, Genre, Partner, Slot, Venue
from people.models import Person, PersonLogEntry
from structures.models import Department, Structure, User

from .catalogue import Catalogue, activate_departments, genres_and_audiences, write_slots
from .loader import Loader, analyze
from .network import PARIS_STAFF, PARIS_WORKER, PASSWORD, SMALL_STAFF, SMALL_WORKER, Network
from .outings import Outings
from .plan import Plan
from .words import Namer, words

MODELS = [
    Department,
    Genre,
    Audience,
    Partner,
    Venue,
    Event,
    Event.genres.through,
    Event.audiences.through,
    Slot,
    Structure,
    User,
    Person,
    PersonLogEntry,
    Booking,
    Participant,
    BookingLogEntry,
    Testimonial,
    WaitingEntry,
    WaitingParticipant,
]


class DatasetRefused(Exception):
    """The database cannot take the data set (not PostgreSQL, or not empty)."""


@dataclass
class Report:
    seconds: float = 0.0
    steps: list = field(default_factory=list)  # (what, seconds)
    counts: dict = field(default_factory=dict)  # table -> rows
    accounts: list = field(default_factory=list)  # (who, e-mail)
    password: str = PASSWORD
    bench_slot: int | None = None
    bench_booking: str | None = None
    large_structure: str = ""
    large_structure_bookings: int = 0


def refusal(scale):
    """Why the data set cannot be built here, or None."""
    if scale <= 0:
        return f"--scale must be positive (got {scale})."
    if connection.vendor != "postgresql":
        return (
            "The national data set needs PostgreSQL (COPY): set DATABASE_URL to an empty "
            "PostgreSQL database."
        )
    if Booking.objects.exists():
        return (
            "This database already holds bookings: build the national data set on an empty "
            "database (createdb, then migrate)."
        )
    return None


def build(*, scale=1.0, seed=2026, now=None, progress=None):
    """Fill the current (empty, migrated) PostgreSQL database; returns a Report.

    The same `seed` and `scale` give the same data set; its dates follow `now`.
    """
    if message := refusal(scale):
        raise DatasetRefused(message)
    now = now or timezone.now()
    report = Report()
    started = last = time.monotonic()

    def step(what):
        nonlocal last
        moment = time.monotonic()
        report.steps.append((what, moment - last))
        if progress:
            progress(f"{what}: {moment - last:.1f} s")
        last = moment

    plan, namer = Plan(scale), Namer(random.Random(seed))
    with transaction.atomic():
        loader = Loader()
        departments = activate_departments(plan, namer)
        genres, audiences = genres_and_audiences()
        catalogue = Catalogue(plan, loader, namer, now)
        slots = catalogue.build(departments, genres, audiences)
        step("partners, venues and events")
        network = Network(plan, loader, namer, now)
        network.build(departments)
        step("structures and accounts")
        outings = Outings(loader, namer, now, words()["texts"]["testimonials"])
        for department in departments:
            structures = network.structures[department.id]
            for structure in structures:
                network.persons(structure)
            large = network.large if network.large.department is department else None
            outings.department(
                structures, slots[department.id], network.staff, past_booking_for=large
            )
            write_slots(loader, slots[department.id], now)
            network.write_persons(structures)
        outings.write()
        step("slots, persons and bookings")
        loader.finish()
    step("constraints checked, committed")
    analyze(MODELS)
    step("ANALYZE")
    report.seconds = time.monotonic() - started
    _describe(report, network, catalogue, now)
    return report


def _describe(report, network, catalogue, now):
    report.counts = {model._meta.db_table: model.objects.count() for model in MODELS}
    report.counts["active departments"] = Department.objects.filter(is_active=True).count()
    report.accounts = [
        ("worker of the large Paris relay", PARIS_WORKER),
        ("worker of a small relay, small département", SMALL_WORKER),
        ("staff of Paris", PARIS_STAFF),
        ("staff of the small département", SMALL_STAFF),
    ]
    report.bench_slot = catalogue.bench_slot
    large = network.large
    report.large_structure = large.name
    bookings = Booking.objects.filter(structure_id=large.id)
    report.large_structure_bookings = bookings.filter(
        created_at__gte=now - timedelta(days=365)
    ).count()
    past = (
        bookings.confirmed()
        .filter(slot__starts_at__lt=now)
        .order_by(F("attendance_recorded_at").desc(nulls_last=True), "-slot__starts_at")
        .first()
    )
    report.bench_booking = past.reference if past else None

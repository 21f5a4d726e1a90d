"""Builds the demo data set of `manage.py seed_demo` (data in portal/demo_data.toml).

Idempotent: every object is found by a natural key before it is created, and what already
exists is left as it is (only the demo accounts are reset). Slots are created only for an
event that has none, bookings only when their deterministic reference is unknown, so a run
a week later adds nothing and moves nothing.

Bookings go through the booking services (book, cancel, record_attendance), each step
dated when it happens in the story, with notify=False: no e-mail, no counter-mark. A
booking whose slot is missing, or with a step the services refuse (closed, full, person
already booked), is skipped as a whole and reported. Runtime code: no test dependency here.
"""

import hashlib
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from bookings import waiting
from bookings.cancellation import CancellationError, cancel
from bookings.followup import FollowUpError, TestimonialInput, record_attendance
from bookings.models import (
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    REFERENCE_PREFIX,
    Booking,
    WaitingEntry,
)
from bookings.services import BookingError, ParticipantRequest, book
from events.models import Audience, Event, Genre, Partner, Slot, Venue
from people.models import Person
from structures.groups import department_team
from structures.models import Department, Structure, User

DATA_FILE = Path(__file__).with_name("demo_data.toml")

# Events with a past slot were published long before it; the others over the last weeks.
PUBLISHED_LONG_AGO_DAYS = 45


@dataclass
class SeedResult:
    created: dict = field(default_factory=dict)
    skipped_bookings: list = field(default_factory=list)
    logins: list = field(default_factory=list)  # (label, e-mail, password) of the demo accounts

    def count(self, label, n=1):
        self.created[label] = self.created.get(label, 0) + n


def load_data():
    with DATA_FILE.open("rb") as file:
        return tomllib.load(file)


def demo_reference(key):
    """A stable booking reference for a demo booking key, in the usual alphabet."""
    digest = hashlib.sha256(f"seed-demo:{key}".encode()).digest()
    chars = "".join(REFERENCE_ALPHABET[b % len(REFERENCE_ALPHABET)] for b in digest)
    return REFERENCE_PREFIX + chars[:REFERENCE_LENGTH]


def slot_start(today, days, hhmm):
    hours, minutes = (int(part) for part in hhmm.split(":"))
    naive = datetime.combine(today + timedelta(days=days), time(hours, minutes))
    return timezone.make_aware(naive)


def seed_demo(now=None):
    """Create what is missing of the demo data set, in one transaction."""
    now = now or timezone.now()
    data = load_data()
    result = SeedResult()
    with transaction.atomic():
        departments = _departments(data)
        genres, audiences = _genres_and_audiences(data, result)
        venues = _partners_and_venues(data, departments, result)
        slots = _events_and_slots(data, now, venues, genres, audiences, result)
        structures, persons = _structures_and_persons(data, departments, result)
        users = _accounts(data, structures, departments, result)
        _bookings(data, now, slots, structures, persons, users, result)
        _waiting_lists(data, now, slots, structures, persons, users, result)
    return result


def _departments(data):
    departments = {}
    for code, team in data["departments"].items():
        department = Department.objects.get(code=code)
        # Fill the team's details once; a later run keeps what the staff may have edited.
        if not department.is_active or not department.team_email:
            for name, value in team.items():
                setattr(department, name, value)
            department.is_active = True
            department.save()
        departments[code] = department
    return departments


def _genres_and_audiences(data, result):
    genres = {}
    for slug, genre in data["genres"].items():
        genres[slug], created = Genre.objects.get_or_create(slug=slug, defaults=genre)
        result.count("genres", created)
    audiences = {}
    for slug, name in data["audiences"].items():
        audiences[slug], created = Audience.objects.get_or_create(
            slug=slug, defaults={"name": name}
        )
        result.count("types de public", created)
    return genres, audiences


def _partners_and_venues(data, departments, result):
    venues = {}
    for key, spec in data["partners"].items():
        department = departments[spec["department"]]
        partner, created = Partner.objects.get_or_create(
            name=spec["name"],
            department=department,
            defaults={
                "contact_name": spec["contact_name"],
                "contact_email": spec["contact_email"],
                "phone": spec["phone"],
                "website": spec["website"],
            },
        )
        result.count("partenaires", created)
        venue_spec = dict(spec["venue"])
        # With its partner and département at hand: the events and slots below read them.
        venues[key], created = Venue.objects.select_related("partner", "department").get_or_create(
            partner=partner,
            name=venue_spec.pop("name"),
            defaults={**venue_spec, "department": department},
        )
        result.count("lieux", created)
    return venues


def _published_days_ago(data, index, key, spec):
    if any(slot["days"] < 0 for slot in spec["slots"]):
        return PUBLISHED_LONG_AGO_DAYS
    booked_days = [
        booking["created"]
        for booking in data["bookings"].values()
        if booking["slot"]["event"] == key
    ]
    # A few events are new (published in the last days), the others older.
    spread = 1 + (index * 4) % 30
    return max([spread, *(days + 2 for days in booked_days)])


def _events_and_slots(data, now, venues, genres, audiences, result):
    """Find or create the events; return their slots by (event key, days from today)."""
    today = timezone.localdate(now)
    slots = {}
    for index, (key, spec) in enumerate(data["events"].items()):
        venue = venues[spec["partner"]]
        is_published = not spec.get("draft", False)
        published_at = None
        if is_published:
            days_ago = _published_days_ago(data, index, key, spec)
            published_at = now - timedelta(days=days_ago, hours=index % 7)
        event, created = Event.objects.get_or_create(
            title=spec["title"],
            venue=venue,
            defaults={
                "partner": venue.partner,
                "department": venue.department,
                "description": spec["description"],
                "duration_minutes": spec["duration"],
                "recommended_age": spec["age"],
                "is_published": is_published,
                "published_at": published_at,
            },
        )
        result.count("événements", created)
        if created:
            event.genres.add(*(genres[slug] for slug in spec["genres"]))
            event.audiences.add(*(audiences[slug] for slug in spec["audiences"]))
        for planned, slot in zip(
            spec["slots"], _slots_of(event, spec, today, now, created, result), strict=True
        ):
            slots[key, planned["days"]] = slot
    return slots


def _slots_of(event, spec, today, now, event_created, result):
    """The event's slots in the order of the data, or None where a slot is missing.

    Slots are created only for an event that has none yet: re-running the command later
    must not add a fresh set of dates to existing events.
    """
    planned = [slot_start(today, slot["days"], slot["time"]) for slot in spec["slots"]]
    if not event_created and event.slots.exists():
        existing = {slot.starts_at: slot for slot in event.slots.all()}
        return [existing.get(starts_at) for starts_at in planned]
    created = []
    for starts_at, slot_spec in zip(planned, spec["slots"], strict=True):
        slot = Slot(
            event=event,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=spec["duration"]),
            invitations_offered=slot_spec["offered"],
        )
        if "max_per_booking" in slot_spec:
            slot.max_per_booking = slot_spec["max_per_booking"]
        slot.closes_at = slot.default_closes_at()
        # The guest list of a slot already closed has left for the partner.
        slot.guest_list_sent_at = slot.closes_at if slot.closes_at <= now else None
        created.append(slot)
    created = Slot.objects.bulk_create(created)
    result.count("créneaux", len(created))
    return created


def _structures_and_persons(data, departments, result):
    """The structures by key, and their persons by structure key, then by full name."""
    structures = {}
    persons = {}
    for key, spec in data["structures"].items():
        structures[key], created = Structure.objects.get_or_create(
            name=spec["name"],
            department=departments[spec["department"]],
            defaults={
                "kind": spec["kind"],
                "address": spec["address"],
                "postal_code": spec["postal_code"],
                "city": spec["city"],
                "phone": spec["phone"],
                "email": spec["email"],
            },
        )
        result.count("structures", created)
        persons[key] = _persons(structures[key], spec, result)
    return structures, persons


def _persons(structure, spec, result):
    """The beneficiaries and companions of one structure, by full name."""
    persons = {}
    for kind, records in [
        (Person.Kind.BENEFICIARY, spec["beneficiaries"]),
        (Person.Kind.COMPANION, spec["companions"]),
    ]:
        for record in records:
            person, created = Person.objects.get_or_create(
                structure=structure,
                kind=kind,
                first_name=record["first_name"],
                last_name=record["last_name"],
                defaults={
                    "birth_year": record.get("birth_year"),
                    "phone": record.get("phone", ""),
                    "companion_type": record.get("type", ""),
                },
            )
            result.count("personnes", created)
            persons[person.full_name] = person
    return persons


def _accounts(data, structures, departments, result):
    """Create the demo accounts, or put them back as documented (password included)."""
    hashes = _password_hashes(spec.get("password") for spec in data["accounts"].values())
    users = {}
    for email, spec in data["accounts"].items():
        password = spec.get("password")  # None: an unusable password, no login
        structure = structures[spec["structure"]] if spec.get("structure") else None
        user = User.objects.filter(email__iexact=email).first() or User(email=email)
        result.count("comptes", user.pk is None)
        user.first_name = spec["first_name"]
        user.last_name = spec["last_name"]
        user.phone = spec.get("phone", "")
        user.structure = structure
        user.is_staff = spec.get("is_staff", False)
        user.is_superuser = spec.get("is_superuser", False)
        user.is_active = True
        user.password = hashes[password]
        user.save()
        user.departments.set([departments[code] for code in spec.get("departments", [])])
        # Département staff act through the group that carries their admin permissions.
        user.groups.set([department_team()] if user.is_staff and not user.is_superuser else [])
        users[email] = user
        if password:
            result.logins.append((spec["label"], email, password))
    return users


def _password_hashes(passwords):
    """Each distinct password hashed once: hashing is the slow part of a re-run."""
    return {password: make_password(password) for password in dict.fromkeys(passwords)}


def _bookings(data, now, slots, structures, persons, users, result):
    workers = {}
    for user in users.values():
        if user.structure_id:
            workers.setdefault(user.structure_id, user)
    references = {key: demo_reference(key) for key in data["bookings"]}
    existing = set(
        Booking.objects.filter(reference__in=references.values()).values_list(
            "reference", flat=True
        )
    )
    for key, spec in data["bookings"].items():
        if references[key] in existing:
            continue
        slot = slots[spec["slot"]["event"], spec["slot"]["days"]]
        if slot is None:
            result.skipped_bookings.append(key)
            continue
        structure = structures[spec["structure"]]
        try:
            # A savepoint: a step the services refuse leaves nothing of this booking behind.
            with transaction.atomic():
                booking = _book(
                    now, spec, slot, structure, workers[structure.pk], persons[spec["structure"]]
                )
                # book() draws a random reference; a demo booking keeps a stable one, which
                # is how a later run knows it exists.
                Booking.objects.filter(pk=booking.pk).update(reference=references[key])
        except (BookingError, CancellationError, FollowUpError):
            result.skipped_bookings.append(key)
            continue
        result.count("réservations")


def _waiting_lists(data, now, slots, structures, persons, users, result):
    """Lists waiting on full slots, joined through bookings.waiting; one already waiting
    for the structure on that slot is left as it is."""
    for key, spec in data.get("waiting", {}).items():
        slot = slots[spec["slot"]["event"], spec["slot"]["days"]]
        structure = structures[spec["structure"]]
        if slot is None or (
            WaitingEntry.objects.waiting().filter(slot=slot, structure=structure).exists()
        ):
            continue
        worker = next(u for u in users.values() if u.structure_id == structure.pk)
        people = persons[spec["structure"]]
        try:
            with transaction.atomic():
                waiting.join(
                    slot=slot,
                    structure=structure,
                    user=worker,
                    participants=[_participant_request(e, people) for e in spec["participants"]],
                    now=now - timedelta(days=spec["created"]),
                )
        except BookingError:
            result.skipped_bookings.append(key)
            continue
        result.count("inscriptions en liste d'attente")


def _book(now, spec, slot, structure, worker, people):
    """One demo booking told through the services: booked, then cancelled or followed up."""
    if slot.starts_at <= now:
        booked_at = slot.starts_at - timedelta(days=spec["created"])
    else:
        booked_at = now - timedelta(days=spec["created"])
    booking = book(
        slot=slot,
        structure=structure,
        user=worker,
        participants=[_participant_request(entry, people) for entry in spec["participants"]],
        now=booked_at,
        notify=False,
    )
    if spec.get("cancelled", False):
        cancel(booking, by=worker, now=booked_at + timedelta(days=1), notify=False)
    if "attendance" in spec:
        ids = {p.full_name: p.pk for p in booking.participants.all()}
        testimonials = []
        if "testimonial" in spec:
            author, text = spec["testimonial"]["author"], spec["testimonial"]["text"]
            testimonials.append(
                TestimonialInput(participant_id=ids[author], text=text, consent=True)
            )
        record_attendance(
            booking,
            worker,
            attendance={ids[name]: came for name, came in spec["attendance"].items()},
            testimonials=testimonials,
            now=slot.starts_at + timedelta(days=1),
        )
    return booking


def _participant_request(entry, people):
    """The ParticipantRequest of a participant of the data, keyed by full name."""
    name = entry["name"]
    if entry["role"] == "guest":
        first_name, last_name = name.split(" ", 1)
        return ParticipantRequest(
            key=name, role="guest", first_name=first_name, last_name=last_name, host=entry["host"]
        )
    return ParticipantRequest(key=name, role=entry["role"], person_id=people[name].pk)

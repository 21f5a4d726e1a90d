"""Builds the demo data set of `manage.py seed_demo` (data in structures/demo_data.py).

Idempotent: every object is found by a natural key before it is created, and what already
exists is left as it is (only the demo accounts are reset). Slots are created only for an
event that has none, bookings only when their deterministic reference is unknown, so a run
a week later adds nothing and moves nothing. Runtime code: no test dependency here.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from bookings.models import (
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    REFERENCE_PREFIX,
    Booking,
    BookingLogEntry,
    Participant,
    Testimonial,
)
from events.models import Audience, Event, Genre, Partner, Slot, Venue
from people.models import Person
from structures import demo_data as data
from structures.groups import department_team
from structures.models import Department, Structure, User

# Events with a past slot were published long before it; the others over the last weeks.
PUBLISHED_LONG_AGO_DAYS = 45


@dataclass
class SeedResult:
    created: dict = field(default_factory=dict)
    skipped_bookings: list = field(default_factory=list)

    def count(self, label, n=1):
        self.created[label] = self.created.get(label, 0) + n


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
    result = SeedResult()
    with transaction.atomic():
        departments = _departments()
        by_id = {department.pk: department for department in departments.values()}
        genres, audiences = _genres_and_audiences(result)
        venues = _partners_and_venues(departments, result)
        events, slots = _events_and_slots(now, by_id, venues, genres, audiences, result)
        structures, persons = _structures_and_persons(departments, result)
        users = _accounts(structures, departments, result)
        _bookings(now, slots, structures, persons, users, result)
    return result


def _departments():
    departments = {}
    for code, team in data.DEPARTMENTS.items():
        department = Department.objects.get(code=code)
        # Fill the team's details once; a later run keeps what the staff may have edited.
        if not department.is_active or not department.team_email:
            for name, value in team.items():
                setattr(department, name, value)
            department.is_active = True
            department.save()
        departments[code] = department
    return departments


def _genres_and_audiences(result):
    genres = {}
    for slug, (name, icon) in data.GENRES.items():
        genres[slug], created = Genre.objects.get_or_create(
            slug=slug, defaults={"name": name, "icon": icon}
        )
        result.count("genres", created)
    audiences = {}
    for slug, name in data.AUDIENCES.items():
        audiences[slug], created = Audience.objects.get_or_create(
            slug=slug, defaults={"name": name}
        )
        result.count("types de public", created)
    return genres, audiences


def _partners_and_venues(departments, result):
    venues = {}
    for key, spec in data.PARTNERS.items():
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
        venues[key], created = Venue.objects.get_or_create(
            partner=partner,
            name=venue_spec.pop("name"),
            defaults={**venue_spec, "department": department},
        )
        result.count("lieux", created)
    return venues


def _published_days_ago(index, spec):
    if any(slot[0] < 0 for slot in spec["slots"]):
        return PUBLISHED_LONG_AGO_DAYS
    booked_days = [
        booking["created"]
        for booking in data.BOOKINGS.values()
        if booking["slot"][0] == spec["key"]
    ]
    # A few events are new (published in the last days), the others older.
    spread = 1 + (index * 4) % 30
    return max([spread, *(days + 2 for days in booked_days)])


def _events_and_slots(now, departments, venues, genres, audiences, result):
    today = timezone.localdate(now)
    events = {}
    slots = {}
    for index, (key, spec) in enumerate(data.EVENTS.items()):
        venue = venues[spec["partner"]]
        is_published = not spec.get("draft", False)
        published_at = None
        if is_published:
            days_ago = _published_days_ago(index, {**spec, "key": key})
            published_at = now - timedelta(days=days_ago, hours=index % 7)
        event, created = Event.objects.get_or_create(
            title=spec["title"],
            venue=venue,
            defaults={
                "partner": venue.partner,
                "description": spec["description"],
                "duration_minutes": spec["duration"],
                "recommended_age": spec["age"],
                "is_published": is_published,
                "published_at": published_at,
            },
        )
        result.count("événements", created)
        if created:
            event.genres.set([genres[slug] for slug in spec["genres"]])
            event.audiences.set([audiences[slug] for slug in spec["audiences"]])
        events[key] = event
        slots[key] = _slots_of(event, spec, today, now, created, departments, result)
    return events, slots


def _slots_of(event, spec, today, now, event_created, departments, result):
    """The event's slots in the order of the data, or None where a slot is missing.

    Slots are created only for an event that has none yet: re-running the command later
    must not add a fresh set of dates to existing events.
    """
    planned = [slot_start(today, days, hhmm) for days, hhmm, *_ in spec["slots"]]
    if not event_created and event.slots.exists():
        existing = {slot.starts_at: slot for slot in event.slots.all()}
        return [existing.get(starts_at) for starts_at in planned]
    department = departments.get(event.department_id) or event.department
    cutoff = timedelta(hours=department.cutoff_hours)
    created = []
    for starts_at, (_days, _hhmm, offered, *rest) in zip(planned, spec["slots"], strict=True):
        closes_at = starts_at - cutoff  # what Slot.save() would default to
        created.append(
            Slot(
                event=event,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=spec["duration"]),
                invitations_offered=offered,
                max_per_booking=rest[0] if rest else 4,
                closes_at=closes_at,
                # The guest list of a slot already closed has left for the partner.
                guest_list_sent_at=closes_at if closes_at <= now else None,
            )
        )
    created = Slot.objects.bulk_create(created)
    result.count("créneaux", len(created))
    return created


def _structures_and_persons(departments, result):
    structures = {}
    persons = {}
    for key, spec in data.STRUCTURES.items():
        structure, created = Structure.objects.get_or_create(
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
        structures[key] = structure
        for first_name, last_name, birth_year, phone in spec["beneficiaries"]:
            person, created = Person.objects.get_or_create(
                structure=structure,
                kind=Person.Kind.BENEFICIARY,
                first_name=first_name,
                last_name=last_name,
                defaults={"birth_year": birth_year, "phone": phone},
            )
            result.count("personnes", created)
            persons[key, person.full_name] = person
        for first_name, last_name, companion_type in spec["companions"]:
            person, created = Person.objects.get_or_create(
                structure=structure,
                kind=Person.Kind.COMPANION,
                first_name=first_name,
                last_name=last_name,
                defaults={"companion_type": companion_type},
            )
            result.count("personnes", created)
            persons[key, person.full_name] = person
    return structures, persons


def _accounts(structures, departments, result):
    """Create the demo accounts, or put them back as documented (password included)."""
    hashes = {}
    users = {}
    for email, spec in data.ACCOUNTS.items():
        password = spec["password"]
        if password not in hashes:
            # Hash each distinct password once: hashing is the slow part of a re-run.
            hashes[password] = make_password(password)
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
    return users


def _bookings(now, slots, structures, persons, users, result):
    workers = {}
    for user in users.values():
        if user.structure_id:
            workers.setdefault(user.structure_id, user)
    existing = set(
        Booking.objects.filter(
            reference__in=[demo_reference(key) for key in data.BOOKINGS]
        ).values_list("reference", flat=True)
    )
    for key, spec in data.BOOKINGS.items():
        reference = demo_reference(key)
        if reference in existing:
            continue
        event_key, index = spec["slot"]
        slot = slots[event_key][index]
        structure = structures[spec["structure"]]
        if slot is None or not _book(
            now, key, reference, spec, slot, structure, workers[structure.pk], persons
        ):
            result.skipped_bookings.append(key)
            continue
        result.count("réservations")


def _book(now, key, reference, spec, slot, structure, worker, persons):
    """One demo booking, counted on its slot exactly as the booking service does."""
    people = [
        persons[spec["structure"], entry[1]]
        for entry in spec["participants"]
        if entry[0] != "guest"
    ]
    if Participant.objects.filter(slot=slot, person__in=people, is_active=True).exists():
        return False
    count = len(spec["participants"])
    cancelled = spec.get("cancelled", False)
    if not cancelled:
        # The same guarded update as a real booking: never more than offered.
        seats = Slot.objects.filter(
            pk=slot.pk, invitations_booked__lte=F("invitations_offered") - count
        ).update(invitations_booked=F("invitations_booked") + count)
        if not seats:
            return False

    if slot.starts_at <= now:
        created_at = slot.starts_at - timedelta(days=spec["created"])
    else:
        created_at = now - timedelta(days=spec["created"])
    cancelled_at = created_at + timedelta(days=1) if cancelled else None
    attendance = spec.get("attendance")
    booking = Booking.objects.create(
        reference=reference,
        slot=slot,
        structure=structure,
        booked_by=worker,
        invitations=count,
        created_at=created_at,
        status=Booking.Status.CANCELLED if cancelled else Booking.Status.CONFIRMED,
        cancelled_at=cancelled_at,
        cancelled_by=worker if cancelled else None,
        attendance_recorded_at=slot.starts_at + timedelta(days=1) if attendance else None,
    )
    participants = {}
    for role, full_name, *host in spec["participants"]:
        person = None if role == "guest" else persons[spec["structure"], full_name]
        first_name, last_name = full_name.split(" ", 1)
        participants[full_name] = Participant.objects.create(
            booking=booking,
            slot=slot,
            role=role,
            person=person,
            first_name=person.first_name if person else first_name,
            last_name=person.last_name if person else last_name,
            invited_by=participants[host[0]] if host else None,
            is_active=not cancelled,
            attended=attendance.get(full_name) if attendance else None,
        )
    BookingLogEntry.objects.create(
        booking=booking,
        action=BookingLogEntry.Action.BOOKED,
        actor=worker,
        at=created_at,
        details={"invitations": count, "demo": key},
    )
    if cancelled:
        BookingLogEntry.objects.create(
            booking=booking,
            action=BookingLogEntry.Action.CANCELLED,
            actor=worker,
            at=cancelled_at,
            details={"invitations": count},
        )
    if attendance:
        BookingLogEntry.objects.create(
            booking=booking,
            action=BookingLogEntry.Action.ATTENDANCE,
            actor=worker,
            at=booking.attendance_recorded_at,
            details={"present": sum(1 for came in attendance.values() if came)},
        )
    if spec.get("testimonial"):
        author, text = spec["testimonial"]
        Testimonial.objects.create(
            booking=booking, participant=participants[author], text=text, consent=True
        )
    return True

"""Page times of the portal with a large data set, against the personal space.

    DEBUG=true .venv/bin/python bench/pages.py [--runs 15] [--bookings 5000] [--events 2000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/pages.py

Works on a throwaway database (Django's test database, dropped at the end). Builds one
département with many events and slots, and one structure with many bookings over the last
year (two participants each, some cancelled, attendance recorded on most past ones), then
prints the median time and the query count of each page a worker opens, and its ratio to the
personal space ("Mon espace"). Speed is measured here, never asserted in tests.
"""

import argparse
import random
import statistics
import time
from datetime import timedelta

from django_env import setup  # noqa: E402 (bench/ is the script folder)

WORK_DIR = setup("pages")

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bookings.models import Booking, Participant  # noqa: E402
from events.models import Audience, Event, Genre, Partner, Slot, Venue  # noqa: E402
from people.models import Person  # noqa: E402
from structures.models import Department, Structure, User  # noqa: E402
from structures.text import normalize  # noqa: E402


def build(n_events, n_bookings):
    random.seed(2026)
    now = timezone.now()
    paris = Department.objects.get(code="75")
    Department.objects.filter(pk=paris.pk).update(is_active=True, team_phone="01 23 45 67 89")
    genres = [Genre.objects.create(name=f"Genre {i}", slug=f"genre-{i}") for i in range(8)]
    audiences = [Audience.objects.create(name=f"Public {i}", slug=f"public-{i}") for i in range(5)]
    partners = Partner.objects.bulk_create(
        Partner(name=f"Partenaire {i}", department=paris, contact_email=f"p{i}@bench.test")
        for i in range(60)
    )
    venues = Venue.objects.bulk_create(
        Venue(
            partner=partner,
            name=f"Salle {i}",
            address="1 rue de Rivoli",
            postal_code="75001",
            city="Paris",
            department=paris,
        )
        for i, partner in enumerate(partners)
    )
    events = Event.objects.bulk_create(
        Event(
            title=f"Théâtre numéro {i}",
            search_title=normalize(f"Théâtre numéro {i}"),
            partner=venues[i % len(venues)].partner,
            venue=venues[i % len(venues)],
            department=paris,
            is_published=True,
            published_at=now - timedelta(days=random.randint(0, 60)),
        )
        for i in range(n_events)
    )
    Event.genres.through.objects.bulk_create(
        Event.genres.through(event=event, genre=random.choice(genres)) for event in events
    )
    Event.audiences.through.objects.bulk_create(
        Event.audiences.through(event=event, audience=random.choice(audiences)) for event in events
    )
    slots = []
    for event in events:
        for offset in (-random.randint(1, 360), random.randint(3, 60)):
            start = now + timedelta(days=offset, hours=random.randint(0, 12))
            slots.append(
                Slot(
                    event=event,
                    starts_at=start,
                    closes_at=start - timedelta(hours=48),
                    invitations_offered=100_000,
                    max_per_booking=4,
                )
            )
    slots = Slot.objects.bulk_create(slots)
    structure = Structure.objects.create(name="Relais de mesure", department=paris)
    worker = User.objects.create_user(
        "bench@relais.test", "bench-password-2026", structure=structure, first_name="Camille"
    )
    persons = Person.objects.bulk_create(
        Person(
            structure=structure,
            first_name=f"Prénom{i}",
            last_name=f"Nom{i}",
            search_name=normalize(f"Prénom{i} Nom{i}"),
        )
        for i in range(800)
    )
    bookings, chosen = [], []
    for i in range(n_bookings):
        slot = random.choice(slots)
        cancelled = i % 12 == 0
        past = slot.starts_at < now
        bookings.append(
            Booking(
                reference=f"CDC-B{i:05d}",
                slot=slot,
                structure=structure,
                booked_by=worker,
                invitations=2,
                status="cancelled" if cancelled else "confirmed",
                cancelled_at=now if cancelled else None,
                created_at=slot.starts_at - timedelta(days=10),
                attendance_recorded_at=now if past and i % 3 else None,
            )
        )
        chosen.append(random.sample(persons, 2))
    bookings = Booking.objects.bulk_create(bookings)
    participants = []
    for booking, pair in zip(bookings, chosen, strict=True):
        for person in pair:
            participants.append(
                Participant(
                    booking=booking,
                    slot_id=booking.slot_id,
                    is_active=booking.status == "confirmed",
                    role="beneficiary",
                    person=person,
                    first_name=person.first_name,
                    last_name=person.last_name,
                    search_name=person.search_name,
                    attended=bool(booking.attendance_recorded_at) and random.random() < 0.8,
                )
            )
    Participant.objects.bulk_create(participants, ignore_conflicts=True)
    return worker, next(event for event in events)


def measure(client, url, runs):
    client.get(url)  # warm-up
    reset_queries()  # the log is bounded: a full one would count nothing
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000, len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--bookings", type=int, default=5000)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        started = time.perf_counter()
        worker, event = build(args.events, args.bookings)
        print(
            f"{connection.vendor}: {args.events} events, {args.bookings} bookings "
            f"built in {time.perf_counter() - started:.1f} s"
        )
        client = Client()
        client.force_login(worker)
        pages = [
            ("Mon espace", reverse("home")),
            ("Tous les événements", reverse("events:hub")),
            ("Recherche « theatre »", reverse("events:search") + "?titre=theatre"),
            ("Page d'un événement", reverse("events:detail", args=[event.pk])),
            ("Réservations en cours", reverse("bookings:current")),
            ("Toutes les réservations", reverse("bookings:all")),
            ("Mes témoignages", reverse("bookings:testimonials")),
            ("Mes statistiques (12 mois)", reverse("bookings:stats")),
        ]
        results = [(label, *measure(client, url, args.runs)) for label, url in pages]
        reference = results[0][1]
        print(f"{'page':32} {'median ms':>10} {'queries':>8} {'x home':>7}")
        for label, median, queries in results:
            print(f"{label:32} {median:10.1f} {queries:8d} {median / reference:7.2f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()

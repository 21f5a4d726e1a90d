"""Booking under load, through the booking page's own URLs, against gunicorn.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/booking_load.py \
        [--duration 10] [--clients 20] [--worker relais.paris@bench.test]

On an already filled database, with gunicorn (2 sync workers, DEBUG off) as bench/serve.py
runs it. Each client is its own session of the worker and books as a worker does: on the
booking page of a slot, it searches « Charge » (POST), adds a person found (« Ajouter »),
opens the page again (its one-time form token), then books (« Enregistrer »).

(a) --clients clients book again and again for --duration seconds, each time another slot
    or another person. Reports bookings per second and the p50/p95 of « Enregistrer »
    against those of the search POST of the same iterations: the light POST, which changes
    nothing but the session (the query the page shows) and redirects.
(b) 40 clients book 1 invitation each, all at once, on a slot with exactly 10 left. Checks
    in the database that exactly 10 invitations were booked, that every other client was
    told « Il n'y a plus assez d'invitations », and that no answer was a 5xx.

The run makes its own event (EVENT_TITLE) and slots, and its own persons (« Charge Banc-… »)
in the worker's structure; at the end it deletes them with the bookings, e-mails and tasks
made on them (and first what an interrupted run may have left).
"""

import argparse
import html
import itertools
import re
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from live import log_out, logged_in, server, session_cookie, setup

WORK_DIR = setup("booking-load")

from browser import Browser  # noqa: E402
from django.db.models import Sum  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from bookings.models import Booking  # noqa: E402
from events.models import Event, Partner, Slot, Venue  # noqa: E402
from people.models import Person  # noqa: E402
from structures.models import OutgoingEmail, User  # noqa: E402

EVENT_TITLE = "Charge – banc de réservation"
PARTNER_NAME = "Charge – partenaire du banc"
FIRST_NAME, LAST_NAME = "Charge", "Banc-"  # the persons: Charge Banc-0001…
SLOTS = 40  # of scenario (a); each client has PERSONS persons to book on each
PERSONS = 10
RACERS, LAST_SEATS = 40, 10  # scenario (b)
TOKEN = re.compile(r'name="token" value="([^"]+)"')
NO_ROOM = "Il n'y a plus assez d'invitations"  # Slot.check_room's refusal


def paths(slot):
    """The booking page of `slot` and its actions."""
    return {
        name: reverse(f"bookings:{name}", args=[slot.pk])
        for name in ("new", "search", "add_person", "book")
    }


def book(browser, person, slot):
    """One booking as a worker makes it: (the search POST, « Enregistrer »)."""
    url = paths(slot)
    search = browser.post(url["search"], {"q": FIRST_NAME})
    browser.post(url["add_person"], {"person": person.pk})
    token = TOKEN.search(browser.get(url["new"]).text)
    return search, browser.post(url["book"], {"token": token[1] if token else ""})


def booked(answer):
    return answer.status == 302 and "/confirmation/" in answer.location


def make_stage(structure, clients):
    """The run's event with its slots (the last one for (b)), and its persons."""
    department = structure.department
    partner = Partner.objects.create(name=PARTNER_NAME, department=department)
    venue = Venue.objects.create(
        partner=partner,
        name=PARTNER_NAME,
        address="1 rue du Banc",
        postal_code="00000",
        city="Banc d'essai",
        department=department,
    )
    event = Event.objects.create(title=EVENT_TITLE, partner=partner, venue=venue, is_published=True)
    start = timezone.now() + timedelta(days=30)
    slots = Slot.objects.bulk_create(
        Slot(
            event=event,
            starts_at=start + timedelta(hours=n),
            closes_at=start - timedelta(days=1),
            invitations_offered=LAST_SEATS if n == SLOTS else 100_000,
        )
        for n in range(SLOTS + 1)
    )
    persons = [
        Person.objects.create(
            structure=structure, first_name=FIRST_NAME, last_name=f"{LAST_NAME}{n:04d}"
        )
        for n in range(clients * PERSONS + RACERS)
    ]
    return slots[:SLOTS], slots[SLOTS], persons


def clean_up(structure):
    """Delete what this script makes, and what an interrupted run left."""
    events = Event.objects.filter(title=EVENT_TITLE)
    bookings = Booking.objects.filter(slot__event__in=events)
    emails = OutgoingEmail.objects.filter(
        kind=OutgoingEmail.Kind.BOOKING_CONFIRMATION, object_id__in=bookings.values("pk")
    )
    DBTaskResult.objects.filter(
        args_kwargs__args__0__in=list(emails.values_list("pk", flat=True))
    ).delete()
    emails.delete()
    bookings.delete()  # with their participants and history
    Person.objects.filter(
        structure=structure, first_name=FIRST_NAME, last_name__startswith=LAST_NAME
    ).delete()
    events.delete()  # with their slots
    Partner.objects.filter(name=PARTNER_NAME).delete()  # with its venue


def sessions(email, count):
    """`count` sessions of the worker, made here: the clients' threads only speak HTTP."""
    return [session_cookie(logged_in(email)) for _ in range(count)]


def throughput(base_url, cookies, slots, persons, duration):
    """Scenario (a): returns the (search, book) answers of every iteration, and the time."""
    deadline = time.monotonic() + duration

    def client(n):
        browser = Browser(base_url, cookies[n])
        browser.get(paths(slots[0])["new"])  # the CSRF cookie
        mine = persons[n * PERSONS : (n + 1) * PERSONS]
        shifted = slots[n % SLOTS :] + slots[: n % SLOTS]  # clients spread over the slots
        answers = []
        for person, slot in itertools.product(mine, shifted):
            if time.monotonic() >= deadline:
                break
            answers.append(book(browser, person, slot))
        return answers

    start = time.monotonic()
    with ThreadPoolExecutor(len(cookies)) as pool:
        answers = [pair for pairs in pool.map(client, range(len(cookies))) for pair in pairs]
    return answers, time.monotonic() - start


def last_seats(base_url, cookies, slot, persons):
    """Scenario (b): one client a person, each with its list ready, book at the same instant."""
    ready = threading.Barrier(len(persons), timeout=120)

    def client(cookie, person):
        browser = Browser(base_url, cookie)
        url = paths(slot)
        browser.get(url["new"])  # the CSRF cookie
        browser.post(url["add_person"], {"person": person.pk})
        token = TOKEN.search(browser.get(url["new"]).text)[1]
        ready.wait()
        return browser.post(url["book"], {"token": token})

    with ThreadPoolExecutor(len(persons)) as pool:
        return list(pool.map(client, cookies, persons))


def ms(seconds):
    """p50 and p95 in milliseconds."""
    cuts = statistics.quantiles(seconds, n=20, method="inclusive")
    return f"p50 {statistics.median(seconds) * 1000:7.1f} ms   p95 {cuts[18] * 1000:7.1f} ms"


def report_throughput(answers, elapsed, slots, clients):
    searches = [search for search, _book in answers]
    done = [answer for _search, answer in answers if booked(answer)]
    unexpected = len(answers) - len(done) + sum(search.status != 302 for search in searches)
    in_db = Booking.objects.filter(slot__in=slots).count()
    print(
        f"(a) {clients} clients, {elapsed:.1f} s: {len(done)} bookings, {len(done) / elapsed:.1f}/s"
    )
    if len(done) < 2:
        print("    too few bookings to measure: FAILED")
        return False
    ratio = statistics.median(a.seconds for a in done) / statistics.median(
        a.seconds for a in searches
    )
    print(f"    « Enregistrer »        {ms([a.seconds for a in done])}")
    print(f"    search POST (light)    {ms([a.seconds for a in searches])}")
    print(
        f"    ratio of the medians {ratio:.2f}; {unexpected} unexpected answers, "
        f"{in_db} bookings in the database"
    )
    return not unexpected and in_db == len(done)


def report_last_seats(answers, slot):
    done = sum(booked(a) for a in answers)
    refused = sum(a.status == 200 and NO_ROOM in html.unescape(a.text) for a in answers)
    errors = sum(a.status >= 500 for a in answers)
    slot.refresh_from_db()
    in_db = Booking.objects.filter(slot=slot, status=Booking.Status.CONFIRMED).aggregate(
        total=Sum("invitations")
    )["total"]
    ok = (
        done == in_db == slot.invitations_booked == LAST_SEATS
        and refused == RACERS - LAST_SEATS
        and not errors
    )
    print(
        f"(b) {RACERS} clients at once on the last {LAST_SEATS} invitations: {done} booked "
        f"(database: {in_db} invitations booked, the slot counts {slot.invitations_booked}), "
        f"{refused} told « {NO_ROOM} », {errors} 5xx: {'OK' if ok else 'FAILED'}"
    )
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of scenario (a)")
    parser.add_argument("--clients", type=int, default=20, help="clients of scenario (a)")
    parser.add_argument("--worker", default="relais.paris@bench.test")
    args = parser.parse_args()

    worker = User.objects.filter(email=args.worker, structure__isnull=False).first()
    if worker is None:
        sys.exit(f"No social worker {args.worker} in this database: is it filled?")
    structure = worker.structure
    clean_up(structure)
    try:
        slots, last_slot, persons = make_stage(structure, args.clients)
        with server(WORK_DIR) as base_url:
            cookies = sessions(args.worker, args.clients)
            answers, elapsed = throughput(base_url, cookies, slots, persons, args.duration)
            cookies = sessions(args.worker, RACERS)
            race = last_seats(base_url, cookies, last_slot, persons[-RACERS:])
        ok = report_throughput(answers, elapsed, slots, args.clients)
        ok = report_last_seats(race, last_slot) and ok
    finally:
        log_out()
        clean_up(structure)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

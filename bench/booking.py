"""The booking POST ("Enregistrer") with its confirmation e-mail queued (issue "Nothing that
leaves the portal is ever lost").

    DEBUG=true .venv/bin/python bench/booking.py [--runs 40]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/booking.py

Works on a throwaway database (Django's test database, dropped at the end). Interleaves,
so a busy machine slows both alike, and prints medians after a warm-up:

1. the booking POST as the worker waits for it: the booking, and in its transaction the
   OutgoingEmail row and its task (what the portal does);
2. the same POST with the vouchers app's receiver disconnected: the booking and nothing
   else (the floor: before the queue, the POST also rendered the counter-mark PDF and sent
   the e-mail once committed, inside the request; `bench/voucher.py` of an earlier commit
   measures that path);
3. for scale, the worker's time to send that e-mail (PDF, template, locmem backend).

Goal: (1) / (2) <= 1.2.
"""

import argparse
import statistics
import time
from pathlib import Path

from django_env import setup  # noqa: E402 (bench/ is the script folder)

WORK_DIR = setup("booking")

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from bookings.signals import booking_placed  # noqa: E402
from structures.models import OutgoingEmail  # noqa: E402
from vouchers.emails import on_booking_placed  # noqa: E402

RECEIVER = "vouchers_booking_confirmation"


def make_data():
    from structures.models import Department
    from tests.factories import SlotFactory, UserFactory

    department = Department.objects.get_or_create(code="75", defaults={"name": "Paris"})[0]
    worker = UserFactory(first_name="Camille", last_name="Martin")
    slot = SlotFactory(event__partner__department=department, invitations_offered=100_000)
    return worker, slot


def booker(worker, slot):
    from tests.factories import PersonFactory

    client = Client()
    client.force_login(worker)
    page = reverse("bookings:new", args=[slot.pk])

    def add_then_book():
        person = PersonFactory(structure=worker.structure)
        response = client.post(
            reverse("bookings:add_person", args=[slot.pk]), {"person": person.pk}
        )
        assert response.status_code == 302, response.content[:2000]
        token = client.get(page).content.decode().split('name="token" value="')[1][:36]
        start = time.perf_counter()
        response = client.post(reverse("bookings:book", args=[slot.pk]), {"token": token})
        elapsed = time.perf_counter() - start
        assert response.status_code == 302 and "confirmation" in response["Location"]
        return elapsed

    return add_then_book


def bench_post(worker, slot, runs):
    book = booker(worker, slot)
    timings = {"queued": [], "nothing": []}
    for _ in range(3):
        book()
    for _ in range(runs):
        for variant in timings:
            if variant == "nothing":
                booking_placed.disconnect(dispatch_uid=RECEIVER)
            try:
                before = OutgoingEmail.objects.count()
                timings[variant].append(book())
                queued = OutgoingEmail.objects.count() - before
                assert queued == (1 if variant == "queued" else 0), (variant, queued)
            finally:
                booking_placed.connect(on_booking_placed, dispatch_uid=RECEIVER)
    return {variant: statistics.median(values) * 1000 for variant, values in timings.items()}


def time_worker(worker, slot, runs):
    from tests.tasks import run_tasks

    book = booker(worker, slot)
    run_tasks()
    timings = []
    for _ in range(min(runs, 15)):
        book()
        start = time.perf_counter()
        assert run_tasks() == 1
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    runs = parser.parse_args().runs

    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(WORK_DIR) / "bench.sqlite3")
    setup_test_environment()  # locmem e-mail backend
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        worker, slot = make_data()
        post = bench_post(worker, slot, runs)
        send = time_worker(worker, slot, runs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()

    print(f"Database: {connection.vendor}; medians of {runs} runs after a warm-up (ms)")
    print(f"  booking POST, confirmation e-mail queued            {post['queued']:8.1f}")
    print(f"  booking POST, nothing queued (receiver off)         {post['nothing']:8.1f}")
    print(f"    ratio {post['queued'] / post['nothing']:.2f}  (goal <= 1.2)")
    print(f"  the worker sends that e-mail (PDF, template, send)  {send:8.1f}")


if __name__ == "__main__":
    main()

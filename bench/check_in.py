"""The venue's check-in at national scale: the sheet of the busiest slot, a tick, and the
QR code's verification page, in-process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/check_in.py

On an already filled database (bench/README.md). The clock is moved to the start of the
most booked slot of the data set (its link is open then); each page is requested once to
warm up, then `--runs` times, and the fastest gives its time and query count, next to the
floor page's (logged-in "Mentions légales"). The ticks it makes are undone at the end.
"""

import argparse
import time
from datetime import timedelta

from live import logged_in, setup

setup("check-in")

import time_machine  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from serve import WORKER_ACCOUNTS  # noqa: E402

from bookings.models import Booking, Participant  # noqa: E402
from events.models import Slot  # noqa: E402
from vouchers import checkin, tokens  # noqa: E402


def fastest(request, runs):
    """(ms, queries) of the fastest of `runs` calls of `request`, after a warm-up."""
    request()
    best = None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            request()
            elapsed = (time.perf_counter() - started) * 1000
        if best is None or elapsed < best[0]:
            best = (elapsed, len(queries.captured_queries))
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    slot = Slot.objects.order_by("-invitations_booked", "pk").first()
    booking = Booking.objects.confirmed().filter(slot=slot).order_by("pk").first()
    participant = booking.participants.order_by("pk").first()
    sheet = reverse("vouchers:check_in", args=[tokens.make_check_in_token(slot)])
    verify = reverse("vouchers:verify", args=[tokens.make_token(booking)])
    print(f"Créneau le plus réservé : {slot} ({slot.invitations_booked} invitations)")
    worker = logged_in(WORKER_ACCOUNTS.split(",")[0])
    venue = Client()
    door = Client(REMOTE_ADDR="198.51.100.7")  # a phone without the sheet: the page itself

    token = tokens.make_check_in_token(slot)
    arrive = reverse("vouchers:check_in_arrive", args=[token])
    undo = reverse("vouchers:check_in_undo", args=[token])

    def tick():
        for url in (arrive, undo):
            response = venue.post(url, {"participant": participant.pk})
            assert response.status_code == 302, response

    rows = [
        ("Plancher : mentions légales", lambda: worker.get(reverse("legal:notice")).close()),
        ("Feuille de pointage", lambda: venue.get(sheet).close()),
        ("Pointer puis annuler (2 POST)", tick),
        ("Vérification d'une contremarque", lambda: door.get(verify).close()),
    ]
    with time_machine.travel(slot.starts_at - timedelta(minutes=10), tick=True):
        assert checkin.read_link(tokens.make_check_in_token(slot)).is_open
        print(f"    {'ms':>7} {'queries':>7}  page")
        for label, request in rows:
            elapsed, queries = fastest(request, args.runs)
            print(f"    {elapsed:7.1f} {queries:7d}  {label}")
    Participant.objects.filter(pk=participant.pk).update(checked_in_at=None)


if __name__ == "__main__":
    main()

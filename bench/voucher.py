"""Counter-mark speed, in one run (issue "Book invitations", section Speed).

    DEBUG=true .venv/bin/python bench/voucher.py [--runs 30]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/voucher.py

Works on a throwaway database (Django's test database: a temporary SQLite file, or
test_<name> on the DATABASE_URL's server, dropped at the end). Prints medians after a
warm-up (WeasyPrint's first render discovers fonts):

1. rendering one counter-mark (query, template, QR code, WeasyPrint) vs a bare
   WeasyPrint render of a one-page HTML document of the same size: the same counter-mark
   saved as one static HTML file (goal: ratio <= 1.3, what our code adds to WeasyPrint),
   and, for scale, one page of plain paragraphs with the same text;
2. serving an already-stored counter-mark vs the personal space page (goal: <= 2x).

The booking POST, which now only queues the e-mail with the PDF, is bench/booking.py's.
"""

import argparse
import statistics
import time
from pathlib import Path

from django_env import setup  # noqa: E402 (bench/ is the script folder)

WORK_DIR = setup("voucher")

import re  # noqa: E402

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from weasyprint import HTML  # noqa: E402

from bookings.models import Booking  # noqa: E402
from bookings.services import ParticipantRequest, book  # noqa: E402
from structures.models import Department  # noqa: E402
from vouchers import pdf, tokens  # noqa: E402


def median_ms(func, runs, warmup=3):
    for _ in range(warmup):
        func()
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def make_data():
    from tests.factories import PersonFactory, SlotFactory, UserFactory

    department = Department.objects.get_or_create(code="75", defaults={"name": "Paris"})[0]
    Department.objects.filter(pk=department.pk).update(team_phone="01 23 45 67 89")
    worker = UserFactory(first_name="Camille", last_name="Martin")
    slot = SlotFactory(
        event__title="Le Songe d'une nuit d'été", invitations_offered=10_000, max_per_booking=4
    )
    structure = worker.structure
    marie, paul = PersonFactory.create_batch(2, structure=structure)
    anne = PersonFactory(structure=structure, companion=True)
    booking = book(
        slot=slot,
        structure=structure,
        user=worker,
        participants=[
            ParticipantRequest("b1", "beneficiary", marie.pk),
            ParticipantRequest("g1", "guest", first_name="Léa", last_name="Invitée", host="b1"),
            ParticipantRequest("b2", "beneficiary", paul.pk),
            ParticipantRequest("c1", "companion", anne.pk),
        ],
        notify=False,
    )
    return worker, slot, Booking.objects.with_details().get(pk=booking.pk)


def static_copy(booking):
    """The counter-mark as one static HTML file: its final HTML, stylesheet inlined."""
    html = pdf.render_html(booking).replace(pdf.QR_MARKER, pdf.qr_svg(tokens.verify_url(booking)))
    css = pdf.read_static(pdf.STYLESHEET).decode()
    return html.replace("</head>", f"<style>{css}</style></head>", 1)


def plain_text(html):
    """One page of plain paragraphs holding the counter-mark's visible text."""
    text = " ".join(
        re.sub(r"<style>.*?</style>|<svg.*?</svg>|<[^>]+>", " ", html, flags=re.S).split()
    )
    return f"<!doctype html><html lang='fr'><body><p>{text}</p></body></html>"


def bench_render(booking, runs):
    same = static_copy(booking)
    text = plain_text(same)
    for document in (same, text):
        assert len(HTML(string=document).render().pages) == 1

    timings = {"ours": [], "same": [], "text": []}
    renders = {
        "ours": lambda: pdf.render(Booking.objects.with_details().get(pk=booking.pk)),
        "same": lambda: HTML(string=same).write_pdf(),
        "text": lambda: HTML(string=text).write_pdf(),
    }
    for render in renders.values():
        render()
        render()
    for _ in range(runs):  # interleaved, so a busy machine slows all three alike
        for name, render in renders.items():
            start = time.perf_counter()
            render()
            timings[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) * 1000 for name, values in timings.items()}


def bench_serve(worker, booking, runs):
    client = Client()
    client.force_login(worker)
    download = reverse("vouchers:download", args=[booking.reference])
    pdf.stored_voucher(booking)

    def get_pdf():
        response = client.get(download)
        assert response.status_code == 200
        b"".join(response.streaming_content)
        response.close()

    def get_home():
        assert client.get(reverse("home")).status_code == 200

    return median_ms(get_pdf, runs), median_ms(get_home, runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs

    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(WORK_DIR) / "bench.sqlite3")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        worker, slot, booking = make_data()
        render = bench_render(booking, runs)
        served, home = bench_serve(worker, booking, runs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()

    print(f"Database: {connection.vendor}; medians of {runs} runs after a warm-up (ms)")
    print(f"  render one counter-mark (query, template, QR, PDF) {render['ours']:8.1f}")
    print(f"  bare WeasyPrint, the same document as static HTML  {render['same']:8.1f}")
    print(f"    ratio {render['ours'] / render['same']:.2f}  (goal <= 1.3)")
    print(f"  bare WeasyPrint, its text as plain paragraphs      {render['text']:8.1f}")
    print(f"    ratio {render['ours'] / render['text']:.2f}  (what the layout and QR code cost)")
    print(f"  serve the stored counter-mark                      {served:8.1f}")
    print(f"  personal space page                                {home:8.1f}")
    print(f"    ratio {served / home:.2f}  (goal <= 2)")


if __name__ == "__main__":
    main()

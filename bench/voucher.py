"""Counter-mark speed, on an already filled database (issue "Book invitations", section Speed).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/voucher.py \
        [--runs 30] [--duration 10] [--connections 4] [--worker relais.paris@bench.test]

On the worker's confirmed booking with the most participants:

1. rendering its counter-mark (query, template, QR code, WeasyPrint) vs a bare WeasyPrint
   render of a one-page HTML document of the same size: the same counter-mark saved as one
   static HTML file (goal: ratio <= 1.3, what our code adds to WeasyPrint), and, for
   scale, one page of plain paragraphs with the same text. Medians of interleaved runs,
   after a warm-up (WeasyPrint's first render discovers fonts);
2. serving the stored counter-mark through gunicorn vs the floor page, as bench/serve.py
   measures pages: wrk runs floor, counter-mark, floor. (The former goal, <= 2, was against
   the personal space "Mon espace", a page several times heavier than the floor.)

The booking POST, which only queues the e-mail with the PDF, is bench/booking.py's.
"""

import argparse
import re
import statistics
import time

from live import log_out, logged_in, server, setup

WORK_DIR = setup("voucher")

from django.db.models import Count  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from pages import Page, floor, forget_downloads  # noqa: E402
from weasyprint import HTML  # noqa: E402
from wrk import against_floor  # noqa: E402

from bookings.models import Booking  # noqa: E402
from structures.models import User  # noqa: E402
from vouchers import pdf, tokens  # noqa: E402


def largest_booking(email):
    structure = User.objects.get(email=email).structure
    booking = (
        Booking.objects.for_structure(structure)
        .confirmed()
        .annotate(size=Count("participants"))
        .order_by("-size", "-pk")
        .first()
    )
    if booking is None:
        raise SystemExit(f"{email}: no confirmed booking in this database.")
    return Booking.objects.with_details().get(pk=booking.pk)


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


def bench_serve(booking, email, duration, connections):
    """The stored counter-mark over HTTP, and the floor around it: (floor, counter-mark)."""
    pdf.stored_voucher(booking)  # served from its file from now on
    client = logged_in(email)
    download = reverse("vouchers:download", args=[booking.reference])
    page = Page("Contremarque (PDF)", email, download, client)
    started = timezone.now()
    try:
        with server(WORK_DIR) as base_url:
            return against_floor(base_url, floor(client, email), [page], duration, connections)
    finally:
        forget_downloads([email], started)
        log_out()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="renders of each kind")
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk run")
    parser.add_argument("--connections", type=int, default=4, help="wrk's open connections")
    parser.add_argument("--worker", default="relais.paris@bench.test")
    args = parser.parse_args()

    booking = largest_booking(args.worker)
    render = bench_render(booking, args.runs)
    floor_run, served = bench_serve(booking, args.worker, args.duration, args.connections)

    participants = len(booking.participants.all())
    print(f"Counter-mark of {booking.reference} ({participants} participants)")
    print(f"Medians of {args.runs} renders after a warm-up (ms)")
    print(f"  render one counter-mark (query, template, QR, PDF) {render['ours']:8.1f}")
    print(f"  bare WeasyPrint, the same document as static HTML  {render['same']:8.1f}")
    print(f"    ratio {render['ours'] / render['same']:.2f}  (goal <= 1.3)")
    print(f"  bare WeasyPrint, its text as plain paragraphs      {render['text']:8.1f}")
    print(f"    ratio {render['ours'] / render['text']:.2f}  (what the layout and QR code cost)")
    print(f"Served by gunicorn, wrk {args.connections} connections, {args.duration} s a run (ms)")
    print(f"  the stored counter-mark   p50 {served.run.p50:6.1f}   p95 {served.run.p95:6.1f}")
    print(f"  the floor around it       p50 {served.floor_p50:6.1f}   p95 {served.floor_p95:6.1f}")
    print(f"    ratio of the p50 {served.ratio_p50:.2f}")
    if served.run.failed or floor_run.run.failed:
        raise SystemExit("Non-2xx answers or errors: see above.")


if __name__ == "__main__":
    main()

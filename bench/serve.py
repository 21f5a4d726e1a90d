"""Page times of the portal served by gunicorn, each against the floor page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/serve.py \
        [--duration 10] [--connections 4] [--only <text>] [--markdown]

On an already filled database (bench/README.md): starts gunicorn (2 sync workers, DEBUG
off), logs each account in, picks its pages in the database (bench/pages.py), checks that
each answers 200, counts its queries in-process, then runs wrk on the floor and the pages
in turn (floor, page, floor, page, …) and prints each page's times and its ratio to the
floor measured around it.
"""

import argparse
import os
import platform
import sys

from live import GUNICORN_WORKERS, log_out, logged_in, server, setup

WORK_DIR = setup("serve")

from browser import Browser  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from pages import floor, forget_downloads, staff_pages, worker_pages  # noqa: E402
from wrk import against_floor  # noqa: E402

from bookings.models import Booking, Participant  # noqa: E402
from events.models import Event, Slot  # noqa: E402
from structures.models import Structure  # noqa: E402

WORKER_ACCOUNTS = "relais.paris@bench.test,relais.petit@bench.test"
STAFF_ACCOUNTS = "equipe.paris@bench.test,equipe.petit@bench.test"
COLUMNS = ("page", "account", "p50 ms", "p95 ms", "p99 ms", "req/s", "×floor p50")
COLUMNS += ("×floor p95", "queries", "non-2xx")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk run")
    parser.add_argument("--connections", type=int, default=4, help="wrk's open connections")
    parser.add_argument("--only", default="", help="only the pages whose label or account has it")
    parser.add_argument("--markdown", action="store_true", help="for bench/README.md")
    parser.add_argument("--workers", default=WORKER_ACCOUNTS, help="comma-separated e-mails")
    parser.add_argument("--staff", default=STAFF_ACCOUNTS, help="comma-separated e-mails")
    return parser.parse_args()


def plan(accounts, only):
    """(floor, pages) of each account, its pages narrowed by --only."""
    for email, pages_of in accounts:
        client = logged_in(email)
        pages = [p for p in pages_of(client, email) if only.lower() in f"{p.label} {email}".lower()]
        if pages:
            yield floor(client, email), pages


def check(base_url, pages):
    """One request per page over HTTP: each must answer 200 to its account."""
    wrong = [
        f"{page.label} ({page.account}) {page.path}: {status}"
        for page in pages
        if (status := Browser(base_url, page.cookie).get(page.path).status) != 200
    ]
    if wrong:
        sys.exit("Not 200:\n  " + "\n  ".join(wrong))


def count_queries(page):
    """The queries of one request, in-process with the page's session, after a warm-up."""
    page.client.get(page.path).close()
    reset_queries()  # the query log is bounded: a full one would count nothing
    with CaptureQueriesContext(connection) as queries:
        page.client.get(page.path).close()
    return len(queries)


def context(args):
    """What the numbers depend on: the date, the machine, the server, the data set."""
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    sizes = ", ".join(
        f"{model.objects.count()} {model._meta.verbose_name_plural}"
        for model in (Booking, Participant, Event, Slot, Structure)
    )
    return [
        f"Date : {timezone.localtime():%Y-%m-%d %H:%M}",
        f"Machine : {len(os.sched_getaffinity(0))} cœurs, {ram:.0f} Gio de RAM, "
        f"{platform.machine()}, PostgreSQL {postgres}",
        f"Serveur : gunicorn, {GUNICORN_WORKERS} workers sync ; wrk {args.connections} connexions, "
        f"{args.duration} s par mesure",
        f"Données : {sizes}",
    ]


def rows(measures, queries):
    yield COLUMNS
    for m in measures:
        run = m.run
        yield (
            m.page.label,
            m.page.account,
            f"{run.p50:.1f}",
            f"{run.p95:.1f}",
            f"{run.p99:.1f}",
            f"{run.rps:.0f}",
            f"{m.ratio_p50:.2f}",
            f"{m.ratio_p95:.2f}",
            str(queries[m.page]),
            str(run.failed),
        )


def print_report(lines, table, markdown):
    if markdown:
        print("\n".join(f"- {line}" for line in lines) + "\n")
        print("| " + " | ".join(table[0]) + " |")
        print("|---|---|" + "---:|" * (len(COLUMNS) - 2))
        for row in table[1:]:
            print("| " + " | ".join(row) + " |")
        return
    print("\n".join(lines) + "\n")
    widths = [max(len(row[i]) for row in table) for i in range(len(COLUMNS))]
    for row in table:
        cells = [
            cell.ljust(w) if i < 2 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells))


def main():
    args = parse_args()
    accounts = [(email, worker_pages) for email in args.workers.split(",") if email]
    accounts += [(email, staff_pages) for email in args.staff.split(",") if email]
    started = timezone.now()
    try:
        groups = list(plan(accounts, args.only))
        if not groups:
            sys.exit(f"No page matches --only {args.only!r}.")
        pages = [page for floor_page, group in groups for page in (floor_page, *group)]
        with server(WORK_DIR) as base_url:
            check(base_url, pages)
            queries = {page: count_queries(page) for page in pages}
            measures = [
                measure
                for floor_page, group in groups
                for measure in against_floor(
                    base_url, floor_page, group, args.duration, args.connections
                )
            ]
    finally:
        forget_downloads([email for email, _pages_of in accounts], started)
        log_out()
    print_report(context(args), list(rows(measures, queries)), args.markdown)
    failed = [m for m in measures if m.run.failed]
    for m in failed:
        print(f"Non-2xx answers or errors: {m.page.label} ({m.page.account})", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

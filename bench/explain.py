"""The slowest query of each page, and its plan: where a page's time goes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/explain.py \
        [--only <text>] [--plans > bench/plans/<name>.md]

In-process, on an already filled database (bench/README.md), with the accounts and the
pages of bench/serve.py: each page is requested once to warm up, then three times; the
fastest of the three gives its time, its query count, the time of its SQL and of its
slowest query. With --plans, that query and its EXPLAIN (ANALYZE, BUFFERS) follow, in
Markdown (its list of columns shortened to "…").
"""

import argparse
import re
import time

from live import logged_in, setup

setup("explain")

from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from pages import floor, staff_pages, worker_pages  # noqa: E402
from serve import STAFF_ACCOUNTS, WORKER_ACCOUNTS  # noqa: E402

RUNS = 3


def fastest(page):
    """(ms, queries) of the fastest of RUNS requests of `page`, after a warm-up."""
    page.client.get(page.path).close()
    best = None
    for _ in range(RUNS):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            page.client.get(page.path).close()
            elapsed = (time.perf_counter() - started) * 1000
        if best is None or elapsed < best[0]:
            best = (elapsed, queries.captured_queries)
    return best


def plan(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def shortened(sql):
    return re.sub(r"^SELECT (DISTINCT )?.*? FROM ", r"SELECT \1… FROM ", sql, count=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="only the pages whose label or account has it")
    parser.add_argument("--plans", action="store_true", help="EXPLAIN the slowest queries")
    args = parser.parse_args()
    accounts = [(email, worker_pages) for email in WORKER_ACCOUNTS.split(",")]
    accounts += [(email, staff_pages) for email in STAFF_ACCOUNTS.split(",")]
    print(f"    {'ms':>7} {'SQL ms':>7} {'slowest':>7} {'queries':>7}  page")
    plans = []
    for email, pages_of in accounts:
        client = logged_in(email)
        for page in [floor(client, email), *pages_of(client, email)]:
            if args.only.lower() not in f"{page.label} {email}".lower():
                continue
            elapsed, queries = fastest(page)
            slowest = max(queries, key=lambda query: float(query["time"]))
            sql_ms = sum(float(query["time"]) for query in queries) * 1000
            line = (
                f"{elapsed:7.1f} {sql_ms:7.1f} {float(slowest['time']) * 1000:7.1f} "
                f"{len(queries):7d}  {page.label} ({email})"
            )
            print(f"    {line}")
            if args.plans:
                sql = slowest["sql"]
                plans.append(f"## {page.label} ({email})\n\n```sql\n{shortened(sql)}\n```\n")
                plans.append(f"```\n{plan(sql)}\n```\n")
    print("\n" + "\n".join(plans) if plans else "", end="")


if __name__ == "__main__":
    main()

"""wrk runs of the pages of bench/pages.py, each against the floor page measured around it."""

import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from statistics import mean

REPORT = Path(__file__).with_name("wrk_report.lua")


@dataclass
class Run:
    p50: float  # ms
    p95: float
    p99: float
    rps: float
    failed: int  # answers other than 2xx, and socket errors


@dataclass
class Measure:
    page: object
    run: Run
    floor_p50: float  # the floor's, mean of the two runs around this page's
    floor_p95: float

    @property
    def ratio_p50(self):
        return self.run.p50 / self.floor_p50

    @property
    def ratio_p95(self):
        return self.run.p95 / self.floor_p95


def run(base_url, page, duration, connections):
    """`connections` clients requesting `page` with its session for `duration` seconds."""
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}s"]
    command += ["--timeout", "30s", "-s", str(REPORT), "-H", f"Cookie: {page.cookie}"]
    output = subprocess.run(
        [*command, base_url + page.path], capture_output=True, text=True, check=True
    ).stdout
    report = json.loads(output.splitlines()[-1])
    # wrk stops at once, but the requests it left in flight still hold the workers: let
    # them finish, or the next run (the floor after a slow page) would wait behind them.
    time.sleep(min(report["max"] / 1e6, 30))
    return Run(
        p50=report["p50"] / 1000,
        p95=report["p95"] / 1000,
        p99=report["p99"] / 1000,
        rps=report["requests"] / report["seconds"],
        failed=report["non2xx"] + report["errors"],
    )


def against_floor(base_url, floor, pages, duration, connections):
    """Run floor, page, floor, page, …, floor; return the floor's own measure (the mean of
    its runs) then each page's, its ratios taken to the two floor runs around it."""
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: sudo apt-get install wrk")
    run(base_url, floor, 1, connections)  # warm-up, not reported
    floors = [run(base_url, floor, duration, connections)]
    measures = []
    for page in pages:
        measured = run(base_url, page, duration, connections)
        floors.append(run(base_url, floor, duration, connections))
        around = floors[-2:]
        measures.append(
            Measure(page, measured, mean(r.p50 for r in around), mean(r.p95 for r in around))
        )
        print(f"  {page.label} ({page.account}): p50 {measured.p50:.1f} ms", file=sys.stderr)
    floor_run = Run(
        p50=mean(r.p50 for r in floors),
        p95=mean(r.p95 for r in floors),
        p99=mean(r.p99 for r in floors),
        rps=mean(r.rps for r in floors),
        failed=sum(r.failed for r in floors),
    )
    return [Measure(floor, floor_run, floor_run.p50, floor_run.p95), *measures]

"""A worker's resident memory over many report renders: after 200 it stays within 50 MB of after 20.

.venv/bin/python bench/memory.py            # 200 renders of the demo report (清水乡, 2020)
BENCH_RENDERS=400 .venv/bin/python bench/memory.py

Each render builds the document from the database and writes the PDF, as a download that
misses the cache does; the opening changes every time, so nothing is served from a cache.
Prints RSS (from /proc/self/status) after 1, 20, 50, 100, … renders.
"""

import gc
import io
import os
import time

from setup import django_setup

RENDERS = int(os.environ.get("BENCH_RENDERS", "200"))
LIMIT_MB = 50


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def main():
    database = django_setup()
    from django.core.management import call_command

    from organizations.models import Organization
    from reports.document import build_document
    from reports.renderers.pdf import render_pdf

    call_command("seed_demo", "--with-report", stdout=io.StringIO())
    report = Organization.objects.get(name="清水乡").reports.get(year=2020)
    opening = report.opening
    print(f"database: {database}")
    print(f"{'renders':>7} {'RSS MB':>8} {'s/render':>9}")
    marks, figures = {1, 20, 50, 100, 150, 200, RENDERS}, {}
    start = time.perf_counter()
    for n in range(1, RENDERS + 1):
        report.opening = f"{opening}（第{n}次生成）"
        render_pdf(build_document(report))
        if n in marks:
            gc.collect()
            figures[n] = rss_mb()
            print(f"{n:>7} {figures[n]:>8.1f} {(time.perf_counter() - start) / n:>9.2f}", flush=True)
    growth = figures[RENDERS] - figures[20]
    verdict = "within" if growth <= LIMIT_MB else "OVER"
    print(f"RSS after {RENDERS} − after 20 renders: {growth:+.1f} MB ({verdict} the {LIMIT_MB} MB limit)")


if __name__ == "__main__":
    main()

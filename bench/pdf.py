"""The report PDF beside plain WeasyPrint, in the same run: ratios, since absolute times move here.

.venv/bin/python bench/pdf.py             # 3 whole-process runs of each, 6 in-process renders of each

Prints, for the reference (../shared/bench/reference_pdf.py: 15 pages of Chinese text and a
table, plain WeasyPrint) and for the project:
- a long-lived process: median of the warm renders (the reference with --repeat; the project's
  15-page bench report through render_pdf, as bench/report.py fills it);
- a whole process: wall time of `python reference_pdf.py out.pdf` and of
  `python manage.py build_report --format pdf` on the seeded demo (5 pages), interleaved.
"""

import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from setup import ROOT, django_setup

REFERENCE = Path(os.environ.get("REFERENCE_PDF", ROOT.parent.parent / "shared" / "bench" / "reference_pdf.py"))
if not REFERENCE.exists():
    REFERENCE = Path("/work/shared/bench/reference_pdf.py")
PYTHON = sys.executable
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def wall(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, cwd=ROOT, capture_output=True)
    return (time.perf_counter() - start) * 1000


def main():
    database = django_setup()
    from django.core.management import call_command
    from report import NARRATIVE  # the same text as bench/report.py

    out = Path(tempfile.mkdtemp())
    env = dict(os.environ)
    call_command("seed_demo", "--with-report", stdout=io.StringIO())

    # Long-lived process: the project's 15-page report, as bench/report.py fills it.
    import datetime

    from organizations.models import Organization
    from reports.document import build_document
    from reports.renderers.pdf import render_pdf

    township = Organization.objects.get(name="清水乡")
    report = township.reports.get(year=2020)
    day = datetime.date(2020, 11, 15)
    report.as_of = report.issued_on = day
    report.opening = NARRATIVE * 2
    report.problems = "\n".join(NARRATIVE for _ in range(3))
    report.next_steps = "\n".join(NARRATIVE for _ in range(3))
    report.save()
    for section in report.sections.all():
        section.narrative = "\n".join(NARRATIVE * 2 for _ in range(3))
        section.save()

    reference_warm = subprocess.run(
        [PYTHON, str(REFERENCE), str(out / "ref.pdf"), "--repeat", "6"], capture_output=True, text=True, check=True
    ).stdout.strip()
    reference_ms = float(reference_warm.split()[1])
    times = []
    for _ in range(6):
        start = time.perf_counter()
        body = render_pdf(build_document(report))
        times.append((time.perf_counter() - start) * 1000)
    project_ms = statistics.median(times[1:])
    from tests.pdf_tools import page_texts

    pages = len(page_texts(body))

    # Whole processes, interleaved so that both see the same machine load.
    # The demo report is restored to what seed_demo wrote (5 pages) for build_report.
    report.delete()
    call_command("seed_demo", "--with-report", stdout=io.StringIO())
    ref_runs, build_runs = [], []
    build = [
        PYTHON,
        "manage.py",
        "build_report",
        "--township",
        "清水乡",
        "--year",
        "2020",
        "--as-of",
        "2020-11-15",
        "--format",
        "pdf",
        "--output",
        str(out / "report.pdf"),
    ]
    for _ in range(RUNS):
        ref_runs.append(wall([PYTHON, str(REFERENCE), str(out / "ref.pdf")], env))
        build_runs.append(wall(build, env))
    build_pages = len(page_texts((out / "report.pdf").read_bytes()))
    ref_whole, build_whole = statistics.median(ref_runs), statistics.median(build_runs)

    print(f"database: {database}")
    print(f"{'':<34} {'project':>9} {'reference':>10} {'ratio':>6} {'goal':>5}")
    print(
        f"{f'long-lived, {pages} pages (ms)':<34} {project_ms:>9.0f} {reference_ms:>10.0f} {project_ms / reference_ms:>6.2f} {'1.3':>5}"
    )
    print(
        f"{f'whole process, {build_pages} pages (ms)':<34} {build_whole:>9.0f} {ref_whole:>10.0f} "
        f"{build_whole / ref_whole:>6.2f} {'1.5':>5}"
    )
    print(f"whole-process runs: project {[round(t) for t in build_runs]}, reference {[round(t) for t in ref_runs]}")


if __name__ == "__main__":
    main()

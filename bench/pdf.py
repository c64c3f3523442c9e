"""The report PDF beside plain WeasyPrint, in the same run: ratios, since absolute times move here.

.venv/bin/python bench/pdf.py             # 3 whole-process runs of each, 6 in-process renders of each

Prints, for the reference (../shared/bench/reference_pdf.py: 15 pages of Chinese text and a
40-row table, plain WeasyPrint) and for the project:
- a long-lived process, median of the warm renders:
  - the reference's own content (its title, 27 paragraphs and 40-row table) as a report document
    through the project's renderer: its template, GB/T 9704 stylesheet, fonts and page boxes.
    This is what the project's layout costs over plain WeasyPrint, content for content;
  - the seeded demo report as the app renders it (its appendix has some 15 tables and 4 charts
    against the reference's one table), with and without its charts: what the content costs;
- a whole process: wall time of `python reference_pdf.py out.pdf` and of
  `python manage.py build_report --format pdf` on the seeded demo, interleaved.
"""

import io
import json
import os
import resource
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


def wall(command: list[str], env: dict) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of a whole process, in ms."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, cwd=ROOT, capture_output=True)
    elapsed = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return elapsed, cpu


def in_process(fn, runs: int = 6) -> tuple[float, float]:
    """Median wall and CPU time of the warm runs (the first is left out), in ms."""
    walls, cpus = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(walls[1:]), statistics.median(cpus[1:])


REFERENCE_IN_PROCESS = """
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
import reference_pdf
walls, cpus = [], []
for _ in range(6):
    start, start_cpu = time.perf_counter(), time.process_time()
    reference_pdf.write(sys.argv[2])
    walls.append((time.perf_counter() - start) * 1000)
    cpus.append((time.process_time() - start_cpu) * 1000)
print(json.dumps([statistics.median(walls[1:]), statistics.median(cpus[1:])]))
"""


def main():
    database = django_setup()
    from django.core.management import call_command

    out = Path(tempfile.mkdtemp())
    env = dict(os.environ)
    call_command("seed_demo", "--with-report", stdout=io.StringIO())

    # Long-lived process: the reference's content as a report document, and the demo report.
    import datetime
    import re

    sys.path.insert(0, str(REFERENCE.parent))
    import reference_pdf

    from organizations.models import Organization
    from reports.document import ReportDocument, Table, build_document
    from reports.renderers.html import render_html
    from reports.renderers.pdf import render_pdf, write_pdf
    from tests.pdf_tools import page_texts

    day = datetime.date(2020, 11, 15)
    same_content = ReportDocument(
        title="示范乡基层党建工作情况汇报",
        issuer="中共示范乡委员会",
        issued_on=day,
        as_of=day,
        year=2020,
        township="示范乡",
        opening=[reference_pdf.PARA] * 27,
        sections=[],
        tables=[Table("表", ["党组织", "人数", "占比"], [[f"党支部{i}", i * 7, f"{i * 1.1:.2f}%"] for i in range(40)])],
        statistics=None,
    )
    report = Organization.objects.get(name="清水乡").reports.get(year=2020)
    demo_html = render_html(build_document(report), for_pdf=True)
    without_charts = re.sub(r'<figure class="gw-chart".*?</figure>', "", demo_html, flags=re.S)
    assert without_charts != demo_html

    # The reference in a process of its own (plain WeasyPrint, none of the project's set-up).
    reference_ms, reference_cpu = json.loads(
        subprocess.run(
            [PYTHON, "-c", REFERENCE_IN_PROCESS, str(REFERENCE.parent), str(out / "ref.pdf")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    same_ms, same_cpu = in_process(lambda: render_pdf(same_content))
    demo_ms, demo_cpu = in_process(lambda: render_pdf(build_document(report)))
    plain_ms, plain_cpu = in_process(lambda: write_pdf(without_charts))
    same_pages = len(page_texts(render_pdf(same_content)))
    pages = len(page_texts(render_pdf(build_document(report))))
    plain_pages = len(page_texts(write_pdf(without_charts)))
    reference_pages = len(page_texts((out / "ref.pdf").read_bytes()))

    # Whole processes, interleaved so that both see the same machine load.
    ref_runs, build_runs = [], []
    build = [PYTHON, "manage.py", "build_report", "--township", "清水乡", "--year", "2020"]
    build += ["--as-of", "2020-11-15", "--format", "pdf", "--output", str(out / "report.pdf")]
    for _ in range(RUNS):
        ref_runs.append(wall([PYTHON, str(REFERENCE), str(out / "ref.pdf")], env))
        build_runs.append(wall(build, env))
    build_pages = len(page_texts((out / "report.pdf").read_bytes()))

    def med(runs, i):
        return statistics.median(run[i] for run in runs)

    print(f"database: {database}")
    print(f"reference: {reference_pages} pages")
    print(f"{'':<52} {'project':>8} {'reference':>10} {'ratio':>6} {'goal':>5}")
    rows = [
        (f"long-lived, same content, {same_pages} pages: wall ms", same_ms, reference_ms, "1.3"),
        (f"long-lived, same content, {same_pages} pages: CPU ms", same_cpu, reference_cpu, "1.3"),
        (f"long-lived, demo report, {pages} pages: wall ms", demo_ms, reference_ms, ""),
        (f"long-lived, demo report, {pages} pages: CPU ms", demo_cpu, reference_cpu, ""),
        (f"  the same without its charts, {plain_pages} pages: CPU ms", plain_cpu, reference_cpu, ""),
        (f"whole process, demo, {build_pages} pages: wall ms", med(build_runs, 0), med(ref_runs, 0), "1.5"),
        (f"whole process, demo, {build_pages} pages: CPU ms", med(build_runs, 1), med(ref_runs, 1), "1.5"),
    ]
    for label, project, reference, goal in rows:
        print(f"{label:<52} {project:>8.0f} {reference:>10.0f} {project / reference:>6.2f} {goal:>5}")
    print(
        f"whole-process wall ms: project {[round(t) for t, _ in build_runs]}, reference {[round(t) for t, _ in ref_runs]}"
    )


if __name__ == "__main__":
    main()

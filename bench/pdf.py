"""The report PDF beside plain WeasyPrint, in the same run: ratios, since absolute times move here.

.venv/bin/python bench/pdf.py             # 3 whole-process runs of each, 7 in-process rounds

Prints, for the reference (../shared/bench/reference_pdf.py: 15 pages of Chinese text and a
40-row table, plain WeasyPrint) and for the project:
- a long-lived process (this one), the renders taking turns, median of the warm rounds:
  - the reference's own content (its title, 27 paragraphs and 40-row table) as a report document
    through the project's renderer: its template, GB/T 9704 stylesheet, fonts and page boxes.
    This is what the project's layout costs over plain WeasyPrint, content for content;
  - the seeded demo report as the app renders it (its appendix has some 15 tables and 4 charts
    against the reference's one table), with and without its charts: what the content costs;
- a whole process, interleaved: `python reference_pdf.py out.pdf`; this script rendering the
  reference's content as build_report would (Django set up, the renderer imported); and
  `python manage.py build_report --format pdf` on the seeded demo.
"""

import gc
import io
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


def interleaved(renders: dict, rounds: int = 7) -> dict[str, tuple[float, float]]:
    """Median wall and CPU ms of each render, in ms, the renders taking turns round by round so
    that all of them see the same machine load (the first round, which warms up, is left out)."""
    times = {name: ([], []) for name in renders}
    for _ in range(rounds):
        for name, fn in renders.items():
            # Each from the same collector state: a full collection left pending by the render
            # before would otherwise be paid by whichever render comes next.
            gc.collect()
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            times[name][0].append((time.perf_counter() - start) * 1000)
            times[name][1].append((time.process_time() - start_cpu) * 1000)
    return {name: (statistics.median(w[1:]), statistics.median(c[1:])) for name, (w, c) in times.items()}


def reference_content():
    """The reference's title, 27 paragraphs and 40-row table as a report document."""
    import datetime

    sys.path.insert(0, str(REFERENCE.parent))
    import reference_pdf

    from reports.document import ReportDocument, Table

    day = datetime.date(2020, 11, 15)
    return ReportDocument(
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


def render_reference_content(path: str) -> None:
    """A whole process as build_report is one: Django set up, the renderer imported, one PDF written."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from reports.renderers.pdf import render_pdf

    Path(path).write_bytes(render_pdf(reference_content()))


def main():
    database = django_setup()
    from django.core.management import call_command

    out = Path(tempfile.mkdtemp())
    env = dict(os.environ)
    call_command("seed_demo", "--with-report", stdout=io.StringIO())

    # Long-lived process: the reference's content as a report document, and the demo report.
    import re

    from organizations.models import Organization
    from reports.document import build_document
    from reports.renderers.html import render_html
    from reports.renderers.pdf import render_pdf, write_pdf
    from tests.pdf_tools import page_texts

    same_content = reference_content()
    report = Organization.objects.get(name="清水乡").reports.get(year=2020)
    demo_html = render_html(build_document(report), for_pdf=True)
    without_charts = re.sub(r'<figure class="gw-chart".*?</figure>', "", demo_html, flags=re.S)
    assert without_charts != demo_html

    # The reference in this process too (plain WeasyPrint, its own default set-up), taking turns.
    sys.path.insert(0, str(REFERENCE.parent))
    import reference_pdf

    medians = interleaved(
        {
            "reference": lambda: reference_pdf.write(str(out / "ref.pdf")),
            "same": lambda: render_pdf(same_content),
            "demo": lambda: render_pdf(build_document(report)),
            "plain": lambda: write_pdf(without_charts),
        }
    )
    reference_ms, reference_cpu = medians["reference"]
    same_ms, same_cpu = medians["same"]
    demo_ms, demo_cpu = medians["demo"]
    plain_ms, plain_cpu = medians["plain"]
    same_pages = len(page_texts(render_pdf(same_content)))
    pages = len(page_texts(render_pdf(build_document(report))))
    plain_pages = len(page_texts(write_pdf(without_charts)))
    reference_pages = len(page_texts((out / "ref.pdf").read_bytes()))

    # Whole processes, interleaved so that both see the same machine load.
    ref_runs, build_runs, same_runs = [], [], []
    same = [PYTHON, __file__, "--reference-content", str(out / "same.pdf")]
    build = [PYTHON, "manage.py", "build_report", "--township", "清水乡", "--year", "2020"]
    build += ["--as-of", "2020-11-15", "--format", "pdf", "--output", str(out / "report.pdf")]
    for _ in range(RUNS):
        ref_runs.append(wall([PYTHON, str(REFERENCE), str(out / "ref.pdf")], env))
        build_runs.append(wall(build, env))
        same_runs.append(wall(same, env))
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
        (f"whole process, same content, {same_pages} pages: wall ms", med(same_runs, 0), med(ref_runs, 0), "1.5"),
        (f"whole process, same content, {same_pages} pages: CPU ms", med(same_runs, 1), med(ref_runs, 1), "1.5"),
        (f"whole process, demo, {build_pages} pages: wall ms", med(build_runs, 0), med(ref_runs, 0), ""),
        (f"whole process, demo, {build_pages} pages: CPU ms", med(build_runs, 1), med(ref_runs, 1), ""),
    ]
    for label, project, reference, goal in rows:
        print(f"{label:<52} {project:>8.0f} {reference:>10.0f} {project / reference:>6.2f} {goal:>5}")
    print(
        f"whole-process wall ms: project {[round(t) for t, _ in build_runs]}, reference {[round(t) for t, _ in ref_runs]}"
    )


if __name__ == "__main__":
    if "--reference-content" in sys.argv:
        render_reference_content(sys.argv[sys.argv.index("--reference-content") + 1])
    else:
        main()

"""What the charts cost: drawing them (pygal, and matplotlib when installed, for the choice),
the report's PDF with and without its appendix charts, and the dashboard with and without its charts.

.venv/bin/python bench/charts.py            # fresh SQLite in a temp dir
.venv/bin/python bench/charts.py --html DIR # only write the report's HTML with and without charts
                                            # (for bench/charts_instructions.py)

Targets (issue 12): the charts add at most 100 ms to the report's PDF and 30 ms to the dashboard.

Figures measured while choosing the library (2 cores shared with other jobs, load average ~8,
so every figure here is 3–4 times what an idle machine gives):
  an 8-bar horizontal chart: pygal 3.1.3 about 25–30 ms, matplotlib 3.11 (svg backend,
  svg.fonttype "none") about 250 ms, plus 2.6 s to import matplotlib. In the PDF both keep CJK text
  as text; inline <svg> cost WeasyPrint about 0.4 s a chart, the same SVG as an <img> data: URL
  about half, and with the value-axis numbers left out (every bar carries its own) less again.

How to read it: every case is run 15 times, the cases taking turns, each call starting from a
fresh garbage collection (see timed()). The machine is shared with other sessions, so figures move
by ±100 ms from run to run; the least of 15 runs is the steadiest, and WeasyPrint's SVG time is
measured inside the render. Instruction counts (valgrind, below) do not depend on the load at all.

Last runs, 2026-11-23, load average 1.1–2.0 (table and analysis: bench/README.md, "Charts (issue
12)"), before = the branch point 6814da9 with this script copied in, after = branch charts;
median (least) of 15, CPU ms:
  WeasyPrint reading and drawing the 6 SVGs inside the PDF render: 249 (212) → 45 (40).
  Instructions of one PDF render (valgrind --tool=cachegrind, bench/charts_instructions.py): the
  charts add 0.921 G → 0.418 G to the 4.635 G of the report without them (+19.9 % → +9.0 %).
  Report PDF, charts drawn afresh: +306 (+292) → +153 (+181); drawings cached: +318 (+263) → +103
  (+135). The same report with blank boxes in place of the charts is already +84 (+114): the 4
  pages the figures add (13 → 17) cost about as much as drawing them.
  Drawing the 6 charts with pygal, nothing cached: 57 (33) → 36 (31).
  Dashboard: drawn afresh +80 (+46) → +17 (+25); drawn by another worker +67 (+33) → −8 (+5)
  (shared cache); drawn in this process +34 (+6) → −10 (+0).
After merging main (22:40, load 1.9–2.1): PDF drawings cached +89 (+94), drawn afresh +137 (+126);
SVG work 41 (37); dashboard drawn afresh +24 (+25), shared cache +2 (+2), this process +2 (+3).
The dashboard's target is met; the PDF's is met by the drawings' own cost (~75 ms pygal and
WeasyPrint's SVG work) but not by the whole PDF, which also lays out 4 more pages.

2026-11-24, after the charts went beside their tables (bench/README.md, "Second session"): the
report is 15 pages with its 7 charts against 14 without (it was 17 against 13). Three runs, load
average 0.5–1.5, median / least of 15, CPU ms, added to the PDF without charts: drawings cached
+98…+103 / +75…+86, drawn afresh +114…+129 / +103…+113; blank boxes where the charts go (the
space alone: one page more) +47…+62 / +24…+34; so drawing the charts adds +41…+52 cached and
+65…+83 afresh. WeasyPrint's SVG work 39–40; pygal 26–27; dashboard drawn afresh +19…+26.

Earlier runs (load average 5–7.5, before this branch): report PDF +789 / +1377 ms, dashboard
+190–210 ms drawn afresh; WeasyPrint laid out SVG <text> one letter at a time (a Pango layout per
letter; the 6 charts hold about 680 letters). Rasterising instead is no way out: cairosvg 2.9 took
834 ms to draw the 6 charts as PNG (3×) and WeasyPrint then needed 635 ms to embed them.
"""

import datetime
import gc
import io
import os
import statistics
import sys
import time
from pathlib import Path

from setup import django_setup

# Many runs, and the least of them beside the median: other work on the machine only ever adds
# time, so the least is the steadiest estimate of what the code itself costs.
RUNS = 15


def timed(fn) -> tuple[float, float]:
    """Wall and CPU milliseconds of one call, from the same garbage-collector state.

    One full collection in this process takes 0.2–0.3 s and comes about once a PDF: which
    render it lands in is chance, and it decided by itself whether "the charts" seemed to
    cost 50 or 300 ms. Collecting first gives every call the same start.
    """
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def interleaved(cases: dict) -> dict[str, list[tuple[float, float]]]:
    """Wall and CPU ms of each run of each case, the cases taking turns so that all see the same load."""
    times = {name: [] for name in cases}
    for _ in range(RUNS):
        for name, (prepare, fn) in cases.items():
            prepare()
            times[name].append(timed(fn))
    return times


def summary(runs: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """Median wall, median CPU, least wall, least CPU."""
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    return statistics.median(walls), statistics.median(cpus), min(walls), min(cpus)


def print_results(label: str, results: dict, base: str, target: int) -> None:
    first = summary(results[base])
    print(f"{label}, {RUNS} runs each: median wall / CPU ms, least wall / CPU ms")
    for name, runs in results.items():
        figures = summary(runs)
        line = f"  {name}: {figures[0]:.0f} / {figures[1]:.0f}, least {figures[2]:.0f} / {figures[3]:.0f}"
        if name != base:
            added = " / ".join(f"{b - a:+.0f}" for a, b in zip(first, figures, strict=True))
            line += f"\n      charts add {added} (target ≤ {target})"
        print(line)


def clear_chart_cache():
    """Forget every drawing: this process's and the shared cache's."""
    from django.core.cache import cache

    from dangjian import charts

    for drawn in (charts._bar_chart, charts._grouped_bar_chart, charts._line_chart):
        drawn.cache_clear()
    cache.clear()


def clear_process_memo():
    """Forget this process's drawings only, as a worker that has not drawn them yet."""
    from dangjian import charts

    for drawn in (charts._bar_chart, charts._grouped_bar_chart, charts._line_chart):
        drawn.cache_clear()


def nothing():
    pass


def without_charts(tables):
    import copy

    plain = copy.deepcopy(tables)
    for table in plain:
        table.chart = ""
    return plain


def drawing(document) -> None:
    from reports.charts import table_charts

    def draw():
        return [svg for table in document.tables for svg in table_charts(table)]

    count = len(draw())
    wall, cpu, least_wall, least_cpu = summary(interleaved({"cold": (clear_chart_cache, draw)})["cold"])
    print(
        f"drawing the report's {count} charts with pygal, nothing cached: {wall:.1f} / {cpu:.1f} ms "
        f"(median wall / CPU), least {least_wall:.1f} / {least_cpu:.1f}"
    )
    try:
        import matplotlib
    except ImportError:
        print("matplotlib not installed: see the figures in this file's docstring")
        return
    matplotlib.use("svg")
    from matplotlib.figure import Figure

    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["font.family"] = ["Noto Sans CJK SC"]

    def one():
        figure = Figure(figsize=(6, 3))
        axes = figure.subplots()
        bars = axes.barh([f"{i}岁" for i in range(8)], list(range(8)))
        axes.bar_label(bars)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg")

    wall = summary(interleaved({"one": (nothing, one)})["one"])[0]
    print(f"one 8-bar chart with matplotlib: {wall:.1f} ms (pygal draws {count} in the time above)")


def pdf_cost(document) -> None:
    import copy

    from reports.renderers.pdf import render_pdf

    plain = copy.copy(document)
    plain.tables = without_charts(document.tables)
    render_pdf(plain), render_pdf(document)  # fonts and stylesheet loaded once, as in a long-lived process

    def in_blank_boxes():
        with blank_boxes():
            render_pdf(document)

    results = interleaved(
        {
            "without charts": (nothing, lambda: render_pdf(plain)),
            "with charts, drawn afresh": (clear_chart_cache, lambda: render_pdf(document)),
            "with charts, drawings cached": (nothing, lambda: render_pdf(document)),
            "blank boxes where the charts go (their space, nothing drawn)": (nothing, in_blank_boxes),
        }
    )
    print_results("report PDF (render_pdf: HTML and PDF)", results, "without charts", 100)
    svg_drawing(lambda: render_pdf(document))


def blank_boxes():
    """Every drawing replaced by an empty SVG of the same viewBox: the same boxes, pages and page
    breaks, nothing drawn. The PDF with charts less this is what drawing them costs."""
    import re
    from unittest import mock

    from reports.charts import table_charts

    def blank(table):
        return [re.sub(r"(<svg[^>]*>).*</svg>$", r"\1</svg>", svg, flags=re.S) for svg in table_charts(table)]

    return mock.patch("reports.templatetags.report_cells.table_charts", blank)


def svg_drawing(render) -> None:
    """The charts' own share of a render, timed inside it: WeasyPrint reading and drawing the SVGs.

    A figure that other work on the machine disturbs much less than the difference of two
    whole renders (the rest of the difference is laying out the figures and their pages).
    """
    import weasyprint.svg

    spent = []
    originals = weasyprint.svg.SVG.__init__, weasyprint.svg.SVG.draw

    def timing(method):
        def timed_method(*args, **kwargs):
            start = time.process_time()
            try:
                return method(*args, **kwargs)
            finally:
                spent[-1] += time.process_time() - start

        return timed_method

    weasyprint.svg.SVG.__init__, weasyprint.svg.SVG.draw = (timing(method) for method in originals)
    try:
        for _ in range(RUNS):
            spent.append(0.0)
            gc.collect()
            render()
    finally:
        weasyprint.svg.SVG.__init__, weasyprint.svg.SVG.draw = originals
    print(
        f"  of which WeasyPrint reading and drawing the SVGs: median {statistics.median(spent) * 1000:.0f} ms CPU, "
        f"least {min(spent) * 1000:.0f}"
    )


def dashboard_cost(user) -> None:
    from unittest import mock

    from django.test import Client

    client = Client()
    client.force_login(user)
    client.get("/")
    no_charts = mock.patch("reports.templatetags.report_cells.table_charts", lambda table: [])
    results = interleaved(
        {
            "without charts": (no_charts.start, lambda: client.get("/")),
            "with charts, drawn afresh": (lambda: (no_charts.stop(), clear_chart_cache()), lambda: client.get("/")),
            "drawn by another worker (shared cache)": (clear_process_memo, lambda: client.get("/")),
            "drawn in this process": (nothing, lambda: client.get("/")),
        }
    )
    print_results("dashboard (xiang, 清水乡)", results, "without charts", 30)


def write_html(document, folder) -> None:
    import copy

    from reports.renderers.html import render_html

    plain = copy.copy(document)
    plain.tables = without_charts(document.tables)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "plain.html").write_text(render_html(plain, for_pdf=True), encoding="utf-8")
    (folder / "with-charts.html").write_text(render_html(document, for_pdf=True), encoding="utf-8")
    print(f"wrote {folder}/plain.html and {folder}/with-charts.html")


def main():
    database = django_setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from organizations.models import Organization
    from reports.document import build_document
    from reports.models import Report

    call_command("seed_demo", "--with-report", stdout=io.StringIO())
    print(f"database: {database}")
    report = Report.objects.get(township=Organization.objects.get(name="清水乡"), year=2020)
    report.as_of = report.issued_on = datetime.date(2020, 11, 15)
    report.compare_with_last_year = True  # the trend table and its two charts too
    report.save()
    document = build_document(report)
    if "--html" in sys.argv:
        write_html(document, Path(sys.argv[sys.argv.index("--html") + 1]))
        return
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    drawing(document)
    pdf_cost(document)
    dashboard_cost(User.objects.get(username="xiang"))
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

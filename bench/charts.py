"""What the charts cost: drawing them (pygal, and matplotlib when installed, for the choice),
the report's PDF with and without its appendix charts, and the dashboard with and without its charts.

.venv/bin/python bench/charts.py            # fresh SQLite in a temp dir

Targets (issue 12): the charts add at most 100 ms to the report's PDF and 30 ms to the dashboard.

Figures measured while choosing the library (2 cores shared with other jobs, load average ~8,
so every figure here is 3–4 times what an idle machine gives):
  an 8-bar horizontal chart: pygal 3.1.3 about 25–30 ms, matplotlib 3.11 (svg backend,
  svg.fonttype "none") about 250 ms, plus 2.6 s to import matplotlib. In the PDF both keep CJK text
  as text; inline <svg> cost WeasyPrint about 0.4 s a chart, the same SVG as an <img> data: URL
  about half, and with the value-axis numbers left out (every bar carries its own) less again.

Last runs (load average 5–7.5 on the 2 cores, so roughly two to three times an idle machine's figures):
  drawing the demo report's 6 charts (cold) 66–79 ms; report PDF 1928 → 2716 ms and 2613 → 3991 ms
  without → with charts (+789 ms, +1377 ms); dashboard 303–321 ms without charts, +190–210 ms with
  them drawn afresh, +0–6 ms with the drawings cached. The PDF target (≤ 100 ms) is NOT met, nor the
  dashboard's on a cold cache: WeasyPrint lays out SVG <text> one letter at a time (a Pango layout
  per letter; the 6 charts hold about 680 letters), about half of the PDF cost; the rest is walking
  and styling the SVG nodes (the stylesheet itself measured at most ~10%). Rasterising instead is
  no way out: cairosvg 2.9 took 834 ms to draw the 6 charts as PNG (3×) and WeasyPrint then needed
  635 ms to embed them, against 658 ms for the 6 SVGs (charts alone, same run).
"""

import datetime
import io
import statistics
import time

from setup import django_setup

RUNS = 7


def median_ms(fn, runs=RUNS):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def clear_chart_cache():
    from dangjian import charts

    for drawn in (charts._bar_chart, charts._grouped_bar_chart, charts._line_chart):
        drawn.cache_clear()


def without_charts(tables):
    import copy

    plain = copy.deepcopy(tables)
    for table in plain:
        table.chart = ""
    return plain


def drawing(document) -> None:
    from reports.charts import table_charts

    def draw():
        clear_chart_cache()
        return [svg for table in document.tables for svg in table_charts(table)]

    count = len(draw())
    print(f"drawing the report's {count} charts with pygal (cold cache): {median_ms(draw):.1f} ms")
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

    print(f"one 8-bar chart with matplotlib: {median_ms(one):.1f} ms (pygal draws {count} in the time above)")


def pdf_cost(document) -> None:
    import copy

    from reports.renderers.pdf import render_pdf

    plain = copy.copy(document)
    plain.tables = without_charts(document.tables)
    render_pdf(plain), render_pdf(document)  # fonts and stylesheet loaded once, as in a long-lived process
    # Interleaved, so both see the same load on a shared machine.
    with_ms, without_ms = [], []
    for _ in range(RUNS):
        without_ms.append(median_ms(lambda: render_pdf(plain), runs=1))
        clear_chart_cache()
        with_ms.append(median_ms(lambda: render_pdf(document), runs=1))
    a, b = statistics.median(without_ms), statistics.median(with_ms)
    print(f"report PDF without charts {a:.0f} ms, with charts {b:.0f} ms: charts add {b - a:.0f} ms (target ≤ 100)")


def dashboard_cost(user) -> None:
    from unittest import mock

    from django.test import Client

    client = Client()
    client.force_login(user)
    client.get("/")
    with_ms, without_ms, warm_ms = [], [], []
    for _ in range(RUNS):
        with mock.patch("reports.templatetags.report_cells.table_charts", lambda table: []):
            without_ms.append(median_ms(lambda: client.get("/"), runs=1))
        clear_chart_cache()
        with_ms.append(median_ms(lambda: client.get("/"), runs=1))
        warm_ms.append(median_ms(lambda: client.get("/"), runs=1))
    a, b, c = (statistics.median(x) for x in (without_ms, with_ms, warm_ms))
    print(
        f"dashboard without charts {a:.0f} ms, with charts drawn afresh {b:.0f} ms (+{b - a:.0f}), "
        f"with the drawings cached {c:.0f} ms (+{c - a:.0f}) (target ≤ 30)"
    )


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
    drawing(document)
    pdf_cost(document)
    dashboard_cost(User.objects.get(username="xiang"))


if __name__ == "__main__":
    main()

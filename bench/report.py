"""Time a township report: statistics, HTML, PDF layout and PDF writing, and the Word file (median of 5).

.venv/bin/python bench/report.py            # fresh SQLite in a temp dir
DATABASE_URL=postgres://… .venv/bin/python bench/report.py
"""

import datetime
import io
import statistics
import time

from setup import django_setup, make_township

NARRATIVE = (
    "坚持把学习作为推动落实各项工作的重要抓手，由领导班子带头领学，深入各基层党组织上专题党课，"
    "真正在学习中提升党员政治素养、锤炼坚强党性。依托乡级党校，开展培训班2期223人次。"
)


def median_ms(fn, runs=5):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def measure(township, report) -> str:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.document import build_document
    from reports.renderers import pdf
    from reports.renderers.docx import render_docx
    from reports.renderers.html import render_html
    from reports.renderers.weasyprint_setup import HTML

    stats_ms, document = median_ms(lambda: build_document(report))
    with CaptureQueriesContext(connection) as queries:
        build_document(report)
    html_ms, html = median_ms(lambda: render_html(document))
    fonts, css, _ = pdf._resources()
    layouts, writes = [], []
    for _ in range(5):
        # Write each laid-out document once: a second write_pdf of the same document
        # re-subsets fonts it has already subset, and once measured 0.3 s too little.
        start = time.perf_counter()
        rendered = HTML(
            string=html, base_url=pdf.STATIC_DIR.as_uri() + "/", url_fetcher=pdf.StaticOnlyFetcher()
        ).render(stylesheets=[css], font_config=fonts)
        middle = time.perf_counter()
        rendered.write_pdf()
        layouts.append((middle - start) * 1000)
        writes.append((time.perf_counter() - middle) * 1000)
    layout_ms, write_ms = statistics.median(layouts), statistics.median(writes)
    total_ms, _ = median_ms(lambda: pdf.render_pdf(build_document(report)))
    docx_ms, _ = median_ms(lambda: render_docx(document))
    return (
        f"{township.name:<8} {document.statistics.members.total:>7} {stats_ms:>9.1f} {html_ms:>8.1f} "
        f"{layout_ms:>14.1f} {write_ms:>13.1f} {total_ms:>13.1f} {len(rendered.pages):>6} {len(queries):>8} "
        f"{docx_ms:>8.1f}"
    )


def main():
    database = django_setup()
    from django.core.management import call_command

    from organizations.models import Organization
    from reports.services import report_create

    day = datetime.date(2020, 11, 15)
    call_command("seed_demo", stdout=io.StringIO())
    county = Organization.objects.get(name="示范县")
    big = Organization.objects.filter(name="生成乡").first()
    if big is None:
        from demo.generated import build_generated_life

        big = make_township(county, "生成乡", 3000, seed=1)
        created = build_generated_life(big, 2020, seed=1)
        print("生成乡 2020: " + ", ".join(f"{k} {v}" for k, v in created.items()))
    print(f"database: {database}")
    print(
        f"{'township':<8} {'members':>7} {'stats ms':>9} {'html ms':>8} {'pdf layout ms':>14} {'pdf write ms':>13} {'pdf total ms':>13} {'pages':>6} {'queries':>8} {'docx ms':>8}"
    )
    from reports.document import build_document

    figures = []
    for township in (Organization.objects.get(name="清水乡"), big):
        report = township.reports.filter(year=2020).first() or report_create(township=township, year=2020, today=day)
        report.as_of = report.issued_on = day
        report.opening = NARRATIVE * 2
        report.problems = "\n".join(NARRATIVE for _ in range(3))
        report.next_steps = "\n".join(NARRATIVE for _ in range(3))
        report.save()
        for section in report.sections.all():
            section.narrative = "\n".join(NARRATIVE * 2 for _ in range(3))
            section.save()
        print(measure(township, report))
        figures.append((township.name, build_document(report).statistics))
    for name, stats in figures:
        d, m, t = stats.development, stats.meetings, stats.trainings
        print(
            f"{name}: applicants {d.applicants}, activists {d.activists}, targets {d.targets}, admitted {d.admitted}, "
            f"converted on time {d.converted_on_time}; meetings {m.total} ({', '.join(f'{k} {n}' for k, n in m.by_kind if n)}), "
            f"attendance {m.attendance.percent_text}, branches below frequency {len(m.below)}/{len(m.compliance)}; "
            f"trainings {len(t.trainings)}, sessions {t.sessions}, person-times {t.person_times}, coverage {t.coverage.percent_text}"
        )
    print("targets: statistics + HTML ≤ 200 ms; a 15-page PDF ≤ 1.5 s end to end; its docx ≤ 300 ms")


if __name__ == "__main__":
    main()

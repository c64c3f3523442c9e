"""A county of 30 townships × 1,000 members: roll-up time and queries, and serving a stored PDF.

.venv/bin/python bench/county.py
DATABASE_URL=postgres://… .venv/bin/python bench/county.py
"""

import datetime
import statistics
import time

from setup import django_setup, make_township

TOWNSHIPS, MEMBERS = 30, 1000


def median_ms(fn, runs=5):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    database = django_setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import Profile, Role
    from organizations.models import Category, Level, Organization
    from reports.rollup import county_rollup
    from reports.services import report_create
    from reports.submission import report_submit

    day = datetime.date(2020, 11, 15)
    county = Organization.objects.filter(name="基准县").first()
    if county is None:
        county = Organization.objects.create(name="基准县", level=Level.COUNTY, category=Category.GENERAL)
        start = time.perf_counter()
        for i in range(TOWNSHIPS):
            make_township(county, f"基准{i + 1:02d}乡", MEMBERS, seed=i)
        print(f"generated {TOWNSHIPS} townships × {MEMBERS} members in {time.perf_counter() - start:.1f} s")
    townships = Organization.objects.filter(path__startswith=county.path).townships()

    def rollup():
        return county_rollup(townships, title="基准", year=2020, day=day)

    rollup_ms = median_ms(rollup)
    with CaptureQueriesContext(connection) as captured:
        result = rollup()
    few = Organization.objects.filter(pk__in=[t.pk for t in townships[:3]]).townships()
    with CaptureQueriesContext(connection) as captured_few:
        county_rollup(few, title="基准", year=2020, day=day)
    # Counted now: the test client below resets the query log on every request.
    queries, queries_few = len(captured), len(captured_few)

    reviewer, created = User.objects.get_or_create(username="bench-reviewer")
    if created:
        Profile.objects.create(user=reviewer, role=Role.COUNTY_REVIEWER, scope=county)
    township = townships.first()
    report = township.reports.filter(year=2020).first() or report_create(township=township, year=2020, today=day)
    version = report.versions.first()
    if version is None:
        report.as_of = report.issued_on = day
        report.opening = report.problems = report.next_steps = "内容。"
        report.save()
        report.sections.update(narrative="内容。")
        version = report_submit(report=report, user=reviewer)
    client = Client()
    client.force_login(reviewer)
    url = reverse("version_download", args=[version.pk, "pdf"])

    def serve():
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content)

    serve_ms = median_ms(serve)
    print(f"database: {database}")
    print(f"members in the county on {day}: {result.total.members.total}")
    print(f"roll-up of {len(result.rows)} townships: {rollup_ms:.0f} ms median of 5 (target ≤ 500 ms)")
    print(f"roll-up queries: {queries} for {len(result.rows)} townships, {queries_few} for 3 townships")
    print(f"serving a stored PDF ({version.pdf.size:,} bytes): {serve_ms:.1f} ms median of 5 (target ≤ 50 ms)")


if __name__ == "__main__":
    main()

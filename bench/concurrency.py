"""Concurrent writes: decisions stored when reviewers approve/return at once, errors under parallel submits.

.venv/bin/python bench/concurrency.py            # fresh SQLite file in a temp dir
DATABASE_URL=postgres://… .venv/bin/python bench/concurrency.py

Prints one line per measurement, e.g. ``review: 6 requests → 1 decision(s) stored, 0 error(s)``.
"""

import datetime
import itertools
import sys
import threading
from functools import partial

from setup import django_setup

DAY = datetime.date(2020, 11, 15)
_serial = itertools.count(1)


def ready_report(county):
    from organizations.models import Category, Level, Organization
    from reports.models import Report

    n = next(_serial)
    township = Organization.objects.create(
        name=f"第{n}乡", level=Level.TOWNSHIP, category=Category.GENERAL, parent=county
    )
    branch = Organization.objects.create(
        name=f"第{n}乡机关党支部", level=Level.BRANCH, category=Category.ORGAN, parent=township
    )
    for i in range(3):
        branch.members.create(
            name=f"党员{i}",
            gender="M",
            birth_date=datetime.date(1980, 1, 1),
            education="high_school",
            occupation="farmer",
            joined_on=datetime.date(2010, 7, 1),
            full_on=datetime.date(2011, 7, 1),
        )
    report = Report.objects.create(
        township=township,
        year=2020,
        as_of=DAY,
        title=f"第{n}乡2020年基层党建工作情况汇报",
        issuer=f"中共第{n}乡委员会",
        issued_on=DAY,
        opening="今年以来，全乡党建工作扎实推进。",
        problems="一是党务干部业务不精。",
        next_steps="一是强化党建责任落实。",
    )
    report.sections.create(heading="聚焦政治建设", narrative="开展理论学习8次。")
    return township, report


def user(username, role, scope):
    from django.contrib.auth.models import User

    from accounts.models import Profile

    account = User.objects.create_user(username=f"{username}{next(_serial)}", password="bench-pass-2026")
    Profile.objects.create(user=account, role=role, scope=scope)
    return account


def at_once(calls) -> tuple[list, int]:
    """Run the calls together in threads (own connection each); return the responses and the error count."""
    from django.db import connections

    barrier = threading.Barrier(len(calls))
    responses, errors = [], []

    def worker(call):
        try:
            barrier.wait()
            response = call()
            (errors if response.status_code >= 500 else responses).append(response)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses, len(errors)


def logged_in(account):
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(account)
    return client


def measure_review(county, reviewer, approves: int, returns: int) -> str:
    from django.urls import reverse

    from accounts.models import Role
    from reports import submission
    from reports.models import ReviewDecision

    township, report = ready_report(county)
    submission.report_submit(report=report, user=user("staff", Role.TOWNSHIP_STAFF, township))
    approve, give_back = reverse("report_approve", args=[report.pk]), reverse("report_return", args=[report.pk])
    calls = [partial(logged_in(reviewer).post, approve, {"confirmed": "1"}) for _ in range(approves)]
    calls += [
        partial(logged_in(reviewer).post, give_back, {"comment": "请补充。", "confirmed": "1"}) for _ in range(returns)
    ]
    _, errors = at_once(calls)
    stored = ReviewDecision.objects.filter(version__report=report).count()
    return f"review: {approves} approve + {returns} return at once → {stored} decision(s) stored, {errors} error(s)"


def measure_submits(county, parallel: int) -> str:
    from django.urls import reverse

    from accounts.models import Role
    from reports.models import ReportVersion

    township, report = ready_report(county)
    staff = user("staff", Role.TOWNSHIP_STAFF, township)
    calls = [
        partial(logged_in(staff).post, reverse("report_submit", args=[report.pk]), {"confirmed": "1"})
        for _ in range(parallel)
    ]
    _, errors = at_once(calls)
    stored = ReportVersion.objects.filter(report=report).count()
    return f"submit: {parallel} submits at once → {stored} version(s) stored, {errors} error(s)"


def measure_mixed(county, readers: int, writers: int) -> str:
    """Readers open the member list while writers add members, all at once."""
    from django.urls import reverse

    from accounts.models import Role
    from organizations.models import Member

    township, report = ready_report(county)
    staff = user("staff", Role.TOWNSHIP_STAFF, township)
    branch = township.children.get()
    before = Member.objects.filter(organization=branch).count()
    form = {
        "gender": "M",
        "ethnicity": "01",
        "birth_date": "1990-01-01",
        "education": "bachelor",
        "occupation": "farmer",
        "organization": branch.pk,
        "joined_on": "2015-07-01",
        "full_on": "2016-07-01",
    }
    calls = [partial(logged_in(staff).get, reverse("member_list")) for _ in range(readers)]
    calls += [
        partial(logged_in(staff).post, reverse("member_create"), {**form, "name": f"新党员{i}"}) for i in range(writers)
    ]
    _, errors = at_once(calls)
    added = Member.objects.filter(organization=branch).count() - before
    return f"mixed: {readers} reads + {writers} writes at once → {added} member(s) added, {errors} error(s)"


def main() -> None:
    database = django_setup()
    from accounts.models import Role
    from organizations.models import Category, Level, Organization

    county = Organization.objects.create(name="基准县", level=Level.COUNTY, category=Category.GENERAL)
    reviewer = user("reviewer", Role.COUNTY_REVIEWER, county)
    print(f"database: {database}")
    print(measure_review(county, reviewer, approves=3, returns=3))
    print(measure_review(county, reviewer, approves=6, returns=0))
    print(measure_submits(county, parallel=int(sys.argv[1]) if len(sys.argv) > 1 else 8))
    print(measure_mixed(county, readers=16, writers=16))


if __name__ == "__main__":
    main()

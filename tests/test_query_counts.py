"""Pages cost a fixed number of queries whatever the township's size."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import Category, Level, Member, TownshipProfile
from planning.models import KeyTask, WorkArea
from reports.services import report_create
from tests.factories import make_org


def populate(township, members: int) -> None:
    """A village committee with 10 branches and ``members`` members spread over them."""
    rng = random.Random(members)
    village = make_org(township, Level.VILLAGE_COMMITTEE, f"村党委{members}", Category.RURAL)
    branches = [make_org(village, Level.BRANCH, f"第{i}党支部", Category.RURAL) for i in range(10)]
    Member.objects.bulk_create(
        Member(
            name=f"党员{i}",
            gender=rng.choice("MF"),
            birth_date=datetime.date(1960 + i % 40, 1 + i % 12, 1),
            education="high_school",
            occupation="farmer",
            organization=branches[i % 10],
            joined_on=datetime.date(2000 + i % 40 // 2, 7, 1),
            full_on=None if i % 17 == 0 else datetime.date(2001 + i % 40 // 2, 7, 1),
        )
        for i in range(members)
    )


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def with_report(township) -> str:
    """A 2020 report for the township, its plan with one area and task, and a profile."""
    area = WorkArea.objects.create(township=township, year=2020, name="组织建设")
    KeyTask.objects.create(
        area=area, title="整顿软弱涣散党组织", target_value=2, unit="个", deadline=datetime.date(2020, 12, 31)
    )
    TownshipProfile.objects.create(township=township, year=2020, population=10000)
    report = report_create(township=township, year=2020, today=datetime.date(2020, 11, 15))
    return reverse("report_preview", args=[report.pk])


# Every page's queries, one per line; the count is asserted exactly, with 50 and
# with 2,050 members, so a query added per row or per organization shows at once.
# "session" and "user" are Django's (the user row comes with its profile and scope).
@pytest.mark.parametrize(
    "who, url, expected",
    [
        # session, user, organizations, member counts per organization,
        # organizations under rectification (软弱涣散 badges)
        ("staff", reverse("organization_list"), 5),
        # session, user, member count, organizations for the filter's chooser, page of members
        ("staff", reverse("member_list"), 5),
        # the same, plus validating the chosen organization first
        ("staff", reverse("member_list") + "?organization={branch}&sort=-joined_on&gender=F&probationary=no&page=3", 6),
        # a county's chooser lists townships (one query whatever their size): as for staff
        ("reviewer", reverse("member_list"), 5),
        ("reviewer", reverse("member_list") + "?organization={branch}&page=2", 6),
        # session, user, organizations in scope (figures and township rows alike), member
        # counts per organization (township rows), member figures (one aggregate), the four
        # earlier dates (last year and the trend) in one aggregate, the year's work areas,
        # village groups with their members, villages, overdue tasks, conversions due, the
        # reports (their versions and decisions are prefetched only when there is a report),
        # committee posts in office (terms due), people in development, their steps, probation
        # changes (the pipeline's chart)
        ("staff", reverse("dashboard"), 16),
        ("reviewer", reverse("dashboard"), 16),
        # session, user, report with its township; the document: the subtree with parents,
        # work areas, their tasks (prefetched), village groups with their members, villages,
        # member figures (one aggregate), assessments, rectifications, pairs, committee
        # posts, villages' year figures, township profile, people in development, their
        # steps, probation changes, members' joining dates of the branches (meetings),
        # the year's meetings, attendance by status, trainings, distinct members trained,
        # sections with their areas
        ("staff", "report", 24),
        ("reviewer", "report", 24),
    ],
    ids=[
        "tree",
        "member-list",
        "member-list-filtered",
        "member-list-county",
        "member-list-county-filtered",
        "dashboard",
        "dashboard-county",
        "report-preview",
        "report-preview-county",
    ],
)
def test_page_queries_are_fixed_whatever_the_number_of_members(
    staff_client, reviewer_client, township, who, url, expected
):
    client = {"staff": staff_client, "reviewer": reviewer_client}[who]
    populate(township, 50)
    url = with_report(township) if url == "report" else url.format(branch=township.children.first().pk)
    assert queries_for(client, url) == expected
    populate(township, 2000)
    assert queries_for(client, url) == expected

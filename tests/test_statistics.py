"""Report statistics: the point-in-time rules of DESIGN §3, shares, and the query bound."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Attendance, Meeting, Training
from assessments.models import Assessment, CommitteePost, Pairing, Post, Rectification
from dangjian.shares import Share
from development.models import Candidate, StepRecord
from organizations.models import Category, Level, Member, Village, VillageYear
from planning.models import KeyTask, TaskStatus, WorkArea
from reports.document import build_document
from reports.models import Report
from reports.statistics import township_statistics
from tests.factories import make_member, make_org, make_village

DAY = datetime.date(2020, 11, 15)
ONE = datetime.timedelta(days=1)


def years_before(day, years):
    return day.replace(year=day.year - years)


@pytest.fixture
def rural(township):
    return make_org(township, Level.BRANCH, "一组党支部", Category.RURAL)


def test_membership_counts_joined_by_the_date_and_not_left_by_it(township, branch):
    make_member(branch, name="joined that day", joined_on=DAY, full_on=None)
    make_member(branch, name="joins the day after", joined_on=DAY + ONE, full_on=None)
    make_member(branch, name="left that day", left_on=DAY, leave_reason="transferred_out")
    make_member(branch, name="left the day after", left_on=DAY + ONE, leave_reason="deceased")
    make_member(branch, name="left long before", left_on=datetime.date(2015, 1, 1), leave_reason="deceased")
    assert township_statistics(township, DAY).members.total == 2


def test_probationary_means_not_yet_full_on_the_date(township, branch):
    joined = DAY - datetime.timedelta(days=365)
    make_member(branch, joined_on=joined, full_on=DAY)  # full that day
    make_member(branch, joined_on=joined, full_on=DAY + ONE)  # full only the day after
    make_member(branch, joined_on=joined, full_on=None)
    members = township_statistics(township, DAY).members
    assert (members.probationary.count, members.full.count) == (2, 1)


def test_age_is_the_age_on_the_date(township, branch):
    make_member(branch, name="turns 36 that day", birth_date=years_before(DAY, 36))
    make_member(branch, name="turns 36 the day after", birth_date=years_before(DAY, 36) + ONE)
    make_member(branch, name="turns 60 that day", birth_date=years_before(DAY, 60))
    make_member(branch, name="turns 60 the day after", birth_date=years_before(DAY, 60) + ONE)
    members = township_statistics(township, DAY).members
    assert members.young.count == 1  # only the one still 35
    assert members.old.count == 1  # only the one already 60
    bands = dict(members.by_report_age_band)
    assert [bands["35岁及以下"].count, bands["36—55岁"].count, bands["56岁及以上"].count] == [1, 1, 2]


def test_a_29_february_birthday_counts_from_1_march_in_common_years(township, branch):
    make_member(branch, birth_date=datetime.date(1960, 2, 29), joined_on=datetime.date(1990, 1, 1))
    assert township_statistics(township, datetime.date(2020, 2, 28)).members.old.count == 0
    assert township_statistics(township, datetime.date(2020, 2, 29)).members.old.count == 1
    # 2021 has no 29 February: the member is 61 from 1 March… and 60 on 28 February.
    bands = dict(township_statistics(township, datetime.date(2021, 2, 28)).members.by_annual_age_band)
    assert bands["56—60岁"].count == 1


def test_figures_count_the_whole_subtree_and_nothing_else(township, other_township, rural, branch):
    village = make_org(township, Level.VILLAGE_COMMITTEE, "村党委", Category.RURAL)
    deep = make_org(
        make_org(village, Level.GENERAL_BRANCH, "总支", Category.RURAL), Level.BRANCH, "深处", Category.RURAL
    )
    make_member(deep, gender="F", ethnicity="08", education="college")
    make_member(rural, gender="F")
    make_member(branch, occupation="civil_servant")
    make_member(make_org(other_township, Level.BRANCH, "别处"), gender="F")
    members = township_statistics(township, DAY).members
    assert members.total == 3
    assert (members.women.count, members.minorities.count, members.higher_education.count) == (2, 1, 1)
    assert members.rural.count == 2  # members of 农村 branches, wherever they hang


def test_shares_are_computed_from_the_counts_shown_and_rounded_half_up(township, branch):
    for i in range(8):
        make_member(branch, gender="F" if i < 1 else "M")
    women = township_statistics(township, DAY).members.women
    assert (women.count, women.total) == (1, 8)
    assert women.percent == Decimal("12.50")
    # Worked out by hand: 69 / 546 = 0.126373… → 12.64; 1 / 8 = 0.125 → 12.50 (half up, not to even);
    # 1 / 3 = 0.3333… → 33.33; 2 / 3 = 0.6666… → 66.67.
    assert Share(69, 546).percent_text == "12.64%"
    assert Share(1, 8).percent_text == "12.50%"
    assert Share(1, 3).percent_text == "33.33%"
    assert Share(2, 3).percent_text == "66.67%"
    assert Share(1, 400).percent_text == "0.25%"
    assert Share(0, 0).percent_text == "0.00%"


def test_share_precision_follows_the_setting(settings):
    settings.SHARE_DECIMALS = 1
    assert Share(69, 546).percent_text == "12.6%"


def test_organization_counts_by_level_and_branch_category(township):
    village = make_org(township, Level.VILLAGE_COMMITTEE, "村党委", Category.RURAL)
    general = make_org(village, Level.GENERAL_BRANCH, "总支", Category.RURAL)
    for _ in range(3):
        make_org(general, Level.BRANCH, category=Category.RURAL)
    make_org(township, Level.BRANCH, "合作社党支部", Category.COOPERATIVE)
    make_org(township, Level.BRANCH, "未来支部", Category.ORGAN, founded_on=DAY + ONE)  # not yet founded
    group_holder = make_org(township, Level.BRANCH, "有党小组的支部", Category.ORGAN)
    make_org(group_holder, Level.PARTY_GROUP, "党小组", Category.ORGAN)  # not a 基层党组织
    orgs = township_statistics(township, DAY).organizations
    assert orgs.grassroots == 7
    assert dict(orgs.by_level) == {"村党委": 1, "党总支": 1, "党支部": 5}
    assert dict(orgs.branches_by_category) == {"农村（村/村民小组）": 3, "机关": 1, "农民专业合作社": 1}


def test_village_groups_without_members_on_the_date(township, rural):
    village = make_village(township, "一村", ["一组", "二组", "三组"])
    one, two, _three = village.groups.order_by("name")
    make_member(rural, village_group=one)
    make_member(rural, village_group=two, left_on=DAY - ONE, leave_reason="transferred_out")
    villages = township_statistics(township, DAY).villages
    assert (villages.committees, villages.groups, villages.groups_without_members) == (1, 3, 2)


def test_task_summary_per_area_as_of_the_date(township):
    area = WorkArea.objects.create(township=township, year=2020, name="组织建设")
    KeyTask.objects.create(area=area, title="甲", status=TaskStatus.DONE, deadline=DAY - ONE)
    KeyTask.objects.create(area=area, title="乙", status=TaskStatus.IN_PROGRESS, deadline=DAY - ONE)  # 滞后
    KeyTask.objects.create(area=area, title="丙", status=TaskStatus.IN_PROGRESS, deadline=DAY)  # still in time
    KeyTask.objects.create(area=area, title="丁", status=TaskStatus.NOT_STARTED)
    [summary] = township_statistics(township, DAY, 2020).tasks
    assert (summary.total, summary.done, summary.overdue, summary.in_progress, summary.not_started) == (4, 1, 1, 1, 1)
    assert summary.completion.percent_text == "25.00%"


def populate(township, members: int) -> None:
    village = make_org(township, Level.VILLAGE_COMMITTEE, "村党委", Category.RURAL)
    branches = [make_org(village, Level.BRANCH, f"第{i}党支部", Category.RURAL) for i in range(20)]
    make_village(township, "一村", [f"{i}组" for i in range(10)])
    area = WorkArea.objects.create(township=township, year=2020, name="组织建设")
    for i in range(10):
        KeyTask.objects.create(area=area, title=f"任务{i}", target_value=10, unit="个", achieved_value=i)
    Member.objects.bulk_create(
        Member(
            name=f"党员{i}",
            gender="MF"[i % 2],
            birth_date=datetime.date(1950 + i % 50, 1 + i % 12, 1 + i % 28),
            education="high_school",
            occupation="farmer",
            organization=branches[i % 20],
            joined_on=datetime.date(1990 + i % 30, 7, 1),
            full_on=datetime.date(1991 + i % 30, 7, 1),
        )
        for i in range(members)
    )
    # Assessment rows on every branch: they must not add queries either.
    first = Member.objects.filter(organization__in=branches).order_by("organization_id", "pk")
    holders = {m.organization_id: m for m in first}
    for i, org in enumerate(branches):
        Assessment.objects.create(organization=org, year=2020, grade=("advanced", "middle", "backward")[i % 3], stars=3)
        if org.pk in holders:
            CommitteePost.objects.create(
                organization=org, member=holders[org.pk], post=Post.SECRETARY, started_on=datetime.date(2018, 1, 1)
            )
    Rectification.objects.create(
        organization=branches[2], reason="r", responsible="p", started_on=datetime.date(2020, 1, 1)
    )
    Pairing.objects.create(township=township, year=2020, advanced=branches[0], partner=branches[2])
    for village in Village.objects.filter(township=township):
        VillageYear.objects.create(village=village, year=2020, collective_income=Decimal("5.00"), reserve_cadres=2)
    # The pipeline, a year of meetings and trainings grow with the township too.
    everyone = list(Member.objects.under(township))
    candidates = Candidate.objects.bulk_create(
        Candidate(
            name=f"申请人{i}",
            gender="M",
            birth_date=datetime.date(1995, 1, 1),
            education="high_school",
            occupation="farmer",
            organization=branches[i % 20],
        )
        for i in range(members // 10)
    )
    StepRecord.objects.bulk_create(
        StepRecord(candidate=c, number=n, done_on=datetime.date(2019, 1, n))
        for i, c in enumerate(candidates)
        for n in range(1, 1 + i % 8)
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(organization=b, kind="theme_day", held_on=datetime.date(2020, m, 5), topic="主题党日")
        for b in branches
        for m in range(1, 11)
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, member=member, status="present")
        for meeting in meetings[: members // 50]
        for member in everyone[:10]
    )
    for t in range(max(1, members // 1000)):
        training = Training.objects.create(
            township=township, title=f"培训班{t}", start_on=datetime.date(2020, 5, 1), end_on=datetime.date(2020, 5, 3)
        )
        training.participants.set(everyone[t::3])


@pytest.mark.parametrize("members", [50, 3000])
def test_a_whole_report_takes_a_bounded_number_of_queries(township, members):
    populate(township, members)
    report = Report.objects.create(township=township, year=2020, as_of=DAY, title="t", issuer="i", issued_on=DAY)
    with CaptureQueriesContext(connection) as captured:
        document = build_document(report, registers=True)
    assert document.statistics.members.total == Member.objects.filter(joined_on__lte=DAY).count()
    assert len(document.members.rows) == document.statistics.members.total
    assert (document.statistics.assessments.grades.assessed, len(document.statistics.assessments.pairs)) == (20, 1)
    # 1 the township's subtree (with parents, for the register)   2 the year's work areas
    # 3 their tasks, then: member figures, villages, village groups with members, the year's
    # assessments, rectifications, 结对共建 pairs, committee posts in office, the villages' rows
    # for the year, the township profile, the people in development (with their branch), their
    # steps, probation changes, the year's meetings, their attendance counted by status, the
    # members of their organizations, the year's trainings, distinct members trained, the
    # report's sections, the member register
    assert len(captured) == 22, [q["sql"][:80] for q in captured.captured_queries]
    assert document.statistics.meetings.total == 200
    people = members // 10
    assert len(document.pipeline.rows) == people - (people + 7) // 8  # every eighth has no step yet


@pytest.mark.parametrize("members", [50, 3000])
def test_comparing_with_last_year_adds_one_query_and_two_with_submitted_figures(township, members):
    populate(township, members)
    report = Report.objects.create(
        township=township,
        year=2020,
        as_of=DAY,
        title="t",
        issuer="i",
        issued_on=DAY,
        compare_with_last_year=True,
    )
    with CaptureQueriesContext(connection) as captured:
        build_document(report, registers=True)
    # The 22 queries above, and 23 every member figure on 2016-11-15 … 2019-11-15 in one aggregate
    # (last year's date and the five-year trend).
    assert len(captured) == 23, [q["sql"][:80] for q in captured.captured_queries]
    report.compare_with_submitted = True
    report.save()
    with CaptureQueriesContext(connection) as captured:
        build_document(report, registers=True)
    # … and 24 last year's latest version that was not returned.
    assert len(captured) == 24, [q["sql"][:80] for q in captured.captured_queries]

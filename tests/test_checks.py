"""Consistency checks: each one finds its seeded fault and links to the record to fix; errors block
submission, warnings block until acknowledged."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import CommitteePost, Post, Rectification
from organizations.models import Category, Level, Member, VillageYear
from planning.models import KeyTask, TaskStatus, WorkArea
from reports.checks import ERROR, WARNING, run_checks, shares_in_text
from reports.models import Report, ReportVersion
from tests.factories import make_member, make_org, make_village

DAY = datetime.date(2020, 11, 15)


@pytest.fixture
def clean(township, branch):
    """甲乡 with one 机关 branch of four full members and a complete report: no check finds anything."""
    for i in range(4):
        make_member(branch, name=f"党员{i}", birth_date=datetime.date(1980 + i, 5, 1))
    report = Report.objects.create(
        township=township,
        year=2020,
        as_of=DAY,
        title="甲乡2020年基层党建工作情况汇报",
        issuer="中共甲乡委员会",
        issued_on=DAY,
        opening="今年以来，全乡党建工作扎实推进。",
        problems="一是党务干部业务不精。",
        next_steps="一是强化党建责任落实。",
    )
    report.sections.create(heading="聚焦政治建设", narrative="开展理论学习8次。")
    return report


def findings(report, key):
    results = {r.check.key: r for r in run_checks(report.township, report.as_of, year=report.year, report=report)}
    return results[key].findings


def test_the_clean_township_has_nothing_to_report(clean):
    results = run_checks(clean.township, DAY, year=2020, report=clean)
    assert [(r.check.key, r.findings) for r in results if r.findings] == []


def full_members(org, n, **fields):
    return [make_member(org, **fields) for _ in range(n)]


# Each case seeds one fault: (check key, seed function → (expected message, expected url), severity).
def seed_small_branch(township, branch, report):
    small = make_org(township, Level.BRANCH, "小支部", Category.ORGAN)
    full_members(small, 2)
    make_member(small, joined_on=datetime.date(2020, 6, 1), full_on=None)  # probationary: not counted
    return "「小支部」只有2名正式党员，党支部应有3名以上正式党员。", reverse("organization_detail", args=[small.pk])


def seed_oversized(township, branch, report):
    full_members(branch, 47)  # 51 with the four already there
    return "「甲乡机关党支部」有51名党员，党支部党员一般不超过50名，应考虑设立党总支。", reverse(
        "organization_detail", args=[branch.pk]
    )


def seed_oversized_general_branch(township, branch, report):
    general = make_org(township, Level.GENERAL_BRANCH, "大总支", Category.RURAL)
    for i in range(3):
        full_members(make_org(general, Level.BRANCH, f"第{i}支部", Category.RURAL), 34)
    return "「大总支」有102名党员，超过100名，可经批准设立基层党委。", reverse("organization_detail", args=[general.pk])


def seed_no_committee(township, branch, report):
    full_members(branch, 3)  # seven full members, a secretary only
    CommitteePost.objects.create(
        organization=branch, member=branch.members.first(), post=Post.SECRETARY, started_on=datetime.date(2019, 1, 1)
    )
    return "「甲乡机关党支部」有7名正式党员，应设立支部委员会（3至5人），现有班子成员1人。", reverse(
        "committee_edit", args=[branch.pk]
    )


def seed_overdue_term(township, branch, report):
    CommitteePost.objects.create(
        organization=branch, member=branch.members.first(), post=Post.SECRETARY, started_on=datetime.date(2017, 7, 1)
    )
    return "「甲乡机关党支部」班子2017年7月1日任职，任期已于2020年7月1日届满，尚未换届。", reverse(
        "committee_edit", args=[branch.pk]
    )


def seed_term_due(township, branch, report):
    # A village branch: five years, due 2021-03-01, within six months of 2020-11-15.
    rural = make_org(township, Level.BRANCH, "一组党支部", Category.RURAL)
    members = full_members(rural, 3, village_group=make_village(township, "一村", ["一组"]).groups.get())
    CommitteePost.objects.create(
        organization=rural, member=members[0], post=Post.SECRETARY, started_on=datetime.date(2016, 3, 1)
    )
    return "「一组党支部」班子任期将于2021年3月1日届满，请做好换届准备。", reverse("committee_edit", args=[rural.pk])


def seed_overdue_rectification(township, branch, report):
    r = Rectification.objects.create(
        organization=branch,
        reason="组织生活不经常",
        responsible="书记",
        started_on=datetime.date(2020, 1, 6),
        deadline=datetime.date(2020, 10, 31),
    )
    return "「甲乡机关党支部」软弱涣散整顿时限2020年10月31日已过，尚未完成整顿。", reverse(
        "rectification_edit", args=[r.pk]
    )


def seed_overdue_conversion(township, branch, report):
    m = make_member(branch, name="王预备", joined_on=datetime.date(2019, 6, 1), full_on=None)
    return "甲乡机关党支部预备党员王预备2019年6月1日入党，预备期已满一年（2020年6月1日），尚未转正。", reverse(
        "member_edit", args=[m.pk]
    )


def seed_overdue_task(township, branch, report):
    area = WorkArea.objects.create(township=township, year=2020, name="组织建设")
    task = KeyTask.objects.create(
        area=area, title="换届筹备", status=TaskStatus.IN_PROGRESS, deadline=datetime.date(2020, 10, 1)
    )
    return "组织建设：「换届筹备」完成时限2020年10月1日已过，尚未完成。", reverse("task_edit", args=[task.pk])


def seed_village_without_income(township, branch, report):
    recorded = make_village(township, "有数村")
    VillageYear.objects.create(village=recorded, year=2020, collective_income="5.00")
    make_village(township, "无数村")
    VillageYear.objects.create(village=make_village(township, "空数村"), year=2020, reserve_cadres=2)
    return None, reverse("village_years", args=[township.pk, 2020])


def seed_member_without_group(township, branch, report):
    rural = make_org(township, Level.BRANCH, "二组党支部", Category.RURAL)
    group = make_village(township, "二村", ["二组"]).groups.get()
    full_members(rural, 3, village_group=group)
    m = make_member(rural, name="无组党员")
    return "二组党支部党员无组党员没有填写所在村民小组（党员空白村小组据此计算）。", reverse("member_edit", args=[m.pk])


def seed_twins(township, branch, report):
    make_member(branch, name="党员0", birth_date=datetime.date(1980, 5, 1))  # the same as the first one
    return None, None


def seed_wrong_share(township, branch, report):
    report.opening = "全乡共有党员4名，其中女党员1名，占党员总数的20%。"
    report.save()
    return (
        "开头段落中「1名，占党员总数的20%」与统计数字不符：按截至2020年11月15日的数字计算应为25%（占党员总数4名）。",
        reverse("report_edit", args=[report.pk]),
    )


CASES = [
    ("small_branches", seed_small_branch, WARNING),
    ("oversized", seed_oversized, WARNING),
    ("oversized", seed_oversized_general_branch, WARNING),
    ("committees", seed_no_committee, WARNING),
    ("terms", seed_overdue_term, WARNING),
    ("terms", seed_term_due, WARNING),
    ("rectifications", seed_overdue_rectification, WARNING),
    ("conversions", seed_overdue_conversion, WARNING),
    ("tasks", seed_overdue_task, WARNING),
    ("village_incomes", seed_village_without_income, ERROR),
    ("village_groups", seed_member_without_group, WARNING),
    ("duplicates", seed_twins, WARNING),
    ("narrative_shares", seed_wrong_share, ERROR),
]


@pytest.mark.parametrize("key, seed, severity", CASES, ids=[seed.__name__[5:] for _, seed, _ in CASES])
def test_each_check_lists_its_seeded_fault_with_a_link(staff_client, township, branch, clean, key, seed, severity):
    message, url = seed(township, branch, clean)
    found = findings(clean, key)
    if key == "village_incomes":
        assert [(f.message, f.url, f.severity) for f in found] == [
            ("「无数村」还没有填写2020年村集体经济收入。", url, ERROR),
            ("「空数村」还没有填写2020年村集体经济收入。", url, ERROR),
        ]
    elif key == "duplicates":
        twins = Member.objects.filter(name="党员0").order_by("pk")
        assert [(f.url, f.severity) for f in found] == [(reverse("member_edit", args=[m.pk]), WARNING) for m in twins]
        assert (
            found[0].message
            == "甲乡机关党支部党员党员0（1980年5月1日出生）与另一名党员姓名、出生日期相同，请确认是否重复登记。"
        )
    else:
        assert [(f.message, f.url, f.severity) for f in found] == [(message, url, severity)]
    # The township's checks page lists it, with the link.
    page = staff_client.get(reverse("township_checks", args=[township.pk, 2020])).content.decode()
    assert found[0].message in page
    assert f'href="{found[0].url}"' in page


def test_a_share_is_checked_at_the_precision_written():
    assert shares_in_text("女党员69名，占党员总数的12.6%", 546, 58) == []
    assert shares_in_text("女党员69名，占党员总数的12.64%", 546, 58) == []
    assert shares_in_text("女党员69名，占党员总数的12.7%", 546, 58) == [("69名，占党员总数的12.7%", "12.6%", True)]
    # 人次 is not a count of members; a percentage behind another number belongs to that number.
    assert shares_in_text("培训党员438人次，2023年两轮培训覆盖率达到64%", 546, 58) == []
    assert shares_in_text("建成3个党建阵地，覆盖率10%", 546, 58) == [("3个党建阵地，覆盖率10%", "5%", False)]


def submit(client, report, acknowledge=False):
    # The confirming POST (tests/test_review_loop.py covers the confirmation step itself).
    data = {"confirmed": "1", **({"acknowledge_warnings": "on"} if acknowledge else {})}
    return client.post(reverse("report_submit", args=[report.pk]), data, follow=True).content.decode()


def test_an_error_blocks_submission_even_when_warnings_are_acknowledged(staff_client, township, branch, clean):
    make_village(township, "无数村")
    page = submit(staff_client, clean, acknowledge=True)
    assert "还不能提交" in page and "「无数村」还没有填写2020年村集体经济收入。" in page
    assert not ReportVersion.objects.exists()


def test_a_warning_blocks_until_acknowledged_then_submits(staff_client, township, branch, clean):
    seed_overdue_conversion(township, branch, clean)
    versions_page = staff_client.get(reverse("report_versions", args=[clean.pk])).content.decode()
    assert "数据检查有1条提示" in versions_page and 'name="acknowledge_warnings"' in versions_page
    assert "预备党员王预备2019年6月1日入党" in versions_page

    page = submit(staff_client, clean)
    assert "数据检查有1条提示，请逐条阅读后勾选" in page
    assert not ReportVersion.objects.exists()

    page = submit(staff_client, clean, acknowledge=True)
    assert "已提交第1版" in page
    assert ReportVersion.objects.get().number == 1


def test_a_clean_report_submits_without_acknowledging(staff_client, clean):
    assert "已提交第1版" in submit(staff_client, clean)


def test_the_checks_page_costs_the_same_whatever_the_number_of_members(staff_client, township, branch, clean):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("township_checks", args=[township.pk, 2020])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(url).status_code == 200
        return len(captured)

    small = queries()
    Member.objects.bulk_create(
        Member(
            name=f"批量{i}",
            gender="M",
            birth_date=datetime.date(1960 + i % 40, 1 + i % 12, 1),
            education="high_school",
            occupation="farmer",
            organization=branch,
            joined_on=datetime.date(2000, 7, 1),
            full_on=None if i % 50 == 0 else datetime.date(2001, 7, 1),
        )
        for i in range(500)
    )
    assert queries() == small

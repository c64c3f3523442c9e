"""The county roll-up against an independent recount of both demo townships, in HTML, Excel and PDF."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from organizations.models import Category, Level, Organization
from planning.models import KeyTask, TaskStatus, WorkArea
from tests.factories import make_member, make_org, make_user
from tests.pdf_tools import pdf_text
from tests.recount import percent, recount

DAY = datetime.date(2020, 11, 15)
FIGURES = ["women", "young", "old", "minorities", "higher_education", "probationary", "rural", "floating"]


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    townships = {t.name: t for t in Organization.objects.filter(level=Level.TOWNSHIP)}
    area = WorkArea.objects.create(township=townships["清水乡"], year=2020, name="组织建设")
    for i, status in enumerate((TaskStatus.DONE, TaskStatus.DONE, TaskStatus.IN_PROGRESS), 1):
        KeyTask.objects.create(area=area, title=f"任务{i}", status=status)
    return townships


@pytest.fixture
def xian(demo):
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.get(username="xian"))
    return client


def org_counts(township):
    # Founded by the day (长岭乡's 非公企业 branch of June 2023 is not there in 2020).
    below = (
        Organization.objects.filter(path__startswith=township.path).exclude(pk=township.pk).exclude(founded_on__gt=DAY)
    )
    return {
        level: below.filter(level=level).count()
        for level in (Level.VILLAGE_COMMITTEE, Level.GENERAL_BRANCH, Level.BRANCH)
    }


def test_each_township_and_the_total_match_a_recount(xian, demo):
    response = xian.get(reverse("rollup", args=[2020]), {"as_of": "2020-11-15"})
    rollup = response.context["rollup"]
    expected = {name: recount(t, DAY) for name, t in demo.items()}
    rows = {row.name: row for row in rollup.rows}
    assert set(rows) == {"清水乡", "长岭乡"}
    for name, counts in expected.items():
        row = rows[name]
        assert row.members.total == counts["total"]
        for key in FIGURES:
            share = getattr(row.members, key)
            assert share.count == counts[key], (name, key)
            assert share.percent_text == percent(counts[key], counts["total"])
        orgs = org_counts(demo[name])
        assert [row.organizations.count(level) for level in orgs] == list(orgs.values())
    total = rollup.total.members
    total_members = sum(c["total"] for c in expected.values())
    assert total.total == total_members
    for key in FIGURES:
        summed = sum(c[key] for c in expected.values())
        assert getattr(total, key).count == summed
        # computed from the summed counts, not by adding the townships' rounded shares
        assert getattr(total, key).percent_text == percent(summed, total_members)
    assert rows["清水乡"].task_completion.percent_text == percent(2, 3)
    html = response.content.decode()
    assert f"{total_members}" in html and percent(sum(c["women"] for c in expected.values()), total_members) in html


def test_the_workbook_has_the_same_figures(xian, demo):
    response = xian.get(reverse("rollup_xlsx", args=[2020]), {"as_of": "2020-11-15"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    for name, township in demo.items():
        counts = recount(township, DAY)
        assert by_name[name]["党员"] == counts["total"]
        assert f"{by_name[name]['女党员'] * 100:.2f}%" == percent(counts["women"], counts["total"])
    assert by_name["合计"]["党员"] == sum(recount(t, DAY)["total"] for t in demo.values())


def test_the_summary_pdf_carries_the_totals(xian, demo):
    response = xian.get(reverse("rollup_pdf", args=[2020]), {"as_of": "2020-11-15"})
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    total = sum(recount(t, DAY)["total"] for t in demo.values())
    assert "全县2个乡镇" in text and f"党员{total}名" in text
    assert "清水乡" in text and "长岭乡" in text


def test_rows_sort_by_any_column(xian, demo):
    names = lambda params: [r.name for r, _ in xian.get(reverse("rollup", args=[2020]), params).context["rows"]]  # noqa: E731
    assert names({"as_of": "2020-11-15", "sort": "members", "dir": "desc"}) == ["清水乡", "长岭乡"]
    assert names({"as_of": "2020-11-15", "sort": "members", "dir": "asc"}) == ["长岭乡", "清水乡"]


def test_a_bad_date_falls_back_with_a_chinese_message(xian, demo):
    response = xian.get(reverse("rollup", args=[2020]), {"as_of": "2021-01-01"}, follow=True)
    assert "统计截止日期必须在2020年之内" in response.content.decode()
    assert response.context["rollup"].as_of.year == 2020


def test_staff_see_only_their_township_and_other_counties_nothing(client, demo):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="xiang"))
    assert [r.name for r in client.get(reverse("rollup", args=[2020])).context["rollup"].rows] == ["清水乡"]
    other = make_org(None, Level.COUNTY, "邻县", Category.GENERAL)
    client.force_login(make_user("other_reviewer", Role.COUNTY_REVIEWER, other))
    assert client.get(reverse("rollup", args=[2020])).context["rollup"].rows == []


def test_the_rollup_query_count_does_not_grow_with_townships(xian, demo):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            xian.get(reverse("rollup", args=[2020]), {"as_of": "2020-11-15"})
        return len(captured)

    before = queries()
    county = Organization.objects.get(name="示范县")
    for i in range(5):
        township = make_org(county, Level.TOWNSHIP, f"新乡{i}", Category.GENERAL)
        make_member(make_org(township, Level.BRANCH, f"新乡{i}支部"), name=f"新党员{i}")
    # session, user, townships, organizations, member counts grouped by organization,
    # the year's work areas, their tasks, and for the year picker: the versions awaiting review
    # and the years with reports
    assert queries() == before == 9


def test_every_rollup_figure_equals_the_same_figure_of_each_townships_report(xian, demo):
    """One definition per figure: the roll-up row and the report statistics agree field by field."""
    from reports.statistics import township_statistics

    rollup = xian.get(reverse("rollup", args=[2020]), {"as_of": "2020-11-15"}).context["rollup"]
    for row in rollup.rows:
        stats = township_statistics(demo[row.name], DAY, 2020)
        assert row.members == stats.members, row.name
        assert row.organizations == stats.organizations, row.name
        assert row.tasks == stats.task_total, row.name


def test_the_plan_index_shows_the_completion_share_the_report_shows(xian, demo):
    from reports.statistics import township_statistics

    xiang = Client()
    from django.contrib.auth.models import User

    xiang.force_login(User.objects.get(username="xiang"))
    share = township_statistics(demo["清水乡"], DAY, 2020).task_total.completion
    # 2 of 3 tasks done (the fixture): 66.67%, to the report's two decimals.
    assert share.percent_text == "66.67%"
    assert "66.67%" in xiang.get(reverse("plan_index")).content.decode()


def test_the_workbook_carries_counts_beside_shares(xian, demo):
    response = xian.get(reverse("rollup_xlsx", args=[2020]), {"as_of": "2020-11-15"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    by_name = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    counts = recount(demo["长岭乡"], DAY)
    assert by_name["长岭乡"]["女党员（人数）"] == counts["women"]
    assert by_name["长岭乡"]["35岁及以下（人数）"] == counts["young"]
    assert f"{by_name['长岭乡']['35岁及以下'] * 100:.2f}%" == percent(counts["young"], counts["total"])


def test_an_administrator_of_one_county_reads_it_named_as_its_reviewers_do(admin_client_, demo):
    text = pdf_text(admin_client_.get(reverse("rollup_pdf", args=[2020]), {"as_of": "2020-11-15"}).content)
    assert "示范县2020年乡镇基层党建工作汇总" in text and "中共示范县委员会组织部" in text and "全县2个乡镇" in text


def test_an_administrators_summary_of_several_counties_names_all_townships_not_a_county(admin_client_, demo):
    # An administrator sees the townships of every county: the text said 「全县」 all the same.
    make_org(make_org(None, Level.COUNTY, "邻县", Category.GENERAL), Level.TOWNSHIP, "邻县一乡", Category.GENERAL)
    text = pdf_text(admin_client_.get(reverse("rollup_pdf", args=[2020]), {"as_of": "2020-11-15"}).content)
    assert "全部3个乡镇" in text and "全县" not in text

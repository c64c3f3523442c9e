"""The two roll-ups: the official one from the stored figures of each township's latest version,
the live one from the data at a chosen date."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from organizations.models import Organization
from reports import submission
from reports.official_rollup import official_rollup
from reports.rollup import county_rollup
from reports.serialize import statistics_from_data
from reports.statistics import township_statistics
from tests.factories import make_member
from tests.pdf_tools import pdf_text
from tests.test_review import ready_report

DAY = datetime.date(2020, 11, 15)


@pytest.fixture
def versions(township, branch, other_township, other_branch, staff, reviewer):
    """甲乡: 第1版 returned, then 第2版 with one member more. 乙乡: 第1版 approved. Then live data changes."""
    ours = ready_report(township, branch)
    first = submission.report_submit(report=ours, user=staff, warnings_acknowledged=True)
    submission.report_return(report=ours, user=reviewer, comment="请核对。")
    make_member(branch, name="补录", gender="F")
    second = submission.report_submit(report=ours, user=staff, warnings_acknowledged=True)
    theirs = ready_report(other_township, other_branch)
    theirs_v1 = submission.report_submit(report=theirs, user=staff, warnings_acknowledged=True)
    submission.report_approve(report=theirs, user=reviewer)
    # After submitting: more members everywhere. The official roll-up must not move.
    for i in range(3):
        make_member(branch, name=f"后来{i}")
        make_member(other_branch, name=f"后来乙{i}")
    return {"first": first, "second": second, "theirs": theirs_v1}


def townships():
    return Organization.objects.filter(name__in=["甲乡", "乙乡"])


def test_the_official_rollup_equals_the_stored_figures_of_each_latest_version(versions):
    official = official_rollup(townships(), title="汇总", year=2020, basis="submitted")
    rows = {row.name: row for row in official.rollup.rows}
    for name, version in (("甲乡", versions["second"]), ("乙乡", versions["theirs"])):
        stored = statistics_from_data(version.data)
        assert rows[name].members == stored.members
        assert rows[name].organizations == stored.organizations
    assert (rows["甲乡"].members.total, rows["乙乡"].members.total) == (5, 4)  # not today's 8 and 7
    assert rows["甲乡"].source.startswith("第2版（已提交），统计截至2020年11月15日")
    assert rows["乙乡"].source.startswith("第1版（已通过），统计截至2020年11月15日")
    total = official.rollup.total.members
    assert (total.total, total.women.count, total.women.percent_text) == (9, 3, "33.33%")
    assert official.missing == []


def test_approved_only_leaves_out_a_township_without_an_approved_version(versions):
    official = official_rollup(townships(), title="汇总", year=2020, basis="approved")
    assert [row.name for row in official.rollup.rows] == ["乙乡"]
    assert official.missing == ["甲乡"]
    assert official.rollup.total.members.total == 4


def test_the_official_page_and_files_say_where_each_row_comes_from(reviewer_client, versions):
    response = reviewer_client.get(reverse("rollup_official", args=[2020]), {"basis": "approved"})
    page = response.content.decode()
    assert "没有计入合计（没有符合条件的版本）：甲乡" in page
    assert "第1版（已通过）" in page
    workbook = openpyxl.load_workbook(
        io.BytesIO(reviewer_client.get(reverse("rollup_official_xlsx", args=[2020])).content)
    )
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["乡镇", "数据来源", "村党委"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["甲乡"][1].startswith("第2版（已提交）")
    assert rows["甲乡"][header.index("党员")] == 5
    assert rows["合计"][header.index("女党员（人数）")] == 3
    text = pdf_text(reviewer_client.get(reverse("rollup_official_pdf", args=[2020])).content)
    assert "第2版（已提交），统计截至2020年11月15日" in text
    assert "各乡镇党员人数" in text  # the chart of the townships side by side


def test_a_bad_basis_is_refused_with_a_message(reviewer_client, versions):
    response = reviewer_client.get(reverse("rollup_official", args=[2020]), {"basis": "nonsense"}, follow=True)
    assert response.status_code == 200
    assert "没有这种汇总口径：nonsense" in response.content.decode()


def test_the_live_rollup_equals_the_report_statistics_at_its_date(versions):
    rollup = county_rollup(townships(), title="汇总", year=2020, day=DAY)
    for row in rollup.rows:
        township = Organization.objects.get(pk=row.township_id)
        stats = township_statistics(township, DAY, 2020)
        assert row.members == stats.members
        assert row.organizations == stats.organizations
    assert {row.name: row.members.total for row in rollup.rows} == {"甲乡": 8, "乙乡": 7}

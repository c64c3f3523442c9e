"""The report, composed in forms and previewed as HTML, says what the seed report says."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from organizations.models import Level, Member, Organization
from planning.models import KeyTask, TaskStatus, WorkArea
from reports.models import Report
from tests.factories import make_member
from tests.recount import expected_clauses, percent, recount

DAY = datetime.date(2020, 11, 15)


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    return Organization.objects.get(name="清水乡", level=Level.TOWNSHIP)


@pytest.fixture
def xiang(client, demo):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="xiang"))
    return client


def create_report(client, township, year=2020) -> Report:
    response = client.post(reverse("report_new"), {"township": township.pk, "year": year})
    assert response.status_code == 302
    return Report.objects.get(township=township, year=year)


def text_of(html: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def edit_data(report: Report, **changes) -> dict:
    data = {
        "title": report.title,
        "as_of": report.as_of.isoformat(),
        "issuer": report.issuer,
        "issued_on": report.issued_on.isoformat(),
        "opening": "今年以来，乡党委聚焦重点任务，狠抓落实。",
        "problems": "一是党务干部业务不精。\n二是流动党员教育管理不够。",
        "next_steps": "一是强化党建责任落实。",
    }
    sections = list(report.sections.all())
    data.update(
        {
            "sections-TOTAL_FORMS": len(sections),
            "sections-INITIAL_FORMS": len(sections),
            "sections-MIN_NUM_FORMS": 0,
            "sections-MAX_NUM_FORMS": 1000,
        }
    )
    for i, section in enumerate(sections):
        data.update(
            {
                f"sections-{i}-id": section.pk,
                f"sections-{i}-heading": section.heading,
                f"sections-{i}-narrative": section.narrative,
                f"sections-{i}-sort_order": section.sort_order,
            }
        )
    data.update(changes)
    return data


def test_a_new_report_has_the_default_title_issuer_and_a_section_per_area(xiang, demo):
    report = create_report(xiang, demo)
    assert report.title == "清水乡2020年基层党建工作情况汇报"
    assert report.issuer == "中共清水乡委员会"
    assert report.as_of.year == 2020
    assert [s.heading for s in report.sections.all()] == [
        "政治建设",
        "组织建设",
        "组织生活",
        "队伍建设",
        "党员教育管理",
        "基础保障",
        "考核评价",
    ]


def test_a_second_report_for_the_same_year_is_refused(xiang, demo):
    create_report(xiang, demo)
    response = xiang.post(reverse("report_new"), {"township": demo.pk, "year": 2020})
    assert "清水乡2020年的汇报已经建立" in response.content.decode()
    assert Report.objects.filter(township=demo).count() == 1


def test_the_preview_says_what_the_seed_says_with_figures_recounted(xiang, demo):
    report = create_report(xiang, demo)
    xiang.post(reverse("report_edit", args=[report.pk]), edit_data(report, as_of="2020-11-15", issued_on="2020-11-15"))
    counts = recount(demo, DAY)
    assert counts["total"] == 546  # the seed's figure, recounted
    text = text_of(xiang.get(reverse("report_preview", args=[report.pk])).content.decode())
    assert f"截至2020年11月15日，全乡共有党员{counts['total']}名" in text
    for clause in expected_clauses(counts):
        assert clause in text
    assert "女党员69名，占党员总数的12.64%" in text  # the seed printed 12.6%
    assert "乡党委下设58个基层党组织。其中：1个村党委，3个党总支，54个党支部（" in text
    assert "辖4个村委会87个自然村93个村民小组和清水江林业局一、二林场" in text
    assert f"少数民族人口20182人，占总人口的{percent(20182, 23082)}" in text
    assert "三、存在的问题" in text and "一是党务干部业务不精。" in text
    assert "（一）政治建设。" in text


def test_an_earlier_date_gives_the_figures_of_that_date(xiang, demo):
    report = create_report(xiang, demo)
    branch = Organization.objects.filter(path__startswith=demo.path, level=Level.BRANCH).first()
    for i in range(3):  # joined in 2020: counted in November, not at the end of 2019
        make_member(branch, name=f"新党员{i}", joined_on=datetime.date(2020, 6, 1), full_on=None, gender="F")
    report.year = 2019
    report.as_of = report.issued_on = datetime.date(2019, 12, 31)
    report.save()
    counts = recount(demo, report.as_of)
    assert counts["total"] != recount(demo, DAY)["total"]
    text = text_of(xiang.get(reverse("report_preview", args=[report.pk])).content.decode())
    assert f"截至2019年12月31日，全乡共有党员{counts['total']}名" in text
    for clause in expected_clauses(counts):
        assert clause in text


def test_zero_categories_are_left_out(xiang, demo):
    Member.objects.filter(organization__path__startswith=demo.path).update(is_college_village_official=False)
    report = create_report(xiang, demo)
    text = text_of(xiang.get(reverse("report_preview", args=[report.pk])).content.decode())
    basic_situation = text[text.index("一、基本情况") : text.index("二、重点工作落实情况")]
    assert "流动党员" in basic_situation
    assert "大学生村官" not in basic_situation


def test_area_sections_carry_the_task_figures(xiang, demo):
    area = WorkArea.objects.create(township=demo, year=2020, name="组织建设", sort_order=1)
    KeyTask.objects.create(
        area=area,
        title="创建示范村民小组党支部",
        target_value=18,
        unit="个",
        achieved_value=12,
        status=TaskStatus.IN_PROGRESS,
        deadline=datetime.date(2020, 12, 31),
    )
    KeyTask.objects.create(
        area=area, title="整顿软弱涣散党组织", target_value=1, unit="个", achieved_value=1, status=TaskStatus.DONE
    )
    KeyTask.objects.create(
        area=area, title="换届筹备", status=TaskStatus.IN_PROGRESS, deadline=datetime.date(2020, 10, 1)
    )
    report = create_report(xiang, demo)
    xiang.post(
        reverse("report_edit", args=[report.pk]),
        edit_data(
            report,
            as_of="2020-11-15",
            issued_on="2020-11-15",
            **{
                "sections-0-heading": "聚焦强基固本，提高党建水平",
                "sections-0-narrative": "一是着力开展党支部规范化建设。",
            },
        ),
    )
    text = text_of(xiang.get(reverse("report_preview", args=[report.pk])).content.decode())
    assert "（一）聚焦强基固本，提高党建水平。一是着力开展党支部规范化建设。" in text
    assert "本领域年度重点任务3项，已完成1项，推进中1项，滞后1项，完成率33.33%。" in text
    assert "创建示范村民小组党支部，目标18个，已完成12个" in text


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"as_of": "2021-01-01"}, "统计截止日期必须在2020年之内。"),
        ({"issued_on": "2020-01-01", "as_of": "2020-11-15"}, "落款日期不能早于统计截止日期。"),
        ({"title": ""}, "这个字段是必填项。"),
    ],
)
def test_bad_report_input_is_refused_and_nothing_changes(xiang, demo, changes, message):
    report = create_report(xiang, demo)
    before = (report.title, report.as_of, report.issued_on, report.opening)
    response = xiang.post(reverse("report_edit", args=[report.pk]), edit_data(report, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    report.refresh_from_db()
    assert (report.title, report.as_of, report.issued_on, report.opening) == before


def test_user_text_is_escaped(xiang, demo):
    report = create_report(xiang, demo)
    xiang.post(
        reverse("report_edit", args=[report.pk]),
        edit_data(report, opening='<script>alert(1)</script><img src="http://x">'),
    )
    html = xiang.get(reverse("report_preview", args=[report.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

"""The Excel workbook: the figures as the PDF shows them, the registers behind them, and formula safety.

Every expected figure is recounted here from the members the test creates,
not taken from the statistics module.
"""

import datetime
import io
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest

from assessments.models import Rectification
from organizations import idcard
from organizations.masking import mask_id_number
from organizations.models import Category, Gender, Level
from planning.models import KeyTask, TaskStatus, WorkArea
from reports.document import build_document
from reports.models import Report
from reports.renderers.xlsx import render_xlsx
from tests.factories import make_member, make_org

DAY = datetime.date(2020, 11, 15)
FORMULA_NAME = "=SUM(A1)"
ID_NUMBER = "110101199003076624"  # a woman (17th digit even) born 1990-03-07, check digit 4
SHEETS = [
    "基本情况统计",
    "党组织",
    "党员名册",
    "重点任务台账",
    "发展党员名册",
    "会议台账",
    "培训班",
    "分类定级",
    "软弱涣散整顿",
    "结对共建",
    "村级情况",
    "班子换届",
]


@pytest.fixture
def members(township):
    village = make_org(township, Level.VILLAGE_COMMITTEE, "清水村党委", Category.RURAL)
    rural = make_org(village, Level.BRANCH, "一组党支部", Category.RURAL, founded_on=datetime.date(2005, 6, 1))
    organ = make_org(township, Level.BRANCH, "乡机关党支部", Category.ORGAN)
    coop = make_org(township, Level.BRANCH, "茶叶合作社党支部", Category.COOPERATIVE)
    # 软弱涣散 on the report's date: an open rectification.
    Rectification.objects.create(
        organization=coop, reason="组织生活不经常", responsible="乡党委副书记", started_on=datetime.date(2020, 1, 6)
    )
    assert idcard.check_digit(ID_NUMBER[:17]) == ID_NUMBER[-1]
    return [
        make_member(rural, name="张大山"),
        make_member(
            rural, name="李秀英", gender=Gender.FEMALE, id_number=ID_NUMBER, birth_date=datetime.date(1990, 3, 7)
        ),
        make_member(rural, name=FORMULA_NAME, gender=Gender.FEMALE),
        # Probationary: admitted this year, not yet full.
        make_member(organ, name="王预备", joined_on=datetime.date(2020, 3, 1), full_on=None),
        # Full only after the as-of date: still probationary on it.
        make_member(organ, name="陈待转", joined_on=datetime.date(2019, 12, 1), full_on=datetime.date(2020, 12, 1)),
        make_member(coop, name="刘合作", gender=Gender.FEMALE, occupation="worker"),
        # Leaves after the as-of date: still a member on it.
        make_member(coop, name="周后走", left_on=datetime.date(2020, 12, 31), leave_reason="transferred_out"),
        # Left before the as-of date, joined after it: neither is counted.
        make_member(rural, name="赵已走", left_on=datetime.date(2019, 6, 30), leave_reason="transferred_out"),
        make_member(organ, name="钱后来", joined_on=datetime.date(2020, 12, 1), full_on=None),
    ]


@pytest.fixture
def tasks(township):
    area = WorkArea.objects.create(township=township, year=2020, name="组织建设", sort_order=1)
    return {
        "lagging": KeyTask.objects.create(
            area=area,
            title="创建示范村民小组党支部",
            target_value=18,
            unit="个",
            achieved_value=10,
            deadline=datetime.date(2020, 6, 30),
            status=TaskStatus.IN_PROGRESS,
            sort_order=1,
        ),
        "done": KeyTask.objects.create(
            area=area,
            title="软弱涣散党组织整顿",
            deadline=datetime.date(2020, 9, 30),
            status=TaskStatus.DONE,
            closed_on=datetime.date(2020, 10, 8),
            close_note="#N/A",
            sort_order=2,
        ),
        "future": KeyTask.objects.create(
            area=area, title="党员冬训", deadline=datetime.date(2020, 12, 31), sort_order=3
        ),
    }


@pytest.fixture
def report(township, members, tasks):
    return Report.objects.create(
        township=township,
        year=2020,
        as_of=DAY,
        title="甲乡2020年基层党建工作情况汇报",
        issuer="中共甲乡委员会",
        issued_on=DAY,
    )


def render(report) -> openpyxl.Workbook:
    data = render_xlsx(build_document(report, registers=True))
    return openpyxl.load_workbook(io.BytesIO(data))


def active(members):
    return [m for m in members if m.joined_on <= DAY and (m.left_on is None or m.left_on > DAY)]


def expected_fraction(count: int, total: int) -> Decimal:
    percent = (Decimal(count) * 100 / Decimal(total)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return percent / 100


def row_labelled(ws, label: str):
    rows = [row for row in ws.iter_rows() if row[0].value == label]
    assert len(rows) == 1, f"{label!r} appears {len(rows)} times"
    return rows[0]


def register(ws) -> list[dict]:
    """The sheet's data rows as header → cell."""
    header = [cell.value for cell in ws[1]]
    return [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=2)]


def test_the_workbook_has_the_statistics_and_the_three_registers_in_order(report):
    workbook = render(report)
    assert workbook.sheetnames == SHEETS
    assert workbook.properties.title == report.title
    assert workbook.properties.creator == "党建工作汇报系统"
    assert workbook["基本情况统计"]["A1"].value == "甲乡2020年基层党建工作情况汇报（截至2020年11月15日）"


def test_figures_and_percentages_match_an_independent_count(report, members):
    counted = active(members)
    women = sum(m.gender == Gender.FEMALE for m in counted)
    probationary = sum(m.full_on is None or m.full_on > DAY for m in counted)
    assert (len(counted), women, probationary) == (7, 3, 2)  # the fixture is what the test thinks it is

    ws = render(report)["基本情况统计"]
    assert row_labelled(ws, "党员总数")[1].value == len(counted)
    for label, count in (("女党员", women), ("预备党员", probationary)):
        _, count_cell, share_cell = row_labelled(ws, label)[:3]
        assert count_cell.value == count
        assert share_cell.data_type == "n"
        assert share_cell.number_format == "0.00%"
        # The stored number is the fraction shown, to the digit: 3/7 → 0.4286 → 42.86%.
        assert Decimal(str(share_cell.value)) == expected_fraction(count, len(counted))


def test_share_decimals_set_the_percentage_format(report, settings):
    settings.SHARE_DECIMALS = 1
    ws = render(report)["基本情况统计"]
    share_cell = row_labelled(ws, "女党员")[2]
    assert share_cell.number_format == "0.0%"
    assert Decimal(str(share_cell.value)) == Decimal("0.429")  # 3/7 = 42.857…% → 42.9%


def test_the_roster_lists_exactly_the_members_on_the_as_of_date(report, members):
    rows = register(render(report)["党员名册"])
    assert sorted(row["姓名"].value for row in rows) == sorted(m.name for m in active(members))
    probationary = {row["姓名"].value for row in rows if row["预备党员"].value == "是"}
    assert probationary == {"王预备", "陈待转"}


def test_the_roster_has_real_dates_numbers_and_masked_id_numbers(report):
    workbook = render(report)
    rows = {row["姓名"].value: row for row in register(workbook["党员名册"])}
    li = rows["李秀英"]
    assert li["出生日期"].is_date and li["出生日期"].value == datetime.datetime(1990, 3, 7)
    assert li["入党日期"].is_date and li["入党日期"].value == datetime.datetime(2010, 7, 1)
    assert li["年龄"].data_type == "n" and li["年龄"].value == 30
    assert li["身份证号码"].data_type == "s"
    assert li["身份证号码"].value == mask_id_number(ID_NUMBER) == "110101***********4"
    # Not full on the as-of date: no 转正日期 yet.
    assert rows["陈待转"]["转正日期"].value is None
    everything = [str(cell.value) for ws in workbook for row in ws.iter_rows() for cell in row]
    assert not any(ID_NUMBER in text for text in everything)


def test_register_headers_are_bold_frozen_and_filtered(report):
    workbook = render(report)
    for name in SHEETS[1:]:
        ws = workbook[name]
        assert ws.freeze_panes == "A2", name
        assert all(cell.font.b for cell in ws[1]), name
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}", name
        assert all(5 < ws.column_dimensions[cell.column_letter].width <= 50 for cell in ws[1]), name


def test_formula_looking_text_stays_text(report):
    workbook = render(report)
    name = next(row["姓名"] for row in register(workbook["党员名册"]) if row["姓名"].value == FORMULA_NAME)
    assert name.data_type == "s"
    assert name.quotePrefix  # stays text even when someone edits the cell in Excel
    note = next(row["销号说明"] for row in register(workbook["重点任务台账"]) if row["销号说明"].value)
    assert (note.value, note.data_type) == ("#N/A", "s")  # not an error value


def test_the_task_ledger_shows_the_status_on_the_as_of_date(report, tasks):
    rows = {row["任务内容"].value: row for row in register(render(report)["重点任务台账"])}
    assert {title: row["进度"].value for title, row in rows.items()} == {
        "创建示范村民小组党支部": "滞后",  # deadline passed, not done
        "软弱涣散党组织整顿": "已完成",
        "党员冬训": "未开始",
    }
    lagging = rows["创建示范村民小组党支部"]
    assert (lagging["目标"].value, lagging["已完成"].value) == ("18个", "10个")
    assert lagging["完成时限"].is_date and lagging["完成时限"].value == datetime.datetime(2020, 6, 30)


def test_the_organization_register_lists_the_subtree(report):
    rows = {row["名称"].value: row for row in register(render(report)["党组织"])}
    assert set(rows) == {"甲乡", "清水村党委", "一组党支部", "乡机关党支部", "茶叶合作社党支部"}
    assert rows["一组党支部"]["上级党组织"].value == "清水村党委"
    assert rows["一组党支部"]["成立日期"].value == datetime.datetime(2005, 6, 1)
    assert rows["茶叶合作社党支部"]["软弱涣散"].value == "是"


def test_rendering_does_not_query_the_database(report, django_assert_num_queries):
    document = build_document(report, registers=True)
    with django_assert_num_queries(0):
        render_xlsx(document)


def test_a_document_without_registers_is_refused(report):
    with pytest.raises(ValueError, match="registers=True"):
        render_xlsx(build_document(report))

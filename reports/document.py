"""The report as plain data: what every renderer (HTML, PDF, Excel) lays out.

``build_document`` computes the statistics once and composes the text, the
appendix tables and the registers (党组织、党员名册、重点任务台账、发展党员名册、会议台账、培训班) from them
and from the narrative the clerk wrote. Renderers never query the database.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from dangjian.shares import Share
from organizations.figures import MemberFigures
from organizations.models import Member, Organization
from organizations.selectors import in_tree_order
from planning.figures import TaskSummary, plan_areas
from planning.models import KeyTask, WorkArea
from reports.life import life_paragraphs, life_registers, life_tables
from reports.models import Report
from reports.options import BasicOptions
from reports.sentences import basic_situation, money
from reports.statistics import TownshipStatistics, township_statistics
from reports.titles import plain_title, title_lines
from reports.year_on_year import Trend, year_on_year

CHINESE_NUMERALS = "一二三四五六七八九十"


class Amount(Decimal):
    """An amount of money in 万元, always shown with two decimals (20.79, 8.10) and kept a number in Excel."""


Cell = str | int | Decimal | Share | datetime.date | None


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for section numbers)."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (CHINESE_NUMERALS[tens - 1] if tens > 1 else "") + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass
class Subsection:
    number: str  # （一）
    heading: str
    paragraphs: list[str]


@dataclass
class Section:
    number: str  # 一、
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    subsections: list[Subsection] = field(default_factory=list)


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Cell]]
    note: str = ""
    chart: str = ""  # how reports/charts.py draws this table (a key of its DRAWERS); "" for none


@dataclass
class ReportDocument:
    title: str
    issuer: str
    issued_on: datetime.date
    as_of: datetime.date
    year: int
    township: str
    opening: list[str]
    sections: list[Section]
    tables: list[Table]
    statistics: TownshipStatistics | None  # None for a county summary
    # The registers behind the figures; built only for the Excel workbook.
    organizations: Table | None = None
    members: Table | None = None
    tasks: Table | None = None
    # The title as printed, line by line (reports/titles.py); empty: worked out from the title.
    title_lines: list[str] = field(default_factory=list)
    # Further Excel sheets (sheet name, table): 分类定级、软弱涣散整顿、结对共建、村级情况、班子换届.
    sheets: list[tuple[str, Table]] = field(default_factory=list)
    pipeline: Table | None = None  # 发展党员名册
    meetings: Table | None = None  # 会议台账
    trainings: Table | None = None  # 培训班


def task_sentence(summary: TaskSummary, tasks: list[KeyTask], day: datetime.date) -> str:
    if not summary.total:
        return ""
    counts = [f"已完成{summary.done}项"]
    for label, n in (("推进中", summary.in_progress), ("未开始", summary.not_started), ("滞后", summary.overdue)):
        if n:
            counts.append(f"{label}{n}项")
    text = f"本领域年度重点任务{summary.total}项，{'，'.join(counts)}，完成率{summary.completion.percent_text}。"
    targets = [
        f"{task.title}，目标{task.target_text}，已完成{task.achieved_text or '0' + task.unit}"
        for task in tasks
        if task.target_value is not None
    ]
    if targets:
        text += f"其中：{'；'.join(targets)}。"
    return text


def _area_sections(report: Report, stats: TownshipStatistics, tasks_by_area: dict) -> list[Subsection]:
    summaries = {summary.area: summary for summary in stats.tasks}
    out = []
    for index, section in enumerate(report.sections.select_related("area"), 1):
        body = paragraphs(section.narrative)
        area_name = section.area.name if section.area else None
        if area_name in summaries:
            sentence = task_sentence(summaries[area_name], tasks_by_area.get(section.area_id, []), stats.as_of)
            if sentence:
                body.append(sentence)
        out.append(Subsection(f"（{chinese_number(index)}）", section.heading, body))
    return out


def _appendix(stats: TownshipStatistics) -> list[Table]:
    m = stats.members
    composition = Table(
        "党员队伍结构",
        SHARE_HEADER,
        [
            ["党员总数", m.total, None],
            *[
                [label, share.count, share]
                for label, share in (
                    ("女党员", m.women),
                    ("少数民族党员", m.minorities),
                    ("预备党员", m.probationary),
                    ("农村党员", m.rural),
                    ("农牧渔民党员", m.farmers),
                    ("流动党员", m.floating),
                    ("大学生村官党员", m.college_officials),
                    ("35岁及以下", m.young),
                    ("60岁及以上", m.old),
                    ("大专及以上学历", m.higher_education),
                    ("初中及以下学历", m.junior_or_below),
                )
            ],
        ],
    )
    orgs = stats.organizations
    org_rows: list[list[Cell]] = [["基层党组织合计", orgs.grassroots]]
    org_rows += [[label, n] for label, n in orgs.by_level]
    org_rows += [[f"党支部：{label}", n] for label, n in orgs.branches_by_category]
    tables = [
        Table("基层党组织设置", ["项目", "个数"], org_rows),
        composition,
        *structure_tables(m),
        Table("党员入党时间", SHARE_HEADER, [[label, s.count, s] for label, s in m.by_joining_period]),
    ]
    tables += _assessment_tables(stats)
    if stats.tasks:
        tables.append(task_table(stats.tasks))
    return tables


def _yes(value: bool | None) -> str:
    return "" if value is None else ("是" if value else "否")


def _assessment_tables(stats: TownshipStatistics) -> list[Table]:
    """分类定级, 软弱涣散整顿, 结对共建, 村级情况 and 换届 — the appendix tables of the assessments domain."""
    a = stats.assessments
    if a is None:
        return []
    g = a.grades
    grade_rows: list[list[Cell]] = [
        ["基层党组织", g.organizations],
        ["已分类定级", g.assessed],
        ["先进", g.advanced],
        ["中间", g.middle],
        ["后进", g.backward],
        ["规范化达标", g.standardized],
        *[[f"{n}星级", c] for n, c in g.stars],
        ["软弱涣散（正在整顿）", len(a.open_rectifications)],
        ["本年完成软弱涣散整顿", len(a.completed_rectifications)],
        ["结对共建（对）", len(a.pairs)],
    ]
    tables = [Table(f"{a.year}年党组织分类定级", ["项目", "个数"], grade_rows)]
    rectifications = a.completed_rectifications + a.open_rectifications
    if rectifications:
        tables.append(_rectification_table(rectifications))
    if a.villages:
        tables.append(_village_table(a, stats.villages.groups_without_members))
    if a.terms_overdue or a.terms_due:
        tables.append(_term_table(a))
    return tables


def _rectification_table(rows) -> Table:
    return Table(
        "软弱涣散党组织整顿",
        ["党组织", "主要问题", "责任人", "列入日期", "整顿时限", "完成日期", "状态"],
        [[r.organization, r.reason, r.responsible, r.started_on, r.deadline, r.completed_on, r.status] for r in rows],
    )


def _village_table(a, blank_total: int) -> Table:
    rows: list[list[Cell]] = [
        [
            v.village,
            None if v.income is None else Amount(v.income),
            _yes(None if v.income is None else v.income >= Decimal("5")),
            _yes(None if v.income is None else v.income >= Decimal("10")),
            _yes(v.one_shoulder),
            v.reserve_cadres,
            v.blank_groups,
        ]
        for v in a.villages
    ]
    rows.append(
        [
            "合计",
            Amount(a.income_total),
            a.at_least_5,
            a.at_least_10,
            a.one_shoulder_villages,
            a.reserve_cadres,
            blank_total,
        ]
    )
    return Table(
        f"{a.year}年村级情况",
        ["村委会", "集体经济收入（万元）", "5万元以上", "10万元以上", "书记主任一肩挑", "后备干部", "党员空白村小组"],
        rows,
        note=f"集体经济收入合计{money(a.income_total)}万元"
        + (f"；村民小组长和党支部书记“一肩挑”{a.group_leader_secretaries}名" if a.group_leader_secretaries else "")
        + "。",
    )


def _term_table(a) -> Table:
    return Table(
        "班子换届",
        ["党组织", "书记", "本届任职日期", "届满日期", "状态"],
        [[t.organization, t.secretary, t.started_on, t.due_on, t.status] for t in a.terms_overdue + a.terms_due],
    )


def _assessment_sheets(stats: TownshipStatistics) -> list[tuple[str, Table]]:
    a = stats.assessments
    if a is None:
        return []
    sheets = [
        (
            "分类定级",
            Table(
                f"{a.year}年党组织分类定级",
                ["党组织", "层级", "分类定级", "星级", "规范化达标"],
                [[name, level, grade, stars, _yes(std)] for name, level, grade, stars, std in a.grades.rows],
            ),
        ),
        ("软弱涣散整顿", _rectification_table(a.completed_rectifications + a.open_rectifications)),
        ("结对共建", Table("结对共建", ["先进党组织", "结对党组织"], [list(pair) for pair in a.pairs])),
        ("村级情况", _village_table(a, stats.villages.groups_without_members)),
        ("班子换届", _term_table(a)),
    ]
    return sheets


SHARE_HEADER = ["项目", "人数", "占党员总数"]


def structure_tables(m: MemberFigures) -> list[Table]:
    """Age, education and occupation of the members: the appendix tables the dashboard draws too."""
    return [
        Table("党员年龄结构", SHARE_HEADER, [[label, s.count, s] for label, s in m.by_annual_age_band], chart="shares"),
        Table("党员年龄结构（合并）", SHARE_HEADER, [[label, s.count, s] for label, s in m.by_report_age_band]),
        Table("党员学历结构", SHARE_HEADER, [[label, s.count, s] for label, s in m.by_education], chart="shares"),
        Table("党员职业结构", SHARE_HEADER, [[label, s.count, s] for label, s in m.by_occupation], chart="shares"),
    ]


def task_table(summaries: list[TaskSummary]) -> Table:
    return Table(
        "年度重点任务完成情况",
        ["工作领域", "任务数", "已完成", "推进中", "未开始", "滞后", "已销号", "完成率"],
        [
            [s.area, s.total, s.done, s.in_progress, s.not_started, s.overdue, s.closed, s.completion]
            for s in [*summaries, TaskSummary.total_of(summaries)]
        ],
        chart="completion",
    )


def trend_table(trend: Trend) -> Table:
    """Members and their age and education structure on the same date in each of five years."""
    return Table(
        "近五年党员队伍变化",
        ["统计日期", "党员总数", "35岁及以下", "60岁及以上", "大专及以上学历"],
        [[day, m.total, m.young, m.old, m.higher_education] for day, m in zip(trend.days, trend.figures, strict=True)],
        chart="trend",
    )


def _registers(
    report: Report, day: datetime.date, subtree: list[Organization], tasks: list[KeyTask], weak: set[int]
) -> tuple[Table, Table, Table]:
    orgs = in_tree_order([org for org in subtree if org.is_founded_by(day)])
    org_table = Table(
        "党组织",
        ["名称", "层级", "类别", "上级党组织", "书记", "成立日期", "软弱涣散"],
        [
            [
                org.name,
                org.get_level_display(),
                org.get_category_display(),
                org.parent.name if org.parent else "",
                org.secretary,
                org.founded_on,
                "是" if org.pk in weak else "",
            ]
            for org in orgs
        ],
    )
    position = {org.pk: i for i, org in enumerate(orgs)}
    members = sorted(
        Member.objects.under(report.township).active_on(day).select_related("organization"),
        key=lambda m: (position.get(m.organization_id, len(position)), m.name, m.pk),
    )
    member_table = Table(
        "党员名册",
        [
            "姓名",
            "性别",
            "民族",
            "出生日期",
            "年龄",
            "学历",
            "职业",
            "所在党支部",
            "入党日期",
            "转正日期",
            "预备党员",
            "流动党员",
            "身份证号码",
        ],
        [
            [
                m.name,
                m.get_gender_display(),
                m.get_ethnicity_display(),
                m.birth_date,
                m.age_on(day),
                m.get_education_display(),
                m.get_occupation_display(),
                m.organization.name,
                m.joined_on,
                m.full_on if m.full_on and m.full_on <= day else None,
                "是" if m.is_probationary_on(day) else "",
                "是" if m.is_floating else "",
                m.masked_id_number,
            ]
            for m in members
        ],
    )
    task_table = Table(
        "重点任务台账",
        ["工作领域", "任务内容", "目标", "已完成", "完成时限", "责任人或责任单位", "进度", "销号日期", "销号说明"],
        [
            [
                t.area.name,
                t.title,
                t.target_text,
                t.achieved_text,
                t.deadline,
                t.responsible,
                t.status_on(day).label,
                # As the ledger stood on the report's date: a later 销号 is not shown.
                t.closed_on if t.closed_on and t.closed_on <= day else None,
                t.close_note if t.closed_on and t.closed_on <= day else "",
            ]
            for t in tasks
        ],
    )
    return org_table, member_table, task_table


def build_document(report: Report, *, as_of: datetime.date | None = None, registers: bool = False) -> ReportDocument:
    """The report as of its own date, or as of ``as_of`` for one export (the report is not changed).

    Each thing is loaded once and shared by the figures, the text and the registers.
    """
    day = as_of or report.as_of
    subtree = list(Organization.objects.subtree(report.township).select_related("parent"))
    areas: list[WorkArea] = plan_areas(report.township, report.year)
    stats = township_statistics(report.township, day, report.year, subtree=subtree, areas=areas)
    tasks_by_area = {area.pk: list(area.tasks.all()) for area in areas}
    for area in areas:
        for task in tasks_by_area[area.pk]:
            task.area = area  # the registers name the area without another query
    tasks = [task for area in areas for task in tasks_by_area[area.pk]]
    basic = basic_situation(stats, BasicOptions.from_data(report.basic_options)) + (
        life_paragraphs(stats) if report.development_paragraphs else []
    )
    tables = _appendix(stats) + life_tables(stats, Table)
    if report.compare_with_last_year:
        # The clerk's choice: one sentence against the same date a year earlier, and the trend table.
        yoy, trend = year_on_year(
            Member.objects.under(report.township),
            day,
            stats.members,
            township=report.township,
            year=report.year,
            submitted=report.compare_with_submitted,
        )
        basic.append(yoy.sentence())
        tables.append(trend_table(trend))
    sections = [
        Section("一、", "基本情况", basic),
        Section("二、", "重点工作落实情况", subsections=_area_sections(report, stats, tasks_by_area)),
        Section("三、", "存在的问题", paragraphs(report.problems)),
        Section("四、", "下一步工作打算", paragraphs(report.next_steps)),
    ]
    document = ReportDocument(
        title=plain_title(report.title),
        title_lines=title_lines(report.title),
        issuer=report.issuer,
        issued_on=report.issued_on,
        as_of=day,
        year=report.year,
        township=report.township.name,
        opening=paragraphs(report.opening),
        sections=sections,
        tables=tables,
        statistics=stats,
    )
    if registers:
        weak = {row.organization_id for row in stats.assessments.open_rectifications} if stats.assessments else set()
        document.organizations, document.members, document.tasks = _registers(report, day, subtree, tasks, weak)
        document.pipeline, document.meetings, document.trainings = life_registers(stats, Table)
        document.sheets = _assessment_sheets(stats)
    return document

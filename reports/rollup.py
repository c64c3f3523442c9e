"""The county roll-up: townships side by side for a year and a date.

Every figure comes from the same functions as a township's report
(organizations/figures.py, planning/figures.py), batched over all townships:
one query for the organizations, one for member counts grouped by
organization, two for the year's plans, whatever the number of townships.
The totals row adds up the underlying counts and computes its shares from
them, never by adding rounded shares.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from dangjian.dates import date_text
from dangjian.shares import Share
from organizations.figures import (
    MemberFigures,
    OrganizationFigures,
    add_counts,
    member_counts_by_organization,
    member_figures_from_counts,
    organization_figures,
)
from organizations.models import Level, Member, Organization
from planning.figures import TaskSummary, task_summaries
from planning.models import WorkArea
from reports.document import ReportDocument, Section, Table


@dataclass
class TownshipFigures:
    name: str
    township_id: int | None
    members: MemberFigures
    organizations: OrganizationFigures
    tasks: TaskSummary
    source: str = ""  # where the figures come from, in the official roll-up: 「第2版（已通过），统计截至…」

    @property
    def task_completion(self) -> Share:
        return self.tasks.completion


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[TownshipFigures], int | Share]


COLUMNS = [
    Column("village_committees", "村党委", lambda f: f.organizations.count(Level.VILLAGE_COMMITTEE)),
    Column("general_branches", "党总支", lambda f: f.organizations.count(Level.GENERAL_BRANCH)),
    Column("branches", "党支部", lambda f: f.organizations.count(Level.BRANCH)),
    Column("members", "党员", lambda f: f.members.total),
    Column("women", "女党员", lambda f: f.members.women),
    Column("young", "35岁及以下", lambda f: f.members.young),
    Column("old", "60岁及以上", lambda f: f.members.old),
    Column("minorities", "少数民族", lambda f: f.members.minorities),
    Column("higher_education", "大专及以上", lambda f: f.members.higher_education),
    Column("probationary", "预备党员", lambda f: f.members.probationary),
    Column("rural", "农村党员", lambda f: f.members.rural),
    Column("floating", "流动党员", lambda f: f.members.floating),
    Column("tasks", "重点任务完成率", lambda f: f.task_completion),
]
COLUMN_KEYS = {column.key: column for column in COLUMNS}


@dataclass
class Rollup:
    title: str
    year: int
    as_of: datetime.date
    rows: list[TownshipFigures]
    total: TownshipFigures
    columns: list[Column] = field(default_factory=lambda: list(COLUMNS))
    whole: str = "全县"  # how the text names all the townships together: 「全县」, 「全区」, or 「全部」

    def sorted_by(self, key: str, descending: bool) -> list[TownshipFigures]:
        column = COLUMN_KEYS.get(key)
        if column is None:
            return self.rows

        def sort_value(row):
            value = column.value(row)
            return value.percent if isinstance(value, Share) else value

        return sorted(self.rows, key=sort_value, reverse=descending)


def _township_of(path: str) -> str:
    """The township's path inside a county's tree: /county/township/…"""
    return "/".join(path.split("/")[:3]) + "/"


def county_rollup(townships, *, title: str, year: int, day: datetime.date, whole: str = "全县") -> Rollup:
    townships = list(townships.order_by("path"))
    by_path = {t.path: t for t in townships}
    under_townships = Organization.objects.none()
    for township in townships:
        under_townships = under_townships | Organization.objects.subtree(township)
    orgs = list(under_townships) if townships else []
    subtrees: dict[int, list[Organization]] = {t.pk: [] for t in townships}
    org_township: dict[int, int] = {}
    for org in orgs:
        township = by_path.get(_township_of(org.path))
        if township is not None:
            subtrees[township.pk].append(org)
            org_township[org.pk] = township.pk
    counts = (
        member_counts_by_organization(Member.objects.filter(organization__in=under_townships), day) if townships else {}
    )
    member_rows: dict[int, list[dict[str, int]]] = {t.pk: [] for t in townships}
    for org_id, row in counts.items():
        member_rows[org_township[org_id]].append(row)
    areas: dict[int, list[WorkArea]] = {t.pk: [] for t in townships}
    for area in WorkArea.objects.filter(township__in=townships, year=year).prefetch_related("tasks"):
        areas[area.township_id].append(area)

    rows, all_counts = [], []
    for township in townships:
        summed = add_counts(member_rows[township.pk])
        all_counts.append(summed)
        rows.append(
            TownshipFigures(
                township.name,
                township.pk,
                member_figures_from_counts(summed),
                organization_figures(subtrees[township.pk], township, day),
                TaskSummary.total_of(task_summaries(areas[township.pk], day)),
            )
        )
    total = TownshipFigures(
        "合计",
        None,
        member_figures_from_counts(add_counts(all_counts)),
        _added_organization_figures([row.organizations for row in rows]),
        TaskSummary.total_of([row.tasks for row in rows]),
    )
    return Rollup(title=title, year=year, as_of=day, rows=rows, total=total, whole=whole)


def _added_organization_figures(figures: list[OrganizationFigures]) -> OrganizationFigures:
    def added(pairs_of_each: list[list[tuple[str, int]]]) -> list[tuple[str, int]]:
        out: dict[str, int] = {}
        for pairs in pairs_of_each:
            for label, n in pairs:
                out[label] = out.get(label, 0) + n
        return list(out.items())

    return OrganizationFigures(
        grassroots=sum(f.grassroots for f in figures),
        by_level=added([f.by_level for f in figures]),
        by_category=added([f.by_category for f in figures]),
        branches_by_category=added([f.branches_by_category for f in figures]),
        branches_by_category_value=dict(added([list(f.branches_by_category_value.items()) for f in figures])),
    )


def rollup_table(rollup: Rollup, rows: list[TownshipFigures], *, for_print: bool = False) -> Table:
    """The roll-up as one Table.

    For Excel every share is two columns, the count and the share (a percent
    cell), so the workbook carries both; for print one cell 「69（12.64%）」.
    """
    header = ["乡镇"]
    for column in rollup.columns:
        if isinstance(column.value(rollup.total), Share) and not for_print:
            header += [f"{column.label}（人数）" if column.key != "tasks" else "重点任务（已完成）", column.label]
        else:
            header.append(column.label)

    def cells(row: TownshipFigures) -> list:
        out = []
        for column in rollup.columns:
            value = column.value(row)
            if not isinstance(value, Share):
                out.append(value)
            elif for_print:
                out.append(f"{value.count}（{value.percent_text}）" if value.total else "—")
            else:
                out += [value.count, value]
        return out

    return Table(
        f"{rollup.title}（截至{date_text(rollup.as_of)}）",
        header,
        [[row.name, *cells(row)] for row in [*rows, rollup.total]],
    )


def townships_table(rollup: Rollup) -> Table:
    """The townships side by side, as the chart under it draws them (reports/charts.py)."""
    return Table(
        "各乡镇党员人数和队伍结构",
        ["乡镇", "党员", "35岁及以下", "60岁及以上", "大专及以上", "女党员"],
        [
            [
                row.name,
                row.members.total,
                row.members.young,
                row.members.old,
                row.members.higher_education,
                row.members.women,
            ]
            for row in rollup.rows
        ],
        chart="townships",
    )


def rollup_document(rollup: Rollup, *, issuer: str) -> ReportDocument:
    """A county summary in the report's layout, for the PDF renderer."""
    total = rollup.total
    m = total.members
    orgs = total.organizations
    summary = (
        f"截至{date_text(rollup.as_of)}，{rollup.whole}{len(rollup.rows)}个乡镇共有"
        f"村党委{orgs.count(Level.VILLAGE_COMMITTEE)}个、党总支{orgs.count(Level.GENERAL_BRANCH)}个、"
        f"党支部{orgs.count(Level.BRANCH)}个，党员{m.total}名，其中女党员{m.women.count}名，占{m.women.percent_text}；"
        f"35岁及以下党员{m.young.count}名，占{m.young.percent_text}；少数民族党员{m.minorities.count}名，"
        f"占{m.minorities.percent_text}；预备党员{m.probationary.count}名，占{m.probationary.percent_text}。"
        f"{rollup.year}年重点任务{total.tasks.total}项，已完成{total.tasks.done}项，"
        f"完成率{total.task_completion.percent_text}。"
    )
    columns = rollup.columns
    split = [c.key for c in columns].index("women")
    full = rollup_table(rollup, rollup.rows, for_print=True)
    first = Table(
        "各乡镇党组织、党员和重点任务",
        full.header[: split + 1] + full.header[-1:],
        [row[: split + 1] + row[-1:] for row in full.rows],
    )
    second = Table(
        "各乡镇党员队伍结构（人数及占党员总数比例）",
        full.header[:1] + full.header[split + 1 : -1],
        [row[:1] + row[split + 1 : -1] for row in full.rows],
    )
    return ReportDocument(
        title=rollup.title,
        issuer=issuer,
        issued_on=rollup.as_of,
        as_of=rollup.as_of,
        year=rollup.year,
        township="",
        opening=[],
        sections=[Section("一、", "总体情况", [summary])],
        tables=[first, second, townships_table(rollup)],
        statistics=None,
    )

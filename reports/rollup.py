"""The county roll-up: townships side by side for a year and a date.

Three queries whatever the number of townships: the organizations, member
counts grouped by organization, and the year's key tasks. The totals row adds
up the underlying counts and computes its shares from them, never by adding
rounded shares. Columns are a list: member development, meeting compliance and
the like are added as further ``Column``s without touching the rest.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from organizations.models import Level, Organization
from planning.models import KeyTask, TaskStatus
from reports.statistics import (
    RURAL_CATEGORIES,
    MemberFigures,
    Share,
    add_counts,
    member_counts_by_organization,
    member_figures_from_counts,
)


@dataclass
class TownshipFigures:
    name: str
    township_id: int | None
    members: MemberFigures
    organizations: dict[str, int]
    tasks_done: int
    tasks_total: int

    @property
    def task_completion(self) -> Share:
        return Share(self.tasks_done, self.tasks_total)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[TownshipFigures], int | Share]


COLUMNS = [
    Column("village_committees", "村党委", lambda f: f.organizations[Level.VILLAGE_COMMITTEE]),
    Column("general_branches", "党总支", lambda f: f.organizations[Level.GENERAL_BRANCH]),
    Column("branches", "党支部", lambda f: f.organizations[Level.BRANCH]),
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

    def sorted_by(self, key: str, descending: bool) -> list[TownshipFigures]:
        column = COLUMN_KEYS.get(key)
        if column is None:
            return self.rows

        def sort_value(row):
            value = column.value(row)
            return value.percent if isinstance(value, Share) else value

        return sorted(self.rows, key=sort_value, reverse=descending)


def county_rollup(townships, *, title: str, year: int, day: datetime.date) -> Rollup:
    townships = list(townships.order_by("path"))
    by_path = {t.path: t for t in townships}
    paths = [t.path for t in townships]

    def township_of(path: str) -> Organization | None:
        # The township is the ancestor whose path is a prefix: /county/township/…
        parts = path.split("/")
        return by_path.get("/".join(parts[:3]) + "/") or next((by_path[p] for p in paths if path.startswith(p)), None)

    organizations = Organization.objects.none()
    for township in townships:
        organizations = organizations | Organization.objects.subtree(township)
    orgs = list(organizations.only("id", "path", "level", "category", "founded_on")) if townships else []
    org_township = {org.pk: township_of(org.path) for org in orgs}
    counts = member_counts_by_organization(organizations, day) if townships else {}

    per_township: dict[int, list[dict[str, int]]] = {t.pk: [] for t in townships}
    levels: dict[int, dict[str, int]] = {t.pk: dict.fromkeys(Level.values, 0) for t in townships}
    rural: dict[int, int] = dict.fromkeys(per_township, 0)
    categories = {org.pk: org.category for org in orgs}
    for org in orgs:
        township = org_township[org.pk]
        if township and org.pk != township.pk and (org.founded_on is None or org.founded_on <= day):
            levels[township.pk][org.level] += 1
    for org_id, row in counts.items():
        township = org_township.get(org_id)
        if township is None:
            continue
        per_township[township.pk].append(row)
        if categories[org_id] in RURAL_CATEGORIES:
            rural[township.pk] += row["total"]

    tasks = {t.pk: [0, 0] for t in townships}
    for township_id, status in KeyTask.objects.filter(area__township__in=townships, area__year=year).values_list(
        "area__township", "status"
    ):
        tasks[township_id][1] += 1
        tasks[township_id][0] += status == TaskStatus.DONE

    rows, all_counts = [], []
    for township in townships:
        summed = add_counts(per_township[township.pk])
        summed["rural"] = rural[township.pk]
        all_counts.append(summed)
        rows.append(
            TownshipFigures(
                township.name, township.pk, member_figures_from_counts(summed), levels[township.pk], *tasks[township.pk]
            )
        )
    total_levels = {level: sum(levels[t.pk][level] for t in townships) for level in Level.values}
    total = TownshipFigures(
        "合计",
        None,
        member_figures_from_counts(add_counts(all_counts)),
        total_levels,
        sum(done for done, _ in tasks.values()),
        sum(n for _, n in tasks.values()),
    )
    return Rollup(title=title, year=year, as_of=day, rows=rows, total=total)


def _cell(value, for_print: bool):
    if isinstance(value, Share) and for_print:
        return f"{value.count}（{value.percent_text}）" if value.total else "—"
    return value


def rollup_table(rollup: Rollup, rows: list[TownshipFigures], *, for_print: bool = False):
    """The roll-up as one Table: shares as numbers for Excel, 「69（12.64%）」 for print."""
    from reports.document import Table

    return Table(
        f"{rollup.title}（截至{rollup.as_of.year}年{rollup.as_of.month}月{rollup.as_of.day}日）",
        ["乡镇", *[column.label for column in rollup.columns]],
        [
            [row.name, *[_cell(column.value(row), for_print) for column in rollup.columns]]
            for row in [*rows, rollup.total]
        ],
    )


def rollup_document(rollup: Rollup, *, issuer: str):
    """A county summary in the report's layout, for the PDF renderer."""
    from reports.document import ReportDocument, Section

    total = rollup.total
    m = total.members
    summary = (
        f"截至{rollup.as_of.year}年{rollup.as_of.month}月{rollup.as_of.day}日，全县{len(rollup.rows)}个乡镇共有"
        f"村党委{total.organizations[Level.VILLAGE_COMMITTEE]}个、党总支{total.organizations[Level.GENERAL_BRANCH]}个、"
        f"党支部{total.organizations[Level.BRANCH]}个，党员{m.total}名，其中女党员{m.women.count}名，占{m.women.percent_text}；"
        f"35岁及以下党员{m.young.count}名，占{m.young.percent_text}；少数民族党员{m.minorities.count}名，"
        f"占{m.minorities.percent_text}；预备党员{m.probationary.count}名，占{m.probationary.percent_text}。"
        f"{rollup.year}年重点任务{total.tasks_total}项，已完成{total.tasks_done}项，完成率{total.task_completion.percent_text}。"
    )
    columns = rollup.columns
    split = [c.key for c in columns].index("women")
    full = rollup_table(rollup, rollup.rows, for_print=True)
    first = type(full)(
        "各乡镇党组织、党员和重点任务",
        full.header[: split + 1] + full.header[-1:],
        [row[: split + 1] + row[-1:] for row in full.rows],
    )
    second = type(full)(
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
        tables=[first, second],
        statistics=None,
    )

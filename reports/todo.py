"""What waits for someone where they land: the dashboard's to-do list.

The dashboard sits on top of every domain (organizations ← planning ← reports),
so its composition lives here in reports, not in organizations, which must not
know about reports. Other domains add what they want flagged to ``DUE_SOURCES``
(issue 10's consistency checks: a function returning ``DueItem``s), the way
submission checks are added to ``reports.submission.SUBMISSION_CHECKS``.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse

from accounts.scoping import visible
from development.figures import conversions_due as development_conversions_due
from organizations.models import Member, Organization
from planning.models import KeyTask
from reports.models import Report, ReportVersion, ReviewDecision, Status


@dataclass
class DueItem:
    label: str  # 「3项重点任务已过完成时限」
    level: str = "warning"  # bootstrap colour: "danger" for errors, "warning" for due
    url: str = ""
    details: list[str] | None = None  # a few names, so the user knows where to look


def overdue_tasks(user, day: datetime.date) -> list[DueItem]:
    tasks = list(visible(KeyTask, user).overdue_on(day).filter(area__year=day.year).select_related("area__township"))
    if not tasks:
        return []
    first = tasks[0].area
    return [
        DueItem(
            f"{len(tasks)}项{day.year}年重点任务已过完成时限、尚未完成",
            url=reverse("plan_ledger", args=[first.township_id, day.year]) + "?overdue=on",
            details=[f"{t.area.name}：{t.title}" for t in tasks[:5]],
        )
    ]


def conversions_due(user, day: datetime.date) -> list[DueItem]:
    """Probationary members whose probation (a year, or as extended) has run: their conversion (转正) is due."""
    due = development_conversions_due(visible(Member, user), day)
    if not due:
        return []
    return [
        DueItem(
            f"{len(due)}名预备党员入党已满一年、尚未转正",
            url=reverse("member_list"),
            details=[f"{d.member.name}（{d.member.joined_on:%Y-%m-%d}入党）" for d in due[:5]],
        )
    ]


# Each source: (user, today) → items. Consistency checks (issue 10) append theirs here.
DUE_SOURCES: list[Callable[[object, datetime.date], list[DueItem]]] = [overdue_tasks, conversions_due]


def due_items(user, day: datetime.date) -> list[DueItem]:
    return [item for source in DUE_SOURCES for item in source(user, day)]


@dataclass
class ReportState:
    township: Organization
    year: int
    report: Report | None
    status: Status
    latest: ReportVersion | None
    comment: str  # the reviewer's latest comment when the report was returned

    @property
    def waiting(self) -> bool:
        return self.status == Status.SUBMITTED


def with_review_state(reports) -> list[Report]:
    """The reports with ``state`` (Status), ``latest`` (version) and ``return_comment`` set. Three queries."""
    reports = list(
        reports.prefetch_related(
            Prefetch("versions", queryset=ReportVersion.objects.order_by("number")),
            Prefetch("versions__decisions", queryset=ReviewDecision.objects.order_by("decided_at", "id")),
        )
    )
    for report in reports:
        versions = list(report.versions.all())
        report.state = Status(report.status(versions))
        report.latest = versions[-1] if versions else None
        decision = report.latest.decision if report.latest else None
        report.return_comment = decision.comment if decision and report.state == Status.RETURNED else ""
    return reports


def report_states(townships, year: int) -> list[ReportState]:
    """Each township's latest report up to ``year`` (this year's, or the last one written): status,
    latest version, the return comment. Three queries."""
    townships = list(townships)
    reports: dict[int, Report] = {}
    for report in with_review_state(Report.objects.filter(township__in=townships, year__lte=year).order_by("-year")):
        reports.setdefault(report.township_id, report)
    out = []
    for township in townships:
        report = reports.get(township.pk)
        if report is None:
            out.append(ReportState(township, year, None, Status.DRAFT, None, ""))
        else:
            out.append(ReportState(township, report.year, report, report.state, report.latest, report.return_comment))
    return out


@dataclass
class Waiting:
    township: Organization
    years: list[int]  # report years with a version awaiting a decision

    @property
    def count(self) -> int:
        return len(self.years)


def waiting_for_review(user) -> list[Waiting]:
    """Per township in the user's scope, the reports whose latest version awaits a decision. Two queries (versions, their decisions)."""
    latest = {}
    for version in (
        visible(ReportVersion, user)
        .select_related("report__township")
        .prefetch_related("decisions")
        .order_by("report_id", "number")
    ):
        latest[version.report_id] = version
    by_township: dict[int, Waiting] = {}
    for version in latest.values():
        if version.decision is None:
            township = version.report.township
            by_township.setdefault(township.pk, Waiting(township, [])).years.append(version.report.year)
    rows = sorted(by_township.values(), key=lambda w: w.township.path)
    for row in rows:
        row.years.sort(reverse=True)
    return rows


@dataclass
class YearChoice:
    year: int
    waiting: int  # reports of that year awaiting a decision


def review_years(user, this_year: int) -> list[YearChoice]:
    """Every year with a report in the user's scope (and this year), newest first, with what waits. Two queries."""
    waiting: dict[int, int] = {}
    for row in waiting_for_review(user):
        for year in row.years:
            waiting[year] = waiting.get(year, 0) + 1
    years = set(visible(Report, user).values_list("year", flat=True)) | {this_year}
    return [YearChoice(year, waiting.get(year, 0)) for year in sorted(years, reverse=True)]

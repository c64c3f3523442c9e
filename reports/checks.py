"""Consistency checks of a township's data on a date: one page per township, and run before submitting.

Each check is an entry in ``CHECKS``: a title, a default severity and a function
that returns ``Finding``s, each linking to the record to fix. Errors block
submission; warnings are shown and must be acknowledged (reports/submission.py).

Adding a check: write ``def check_x(ctx: CheckContext) -> list[Finding]`` and
append ``Check("x", "标题", WARNING, check_x)`` to ``CHECKS``. Data a check needs
is loaded once per run through ``CheckContext``'s cached properties.

Member development's timing rules (talk within a month, a year as activist, training, approval
within three months) are warnings on the development pages (development/timing.py), not checks
here; overdue conversions are, counted by ``development.figures.conversions_due`` (extensions
included), as the dashboard counts them.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db.models import Count, Q
from django.urls import reverse

from assessments.figures import current_posts, grassroots, terms, terms_needing_attention
from assessments.models import COMMITTEE_POSTS, Rectification
from dangjian.dates import date_text
from development.figures import conversions_due
from organizations.figures import member_counts, organization_figures
from organizations.models import Category, Level, Member, Organization, Village, VillageYear, probationary_q
from planning.models import KeyTask

ERROR, WARNING = "error", "warning"
SEVERITY_LABELS = {ERROR: "错误", WARNING: "提示"}

# Thresholds of the 支部工作条例 (DESIGN §3).
MIN_FULL_MEMBERS = 3
MAX_BRANCH_MEMBERS = 50
MAX_GENERAL_BRANCH_MEMBERS = 100
COMMITTEE_FROM_FULL_MEMBERS = 7
MIN_COMMITTEE = 3


@dataclass
class Finding:
    message: str
    url: str
    link: str  # what the link opens: 「党组织」「班子」「党员」
    severity: str = WARNING


@dataclass
class Check:
    key: str
    title: str
    severity: str
    run: Callable[["CheckContext"], list[Finding]]


@dataclass
class CheckResult:
    check: Check
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]


class CheckContext:
    """What the checks look at: one township on one day (and the report of that year, if any)."""

    def __init__(self, township: Organization, day: datetime.date, year: int | None = None, report=None):
        self.township = township
        self.day = day
        self.year = year or day.year
        self.report = report

    @cached_property
    def subtree(self) -> list[Organization]:
        return list(Organization.objects.subtree(self.township))

    @cached_property
    def organizations(self) -> list[Organization]:
        """The 基层党组织 on the day, in tree order."""
        return grassroots(self.subtree, self.township, self.day)

    @cached_property
    def member_counts(self) -> dict[int, dict[str, int]]:
        """Organization id → members and full members on the day. One query."""
        rows = (
            Member.objects.under(self.township)
            .active_on(self.day)
            .values("organization_id")
            .annotate(total=Count("id"), full=Count("id", filter=~probationary_q(self.day)))
            .order_by()
        )
        return {row["organization_id"]: row for row in rows}

    def members_of(self, org: Organization, key: str = "total") -> int:
        return self.member_counts.get(org.pk, {}).get(key, 0)

    def members_under(self, org: Organization) -> int:
        return sum(self.members_of(o) for o in self.subtree if o.path.startswith(org.path))

    @cached_property
    def posts(self):
        return current_posts(self.township, self.day)


def _org_url(org) -> str:
    return reverse("organization_detail", args=[org.pk])


def _committee_url(org_id: int) -> str:
    return reverse("committee_edit", args=[org_id])


def check_small_branches(ctx: CheckContext) -> list[Finding]:
    return [
        Finding(
            f"「{org.name}」只有{ctx.members_of(org, 'full')}名正式党员，党支部应有{MIN_FULL_MEMBERS}名以上正式党员。",
            _org_url(org),
            "党组织",
        )
        for org in ctx.organizations
        if org.level == Level.BRANCH and ctx.members_of(org, "full") < MIN_FULL_MEMBERS
    ]


def check_oversized(ctx: CheckContext) -> list[Finding]:
    findings = []
    for org in ctx.organizations:
        if org.level == Level.BRANCH and (n := ctx.members_of(org)) > MAX_BRANCH_MEMBERS:
            findings.append(
                Finding(
                    f"「{org.name}」有{n}名党员，党支部党员一般不超过{MAX_BRANCH_MEMBERS}名，应考虑设立党总支。",
                    _org_url(org),
                    "党组织",
                )
            )
        elif org.level == Level.GENERAL_BRANCH and (n := ctx.members_under(org)) > MAX_GENERAL_BRANCH_MEMBERS:
            findings.append(
                Finding(
                    f"「{org.name}」有{n}名党员，超过{MAX_GENERAL_BRANCH_MEMBERS}名，可经批准设立基层党委。",
                    _org_url(org),
                    "党组织",
                )
            )
    return findings


def check_committees(ctx: CheckContext) -> list[Finding]:
    in_committee: dict[int, set[int]] = {}
    for post in ctx.posts:
        if post.post in COMMITTEE_POSTS:
            in_committee.setdefault(post.organization_id, set()).add(post.member_id)
    return [
        Finding(
            f"「{org.name}」有{full}名正式党员，应设立支部委员会（{MIN_COMMITTEE}至5人），"
            f"现有班子成员{len(in_committee.get(org.pk, ()))}人。",
            _committee_url(org.pk),
            "班子",
        )
        for org in ctx.organizations
        if org.level == Level.BRANCH
        and (full := ctx.members_of(org, "full")) >= COMMITTEE_FROM_FULL_MEMBERS
        and len(in_committee.get(org.pk, ())) < MIN_COMMITTEE
    ]


def check_terms(ctx: CheckContext) -> list[Finding]:
    overdue, due = terms_needing_attention(terms(ctx.organizations, ctx.posts, ctx.day), ctx.day)
    findings = [
        Finding(
            f"「{t.organization}」班子{date_text(t.started_on)}任职，任期已于{date_text(t.due_on)}届满，尚未换届。",
            _committee_url(t.organization_id),
            "班子",
        )
        for t in overdue
    ]
    findings += [
        Finding(
            f"「{t.organization}」班子任期将于{date_text(t.due_on)}届满，请做好换届准备。",
            _committee_url(t.organization_id),
            "班子",
        )
        for t in due
    ]
    return findings


def check_rectifications(ctx: CheckContext) -> list[Finding]:
    rows = (
        Rectification.objects.under(ctx.township)
        .filter(Rectification.open_on_q(ctx.day), deadline__lt=ctx.day)
        .select_related("organization")
    )
    return [
        Finding(
            f"「{r.organization.name}」软弱涣散整顿时限{date_text(r.deadline)}已过，尚未完成整顿。",
            reverse("rectification_edit", args=[r.pk]),
            "整顿记录",
        )
        for r in rows
    ]


def check_overdue_conversions(ctx: CheckContext) -> list[Finding]:
    """Probation is one year from admission, or longer where the branch extended it (development/)."""
    return [
        Finding(
            f"{d.member.organization.name}预备党员{d.member.name}{date_text(d.member.joined_on)}入党，"
            + (
                f"预备期延长{d.extended_months}个月，已于{date_text(d.due_on)}期满，尚未转正。"
                if d.extended_months
                else f"预备期已满一年（{date_text(d.due_on)}），尚未转正。"
            ),
            reverse("member_edit", args=[d.member.pk]),
            "党员",
        )
        for d in conversions_due(Member.objects.under(ctx.township), ctx.day)
    ]


def check_overdue_tasks(ctx: CheckContext) -> list[Finding]:
    tasks = (
        KeyTask.objects.filter(area__township=ctx.township, area__year=ctx.year)
        .overdue_on(ctx.day)
        .select_related("area")
        .order_by("deadline", "id")
    )
    return [
        Finding(
            f"{t.area.name}：「{t.title}」完成时限{date_text(t.deadline)}已过，尚未完成。",
            reverse("task_edit", args=[t.pk]),
            "重点任务",
        )
        for t in tasks
    ]


def check_village_incomes(ctx: CheckContext) -> list[Finding]:
    recorded = set(
        VillageYear.objects.under(ctx.township)
        .filter(year=ctx.year, collective_income__isnull=False)
        .values_list("village_id", flat=True)
    )
    url = reverse("village_years", args=[ctx.township.pk, ctx.year])
    return [
        Finding(f"「{v.name}」还没有填写{ctx.year}年村集体经济收入。", url, "村级情况", ERROR)
        for v in Village.objects.under(ctx.township)
        if v.pk not in recorded
    ]


def check_rural_members_without_group(ctx: CheckContext) -> list[Finding]:
    members = (
        Member.objects.under(ctx.township)
        .active_on(ctx.day)
        .filter(organization__category=Category.RURAL, organization__level=Level.BRANCH, village_group__isnull=True)
        .select_related("organization")
        .order_by("organization__path", "name")
    )
    return [
        Finding(
            f"{m.organization.name}党员{m.name}没有填写所在村民小组（党员空白村小组据此计算）。",
            reverse("member_edit", args=[m.pk]),
            "党员",
        )
        for m in members
    ]


def check_duplicates(ctx: CheckContext) -> list[Finding]:
    """Duplicate ID numbers (refused by the database, so only data from before the constraint or an
    import could hold them: an error), and the same name with the same birth date (likely entered twice)."""
    members = Member.objects.under(ctx.township).active_on(ctx.day)
    findings = []
    ids = (
        members.exclude(id_number=None)
        .values("id_number")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("id_number", flat=True)
    )
    for member in members.filter(id_number__in=list(ids)).order_by("id_number", "pk"):
        findings.append(
            Finding(
                f"党员{member.name}的身份证号码（{member.masked_id_number}）与另一名党员相同。",
                reverse("member_edit", args=[member.pk]),
                "党员",
                ERROR,
            )
        )
    twins = members.values("name", "birth_date").annotate(n=Count("id")).filter(n__gt=1)
    pairs = Q()
    for row in twins:
        pairs |= Q(name=row["name"], birth_date=row["birth_date"])
    if pairs:
        for member in members.filter(pairs).select_related("organization").order_by("name", "birth_date", "pk"):
            findings.append(
                Finding(
                    f"{member.organization.name}党员{member.name}（{date_text(member.birth_date)}出生）"
                    "与另一名党员姓名、出生日期相同，请确认是否重复登记。",
                    reverse("member_edit", args=[member.pk]),
                    "党员",
                )
            )
    return findings


# 「女党员69名，占党员总数的12.6%」: a count (名/人/个, not 人次) and, within the same clause, a percentage.
SHARE_IN_TEXT = re.compile(r"(\d+)\s*(名|人|个)(?!次)([^\d。；;！!？?\n%％]{0,30}?)(\d+(?:\.\d+)?)\s*[%％]")


def shares_in_text(text: str, members_total: int, organizations_total: int) -> list[tuple[str, str, bool]]:
    """(the clause as written, the share computed from the figures, whether it names 党员总数/基层党组织)
    for every clause whose percentage is not the count's share of the report's total."""
    out = []
    for match in SHARE_IN_TEXT.finditer(text):
        count, unit, between, written = int(match[1]), match[2], match[3], match[4]
        total = organizations_total if unit == "个" else members_total
        if not total:
            continue
        decimals = len(written.split(".")[1]) if "." in written else 0
        computed = (Decimal(count) * 100 / Decimal(total)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
        if computed != Decimal(written):
            explicit = ("党员总数" in between or "党员的" in between) if unit != "个" else ("党组织" in between)
            out.append((match[0], f"{computed}%", explicit))
    return out


def check_narrative_shares(ctx: CheckContext) -> list[Finding]:
    report = ctx.report
    if report is None:
        return []
    members_total = member_counts(Member.objects.under(ctx.township), ctx.day)["total"]
    organizations_total = organization_figures(ctx.subtree, ctx.township, ctx.day).grassroots
    texts = [("开头段落", report.opening)]
    texts += [(f"「{s.heading}」", s.narrative) for s in report.sections.all()]
    texts += [("存在的问题", report.problems), ("下一步工作打算", report.next_steps)]
    url = reverse("report_edit", args=[report.pk])
    findings = []
    for where, text in texts:
        for clause, computed, explicit in shares_in_text(text, members_total, organizations_total):
            whole = "基层党组织总数" if clause.rstrip("%％").endswith("个") else f"党员总数{members_total}名"
            findings.append(
                Finding(
                    f"{where}中「{clause}」与统计数字不符：按截至{date_text(ctx.day)}的数字计算应为{computed}"
                    f"（占{whole}）。",
                    url,
                    "汇报",
                    ERROR if explicit else WARNING,
                )
            )
    return findings


CHECKS: list[Check] = [
    Check("small_branches", "正式党员不足3名的党支部", WARNING, check_small_branches),
    Check("oversized", "党员人数超过规定的党组织", WARNING, check_oversized),
    Check("committees", "应设支部委员会而未设的党支部", WARNING, check_committees),
    Check("terms", "班子任期届满（6个月内到期或已超期）", WARNING, check_terms),
    Check("rectifications", "超过整顿时限的软弱涣散党组织", WARNING, check_rectifications),
    Check("conversions", "预备期满未转正的预备党员", WARNING, check_overdue_conversions),
    Check("tasks", "滞后的年度重点任务", WARNING, check_overdue_tasks),
    Check("village_incomes", "未填写村集体经济收入的村", ERROR, check_village_incomes),
    Check("village_groups", "农村党支部中未填写村民小组的党员", WARNING, check_rural_members_without_group),
    Check("duplicates", "重复的身份证号码和疑似重复登记的党员", ERROR, check_duplicates),
    Check("narrative_shares", "叙述中与统计数字不符的占比", ERROR, check_narrative_shares),
]


def run_checks(
    township: Organization, day: datetime.date, *, year: int | None = None, report=None
) -> list[CheckResult]:
    ctx = CheckContext(township, day, year, report)
    return [CheckResult(check, check.run(ctx)) for check in CHECKS]


def errors_of(results: list[CheckResult]) -> list[Finding]:
    return [f for result in results for f in result.errors]


def warnings_of(results: list[CheckResult]) -> list[Finding]:
    return [f for result in results for f in result.warnings]

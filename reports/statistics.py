"""Every figure of a report, computed as of a date, as plain data.

Functions here take a subtree root (a township, or a county for roll-ups) and a
date, and return dataclasses of ints and ``Share``s. Renderers (HTML, PDF,
Excel) only lay these out, so the three outputs can never disagree.

Point-in-time rules (DESIGN §3): a member counts on ``day`` if they joined on
or before it and had not left by it; they are probationary if not yet full by
it; their age is their age on it. Organizations count if founded on or before
``day`` (or with no founding date).

Cost: a fixed number of queries whatever the size of the subtree. Member
figures come from one aggregate query grouped by organization, with one
conditional count per figure; the rest is arithmetic in Python.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Q

from organizations.ethnicities import HAN
from organizations.models import (
    HIGHER_EDUCATION,
    Category,
    Education,
    Gender,
    Level,
    Member,
    Occupation,
    Organization,
    TownshipProfile,
    Village,
    VillageGroup,
    born_on_or_before_for_age,
)
from planning.models import TaskStatus, WorkArea

# ---------------------------------------------------------------- shares


@dataclass(frozen=True)
class Share:
    """A count out of a total; the percentage is always computed from these two."""

    count: int
    total: int

    @property
    def percent(self) -> Decimal:
        """Percentage rounded half-up to ``settings.SHARE_DECIMALS`` places (12.64)."""
        if not self.total:
            return Decimal(0).quantize(_quantum())
        return (Decimal(self.count) * 100 / Decimal(self.total)).quantize(_quantum(), ROUND_HALF_UP)

    @property
    def fraction(self) -> Decimal:
        """The shown percentage as a fraction (0.1264), for spreadsheet percentage cells."""
        return self.percent / 100

    @property
    def percent_text(self) -> str:
        return f"{self.percent}%"


def _quantum() -> Decimal:
    return Decimal(1).scaleb(-settings.SHARE_DECIMALS)


# ---------------------------------------------------------------- age bands


@dataclass(frozen=True)
class AgeBand:
    label: str
    min_age: int | None = None  # inclusive
    max_age: int | None = None  # inclusive

    def q(self, day: datetime.date) -> Q:
        condition = Q()
        if self.min_age is not None:
            condition &= Q(birth_date__lte=born_on_or_before_for_age(day, self.min_age))
        if self.max_age is not None:
            condition &= Q(birth_date__gt=born_on_or_before_for_age(day, self.max_age + 1))
        return condition


# The annual party statistics' bands; reports merge them into the sets below.
ANNUAL_AGE_BANDS = (
    AgeBand("30岁及以下", max_age=30),
    AgeBand("31—35岁", 31, 35),
    AgeBand("36—40岁", 36, 40),
    AgeBand("41—45岁", 41, 45),
    AgeBand("46—50岁", 46, 50),
    AgeBand("51—55岁", 51, 55),
    AgeBand("56—60岁", 56, 60),
    AgeBand("61岁及以上", min_age=61),
)
REPORT_AGE_BANDS = (
    AgeBand("35岁及以下", max_age=35),
    AgeBand("36—55岁", 36, 55),
    AgeBand("56岁及以上", min_age=56),
)
YOUNG = AgeBand("35岁及以下", max_age=35)
OLD = AgeBand("60岁及以上", min_age=60)

# ---------------------------------------------------------------- member figures

RURAL_CATEGORIES = (Category.RURAL,)


@dataclass
class MemberFigures:
    total: int
    women: Share
    young: Share
    old: Share
    minorities: Share
    higher_education: Share
    junior_or_below: Share
    probationary: Share
    full: Share
    rural: Share
    farmers: Share
    floating: Share
    college_officials: Share
    by_education: list[tuple[str, Share]]
    by_occupation: list[tuple[str, Share]]
    by_annual_age_band: list[tuple[str, Share]]
    by_report_age_band: list[tuple[str, Share]]


def _member_conditions(day: datetime.date) -> dict[str, Q]:
    """Name → condition for every counted figure; rural is added per organization."""
    conditions = {
        "women": Q(gender=Gender.FEMALE),
        "young": YOUNG.q(day),
        "old": OLD.q(day),
        "minorities": ~Q(ethnicity=HAN),
        "higher_education": Q(education__in=HIGHER_EDUCATION),
        "probationary": Q(full_on__isnull=True) | Q(full_on__gt=day),
        "floating": Q(is_floating=True),
        "college_officials": Q(is_college_village_official=True),
    }
    conditions.update({f"edu:{value}": Q(education=value) for value in Education.values})
    conditions.update({f"occ:{value}": Q(occupation=value) for value in Occupation.values})
    conditions.update({f"annual:{i}": band.q(day) for i, band in enumerate(ANNUAL_AGE_BANDS)})
    conditions.update({f"report:{i}": band.q(day) for i, band in enumerate(REPORT_AGE_BANDS)})
    return conditions


def member_counts_by_organization(organizations, day: datetime.date) -> dict[int, dict[str, int]]:
    """Organization id → figure name → count of members on ``day``. One query."""
    conditions = _member_conditions(day)
    aliases = {name: f"c{i}" for i, name in enumerate(conditions)}
    rows = (
        Member.objects.active_on(day)
        .filter(organization__in=organizations)
        .values("organization_id")
        .annotate(total=Count("id"), **{aliases[name]: Count("id", filter=q) for name, q in conditions.items()})
        .order_by()
    )
    return {
        row["organization_id"]: {"total": row["total"], **{name: row[alias] for name, alias in aliases.items()}}
        for row in rows
    }


def add_counts(counts: list[dict[str, int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in counts:
        for key, value in row.items():
            out[key] = out.get(key, 0) + value
    return out


def member_figures_from_counts(counts: dict[str, int]) -> MemberFigures:
    total = counts.get("total", 0)

    def share(name: str) -> Share:
        return Share(counts.get(name, 0), total)

    return MemberFigures(
        total=total,
        women=share("women"),
        young=share("young"),
        old=share("old"),
        minorities=share("minorities"),
        higher_education=share("higher_education"),
        junior_or_below=share(f"edu:{Education.JUNIOR_OR_BELOW}"),
        probationary=share("probationary"),
        full=Share(total - counts.get("probationary", 0), total),
        rural=share("rural"),
        farmers=share(f"occ:{Occupation.FARMER}"),
        floating=share("floating"),
        college_officials=share("college_officials"),
        by_education=[(label, share(f"edu:{value}")) for value, label in Education.choices],
        by_occupation=[(label, share(f"occ:{value}")) for value, label in Occupation.choices],
        by_annual_age_band=[(band.label, share(f"annual:{i}")) for i, band in enumerate(ANNUAL_AGE_BANDS)],
        by_report_age_band=[(band.label, share(f"report:{i}")) for i, band in enumerate(REPORT_AGE_BANDS)],
    )


# ---------------------------------------------------------------- organizations


@dataclass
class OrganizationFigures:
    grassroots: int  # every organization under the root, 党小组 excepted (「下设58个基层党组织」)
    by_level: list[tuple[str, int]]  # levels below the root, in tree order
    by_category: list[tuple[str, int]]  # grassroots organizations by category
    branches_by_category: list[tuple[str, int]]  # 党支部 only: 「村小组党支部46个……」
    weak: list[str]  # names of 软弱涣散 organizations under rectification


def organization_figures(orgs: list[Organization], root: Organization) -> OrganizationFigures:
    below = [org for org in orgs if org.pk != root.pk and org.level != Level.PARTY_GROUP]
    levels = [level for level in Level if level not in (Level.COUNTY, Level.TOWNSHIP, Level.PARTY_GROUP)]
    if root.level == Level.COUNTY:
        levels.insert(0, Level.TOWNSHIP)
    by_level = [(level.label, sum(org.level == level for org in below)) for level in levels]
    by_category = [(c.label, n) for c in Category if (n := sum(org.category == c for org in below))]
    branches = [org for org in below if org.level == Level.BRANCH]
    branches_by_category = [(c.label, n) for c in Category if (n := sum(org.category == c for org in branches))]
    return OrganizationFigures(
        grassroots=len([org for org in below if org.level != Level.TOWNSHIP]),
        by_level=by_level,
        by_category=by_category,
        branches_by_category=branches_by_category,
        weak=[org.name for org in below if org.is_weak],
    )


# ---------------------------------------------------------------- villages


@dataclass
class VillageFigures:
    committees: int
    groups: int
    groups_without_members: int  # 党员空白村小组: no member living there on the date


def village_figures(root: Organization, day: datetime.date) -> VillageFigures:
    groups = list(
        VillageGroup.objects.filter(village__township__path__startswith=root.path)
        .values("id")
        .annotate(
            n=Count(
                "members",
                filter=Q(members__joined_on__lte=day)
                & (Q(members__left_on__isnull=True) | Q(members__left_on__gt=day)),
            )
        )
        .order_by()
    )
    return VillageFigures(
        committees=Village.objects.filter(township__path__startswith=root.path).count(),
        groups=len(groups),
        groups_without_members=sum(1 for g in groups if g["n"] == 0),
    )


# ---------------------------------------------------------------- key tasks


@dataclass
class TaskSummary:
    area: str
    total: int
    done: int
    in_progress: int
    not_started: int
    overdue: int
    closed: int

    @property
    def completion(self) -> Share:
        return Share(self.done, self.total)


def task_summaries(township: Organization, year: int, day: datetime.date) -> list[TaskSummary]:
    """Per work area of the township's plan for ``year``, task statuses as of ``day``. Two queries.

    Tasks keep no status history: 已完成 is the status recorded now; 滞后 is
    judged against ``day``.
    """
    areas = WorkArea.objects.filter(township=township, year=year).prefetch_related("tasks")
    summaries = []
    for area in areas:
        tasks = list(area.tasks.all())
        statuses = [task.status_on(day) for task in tasks]
        summaries.append(
            TaskSummary(
                area=area.name,
                total=len(tasks),
                done=statuses.count(TaskStatus.DONE),
                in_progress=statuses.count(TaskStatus.IN_PROGRESS),
                not_started=statuses.count(TaskStatus.NOT_STARTED),
                overdue=statuses.count(TaskStatus.OVERDUE),
                closed=sum(1 for task in tasks if task.closed_on and task.closed_on <= day),
            )
        )
    return summaries


# ---------------------------------------------------------------- the whole report


@dataclass
class TownshipStatistics:
    township: str
    as_of: datetime.date
    members: MemberFigures
    organizations: OrganizationFigures
    villages: VillageFigures
    profile: TownshipProfile | None
    tasks: list[TaskSummary] = field(default_factory=list)

    @property
    def task_total(self) -> TaskSummary:
        return TaskSummary(
            area="合计",
            **{
                name: sum(getattr(summary, name) for summary in self.tasks)
                for name in ("total", "done", "in_progress", "not_started", "overdue", "closed")
            },
        )


def subtree_member_figures(root: Organization, orgs: list[Organization], day: datetime.date) -> MemberFigures:
    counts = member_counts_by_organization(Organization.objects.subtree(root), day)
    rural_ids = {org.pk for org in orgs if org.category in RURAL_CATEGORIES}
    totals = add_counts(list(counts.values()))
    totals["rural"] = sum(row["total"] for org_id, row in counts.items() if org_id in rural_ids)
    return member_figures_from_counts(totals)


def township_statistics(township: Organization, day: datetime.date, year: int | None = None) -> TownshipStatistics:
    """Everything the report says about ``township`` on ``day`` (key tasks of ``year``, default ``day.year``)."""
    year = year or day.year
    subtree = list(Organization.objects.subtree(township))
    # Members are counted wherever they are; organizations only once founded.
    founded = [org for org in subtree if org.founded_on is None or org.founded_on <= day]
    return TownshipStatistics(
        township=township.name,
        as_of=day,
        members=subtree_member_figures(township, subtree, day),
        organizations=organization_figures(founded, township),
        villages=village_figures(township, day),
        profile=TownshipProfile.objects.filter(township=township, year__lte=year).order_by("-year").first(),
        tasks=task_summaries(township, year, day),
    )

"""Figures of members, organizations and villages as of a date, as plain data.

One definition per figure: the report (reports/statistics.py), the dashboard
and the county roll-up all call these functions.

Point-in-time rules (DESIGN §3) come from the models: a member counts on
``day`` if ``Member.objects.active_on(day)``; probationary if ``probationary_q``;
an organization counts once ``Organization.founded_by_q``; ages follow
``dangjian.dates``.

Cost: member figures are one aggregate query (or one grouped by organization
for roll-ups), with one conditional count per figure; the rest is arithmetic.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q

from dangjian.dates import born_on_or_before_for_age
from dangjian.shares import Share
from organizations.ethnicities import HAN
from organizations.models import (
    HIGHER_EDUCATION,
    Category,
    Education,
    Gender,
    Level,
    Occupation,
    Organization,
    Village,
    VillageGroup,
    active_on_q,
    probationary_q,
)

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

# Joining periods of the annual party statistics (党内统计年报), by 入党日期: (label, from, before).
JOINING_PERIODS = (
    ("新中国成立前", None, datetime.date(1949, 10, 1)),
    ("新中国成立后至“文革”前", datetime.date(1949, 10, 1), datetime.date(1966, 5, 16)),
    ("“文革”期间", datetime.date(1966, 5, 16), datetime.date(1976, 10, 6)),
    ("粉碎“四人帮”至十一届三中全会前", datetime.date(1976, 10, 6), datetime.date(1978, 12, 18)),
    ("十一届三中全会后至十六大前", datetime.date(1978, 12, 18), datetime.date(2002, 11, 8)),
    ("十六大后至十八大前", datetime.date(2002, 11, 8), datetime.date(2012, 11, 8)),
    ("十八大以来", datetime.date(2012, 11, 8), None),
)


def joining_period_q(start: datetime.date | None, before: datetime.date | None) -> Q:
    condition = Q()
    if start is not None:
        condition &= Q(joined_on__gte=start)
    if before is not None:
        condition &= Q(joined_on__lt=before)
    return condition


# 农村党员: members of rural organizations (not the same as 农牧渔民 by occupation).
RURAL_CATEGORIES = (Category.RURAL,)

# ---------------------------------------------------------------- members


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
    by_joining_period: list[tuple[str, Share]]
    # Members on the date who joined in its year (新发展党员 until development/ counts admissions itself).
    joined_this_year: Share


def _member_conditions(day: datetime.date) -> dict[str, Q]:
    """Name → condition for every counted figure."""
    conditions = {
        "women": Q(gender=Gender.FEMALE),
        "young": YOUNG.q(day),
        "old": OLD.q(day),
        "minorities": ~Q(ethnicity=HAN),
        "higher_education": Q(education__in=HIGHER_EDUCATION),
        "probationary": probationary_q(day),
        "rural": Q(organization__category__in=RURAL_CATEGORIES),
        "floating": Q(is_floating=True),
        "college_officials": Q(is_college_village_official=True),
        # 新发展党员: members admitted (入党日期) in the year of the date. The development app is not
        # on this branch yet; once it is, its admissions of the year are the better source.
        "joined_this_year": Q(joined_on__gte=datetime.date(day.year, 1, 1)),
    }
    conditions.update({f"edu:{value}": Q(education=value) for value in Education.values})
    conditions.update({f"occ:{value}": Q(occupation=value) for value in Occupation.values})
    conditions.update({f"annual:{i}": band.q(day) for i, band in enumerate(ANNUAL_AGE_BANDS)})
    conditions.update({f"report:{i}": band.q(day) for i, band in enumerate(REPORT_AGE_BANDS)})
    conditions.update(
        {f"period:{i}": joining_period_q(start, before) for i, (_, start, before) in enumerate(JOINING_PERIODS)}
    )
    return conditions


def _aggregates(day: datetime.date) -> tuple[dict, dict[str, str]]:
    conditions = _member_conditions(day)
    aliases = {name: f"c{i}" for i, name in enumerate(conditions)}
    return {"total": Count("id"), **{aliases[n]: Count("id", filter=q) for n, q in conditions.items()}}, aliases


def member_counts(members, day: datetime.date) -> dict[str, int]:
    """Figure name → count among ``members`` on ``day``. One query."""
    aggregates, aliases = _aggregates(day)
    row = members.active_on(day).aggregate(**aggregates)
    return {"total": row["total"], **{name: row[alias] or 0 for name, alias in aliases.items()}}


# The figures compared across years: the 公报's headline shares and the five-year trend's structure.
HEADLINE_FIGURES = ("women", "young", "old", "minorities", "higher_education", "probationary")


@dataclass
class HeadlineFigures:
    """The total and the headline shares of one date (this year against last, the five-year trend)."""

    total: int
    women: Share
    young: Share
    old: Share
    minorities: Share
    higher_education: Share
    probationary: Share

    @classmethod
    def of(cls, figures: "MemberFigures") -> "HeadlineFigures":
        return cls(figures.total, *(getattr(figures, name) for name in HEADLINE_FIGURES))


def headline_figures_on_dates(members, days: list[datetime.date]) -> list[HeadlineFigures]:
    """The headline figures among ``members`` on each of ``days`` (last year's date, a trend). One query.

    Each is the same condition as in ``member_counts`` with that day's membership rule
    added, so a figure at an earlier date is exactly what a report at that date says.
    Only the headline figures: the full set is some 50 conditional counts a date, and
    building that query cost the dashboard more than everything else on it.
    """
    if not days:
        return []
    aggregates = {}
    for i, day in enumerate(days):
        active = active_on_q(day)
        conditions = _member_conditions(day)
        aggregates[f"d{i}_total"] = Count("id", filter=active)
        for name in HEADLINE_FIGURES:
            aggregates[f"d{i}_{name}"] = Count("id", filter=active & conditions[name])
    row = members.filter(joined_on__lte=max(days)).aggregate(**aggregates)
    out = []
    for i in range(len(days)):
        total = row[f"d{i}_total"]
        out.append(HeadlineFigures(total, *(Share(row[f"d{i}_{name}"] or 0, total) for name in HEADLINE_FIGURES)))
    return out


def member_counts_by_organization(members, day: datetime.date) -> dict[int, dict[str, int]]:
    """Organization id → figure name → count among ``members`` on ``day``. One query (for roll-ups)."""
    aggregates, aliases = _aggregates(day)
    rows = members.active_on(day).values("organization_id").annotate(**aggregates).order_by()
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
        by_joining_period=[(label, share(f"period:{i}")) for i, (label, _, _) in enumerate(JOINING_PERIODS)],
        joined_this_year=share("joined_this_year"),
    )


def member_figures(members, day: datetime.date) -> MemberFigures:
    """Every member figure among ``members`` (a scoped queryset) on ``day``. One query."""
    return member_figures_from_counts(member_counts(members, day))


# ---------------------------------------------------------------- organizations


@dataclass
class OrganizationFigures:
    grassroots: int  # every organization under the root, 党小组 excepted (「下设58个基层党组织」)
    by_level: list[tuple[str, int]]  # levels below the root, in tree order
    by_category: list[tuple[str, int]]  # grassroots organizations by category
    branches_by_category: list[tuple[str, int]]  # 党支部 only: 「村小组党支部46个……」
    # 党支部 by category value (the report groups categories under a chosen wording).
    branches_by_category_value: dict[str, int] = field(default_factory=dict)

    def count(self, level: Level) -> int:
        return dict(self.by_level).get(level.label, 0)


def organization_figures(
    orgs: list[Organization], root: Organization | None, day: datetime.date
) -> OrganizationFigures:
    """Counts of the organizations below ``root`` founded by ``day``, from an already loaded subtree.

    ``root`` None (an administrator's dashboard) counts the whole forest, counties and townships included.
    """
    below = [
        org
        for org in orgs
        if (root is None or org.pk != root.pk) and org.level != Level.PARTY_GROUP and org.is_founded_by(day)
    ]
    shown = {Level.VILLAGE_COMMITTEE, Level.GENERAL_BRANCH, Level.BRANCH}
    if root is None:
        shown |= {Level.COUNTY, Level.TOWNSHIP}
    elif root.level == Level.COUNTY:
        shown.add(Level.TOWNSHIP)
    levels = [level for level in Level if level in shown]
    by_level = [(level.label, sum(org.level == level for org in below)) for level in levels]
    by_category = [(c.label, n) for c in Category if (n := sum(org.category == c for org in below))]
    branches = [org for org in below if org.level == Level.BRANCH]
    branches_by_category = [(c.label, n) for c in Category if (n := sum(org.category == c for org in branches))]
    return OrganizationFigures(
        grassroots=len([org for org in below if org.level not in (Level.COUNTY, Level.TOWNSHIP)]),
        by_level=by_level,
        by_category=by_category,
        branches_by_category=branches_by_category,
        branches_by_category_value={c.value: n for c in Category if (n := sum(org.category == c for org in branches))},
    )


# ---------------------------------------------------------------- villages


@dataclass
class VillageFigures:
    committees: int
    groups: int
    groups_without_members: int  # 党员空白村小组: no member living there on the date
    villages: list[tuple[int, str]] = field(default_factory=list)  # (id, name) in order
    blank_groups: list[str] = field(default_factory=list)  # 「三卡村委会坝干组」 of the 空白村小组
    blank_by_village: dict[int, int] = field(default_factory=dict)


def village_figures(root: Organization, day: datetime.date) -> VillageFigures:
    """Two queries: the villages, and every village group under ``root`` with its members on ``day``."""
    groups = list(
        VillageGroup.objects.under(root)
        .values("id", "name", "village_id", "village__name")
        .annotate(n=Count("members", filter=active_on_q(day, prefix="members__")))
        .order_by("village__sort_order", "village_id", "sort_order", "name")
    )
    villages = list(Village.objects.under(root).values_list("id", "name"))
    blank = [g for g in groups if g["n"] == 0]
    blank_by_village: dict[int, int] = {}
    for g in blank:
        blank_by_village[g["village_id"]] = blank_by_village.get(g["village_id"], 0) + 1
    return VillageFigures(
        committees=len(villages),
        groups=len(groups),
        groups_without_members=len(blank),
        villages=villages,
        blank_groups=[f"{g['village__name']}{g['name']}" for g in blank],
        blank_by_village=blank_by_village,
    )

"""Assessment, rectification, committee and village figures of a township, as plain data.

One definition per figure: the report (reports/statistics.py), the dashboard's
term list and the consistency checks call these functions.

Cost: five queries whatever the township's size (the year's assessments, the
rectifications, the pairs, the committee posts in office, the villages' year rows);
the organizations and villages come from what the caller has already loaded.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from assessments.models import (
    Assessment,
    CommitteePost,
    Grade,
    Pairing,
    Post,
    Rectification,
    term_due_on,
)
from dangjian.dates import add_months, age_on
from dangjian.shares import Share
from organizations.figures import VillageFigures
from organizations.models import Category, Level, Organization, VillageYear
from organizations.selectors import in_tree_order

INCOME_THRESHOLDS = (Decimal("5"), Decimal("10"))  # 万元: 「5万元以上」「10万元以上」


def grassroots(subtree: list[Organization], root: Organization, day: datetime.date) -> list[Organization]:
    """The 基层党组织 under ``root`` on ``day``, in tree order: founded by then, 党小组 excepted
    (as organization_figures counts them)."""
    return in_tree_order(
        [
            org
            for org in subtree
            if org.pk != root.pk
            and org.level not in (Level.COUNTY, Level.TOWNSHIP, Level.PARTY_GROUP)
            and org.is_founded_by(day)
        ]
    )


def village_organization(orgs: list[Organization], village_id: int) -> Organization | None:
    """The party organization a village committee is led by: its 村党委 or 党总支, else its own 村党支部."""
    candidates = [org for org in orgs if org.village_id == village_id]
    for level in (Level.VILLAGE_COMMITTEE, Level.GENERAL_BRANCH):
        for org in candidates:
            if org.level == level:
                return org
    for org in candidates:
        if org.level == Level.BRANCH and org.parent_id and not any(o.pk == org.parent_id for o in candidates):
            return org
    return None


@dataclass
class GradeFigures:
    organizations: int  # 基层党组织 on the date
    assessed: int
    advanced: int
    middle: int
    backward: int
    standardized: int
    stars: list[tuple[int, int]]  # (stars, organizations)
    unassessed: list[str]
    # Every 基层党组织 in tree order: name, level, grade (or ""), stars, 规范化达标.
    rows: list[tuple[str, str, str, int | None, bool | None]] = field(default_factory=list)


@dataclass
class RectificationRow:
    organization_id: int
    organization: str
    level: str
    reason: str
    plan: str
    responsible: str
    started_on: datetime.date
    deadline: datetime.date | None
    completed_on: datetime.date | None  # as known on the date
    status: str


@dataclass
class TermRow:
    organization_id: int
    organization: str
    secretary: str
    started_on: datetime.date
    due_on: datetime.date
    overdue: bool

    @property
    def status(self) -> str:
        return "已超期" if self.overdue else "6个月内到期"


@dataclass
class VillageRow:
    village_id: int
    village: str
    income: Decimal | None
    source: str
    one_shoulder: bool | None  # None: neither the committee nor the year's row says
    reserve_cadres: int | None
    secretary_age: int | None
    blank_groups: int


@dataclass
class AssessmentFigures:
    year: int
    grades: GradeFigures
    open_rectifications: list[RectificationRow]  # 软弱涣散 on the date
    completed_rectifications: list[RectificationRow]  # completed in the year, by the date
    pairs: list[tuple[str, str]]
    terms_overdue: list[TermRow]
    terms_due: list[TermRow]  # within TERM_DUE_WARNING_MONTHS
    villages: list[VillageRow]
    group_leader_secretaries: int  # 村民小组长和党支部书记「一肩挑」
    founded_in_year: list[tuple[str, str, datetime.date]] = field(default_factory=list)  # name, category, date

    @property
    def weak(self) -> list[str]:
        return [row.organization for row in self.open_rectifications]

    @property
    def income_total(self) -> Decimal:
        return sum((v.income for v in self.villages if v.income is not None), Decimal("0.00"))

    @property
    def incomes_recorded(self) -> int:
        return sum(1 for v in self.villages if v.income is not None)

    def villages_at_least(self, amount: Decimal) -> int:
        return sum(1 for v in self.villages if v.income is not None and v.income >= amount)

    @property
    def at_least_5(self) -> int:
        return self.villages_at_least(INCOME_THRESHOLDS[0])

    @property
    def at_least_10(self) -> int:
        return self.villages_at_least(INCOME_THRESHOLDS[1])

    @property
    def one_shoulder_villages(self) -> int:
        return sum(1 for v in self.villages if v.one_shoulder)

    @property
    def reserve_cadres(self) -> int:
        return sum(v.reserve_cadres or 0 for v in self.villages)

    @property
    def secretary_ages(self) -> list[int]:
        return [v.secretary_age for v in self.villages if v.secretary_age is not None]

    @property
    def classified_share(self) -> Share:
        return Share(self.grades.assessed, self.grades.organizations)


def _rectification_row(r: Rectification, org: Organization, day: datetime.date) -> RectificationRow:
    return RectificationRow(
        organization_id=org.pk,
        organization=org.name,
        level=org.get_level_display(),
        reason=r.reason,
        plan=r.plan,
        responsible=r.responsible,
        started_on=r.started_on,
        deadline=r.deadline,
        completed_on=r.completed_on if r.completed_on and r.completed_on <= day else None,
        status=r.status_on(day),
    )


def current_posts(township: Organization, day: datetime.date) -> list[CommitteePost]:
    """Every post in office on ``day`` under ``township``, with its member. One query."""
    return list(
        CommitteePost.objects.under(township)
        .filter(CommitteePost.current_q(day))
        .select_related("member")
        .order_by("organization_id", "started_on", "id")
    )


def terms(orgs: list[Organization], posts: list[CommitteePost], day: datetime.date) -> list[TermRow]:
    """Each organization's current term: it began when its current secretary took office.

    A term falls due ``COMMITTEE_TERM_YEARS`` after that; a secretary by-elected mid-term
    should be recorded with the election date of the committee (任职日期 of the 换届).
    """
    by_org = {org.pk: org for org in orgs}
    rows = []
    for post in posts:
        org = by_org.get(post.organization_id)
        if org is None or post.post != Post.SECRETARY:
            continue
        due = term_due_on(org, post.started_on)
        rows.append(TermRow(org.pk, org.name, post.member.name, post.started_on, due, overdue=due <= day))
    return rows


def terms_needing_attention(rows: list[TermRow], day: datetime.date) -> tuple[list[TermRow], list[TermRow]]:
    """(overdue, due within the warning months), each by due date."""
    horizon = add_months(day, settings.TERM_DUE_WARNING_MONTHS)
    overdue = sorted((r for r in rows if r.overdue), key=lambda r: r.due_on)
    due = sorted((r for r in rows if not r.overdue and r.due_on <= horizon), key=lambda r: r.due_on)
    return overdue, due


def assessment_figures(
    township: Organization,
    day: datetime.date,
    year: int,
    *,
    subtree: list[Organization],
    villages: VillageFigures,
) -> AssessmentFigures:
    orgs = grassroots(subtree, township, day)
    by_pk = {org.pk: org for org in subtree}

    assessments = {a.organization_id: a for a in Assessment.objects.under(township).filter(year=year).order_by()}
    counted = [assessments[org.pk] for org in orgs if org.pk in assessments]
    grades = GradeFigures(
        organizations=len(orgs),
        assessed=len(counted),
        advanced=sum(a.grade == Grade.ADVANCED for a in counted),
        middle=sum(a.grade == Grade.MIDDLE for a in counted),
        backward=sum(a.grade == Grade.BACKWARD for a in counted),
        standardized=sum(a.standardized for a in counted),
        stars=[(n, c) for n in range(5, 0, -1) if (c := sum(a.stars == n for a in counted))],
        unassessed=[org.name for org in orgs if org.pk not in assessments],
        rows=[
            (
                org.name,
                org.get_level_display(),
                assessments[org.pk].get_grade_display() if org.pk in assessments else "",
                assessments[org.pk].stars if org.pk in assessments else None,
                assessments[org.pk].standardized if org.pk in assessments else None,
            )
            for org in orgs
        ],
    )

    year_start = datetime.date(year, 1, 1)
    open_rows, completed_rows = [], []
    rectifications = Rectification.objects.under(township).filter(started_on__lte=day).order_by("started_on", "id")
    for r in rectifications:
        org = by_pk.get(r.organization_id)
        if org is None:
            continue
        if r.is_open_on(day):
            open_rows.append(_rectification_row(r, org, day))
        elif year_start <= r.completed_on <= day:
            completed_rows.append(_rectification_row(r, org, day))

    pairs = [
        (by_pk[p.advanced_id].name, by_pk[p.partner_id].name)
        for p in Pairing.objects.filter(township=township, year=year).order_by("id")
        if p.advanced_id in by_pk and p.partner_id in by_pk
    ]

    posts = current_posts(township, day)
    overdue, due = terms_needing_attention(terms(orgs, posts, day), day)
    held: dict[int, dict[str, set]] = {}
    secretaries: dict[int, CommitteePost] = {}
    for post in posts:
        held.setdefault(post.organization_id, {}).setdefault(post.post, set()).add(post.member_id)
        if post.post == Post.SECRETARY:
            secretaries.setdefault(post.organization_id, post)

    def both(org_id: int, other: Post) -> bool:
        posts_of = held.get(org_id, {})
        return bool(posts_of.get(Post.SECRETARY, set()) & posts_of.get(other, set()))

    group_leaders = sum(
        1
        for org in orgs
        if org.level == Level.BRANCH and org.category == Category.RURAL and both(org.pk, Post.GROUP_LEADER)
    )

    year_rows = {row.village_id: row for row in VillageYear.objects.under(township).filter(year=year).order_by()}
    village_rows = []
    for village_id, name in villages.villages:
        row = year_rows.get(village_id)
        org = village_organization(orgs, village_id)
        one_shoulder = None
        secretary_age = None
        if org is not None and org.pk in held:
            one_shoulder = both(org.pk, Post.DIRECTOR) if Post.SECRETARY in held[org.pk] else None
            if org.pk in secretaries:
                secretary_age = age_on(secretaries[org.pk].member.birth_date, day)
        if one_shoulder is None and row is not None:
            one_shoulder = row.secretary_is_director
        village_rows.append(
            VillageRow(
                village_id=village_id,
                village=name,
                income=row.collective_income if row else None,
                source=row.income_source if row else "",
                one_shoulder=one_shoulder,
                reserve_cadres=row.reserve_cadres if row else None,
                secretary_age=secretary_age,
                blank_groups=villages.blank_by_village.get(village_id, 0),
            )
        )

    founded = [
        (org.name, org.get_category_display(), org.founded_on)
        for org in orgs
        if org.founded_on and year_start <= org.founded_on <= day
    ]
    return AssessmentFigures(
        year=year,
        grades=grades,
        open_rectifications=open_rows,
        completed_rectifications=completed_rows,
        pairs=pairs,
        terms_overdue=overdue,
        terms_due=due,
        villages=village_rows,
        group_leader_secretaries=group_leaders,
        founded_in_year=sorted(founded, key=lambda f: f[2]),
    )

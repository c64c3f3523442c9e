"""Development figures as of a date and for a year, as plain data (the report and the pages share them).

On the date: how many applicants, activists and development targets there are
(by each person's latest step on or before it). In the year: events counted by
their own dates, from 1 January to the date (so a year's report regenerated
later says what it said): new applicants (step 1), new activists (step 3), new
targets (step 7), admitted (step 15), converted on time / late (step 23),
extended, cancelled; and the admitted by gender, age on admission, education
and occupation (党内统计 第十四表 发展党员情况).

Cost: three queries, whatever the number of people.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import OuterRef, Subquery

from dangjian.dates import add_months, add_years, age_on
from dangjian.shares import Share
from organizations.figures import REPORT_AGE_BANDS, AgeBand
from organizations.models import Education, Gender, Member, Occupation

from .models import Candidate, ProbationChange, ProbationChangeKind, Status, StepRecord
from .progress import Progress
from .steps import ACTIVIST, ADMITTED, APPLIED, STEP_BY_NUMBER, TARGET


@dataclass
class PipelineRow:
    """One person as the register lists them on the date."""

    name: str
    gender: str
    birth_date: datetime.date
    branch: str
    status: str
    applied_on: datetime.date | None
    activist_on: datetime.date | None
    target_on: datetime.date | None
    admitted_on: datetime.date | None
    converted_on: datetime.date | None
    latest_step: int | None
    change: str
    masked_id_number: str


@dataclass
class DevelopmentFigures:
    as_of: datetime.date
    year: int
    applicants: int = 0
    activists: int = 0
    targets: int = 0
    new_applicants: int = 0
    new_activists: int = 0
    new_targets: int = 0
    admitted: int = 0
    converted_on_time: int = 0
    converted_late: int = 0
    extended: int = 0
    cancelled: int = 0
    admitted_by_gender: list[tuple[str, Share]] = field(default_factory=list)
    admitted_by_age_band: list[tuple[str, Share]] = field(default_factory=list)
    admitted_by_education: list[tuple[str, Share]] = field(default_factory=list)
    admitted_by_occupation: list[tuple[str, Share]] = field(default_factory=list)
    people: list[PipelineRow] = field(default_factory=list)


def in_band(band: AgeBand, age: int) -> bool:
    return (band.min_age is None or age >= band.min_age) and (band.max_age is None or age <= band.max_age)


class Done(NamedTuple):
    """A step as the figures need it: plain values, far cheaper than model instances by the thousand."""

    number: int
    done_on: datetime.date
    training_days: int | None
    training_hours: int | None

    @property
    def step(self):
        return STEP_BY_NUMBER[self.number]


def load_progress(candidates, steps, changes) -> list[Progress]:
    """Everyone in ``candidates`` with a step in ``steps`` (scoped querysets), in branch and name order.
    Three queries: the people (with their branch), their steps as values, their probation changes."""
    people = {c.pk: c for c in candidates.select_related("organization").order_by()}
    by_candidate: dict[int, list] = defaultdict(list)
    for candidate_id, *values in steps.order_by().values_list(
        "candidate_id", "number", "done_on", "training_days", "training_hours"
    ):
        by_candidate[candidate_id].append(Done(*values))
    changes_by: dict[int, list] = defaultdict(list)
    for change in changes.order_by("decided_on", "id"):
        changes_by[change.candidate_id].append(change)
    loaded = [Progress(people[pk], done, changes_by[pk]) for pk, done in by_candidate.items() if pk in people]
    return sorted(loaded, key=lambda p: (p.candidate.organization.path, p.candidate.name, p.candidate.pk))


def development_figures_of(people: list[Progress], day: datetime.date, year: int) -> DevelopmentFigures:
    start = datetime.date(year, 1, 1)
    end = min(day, datetime.date(year, 12, 31))

    def in_year(when: datetime.date | None) -> bool:
        return when is not None and start <= when <= end

    figures = DevelopmentFigures(as_of=day, year=year)
    admitted = []
    for p in people:
        status = p.status_on(day)
        figures.applicants += status == Status.APPLICANT
        figures.activists += status == Status.ACTIVIST
        figures.targets += status == Status.TARGET
        figures.new_applicants += in_year(p.date_of(APPLIED))
        figures.new_activists += in_year(p.date_of(ACTIVIST))
        figures.new_targets += in_year(p.date_of(TARGET))
        if in_year(p.admitted_on):
            admitted.append(p)
        if in_year(p.converted_on):
            if p.converted_on_time:
                figures.converted_on_time += 1
            else:
                figures.converted_late += 1
        figures.extended += in_year(p.extension.decided_on if p.extension else None)
        figures.cancelled += in_year(p.cancelled_on)
        if status is not None:
            figures.people.append(_row(p, day, status))
    figures.admitted = len(admitted)
    n = len(admitted)
    figures.admitted_by_gender = [
        (label, Share(sum(p.candidate.gender == value for p in admitted), n)) for value, label in Gender.choices
    ]
    figures.admitted_by_age_band = [
        (band.label, Share(sum(in_band(band, age_on(p.candidate.birth_date, p.admitted_on)) for p in admitted), n))
        for band in REPORT_AGE_BANDS
    ]
    figures.admitted_by_education = [
        (label, Share(sum(p.candidate.education == value for p in admitted), n)) for value, label in Education.choices
    ]
    figures.admitted_by_occupation = [
        (label, Share(sum(p.candidate.occupation == value for p in admitted), n)) for value, label in Occupation.choices
    ]
    return figures


def _row(p: Progress, day: datetime.date, status: Status) -> PipelineRow:
    c = p.candidate

    def on(number: int) -> datetime.date | None:
        when = p.date_of(number)
        return when if when and when <= day else None

    changes = [
        f"{change.get_kind_display()}（{change.decided_on:%Y-%m-%d}）"
        + (f"{change.months}个月" if change.kind == ProbationChangeKind.EXTENDED else "")
        for change in p.changes
        if change.decided_on <= day
    ]
    converted = p.converted_on if p.converted_on and p.converted_on <= day else None
    return PipelineRow(
        name=c.name,
        gender=c.get_gender_display(),
        birth_date=c.birth_date,
        branch=c.organization.name,
        status=status.label,
        applied_on=on(APPLIED),
        activist_on=on(ACTIVIST),
        target_on=on(TARGET),
        admitted_on=on(ADMITTED),
        converted_on=converted,
        latest_step=p.latest_on(day),
        change="；".join(changes),
        masked_id_number=c.masked_id_number,
    )


def development_figures(root, day: datetime.date, year: int) -> DevelopmentFigures:
    """Everything about development under ``root`` (an organization node or its path). Three queries."""
    people = load_progress(
        Candidate.objects.under(root), StepRecord.objects.under(root), ProbationChange.objects.under(root)
    )
    return development_figures_of(people, day, year)


class DueConversion(NamedTuple):
    member: Member
    due_on: datetime.date
    extended_months: int | None


def conversions_due(members, day: datetime.date) -> list[DueConversion]:
    """Probationary members among ``members`` (a queryset) whose probation has run by ``day``, in
    joining order: one year from joining, plus the extension their branch decided by then (as
    ``Progress.conversion_due``). The consistency checks and the dashboard both ask here. One query."""
    # An extension only lengthens probation, so a year since joining is the widest net.
    extension = ProbationChange.objects.filter(
        kind=ProbationChangeKind.EXTENDED, decided_on__lte=day, candidate__member=OuterRef("pk")
    ).values("months")[:1]
    probationary = (
        members.active_on(day)
        .probationary_on(day)
        .filter(joined_on__lte=add_years(day, -1))
        .annotate(extended_months=Subquery(extension))
        .select_related("organization")
        .order_by("joined_on", "name", "pk")
    )
    due = []
    for member in probationary:
        months = member.extended_months
        due_on = add_years(member.joined_on, 1)
        if months:
            due_on = add_months(due_on, months)
        if due_on <= day:
            due.append(DueConversion(member, due_on, months))
    return due

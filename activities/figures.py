"""Figures of organizational life as plain data: meetings, compliance with their frequency, trainings.

Meetings of a year are counted by their dates, from 1 January to the date.
Compliance: for each branch, each kind of meeting is due monthly, quarterly or
yearly (``FREQUENCY``); a period counts once it has ended by the date (and
ended after the branch was founded), and a period without a meeting of that
kind is listed as missing. 党小组会 is due only where the branch has party
groups; a party group's meetings count for its branch.

Attendance rate of a meeting: members present ÷ members of the organization
on the meeting's date (for a party group, which holds no members itself,
present ÷ present and on leave).

Cost: meetings are one query (with their attendance counts and the
organization's members on the day as subqueries); trainings two.
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from dangjian.shares import Share
from organizations.models import Level, Member, Organization

from .models import FREQUENCY, AttendanceStatus, Frequency, MeetingKind, training_person_times

QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")


@dataclass
class MeetingRow:
    held_on: datetime.date
    organization: str
    kind: str
    topic: str
    place: str
    chair: str
    present: int
    leave: int
    expected: int
    rate: Share


@dataclass
class ComplianceRow:
    branch: str
    branch_id: int
    counts: dict[str, int]  # kind label → meetings held
    missing: dict[str, list[str]]  # kind label → missing periods (「3月」「第二季度」「全年」)

    @property
    def complies(self) -> bool:
        return not self.missing

    @property
    def missing_text(self) -> str:
        return "；".join(f"{kind}缺{'、'.join(periods)}" for kind, periods in self.missing.items())


@dataclass
class MeetingFigures:
    year: int
    as_of: datetime.date
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    compliance: list[ComplianceRow] = field(default_factory=list)
    meetings: list[MeetingRow] = field(default_factory=list)
    attendance: Share = field(default_factory=lambda: Share(0, 0))

    @property
    def total(self) -> int:
        return sum(n for _, n in self.by_kind)

    @property
    def below(self) -> list[ComplianceRow]:
        return [row for row in self.compliance if not row.complies]


@dataclass
class TrainingRow:
    title: str
    organizer: str
    start_on: datetime.date
    end_on: datetime.date
    sessions: int
    participants: int
    person_times: int


@dataclass
class TrainingFigures:
    year: int
    trainings: list[TrainingRow] = field(default_factory=list)
    trained: int = 0  # distinct members trained who are members on the date
    coverage: Share = field(default_factory=lambda: Share(0, 0))

    @property
    def sessions(self) -> int:
        return sum(t.sessions for t in self.trainings)

    @property
    def person_times(self) -> int:
        return sum(t.person_times for t in self.trainings)


def year_span(year: int, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), min(day, datetime.date(year, 12, 31))


def periods(frequency: str, year: int) -> list[tuple[str, datetime.date, datetime.date]]:
    """(label, first day, last day) of each period of ``frequency`` in ``year``."""
    if frequency == Frequency.MONTHLY:
        return [
            (f"{m}月", datetime.date(year, m, 1), datetime.date(year, m, calendar.monthrange(year, m)[1]))
            for m in range(1, 13)
        ]
    if frequency == Frequency.QUARTERLY:
        return [
            (
                QUARTERS[q],
                datetime.date(year, 3 * q + 1, 1),
                datetime.date(year, 3 * q + 3, calendar.monthrange(year, 3 * q + 3)[1]),
            )
            for q in range(4)
        ]
    return [("全年", datetime.date(year, 1, 1), datetime.date(year, 12, 31))]


def compliance(
    branches: list[Organization],
    held: dict[int, list[tuple[str, datetime.date]]],
    year: int,
    day: datetime.date,
    with_groups: set[int],
) -> list[ComplianceRow]:
    """``held``: branch id → (kind, date) of its meetings in the year. Pure arithmetic."""
    rows = []
    for branch in branches:
        meetings = held.get(branch.pk, [])
        counts, missing = {}, {}
        for kind, frequency in FREQUENCY.items():
            label = MeetingKind(kind).label
            dates = [when for k, when in meetings if k == kind]
            counts[label] = len(dates)
            if kind == MeetingKind.GROUP and branch.pk not in with_groups:
                continue
            gaps = [
                name
                for name, first, last in periods(frequency, year)
                if last <= day
                and (branch.founded_on is None or branch.founded_on <= last)
                and not any(first <= when <= last for when in dates)
            ]
            if gaps:
                missing[label] = gaps
        rows.append(ComplianceRow(branch.name, branch.pk, counts, missing))
    return rows


def _branch_of(org: Organization, by_pk: dict[int, Organization]) -> int | None:
    if org.level == Level.BRANCH:
        return org.pk
    if org.level == Level.PARTY_GROUP and org.parent_id in by_pk:
        return org.parent_id
    return None


def meeting_queryset(meetings, day: datetime.date):
    """Meetings with their attendance counts and the organization's members on the meeting's date."""
    members_then = (
        Member.objects.filter(organization=OuterRef("organization"), joined_on__lte=OuterRef("held_on"))
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=OuterRef("held_on")))
        .order_by()
        .values("organization")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        meetings.select_related("organization")
        .annotate(
            n_present=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT)),
            n_leave=Count("attendance", filter=Q(attendance__status=AttendanceStatus.LEAVE)),
            n_expected=Coalesce(Subquery(members_then, output_field=IntegerField()), 0),
        )
        .order_by("held_on", "organization__path", "id")
    )


def meeting_row(meeting) -> MeetingRow:
    expected = meeting.n_expected or (meeting.n_present + meeting.n_leave)
    return MeetingRow(
        held_on=meeting.held_on,
        organization=meeting.organization.name,
        kind=meeting.get_kind_display(),
        topic=meeting.topic,
        place=meeting.place,
        chair=meeting.chair,
        present=meeting.n_present,
        leave=meeting.n_leave,
        expected=expected,
        rate=Share(meeting.n_present, expected),
    )


def meeting_figures(meetings, subtree: list[Organization], year: int, day: datetime.date) -> MeetingFigures:
    """``meetings`` (a scoped queryset) in ``year`` up to ``day``, and the compliance of every branch
    in ``subtree`` (loaded organizations). One query."""
    start, end = year_span(year, day)
    loaded = list(meeting_queryset(meetings.filter(held_on__range=(start, end)), day))
    by_pk = {org.pk: org for org in subtree}
    branches = [org for org in subtree if org.level == Level.BRANCH and org.is_founded_by(end)]
    with_groups = {org.parent_id for org in subtree if org.level == Level.PARTY_GROUP}
    held: dict[int, list] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    for meeting in loaded:
        counts[meeting.kind] += 1
        branch_id = _branch_of(meeting.organization, by_pk)
        if branch_id:
            held[branch_id].append((meeting.kind, meeting.held_on))
    rows = [meeting_row(m) for m in loaded]
    return MeetingFigures(
        year=year,
        as_of=day,
        by_kind=[(label, counts[value]) for value, label in MeetingKind.choices],
        compliance=compliance(branches, held, year, end, with_groups),
        meetings=rows,
        attendance=Share(sum(r.present for r in rows), sum(r.expected for r in rows)),
    )


def training_figures(trainings, members, year: int, day: datetime.date, members_on_day: int) -> TrainingFigures:
    """``trainings`` (scoped) that started in ``year`` up to ``day``; coverage among ``members`` (scoped)
    on ``day``, of whom there are ``members_on_day``. Two queries."""
    start, end = year_span(year, day)
    in_year = trainings.filter(start_on__range=(start, end))
    trainings = list(in_year.annotate(n_chosen=Count("participants")).order_by("start_on", "id"))
    trained = members.active_on(day).filter(trainings__in=in_year).distinct().count()
    return TrainingFigures(
        year=year,
        trainings=[
            TrainingRow(
                title=t.title,
                organizer=t.get_organizer_display(),
                start_on=t.start_on,
                end_on=t.end_on,
                sessions=t.sessions,
                participants=t.n_chosen or t.participant_count or 0,
                person_times=training_person_times(t, t.n_chosen),
            )
            for t in trainings
        ],
        trained=trained,
        coverage=Share(trained, members_on_day),
    )

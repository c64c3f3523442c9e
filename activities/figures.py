"""Figures of organizational life as plain data: meetings, compliance with their frequency, trainings.

Meetings of a year are counted by their dates, from 1 January to the date.
Compliance: for each branch, each kind of meeting is due monthly, quarterly or
yearly (``FREQUENCY``); a period counts once it has ended by the date (and
ended after the branch was founded), and a period without a meeting of that
kind is listed as missing. 党小组会 is due only where the branch has party
groups (a party group's meetings count for its branch); 支部委员会 only where
the branch has 7 or more full members on the date (it then has a committee).

Attendance rate of a meeting: members present ÷ members of the organization
on the meeting's date (for a 党总支 or 村党委, the members of the branches under
it; for a party group, which holds no members itself, present ÷ present and on
leave). The ledger, the meeting's own page and the report all count it here.

Cost: meetings are three queries (the meetings, their attendance counts, the
members of their organizations); trainings two.
"""

import bisect
import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from dangjian.shares import Share
from organizations.models import Level, Member, Organization

from .models import FREQUENCY, Attendance, AttendanceStatus, Frequency, MeetingKind, training_person_times

QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")
# 支部工作条例: a branch with 7 or more full members elects a committee; fewer has a secretary only,
# and holds no 支部委员会.
COMMITTEE_MIN_FULL_MEMBERS = 7


@dataclass
class MeetingRow:
    pk: int
    organization_id: int
    kind_code: str
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
    with_committee: set[int] | None = None,
) -> list[ComplianceRow]:
    """``held``: branch id → (kind, date) of its meetings in the year. Pure arithmetic."""
    rows = []
    all_periods = {frequency: periods(frequency, year) for frequency in set(FREQUENCY.values())}
    for branch in branches:
        meetings = held.get(branch.pk, [])
        counts, missing = {}, {}
        for kind, frequency in FREQUENCY.items():
            label = MeetingKind(kind).label
            dates = sorted(when for k, when in meetings if k == kind)
            counts[label] = len(dates)
            if kind == MeetingKind.GROUP and branch.pk not in with_groups:
                continue
            if kind == MeetingKind.COMMITTEE and with_committee is not None and branch.pk not in with_committee:
                continue
            gaps = [
                name
                for name, first, last in all_periods[frequency]
                if last <= day
                and (branch.founded_on is None or branch.founded_on <= last)
                and not _any_between(dates, first, last)
            ]
            if gaps:
                missing[label] = gaps
        rows.append(ComplianceRow(branch.name, branch.pk, counts, missing))
    return rows


def _any_between(dates: list[datetime.date], first: datetime.date, last: datetime.date) -> bool:
    """Whether sorted ``dates`` hold a day from ``first`` to ``last``."""
    index = bisect.bisect_left(dates, first)
    return index < len(dates) and dates[index] <= last


def _branch_of(org_id: int, by_pk: dict[int, Organization]) -> int | None:
    org = by_pk.get(org_id)
    if org is None:
        return None
    if org.level == Level.BRANCH:
        return org.pk
    if org.level == Level.PARTY_GROUP and org.parent_id in by_pk:
        return org.parent_id
    return None


def member_spans(members) -> dict[int, list[tuple]]:
    """Organization id → (joined_on, left_on, full_on) of each of ``members`` (a queryset). One query."""
    spans: dict[int, list[tuple]] = defaultdict(list)
    for org_id, *dates in members.values_list("organization_id", "joined_on", "left_on", "full_on"):
        spans[org_id].append(tuple(dates))
    return spans


# Path prefixes OR-ed into one query at most (SQLite refuses very deep expressions).
MAX_PREFIXES = 50


def _common_path(paths: list[str]) -> str:
    """The deepest tree node every one of ``paths`` lies under (``/1/7/`` for ``/1/7/42/`` and ``/1/7/9/``)."""
    parts = [p.strip("/").split("/") for p in paths]
    common = []
    for column in zip(*parts, strict=False):
        if len(set(column)) > 1:
            break
        common.append(column[0])
    return "/" + "".join(f"{part}/" for part in common)


def meeting_rows(meetings, spans: dict[str, list[tuple]] | None = None) -> list[MeetingRow]:
    """``meetings`` (a queryset) by date, with attendance. Three queries whatever their number: the
    meetings (as plain values: thousands of model instances would cost more than the rest together),
    their attendance counted by status, and the members of their organizations (counted per meeting
    date here, far cheaper than a correlated subquery per meeting).

    ``spans``: organization path → (joined_on, left_on, full_on) of its members, when the caller has
    them. A meeting of a 党总支 or 村党委 expects every member of the branches under it."""
    loaded = list(
        meetings.order_by("held_on", "organization__path", "id").values_list(
            "pk",
            "organization_id",
            "organization__name",
            "organization__path",
            "organization__level",
            "kind",
            "held_on",
            "topic",
            "place",
            "chair",
        )
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        Attendance.objects.filter(meeting__in=meetings.values("pk"))
        .values("meeting_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[row["meeting_id"]][row["status"]] = row["n"]
    if spans is None:
        above = [path for _, _, _, path, level, *_ in loaded if level not in (Level.BRANCH, Level.PARTY_GROUP)]
        wanted = Q(organization__in=meetings.values("organization"))
        # Each such organization's subtree (a few per township); with very many, the one subtree holding them all.
        outermost: list[str] = []
        for path in sorted(set(above)):  # a subtree's paths sort right after its root's
            if not (outermost and path.startswith(outermost[-1])):
                outermost.append(path)
        for prefix in outermost if len(outermost) <= MAX_PREFIXES else [_common_path(outermost)]:
            wanted |= Q(organization__path__startswith=prefix)
        spans = defaultdict(list)
        for path, *dates in Member.objects.filter(wanted).values_list(
            "organization__path", "joined_on", "left_on", "full_on"
        ):
            spans[path].append(tuple(dates))
    expected_members: dict[str, list[tuple]] = {}

    def members_of(path: str, level: str) -> list[tuple]:
        # A party group holds no members itself (its members belong to the branch): none expected.
        if level == Level.PARTY_GROUP:
            return []
        if level == Level.BRANCH:  # members belong to branches: nothing below a branch holds any
            return spans.get(path, [])
        if path not in expected_members:
            expected_members[path] = [span for p, s in spans.items() if p.startswith(path) for span in s]
        return expected_members[path]

    labels = dict(MeetingKind.choices)
    rows = []
    for pk, org_id, org_name, org_path, level, kind, day, topic, place, chair in loaded:
        members_then = sum(
            1 for joined, left, _ in members_of(org_path, level) if joined <= day and (left is None or left > day)
        )
        present = counts[pk].get(AttendanceStatus.PRESENT, 0)
        leave = counts[pk].get(AttendanceStatus.LEAVE, 0)
        expected = members_then or present + leave
        rows.append(
            MeetingRow(
                pk=pk,
                organization_id=org_id,
                kind_code=kind,
                held_on=day,
                organization=org_name,
                kind=labels[kind],
                topic=topic,
                place=place,
                chair=chair,
                present=present,
                leave=leave,
                expected=expected,
                rate=Share(present, expected),
            )
        )
    return rows


def meeting_figures(meetings, subtree: list[Organization], year: int, day: datetime.date) -> MeetingFigures:
    """``meetings`` (a scoped queryset) in ``year`` up to ``day``, and the compliance of every branch
    in ``subtree`` (loaded organizations). One query."""
    start, end = year_span(year, day)
    by_pk = {org.pk: org for org in subtree}
    branches = [org for org in subtree if org.level == Level.BRANCH and org.is_founded_by(end)]
    # Members are held by branches only: their spans serve the attendance rates and the committee rule.
    spans = member_spans(Member.objects.filter(organization_id__in=[org.pk for org in branches]))
    rows = meeting_rows(
        meetings.filter(held_on__range=(start, end)), {by_pk[org_id].path: s for org_id, s in spans.items()}
    )
    with_committee = {
        org.pk
        for org in branches
        if sum(
            1
            for joined, left, full in spans.get(org.pk, ())
            if full is not None and full <= end and joined <= end and (left is None or left > end)
        )
        >= COMMITTEE_MIN_FULL_MEMBERS
    }
    with_groups = {org.parent_id for org in subtree if org.level == Level.PARTY_GROUP}
    held: dict[int, list] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.kind_code] += 1
        branch_id = _branch_of(row.organization_id, by_pk)
        if branch_id:
            held[branch_id].append((row.kind_code, row.held_on))
    return MeetingFigures(
        year=year,
        as_of=day,
        by_kind=[(label, counts[value]) for value, label in MeetingKind.choices],
        compliance=compliance(branches, held, year, end, with_groups, with_committee),
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

"""Generated townships of any size, for benchmarks and scale tests (the demo county is demo/builders.py).

Deterministic for a seed; names come from the demo's person generator.
"""

import datetime
import random

from dangjian.dates import add_years
from demo.people import People
from organizations.models import Category, Level, Member, Organization, Village, VillageGroup
from planning.models import DEFAULT_AREAS, KeyTask, TaskStatus, WorkArea


def build_generated_township(county, name: str, members: int, seed: int = 0) -> Organization:
    """A township with village committees, 1 branch per ~25 members, village groups and key tasks."""
    people = People(seed)
    rng = people.rng
    township = Organization.objects.create(name=name, level=Level.TOWNSHIP, category=Category.GENERAL, parent=county)
    branches = []
    for v in range(max(1, members // 250)):
        village = Village.objects.create(township=township, name=f"{name}第{v + 1}村委会")
        VillageGroup.objects.bulk_create(VillageGroup(village=village, name=f"第{g + 1}组") for g in range(10))
        committee = Organization.objects.create(
            name=f"{village.name}党总支",
            level=Level.GENERAL_BRANCH,
            category=Category.RURAL,
            parent=township,
            village=village,
        )
        branches += [
            Organization.objects.create(
                name=f"{village.name}第{b + 1}党支部", level=Level.BRANCH, category=Category.RURAL, parent=committee
            )
            for b in range(10)
        ]
    branches.append(
        Organization.objects.create(
            name=f"{name}机关党支部", level=Level.BRANCH, category=Category.ORGAN, parent=township
        )
    )
    day = datetime.date(2020, 11, 15)
    rows = []
    for _ in range(members):
        birth = datetime.date(1935 + rng.randrange(65), rng.randint(1, 12), rng.randint(1, 28))
        joined = birth.replace(year=birth.year + 18 + rng.randrange(max(1, min(40, day.year - birth.year - 18))))
        joined = min(joined, day)
        rows.append(
            Member(
                name=people.name(gender := rng.choice("MMMF"), ethnicity := rng.choice(["01", "01", "08", "06", "07"])),
                gender=gender,
                ethnicity=ethnicity,
                birth_date=birth,
                education=rng.choice(["junior_or_below", "high_school", "college", "bachelor"]),
                occupation=rng.choice(["farmer", "farmer", "worker", "other"]),
                organization=rng.choice(branches),
                joined_on=joined,
                full_on=None if rng.random() < 0.03 else add_years(joined, 1),
                is_floating=rng.random() < 0.05,
                floating_to="广东省",
            )
        )
    Member.objects.bulk_create(rows, batch_size=1000)
    for a, area_name in enumerate(DEFAULT_AREAS):
        area = WorkArea.objects.create(township=township, year=2020, name=area_name, sort_order=a)
        KeyTask.objects.bulk_create(
            KeyTask(
                area=area,
                title=f"{area_name}任务{t + 1}",
                target_value=10,
                unit="个",
                achieved_value=t,
                status=rng.choice([TaskStatus.DONE, TaskStatus.IN_PROGRESS]),
                deadline=datetime.date(2020, 12, 31),
            )
            for t in range(5)
        )
    return township


def build_generated_life(township: Organization, year: int, seed: int = 0) -> dict[str, int]:
    """A year of meetings for every branch (with attendance), a development pipeline and two trainings.

    Roughly what a township of this size records in a year: 支委会 and 主题党日 monthly, 党员大会
    and 党课 quarterly, 组织生活会 and 民主评议 once; about 85% attendance; one person in the
    pipeline per 40 members. Returns the row counts created.
    """
    from activities.models import Attendance, Meeting, Training
    from development.models import Candidate, StepRecord

    rng = random.Random(seed)
    branches = list(Organization.objects.under(township).filter(level=Level.BRANCH))
    members = list(Member.objects.under(township).filter(left_on__isnull=True))
    by_branch: dict[int, list[Member]] = {}
    for member in members:
        by_branch.setdefault(member.organization_id, []).append(member)
    plan = [("committee", m, 5) for m in range(1, 13)] + [("theme_day", m, 20) for m in range(1, 13)]
    plan += [("general_meeting", 3 * q + 2, 10) for q in range(4)] + [("lecture", 3 * q + 3, 12) for q in range(4)]
    plan += [("life_meeting", 12, 15), ("evaluation", 12, 18)]
    meetings = Meeting.objects.bulk_create(
        Meeting(organization=branch, kind=kind, held_on=datetime.date(year, month, day), topic=kind)
        for branch in branches
        for kind, month, day in plan
        if rng.random() > 0.02  # a few gaps
    )
    attendance = [
        Attendance(meeting=meeting, member=member, status="present")
        for meeting in meetings
        for member in by_branch.get(meeting.organization_id, [])
        if member.joined_on <= meeting.held_on and rng.random() < 0.85
    ]
    Attendance.objects.bulk_create(attendance, batch_size=2000)
    candidates = Candidate.objects.bulk_create(
        Candidate(
            name=f"申请人{i}",
            gender=rng.choice("MF"),
            birth_date=datetime.date(1990 + i % 12, 1 + i % 12, 1 + i % 28),
            education="high_school",
            occupation="farmer",
            organization=rng.choice(branches),
        )
        for i in range(len(members) // 40)
    )
    steps = [
        StepRecord(candidate=c, number=n, done_on=datetime.date(year - 2, 1, 1) + datetime.timedelta(days=25 * n))
        for c in candidates
        for n in range(1, rng.randint(1, 16) + 1)
    ]
    StepRecord.objects.bulk_create(steps, batch_size=2000)
    for index, start in enumerate((datetime.date(year, 4, 10), datetime.date(year, 9, 10)), 1):
        training = Training.objects.create(
            township=township, title=f"党员培训班第{index}期", start_on=start, end_on=start + datetime.timedelta(days=2)
        )
        training.participants.set(rng.sample(members, len(members) // 3))
    return {
        "meetings": len(meetings),
        "attendance": len(attendance),
        "candidates": len(candidates),
        "steps": len(steps),
    }

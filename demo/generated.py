"""Generated townships of any size, for benchmarks and scale tests (the demo county is demo/builders.py).

Deterministic for a seed; names come from the demo's person generator.
"""

import datetime

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

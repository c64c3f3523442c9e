"""Demo data: county 示范县 with townships 清水乡 and 长岭乡, and four demo accounts.

清水乡 reproduces, as of 2020-11-15, the 基本情况 of the 2020 key-tasks report in
/work/shared/seeds: 58 organizations under the township committee, 4 village
committees with 93 village groups, and 546 members of whom exactly 69 women,
177 aged 35 or under, 93 aged 60 or over, 456 from ethnic minorities, 120 with
大专 or above, 13 probationary, 461 in rural branches and 1 大学生村官. Around
them are members who left before that day, joined after it, or left after it,
so that every figure really depends on the day it is counted for.

Deterministic: one random.Random with a fixed seed, never the global generator.
The exact figures come from shuffled index lists per kind of branch (rural,
cooperative, 机关事业), not from probabilities.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.models import Profile, Role
from dangjian.dates import add_years
from demo.assessments import seed_assessments
from demo.development import build_development
from demo.people import People
from demo.plans import seed_plan_2020
from demo.reports import seed_report_2020
from demo.specs import (
    BLANK_GROUPS_DAY,
    COOPERATIVE,
    COUNTY_NAME,
    FLOATING_TO,
    LATER_JOINS,
    LATEST_FULL_JOIN,
    OFFICE,
    PASSWORD,
    PLACE_FIRST,
    PLACE_SECOND,
    PROBATIONARY_JOINS,
    REPORT_DAY,
    RURAL,
    SEED,
    TOWNSHIPS,
    Quota,
    TownshipSpec,
    VillageSpec,
)
from organizations.ethnicities import HAN
from organizations.models import (
    Category,
    Education,
    Gender,
    LeaveReason,
    Level,
    Member,
    Occupation,
    Organization,
    TownshipProfile,
    Village,
    VillageGroup,
)


@dataclass
class BranchPlan:
    org: Organization
    kind: str
    weight: float = 1.0
    groups: list[VillageGroup] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)


@dataclass
class TownshipPlan:
    spec: TownshipSpec
    township: Organization
    orgs: list[Organization] = field(default_factory=list)  # below the township, parents first
    committees: list[tuple[Organization, list[BranchPlan]]] = field(default_factory=list)
    branches: list[BranchPlan] = field(default_factory=list)

    def kind(self, kind: str) -> list[BranchPlan]:
        return [branch for branch in self.branches if branch.kind == kind]

    @property
    def members(self) -> list[Member]:
        return [member for branch in self.branches for member in branch.members]


def counted_on(member: Member, day: datetime.date) -> bool:
    return member.joined_on <= day and (member.left_on is None or member.left_on > day)


def allocate(total: int, weights: list[float], minimum: int) -> list[int]:
    """Split ``total`` in proportion to ``weights``, every part at least ``minimum``."""
    raw = [total * weight / sum(weights) for weight in weights]
    sizes = [max(minimum, round(part)) for part in raw]
    while sum(sizes) < total:
        index = max(range(len(sizes)), key=lambda i: raw[i] - sizes[i])
        sizes[index] += 1
    while sum(sizes) > total:
        index = max((i for i in range(len(sizes)) if sizes[i] > minimum), key=lambda i: sizes[i] - raw[i])
        sizes[index] -= 1
    return sizes


class TownshipBuilder:
    """Builds one demo township from its specification, with members that hit its quotas exactly."""

    def __init__(self, people: People):
        self.people = people
        self.rng = people.rng

    def build_township(self, county: Organization, spec: TownshipSpec, order: int) -> TownshipPlan:
        township = Organization(
            name=spec.name,
            level=Level.TOWNSHIP,
            category=Category.GENERAL,
            parent=county,
            founded_on=datetime.date(1956, 7, 1),
            sort_order=order,
        )
        township.save()
        for year in spec.profile_years:
            TownshipProfile.objects.create(
                township=township,
                year=year,
                location=spec.location,
                area_km2=spec.area_km2,
                natural_villages=spec.natural_villages,
                other_units=spec.other_units,
                households=spec.households,
                population=spec.population,
                minority_population=spec.minority_population,
                ethnic_groups=spec.ethnic_groups,
            )

        plan = TownshipPlan(spec, township)
        places = self.place_names(sum(village.groups for village in spec.villages), spec)
        for village_order, village_spec in enumerate(spec.villages, 1):
            self.build_village(plan, village_spec, village_order, places)
        for index, name in enumerate(spec.cooperatives, 1):
            org = self.org(
                plan,
                name,
                Level.BRANCH,
                Category.COOPERATIVE,
                township,
                index + 100,
                datetime.date(2017 + index % 3, 1 + index * 3, 10),
            )
            plan.branches.append(BranchPlan(org, COOPERATIVE, weight=self.rng.uniform(0.8, 1.2)))
        for index, (name, category, weight) in enumerate(spec.offices, 1):
            founded = datetime.date(self.rng.randint(1978, 1995), self.rng.randint(1, 12), 1)
            org = self.org(plan, name, Level.BRANCH, category, township, index + 200, founded)
            plan.branches.append(BranchPlan(org, OFFICE, weight=weight))

        for kind in (RURAL, COOPERATIVE, OFFICE):
            self.members_of_kind(plan, kind, spec.quotas[kind])
        self.college_village_officials(plan)
        self.left_after(plan)
        self.extra_members(plan)
        self.secretaries(plan)
        if spec.blank_groups is not None:
            self.exact_blank_groups(plan, spec.blank_groups)

        for org in plan.orgs:
            org.save()
        Member.objects.bulk_create(plan.members)
        return plan

    def exact_blank_groups(self, plan: TownshipPlan, blank: int) -> None:
        """Exactly ``blank`` village groups with no member on BLANK_GROUPS_DAY: the second group of
        branches that look after two or more, taken village by village so they spread over the township;
        every other group is given a member.

        Deterministic and without the random generator, so nothing else the builder draws changes.
        """
        empty = []
        longest = max(len(children) for _, children in plan.committees)
        for position in range(longest):
            for _, children in plan.committees:
                if len(empty) < blank and position < len(children) and len(children[position].groups) > 1:
                    empty.append(children[position].groups[1])
        for branch in plan.kind(RURAL):
            groups = [g for g in branch.groups if g not in empty]
            # Members still there on the day first, so each remaining group keeps one of them.
            members = sorted(branch.members, key=lambda m: (not counted_on(m, BLANK_GROUPS_DAY), m.joined_on))
            for index, member in enumerate(members):
                member.village_group = groups[index % len(groups)]

    def build_village(self, plan: TownshipPlan, spec: VillageSpec, order: int, places: list[str]) -> None:
        village = Village.objects.create(township=plan.township, name=spec.name, sort_order=order)
        sizes = allocate(spec.groups, [1.0] * spec.branches, minimum=1)
        starts = [sum(sizes[:i]) for i in range(len(sizes))]
        names = [places.pop() for _ in range(spec.groups)]
        for start, place in zip(starts, spec.first_places, strict=False):
            names[start] = place
        groups = VillageGroup.objects.bulk_create(
            VillageGroup(village=village, name=f"{name}组", sort_order=index) for index, name in enumerate(names, 1)
        )
        committee = self.org(
            plan,
            spec.committee,
            spec.level,
            Category.RURAL,
            plan.township,
            order,
            datetime.date(self.rng.randint(1998, 2018), self.rng.randint(1, 12), 1),
            village=village,
        )
        children = []
        for index, (start, size) in enumerate(zip(starts, sizes, strict=True), 1):
            name = f"{names[start]}党支部"
            org = self.org(
                plan,
                name,
                Level.BRANCH,
                Category.RURAL,
                committee,
                index,
                datetime.date(self.rng.randint(1958, 2012), self.rng.randint(1, 12), self.rng.randint(1, 28)),
                village=village,
            )
            branch = BranchPlan(org, RURAL, self.rng.uniform(0.6, 1.4), groups[start : start + size])
            plan.branches.append(branch)
            children.append(branch)
        plan.committees.append((committee, children))

    def org(self, plan, name, level, category, parent, sort_order, founded_on, **extra) -> Organization:
        """An unsaved node; saved parents first once its members are known (to pick secretaries)."""
        org = Organization(
            name=name,
            level=level,
            category=category,
            parent=parent,
            sort_order=sort_order,
            founded_on=founded_on,
            **extra,
        )
        plan.orgs.append(org)
        return org

    def place_names(self, count: int, spec: TownshipSpec) -> list[str]:
        reserved = {place for village in spec.villages for place in village.first_places}
        names = [
            first + second
            for first in PLACE_FIRST
            for second in PLACE_SECOND
            if first != second and first + second not in reserved
        ]
        self.rng.shuffle(names)
        return names[:count]

    def secretaries(self, plan: TownshipPlan) -> None:
        """Secretaries are members of the branch (or of a branch under the committee)."""
        taken: set[int] = set()

        def pick(members: list[Member]) -> str:
            candidates = [
                m
                for m in members
                if id(m) not in taken
                and counted_on(m, REPORT_DAY)
                and m.left_on is None
                and m.full_on is not None
                and not m.is_floating
                and 30 <= m.age_on(REPORT_DAY) <= 62
            ] or [m for m in members if id(m) not in taken]
            chosen = self.rng.choice(candidates)
            taken.add(id(chosen))
            return chosen.name

        for branch in plan.branches:
            branch.org.secretary = pick(branch.members)
        for committee, children in plan.committees:
            committee.secretary = pick([m for child in children for m in child.members])
        plan.township.secretary = pick(plan.kind(OFFICE)[0].members)
        Organization.objects.filter(pk=plan.township.pk).update(secretary=plan.township.secretary)

    def members_of_kind(self, plan: TownshipPlan, kind: str, quota: Quota) -> None:
        """Exactly ``quota`` among the members counted on REPORT_DAY in this kind of branch."""
        n = quota.total
        order = self.people.shuffled(range(n))
        band = dict.fromkeys(order[: quota.young], "young")
        band.update(dict.fromkeys(order[quota.young : quota.young + quota.old], "old"))
        band.update(dict.fromkeys(order[quota.young + quota.old :], "middle"))
        young = self.people.shuffled(i for i in range(n) if band[i] == "young")
        probationary = set(young[: quota.probationary])
        women = set(self.people.shuffled(range(n))[: quota.women])
        minority = set(self.people.shuffled(range(n))[: quota.minority])
        rank = {"young": 0, "middle": 1, "old": 2}
        # 大专及以上: mostly the younger members.
        higher = set(sorted(range(n), key=lambda i: rank[band[i]] + self.rng.random() * 1.5)[: quota.higher])

        branches = plan.kind(kind)
        sizes = allocate(n, [branch.weight for branch in branches], minimum=3)
        slots = self.people.shuffled(range(n))
        for branch, size in zip(branches, sizes, strict=True):
            for i in slots[:size]:
                branch.members.append(
                    self.member(
                        plan.spec,
                        branch,
                        band=band[i],
                        female=i in women,
                        minority=i in minority,
                        higher=i in higher,
                        probationary=i in probationary,
                    )
                )
            slots = slots[size:]

    def member(
        self,
        spec: TownshipSpec,
        branch: BranchPlan,
        *,
        band: str,
        female: bool,
        minority: bool,
        higher: bool,
        probationary: bool = False,
        joins_later: bool = False,
    ) -> Member:
        rng = self.rng
        gender = Gender.FEMALE if female else Gender.MALE
        ethnicity = self.people.weighted(spec.minority_mix) if minority else HAN
        if band == "young":
            age = rng.randint(20, 30) if probationary or joins_later else rng.randint(20, 35)
        elif band == "middle":
            age = rng.randint(36, 59)
        else:
            age = 60 + int(rng.triangular(0, 28.99, 3))
        birth = self.people.birth_date(age)

        if probationary:
            # Admitted within the year before the seed's date, so still probationary on it;
            # converted on time a year later, as most are.
            joined_on = self.people.date_between(*PROBATIONARY_JOINS)
            full_on = add_years(joined_on, 1)
        elif joins_later:
            joined_on = self.people.date_between(*LATER_JOINS)
            full_on = add_years(joined_on, 1)
        else:
            earliest = add_years(birth, 18)
            latest = min(LATEST_FULL_JOIN, add_years(birth, 50))
            span = (latest - earliest).days
            joined_on = earliest + datetime.timedelta(days=int(rng.triangular(0, span, span * 0.25)))
            if (joined_on.month, joined_on.day) == (2, 29):
                joined_on = joined_on.replace(day=28)
            full_on = add_years(joined_on, 1)

        category = branch.org.category
        is_floating = (
            branch.kind == RURAL and band != "old" and not probationary and not joins_later and rng.random() < 0.07
        )
        member = Member(
            name=self.people.name(gender, ethnicity),
            gender=gender,
            ethnicity=ethnicity,
            birth_date=birth,
            education=self.people.education(branch.kind, band, higher),
            occupation=self.people.occupation(category, band, higher, is_floating),
            organization=branch.org,
            village_group=rng.choice(branch.groups) if branch.groups else None,
            joined_on=joined_on,
            full_on=full_on,
            is_floating=is_floating,
            floating_to=rng.choice(FLOATING_TO) if is_floating else "",
            id_number=self.people.id_number(birth, gender) if rng.random() < 0.7 else None,
            phone=self.people.phone() if rng.random() < (0.5 if band == "old" else 0.9) else "",
        )
        return member

    def college_village_officials(self, plan: TownshipPlan) -> None:
        candidates = [
            m
            for m in self.people.shuffled(m for branch in plan.kind(RURAL) for m in branch.members)
            if m.education in (Education.BACHELOR, Education.COLLEGE)
            and m.age_on(REPORT_DAY) <= 30
            and m.full_on is not None
            and not m.is_floating
        ]
        for member in candidates[: plan.spec.college_village_officials]:
            member.is_college_village_official = True
            member.education = Education.BACHELOR
            member.occupation = Occupation.MANAGER

    def left_after(self, plan: TownshipPlan) -> None:
        """Members who left after REPORT_DAY: they still count on it."""
        candidates = [
            m
            for m in self.people.shuffled(m for branch in plan.kind(RURAL) for m in branch.members)
            if m.full_on is not None and not m.is_floating and not m.is_college_village_official
        ]
        for index, member in enumerate(candidates[: plan.spec.left_after]):
            member.left_on = self.people.date_between(datetime.date(2021, 1, 5), datetime.date(2023, 6, 30))
            if index % 2:
                member.leave_reason = LeaveReason.DECEASED
                member.leave_note = "因病去世"
            else:
                member.leave_reason = LeaveReason.TRANSFERRED_OUT
                member.leave_note = f"组织关系转往{self.rng.choice(FLOATING_TO)}"

    def extra_members(self, plan: TownshipPlan) -> None:
        """Members who do not count on REPORT_DAY: left before it, or joined after it."""
        rng = self.rng
        rural, office = plan.kind(RURAL), plan.kind(OFFICE)
        for index in range(plan.spec.left_before):
            branch = office[0] if index == 0 else rng.choice(rural)
            band = "old" if index % 3 == 1 else "middle"
            member = self.member(
                plan.spec,
                branch,
                band=band,
                female=rng.random() < 0.15,
                minority=branch.kind == RURAL,
                higher=branch.kind == OFFICE,
            )
            # Half left in 2019, half in 2020 (still counted at the end of 2019).
            if index % 2:
                member.left_on = self.people.date_between(datetime.date(2019, 3, 1), datetime.date(2019, 12, 20))
            else:
                member.left_on = self.people.date_between(datetime.date(2020, 1, 10), datetime.date(2020, 10, 31))
            if band == "old":
                member.leave_reason = LeaveReason.DECEASED
                member.leave_note = "因病去世"
            else:
                member.leave_reason = LeaveReason.TRANSFERRED_OUT
                member.leave_note = f"组织关系转往{rng.choice(FLOATING_TO)}"
            branch.members.append(member)
        for index in range(plan.spec.joined_after):
            branch = office[index % len(office)] if index % 4 == 3 else rng.choice(rural)
            member = self.member(
                plan.spec,
                branch,
                band="young",
                female=rng.random() < 0.3,
                minority=rng.random() < 0.8,
                higher=branch.kind == OFFICE,
                joins_later=True,
            )
            branch.members.append(member)


@dataclass
class DemoCounty:
    county: Organization
    plans: list[TownshipPlan]
    accounts: list[str]  # accounts created now (existing ones are left alone)
    skipped_accounts: list[str]


@transaction.atomic
def build_demo_county(*, with_report: bool = False) -> DemoCounty:
    """示范县 with its townships and the demo accounts; with_report adds 清水乡's 2020 plan and report."""
    people = People(SEED)
    county = Organization.objects.create(
        name=COUNTY_NAME,
        level=Level.COUNTY,
        category=Category.GENERAL,
        founded_on=datetime.date(1950, 3, 1),
        secretary=people.name(Gender.MALE, HAN),
    )
    builder = TownshipBuilder(people)
    plans = [builder.build_township(county, spec, order) for order, spec in enumerate(TOWNSHIPS, 1)]
    townships = {plan.spec.name: plan.township for plan in plans}
    # Development, meetings and trainings after the seed reports (after every member is built).
    build_development(people, townships)
    # 分类定级, 软弱涣散整顿, committees and villages' years after the seeds (demo/assessments.py).
    seed_assessments(plans, people)
    created, skipped = create_accounts(county, townships)
    if with_report:
        # 清水乡's 2020 key tasks and report after the seed report, ready to submit.
        seed_plan_2020(plans[0].township)
        seed_report_2020(plans[0].township)
    return DemoCounty(county, plans, created, skipped)


def create_accounts(county: Organization, townships: dict[str, Organization]) -> tuple[list[str], list[str]]:
    User = get_user_model()
    accounts = [
        ("xiang", "清水乡党建办", Role.TOWNSHIP_STAFF, townships["清水乡"]),
        ("ling", "长岭乡党建办", Role.TOWNSHIP_STAFF, townships["长岭乡"]),
        ("xian", "示范县委组织部", Role.COUNTY_REVIEWER, county),
    ]
    created, skipped = [], []
    for username, first_name, role, scope in accounts:
        if User.objects.filter(username=username).exists():
            skipped.append(username)
            continue
        user = User.objects.create_user(username=username, password=PASSWORD, first_name=first_name)
        Profile.objects.create(user=user, role=role, scope=scope)
        created.append(f"{username}（{first_name}，{role.label}）")
    if User.objects.filter(username="admin").exists():
        skipped.append("admin")
    else:
        User.objects.create_superuser(username="admin", email="", password=PASSWORD, first_name="系统管理员")
        created.append("admin（系统管理员）")
    return created, skipped

"""Demo data: county 示范县 with townships 清水乡 and 长岭乡, and four demo accounts.

    python manage.py seed_demo             # build the demo; a second run changes nothing
    python manage.py seed_demo --if-empty  # build only into a database without any organization

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
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Profile, Role
from organizations.ethnicities import HAN
from organizations.idcard import check_digit
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
    born_on_or_before_for_age,
)
from planning.demo import seed_plan_2020
from reports.demo import seed_report_2020

SEED = 20201115
REPORT_DAY = datetime.date(2020, 11, 15)
# A full member on REPORT_DAY became full by then, one year after joining.
LATEST_FULL_JOIN = datetime.date(2019, 11, 15)
PROBATIONARY_JOINS = (datetime.date(2019, 12, 1), datetime.date(2020, 11, 10))
LATER_JOINS = (datetime.date(2021, 1, 10), datetime.date(2021, 10, 31))

COUNTY_NAME = "示范县"
PASSWORD = "demo-pass-2026"

# GB/T 3304 codes, see organizations/ethnicities.py.
MIAO, YI, ZHUANG, YAO = "06", "07", "08", "13"

# Region code of the demo ID numbers: deliberately not an assigned county code,
# so no generated number can be a real person's.
REGION_CODE = "532699"

RURAL, COOPERATIVE, OFFICE = "rural", "cooperative", "office"


@dataclass(frozen=True)
class Quota:
    """Exact figures, on REPORT_DAY, for one kind of branch in one township."""

    total: int
    women: int
    young: int  # 35 or under
    old: int  # 60 or over
    minority: int
    higher: int  # 大专及以上
    probationary: int


@dataclass(frozen=True)
class VillageSpec:
    name: str  # 三卡村委会
    committee: str  # its 村党委 or 党总支
    level: str
    groups: int
    branches: int
    # Place names for the first village-group branches, from the seed report.
    first_places: tuple[str, ...] = ()


@dataclass(frozen=True)
class TownshipSpec:
    name: str
    location: str
    area_km2: Decimal
    natural_villages: int
    other_units: str
    households: int
    population: int
    minority_population: int
    ethnic_groups: str
    profile_years: tuple[int, ...]
    villages: tuple[VillageSpec, ...]
    cooperatives: tuple[str, ...]
    offices: tuple[tuple[str, str, int], ...]  # name, category, relative size
    quotas: dict[str, Quota]
    minority_mix: tuple[tuple[str, int], ...]  # ethnicity code, weight
    weak_branches: tuple[str, ...] = ()
    college_village_officials: int = 0
    left_before: int = 0  # left before REPORT_DAY: not counted on it
    joined_after: int = 0  # joined in 2021: not counted on REPORT_DAY
    left_after: int = 0  # left after REPORT_DAY: still counted on it


QINGSHUI = TownshipSpec(
    name="清水乡",
    location="位于示范县西北部，距县城83公里",
    area_km2=Decimal("413"),
    natural_villages=87,
    other_units="清水江林业局一、二林场",
    households=6158,
    population=23082,
    minority_population=20182,
    ethnic_groups="汉、壮、苗、瑶、彝",
    profile_years=(2019, 2020),
    villages=(
        VillageSpec("三卡村委会", "三卡村党委", Level.VILLAGE_COMMITTEE, 25, 12, ("坝干",)),
        VillageSpec("大田村委会", "大田村党总支", Level.GENERAL_BRANCH, 23, 12, ("安富",)),
        VillageSpec("清水江村委会", "清水江村党总支", Level.GENERAL_BRANCH, 24, 12, ("德窝",)),
        VillageSpec("者偏村委会", "者偏村党总支", Level.GENERAL_BRANCH, 21, 10),
    ),
    cooperatives=(
        "鑫民茶叶种植农民专业合作社党支部",
        "安美黄牛养殖农民专业合作社党支部",
        "旺峰黄牛养殖农民专业合作社党支部",
    ),
    offices=(
        ("清水乡机关第一党支部", Category.ORGAN, 18),
        ("清水乡机关第二党支部", Category.ORGAN, 16),
        ("清水乡机关第三党支部", Category.ORGAN, 12),
        ("清水乡卫生院党支部", Category.INSTITUTION, 10),
        ("清水乡农业服务中心党支部", Category.INSTITUTION, 8),
    ),
    quotas={
        RURAL: Quota(total=461, women=50, young=145, old=90, minority=401, higher=60, probationary=10),
        COOPERATIVE: Quota(total=21, women=3, young=6, old=1, minority=19, higher=4, probationary=1),
        OFFICE: Quota(total=64, women=16, young=26, old=2, minority=36, higher=56, probationary=2),
    },
    minority_mix=((ZHUANG, 45), (MIAO, 30), (YAO, 15), (YI, 10)),
    weak_branches=("坝干党支部",),
    college_village_officials=1,
    left_before=6,
    joined_after=8,
    left_after=2,
)

CHANGLING = TownshipSpec(
    name="长岭乡",
    location="位于示范县东南部，距县城46公里",
    area_km2=Decimal("226.50"),
    natural_villages=41,
    other_units="",
    households=3270,
    population=12480,
    minority_population=3950,
    ethnic_groups="汉、彝、苗、壮",
    profile_years=(2020,),
    villages=(
        VillageSpec("长岭村委会", "长岭村党总支", Level.GENERAL_BRANCH, 16, 5),
        VillageSpec("龙洞村委会", "龙洞村党总支", Level.GENERAL_BRANCH, 14, 4),
    ),
    cooperatives=("长岭核桃种植农民专业合作社党支部",),
    offices=(
        ("长岭乡机关第一党支部", Category.ORGAN, 10),
        ("长岭乡机关第二党支部", Category.ORGAN, 8),
        ("长岭乡卫生院党支部", Category.INSTITUTION, 6),
        ("长岭乡中心学校党支部", Category.SCHOOL, 8),
    ),
    quotas={
        RURAL: Quota(total=112, women=22, young=30, old=28, minority=40, higher=10, probationary=4),
        COOPERATIVE: Quota(total=8, women=2, young=3, old=1, minority=3, higher=1, probationary=0),
        OFFICE: Quota(total=32, women=12, young=12, old=1, minority=8, higher=26, probationary=1),
    },
    minority_mix=((YI, 60), (MIAO, 25), (ZHUANG, 15)),
    left_before=2,
    joined_after=3,
    left_after=1,
)

TOWNSHIPS = (QINGSHUI, CHANGLING)

# Names: common surnames (by ethnicity, as in the south-east of Yunnan) and given-name characters.
SURNAMES = {
    HAN: "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭罗梁宋郑谢唐许邓冯曾彭苏卢蒋蔡",
    ZHUANG: "陆黄农韦侬梁潘罗李王",
    MIAO: "王杨陶熊项侯马李张古",
    YAO: "邓盘赵李冯黄蒋",
    YI: "李普王罗张杨何沙",
}
GIVEN = {
    Gender.MALE: "国建明军华文学光永成志海忠林德福贵祥荣兴平云强勇伟刚东江春发才金顺昌宏斌涛超鹏俊杰浩磊宇轩正开松",
    Gender.FEMALE: "秀英兰芳丽梅琼艳燕珍凤玉萍娟慧敏婷霞琴莲桂娅雪娜倩美春红",
}
RARE_GIVEN = {Gender.MALE: "堃喆", Gender.FEMALE: "玥琤"}

# Village-group place names are drawn from these two columns.
PLACE_FIRST = "大小上下新老中坝田岩箐龙马木者那平石竹茶松白黑红羊牛法补阿戈普底落干腊沙杉"
PLACE_SECOND = "寨坝田冲箐坡塘湾沟脚房窝凹山洞庄岭河岗子卡洒乍"

FLOATING_TO = ("广东省东莞市", "广东省深圳市", "广东省佛山市", "浙江省义乌市", "福建省晋江市", "云南省昆明市")
PHONE_PREFIXES = ("138", "139", "150", "151", "152", "157", "158", "159", "183", "187", "188", "199")


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


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return datetime.date(day.year + years, 3, 1)


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


class Command(BaseCommand):
    help = "建立演示数据：示范县（清水乡、长岭乡）和演示账号（密码 demo-pass-2026）。重复运行不会改动已有数据。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="数据库里已有任何党组织时什么也不做（make run 用）。",
        )
        parser.add_argument(
            "--with-report",
            action="store_true",
            help="同时建立清水乡2020年重点任务和按种子报告写好的2020年汇报（make run 用）。",
        )

    def handle(self, *args, **options):
        if options["if_empty"] and Organization.objects.exists():
            self.stdout.write("数据库里已有党组织，未建立演示数据。")
            return
        if Organization.objects.filter(level=Level.COUNTY, name=COUNTY_NAME).exists():
            self.stdout.write(f"演示数据（{COUNTY_NAME}）已经存在，未做任何改动。")
            return

        self.rng = random.Random(SEED)
        self.used_names: set[str] = set()
        self.used_ids: set[str] = set()
        with transaction.atomic():
            county = Organization(
                name=COUNTY_NAME,
                level=Level.COUNTY,
                category=Category.GENERAL,
                founded_on=datetime.date(1950, 3, 1),
                secretary=self.name(Gender.MALE, HAN),
            )
            county.save()
            plans = [self.build_township(county, spec, order) for order, spec in enumerate(TOWNSHIPS, 1)]
            accounts = self.create_accounts(county, {plan.spec.name: plan.township for plan in plans})
            if options["with_report"]:
                # 清水乡's 2020 key tasks and report after the seed report, ready to submit.
                seed_plan_2020(plans[0].township)
                seed_report_2020(plans[0].township)
        self.summary(plans, accounts)

    # -- organizations ----------------------------------------------------------------

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

        for org in plan.orgs:
            org.save()
        Member.objects.bulk_create(plan.members)
        return plan

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
                is_weak=name in plan.spec.weak_branches,
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

    # -- members ----------------------------------------------------------------------

    def shuffled(self, items) -> list:
        items = list(items)
        self.rng.shuffle(items)
        return items

    def members_of_kind(self, plan: TownshipPlan, kind: str, quota: Quota) -> None:
        """Exactly ``quota`` among the members counted on REPORT_DAY in this kind of branch."""
        n = quota.total
        order = self.shuffled(range(n))
        band = dict.fromkeys(order[: quota.young], "young")
        band.update(dict.fromkeys(order[quota.young : quota.young + quota.old], "old"))
        band.update(dict.fromkeys(order[quota.young + quota.old :], "middle"))
        young = self.shuffled(i for i in range(n) if band[i] == "young")
        probationary = set(young[: quota.probationary])
        women = set(self.shuffled(range(n))[: quota.women])
        minority = set(self.shuffled(range(n))[: quota.minority])
        rank = {"young": 0, "middle": 1, "old": 2}
        # 大专及以上: mostly the younger members.
        higher = set(sorted(range(n), key=lambda i: rank[band[i]] + self.rng.random() * 1.5)[: quota.higher])

        branches = plan.kind(kind)
        sizes = allocate(n, [branch.weight for branch in branches], minimum=3)
        slots = self.shuffled(range(n))
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
        ethnicity = self.weighted(spec.minority_mix) if minority else HAN
        if band == "young":
            age = rng.randint(20, 30) if probationary or joins_later else rng.randint(20, 35)
        elif band == "middle":
            age = rng.randint(36, 59)
        else:
            age = 60 + int(rng.triangular(0, 28.99, 3))
        birth = self.birth_date(age)

        if probationary:
            # Admitted within the year before the seed's date, so still probationary on it;
            # converted on time a year later, as most are.
            joined_on = self.date_between(*PROBATIONARY_JOINS)
            full_on = add_years(joined_on, 1)
        elif joins_later:
            joined_on = self.date_between(*LATER_JOINS)
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
            name=self.name(gender, ethnicity),
            gender=gender,
            ethnicity=ethnicity,
            birth_date=birth,
            education=self.education(branch.kind, band, higher),
            occupation=self.occupation(category, band, higher, is_floating),
            organization=branch.org,
            village_group=rng.choice(branch.groups) if branch.groups else None,
            joined_on=joined_on,
            full_on=full_on,
            is_floating=is_floating,
            floating_to=rng.choice(FLOATING_TO) if is_floating else "",
            id_number=self.id_number(birth, gender) if rng.random() < 0.7 else None,
            phone=self.phone() if rng.random() < (0.5 if band == "old" else 0.9) else "",
        )
        return member

    def college_village_officials(self, plan: TownshipPlan) -> None:
        candidates = [
            m
            for m in self.shuffled(m for branch in plan.kind(RURAL) for m in branch.members)
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
            for m in self.shuffled(m for branch in plan.kind(RURAL) for m in branch.members)
            if m.full_on is not None and not m.is_floating and not m.is_college_village_official
        ]
        for index, member in enumerate(candidates[: plan.spec.left_after]):
            member.left_on = self.date_between(datetime.date(2021, 1, 5), datetime.date(2023, 6, 30))
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
                member.left_on = self.date_between(datetime.date(2019, 3, 1), datetime.date(2019, 12, 20))
            else:
                member.left_on = self.date_between(datetime.date(2020, 1, 10), datetime.date(2020, 10, 31))
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

    # -- attributes -------------------------------------------------------------------

    def weighted(self, choices):
        values, weights = zip(*choices, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    def date_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        day = start + datetime.timedelta(days=self.rng.randint(0, (end - start).days))
        return day.replace(day=28) if (day.month, day.day) == (2, 29) else day

    def birth_date(self, age: int) -> datetime.date:
        """A birth date giving exactly ``age`` full years on REPORT_DAY."""
        latest = born_on_or_before_for_age(REPORT_DAY, age)
        earliest = born_on_or_before_for_age(REPORT_DAY, age + 1) + datetime.timedelta(days=1)
        return earliest + datetime.timedelta(days=self.rng.randint(0, (latest - earliest).days))

    def education(self, kind: str, band: str, higher: bool) -> str:
        if higher:
            if kind == OFFICE:
                return self.weighted(((Education.POSTGRADUATE, 1), (Education.BACHELOR, 12), (Education.COLLEGE, 7)))
            return self.weighted(((Education.BACHELOR, 2), (Education.COLLEGE, 3)))
        if band == "old":
            return self.weighted(((Education.JUNIOR_OR_BELOW, 9), (Education.HIGH_SCHOOL, 1)))
        if kind == OFFICE:
            return self.weighted(((Education.SECONDARY_VOCATIONAL, 3), (Education.HIGH_SCHOOL, 2)))
        return self.weighted(
            ((Education.JUNIOR_OR_BELOW, 5), (Education.HIGH_SCHOOL, 3), (Education.SECONDARY_VOCATIONAL, 2))
        )

    def occupation(self, category: str, band: str, higher: bool, floating: bool) -> str:
        if floating:
            return Occupation.WORKER  # 外出务工
        if category == Category.ORGAN:
            if band == "old":
                return Occupation.RETIRED
            return self.weighted(((Occupation.CIVIL_SERVANT, 6), (Occupation.WORKER, 1)))
        if category in (Category.INSTITUTION, Category.SCHOOL):
            if band == "old":
                return Occupation.RETIRED
            return self.weighted(((Occupation.PROFESSIONAL, 6), (Occupation.MANAGER, 1), (Occupation.WORKER, 1)))
        if category == Category.COOPERATIVE:
            return self.weighted(((Occupation.FARMER, 3), (Occupation.MANAGER, 1)))
        if higher and band == "young":
            return self.weighted(((Occupation.FARMER, 2), (Occupation.OTHER, 1), (Occupation.MANAGER, 1)))
        return self.weighted(((Occupation.FARMER, 17), (Occupation.WORKER, 2), (Occupation.OTHER, 1)))

    def name(self, gender: str, ethnicity: str) -> str:
        rng = self.rng
        surnames = SURNAMES.get(ethnicity, SURNAMES[HAN])
        for _ in range(50):
            length = 1 if rng.random() < 0.3 else 2
            given = [rng.choice(GIVEN[gender]) for _ in range(length)]
            if rng.random() < 0.012:
                given[-1] = rng.choice(RARE_GIVEN[gender])
            name = rng.choice(surnames) + "".join(given)
            if name not in self.used_names:
                break
        self.used_names.add(name)
        return name

    def id_number(self, birth: datetime.date, gender: str) -> str:
        """A valid GB 11643 number: birth date, gender digit (odd: male) and check digit agree."""
        while True:
            serial = self.rng.randrange(1000)
            if serial % 2 != (1 if gender == Gender.MALE else 0):
                serial ^= 1
            first17 = f"{REGION_CODE}{birth:%Y%m%d}{serial:03d}"
            number = first17 + check_digit(first17)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def phone(self) -> str:
        return self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    # -- accounts and summary ---------------------------------------------------------

    def create_accounts(self, county: Organization, townships: dict[str, Organization]) -> list[str]:
        User = get_user_model()
        accounts = [
            ("xiang", "清水乡党建办", Role.TOWNSHIP_STAFF, townships["清水乡"]),
            ("ling", "长岭乡党建办", Role.TOWNSHIP_STAFF, townships["长岭乡"]),
            ("xian", "示范县委组织部", Role.COUNTY_REVIEWER, county),
        ]
        created = []
        for username, first_name, role, scope in accounts:
            if User.objects.filter(username=username).exists():
                self.stderr.write(f"账号 {username} 已经存在，未改动。")
                continue
            user = User.objects.create_user(username=username, password=PASSWORD, first_name=first_name)
            Profile.objects.create(user=user, role=role, scope=scope)
            created.append(f"{username}（{first_name}，{role.label}）")
        if User.objects.filter(username="admin").exists():
            self.stderr.write("账号 admin 已经存在，未改动。")
        else:
            User.objects.create_superuser(username="admin", email="", password=PASSWORD, first_name="系统管理员")
            created.append("admin（系统管理员）")
        return created

    def summary(self, plans: list[TownshipPlan], accounts: list[str]) -> None:
        self.stdout.write(self.style.SUCCESS(f"已建立演示数据：{COUNTY_NAME}"))
        for plan in plans:
            members = plan.members
            counted = sum(counted_on(m, REPORT_DAY) for m in members)
            levels = [org.level for org in plan.orgs]
            self.stdout.write(
                f"  {plan.spec.name}：党组织 {len(plan.orgs)} 个"
                f"（村党委 {levels.count(Level.VILLAGE_COMMITTEE)}、党总支 {levels.count(Level.GENERAL_BRANCH)}、"
                f"党支部 {levels.count(Level.BRANCH)}），"
                f"村委会 {len(plan.spec.villages)} 个、村民小组 {sum(v.groups for v in plan.spec.villages)} 个，"
                f"{REPORT_DAY:%Y-%m-%d} 党员 {counted} 名（另有 {len(members) - counted} 名不在该日党员之列）"
            )
        if accounts:
            self.stdout.write(f"演示账号（密码 {PASSWORD}）：" + "、".join(accounts))

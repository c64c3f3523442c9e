"""Assessments, rectifications, committees and villages' years of the demo townships, after the seeds.

清水乡 2020 (seed 2020 key-tasks report): 坝干党支部 rectified from 软弱涣散 (completed before
2020-11-15); 37 village-group branch secretaries who are also 村民小组长 (「一肩挑」);
41 reserve cadres; 4 villages whose collective income adds up to 20.79万元; committees
elected in 2016 (villages, due in 2021) and 2018–2019 (elsewhere).

长岭乡 2023 (seed 2023 work report): a 非公企业 branch founded in June 2023, so 53 基层党组织
on 2023-12-31, classified 14 先进 / 38 中间 / 1 后进; 卜戛村党总支 rectified from 软弱涣散
in 2023; 19 结对共建 pairs; 7 villages all at or above 5万元; 6 new members admitted in
2023; committees elected in the 2021 换届, a few 机关 ones due or overdue at the end of 2023.

Its own random generator, so the townships the builder made stay exactly as they are.
"""

import datetime
import random
from decimal import Decimal

from assessments.models import Assessment, CommitteePost, Grade, Pairing, Post, Rectification
from dangjian.dates import add_years
from demo.people import People
from demo.specs import BLANK_GROUPS_DAY
from organizations.ethnicities import HAN
from organizations.models import Category, Education, Gender, Level, Member, Occupation, Organization, VillageYear

SEED = 20231231
QINGSHUI_YEAR, CHANGLING_YEAR = 2020, 2023
QINGSHUI_DAY = datetime.date(2020, 11, 15)
CHANGLING_DAY = BLANK_GROUPS_DAY

QINGSHUI_INCOMES = ("5.36", "4.87", "6.02", "4.54")  # 20.79万元 together, as the seed says
QINGSHUI_RESERVE_CADRES = (11, 10, 11, 9)  # 41
QINGSHUI_GROUP_LEADERS = 37
CHANGLING_INCOMES = ("6.35", "5.62", "8.10", "5.08", "12.40", "7.25", "5.90")  # all ≥ 5万元
CHANGLING_SOURCES = (
    "苹果园土地流转分红",
    "光伏发电收益",
    "千亩苹果园集体分红",
    "万寿菊种植服务费",
    "农贸市场铺面租赁",
    "黑山羊养殖合作社分红",
    "金银花种植基地租金",
)
CHANGLING_ONE_SHOULDER = 5  # villages whose secretary became director in the 2021 换届
CHANGLING_GRADES = (14, 38, 1)
CHANGLING_PAIRS = 19
CHANGLING_NEW_MEMBERS = 6
ENTERPRISE = "长岭乡金银花种植有限公司党支部"
ENTERPRISE_FOUNDED = datetime.date(2023, 6, 18)


def seed_assessments(plans, people: People) -> None:
    rng = random.Random(SEED)
    for plan in plans:
        if plan.spec.name == "清水乡":
            seed_qingshui(plan.township, rng)
        elif plan.spec.name == "长岭乡":
            seed_changling(plan.township, rng, people)


def _below(township) -> list[Organization]:
    return list(Organization.objects.subtree(township).exclude(pk=township.pk).order_by("path"))


def _members_by_org(township) -> dict[int, list[Member]]:
    out: dict[int, list[Member]] = {}
    for member in Member.objects.under(township).order_by("pk"):
        out.setdefault(member.organization_id, []).append(member)
    return out


def _eligible(members: list[Member], on: datetime.date) -> list[Member]:
    """Full members on ``on`` who never leave: committee members stay in office in every later year."""
    return [m for m in members if m.left_on is None and m.full_on and m.full_on <= on]


def _committees(township, elections: dict[int, datetime.date], rng: random.Random) -> dict[int, Member]:
    """A secretary (the organization's recorded 书记 where possible) and, with enough members,
    组织委员 and 宣传委员, elected on the date given per organization. Returns secretaries by organization."""
    orgs = _below(township)
    by_org = _members_by_org(township)
    secretaries: dict[int, Member] = {}
    posts = []
    for org in orgs:
        if org.pk not in elections:
            continue
        elected = elections[org.pk]
        pool = [m for o in orgs if o.path.startswith(org.path) for m in by_org.get(o.pk, [])]
        # A 党总支's committee comes from its branches' members, so it may share them with a branch committee.
        candidates = _eligible(pool, elected)
        if not candidates:
            continue
        secretary = next((m for m in candidates if m.name == org.secretary), candidates[0])
        chosen = [secretary] + [m for m in rng.sample(candidates, len(candidates)) if m != secretary][:2]
        for member, post in zip(chosen, (Post.SECRETARY, Post.ORGANIZATION, Post.PROPAGANDA), strict=False):
            posts.append(CommitteePost(organization=org, member=member, post=post, started_on=elected))
        secretaries[org.pk] = secretary
        if org.secretary != secretary.name:
            Organization.objects.filter(pk=org.pk).update(secretary=secretary.name)
    CommitteePost.objects.bulk_create(posts)
    return secretaries


def _village_org(orgs: list[Organization], village_id: int) -> Organization:
    return next(o for o in orgs if o.village_id == village_id and o.level != Level.BRANCH)


def seed_qingshui(township, rng: random.Random) -> None:
    orgs = _below(township)
    elections = {}
    for org in orgs:
        if org.category == Category.RURAL:
            # Village committees elected in April 2016 (due April 2021, flagged in November 2020);
            # their branches in July 2016.
            elections[org.pk] = datetime.date(2016, 4, 12) if org.level != Level.BRANCH else datetime.date(2016, 7, 8)
        else:
            elections[org.pk] = datetime.date(2018 + org.pk % 2, 3 + org.pk % 6, 10)
    secretaries = _committees(township, elections, rng)
    rural_branches = [o for o in orgs if o.level == Level.BRANCH and o.category == Category.RURAL]
    CommitteePost.objects.bulk_create(
        CommitteePost(
            organization=org, member=secretaries[org.pk], post=Post.GROUP_LEADER, started_on=elections[org.pk]
        )
        for org in rural_branches[:QINGSHUI_GROUP_LEADERS]
    )
    badan = next(o for o in orgs if o.name == "坝干党支部")
    Rectification.objects.create(
        organization=badan,
        reason="班子软弱，组织生活不经常、不认真，党员作用发挥不明显。",
        plan="制订《三卡村坝干党支部软弱涣散整顿方案》，党委副书记、挂钩领导、挂村工作队、第一书记、驻村工作队多方协作，加强具体指导。",
        responsible="乡党委副书记",
        started_on=datetime.date(2020, 3, 16),
        deadline=datetime.date(2020, 10, 31),
        completed_on=datetime.date(2020, 9, 28),
    )
    villages = list(township.villages.order_by("sort_order"))
    VillageYear.objects.bulk_create(
        VillageYear(
            village=village,
            year=QINGSHUI_YEAR,
            collective_income=Decimal(income),
            income_source="产业扶贫项目收益",
            reserve_cadres=cadres,
        )
        for village, income, cadres in zip(villages, QINGSHUI_INCOMES, QINGSHUI_RESERVE_CADRES, strict=True)
    )


def seed_changling(township, rng: random.Random, people: People) -> None:
    enterprise = Organization(
        name=ENTERPRISE,
        level=Level.BRANCH,
        category=Category.PRIVATE_ENTERPRISE,
        parent=township,
        founded_on=ENTERPRISE_FOUNDED,
        sort_order=300,
    )
    enterprise.save()
    # Its members came to the company after the 2020 report: joined in 2021–2022, full by 2023.
    new_members = [
        Member(
            name=people.name(gender, HAN),
            gender=gender,
            ethnicity=HAN,
            birth_date=birth,
            education=Education.COLLEGE,
            occupation=Occupation.MANAGER,
            organization=enterprise,
            joined_on=joined,
            full_on=add_years(joined, 1),
            id_number=people.id_number(birth, gender),
        )
        for gender, birth, joined in (
            (Gender.MALE, datetime.date(1986, 4, 12), datetime.date(2021, 6, 28)),
            (Gender.FEMALE, datetime.date(1992, 9, 3), datetime.date(2021, 11, 20)),
            (Gender.MALE, datetime.date(1979, 1, 25), datetime.date(2022, 6, 30)),
        )
    ]
    orgs = _below(township)
    rural_branches = [o for o in orgs if o.level == Level.BRANCH and o.category == Category.RURAL]
    # 2023年发展党员6人: admitted in 2023, still probationary at the end of the year.
    for index in range(CHANGLING_NEW_MEMBERS):
        branch = rural_branches[index * 5 % len(rural_branches)]
        gender = Gender.FEMALE if index % 3 == 0 else Gender.MALE
        birth = datetime.date(1995 + index, 1 + index, 10 + index)
        new_members.append(
            Member(
                name=people.name(gender, HAN),
                gender=gender,
                ethnicity=HAN,
                birth_date=birth,
                education=Education.HIGH_SCHOOL,
                occupation=Occupation.FARMER,
                organization=branch,
                village_group=branch.village.groups.order_by("sort_order").first(),
                joined_on=datetime.date(2023, 7, 1) + datetime.timedelta(days=20 * index),
            )
        )
    Member.objects.bulk_create(new_members)

    orgs = _below(township)
    elections = {}
    offices = [o for o in orgs if o.category in (Category.ORGAN, Category.INSTITUTION, Category.SCHOOL)]
    for org in orgs:
        if org.category == Category.RURAL:
            elections[org.pk] = datetime.date(2021, 3, 26)  # the 2021 村“两委”换届
        elif org.category == Category.PRIVATE_ENTERPRISE:
            elections[org.pk] = ENTERPRISE_FOUNDED
        else:
            elections[org.pk] = datetime.date(2022, 5, 20)
    # 机关 terms of 3 years: one overdue at the end of 2023, two due within six months.
    elections[offices[0].pk] = datetime.date(2020, 9, 15)
    elections[offices[1].pk] = datetime.date(2021, 3, 10)
    elections[offices[2].pk] = datetime.date(2021, 5, 28)
    secretaries = _committees(township, elections, rng)
    villages = list(township.villages.order_by("sort_order"))
    for village in villages[:CHANGLING_ONE_SHOULDER]:
        org = _village_org(orgs, village.pk)
        CommitteePost.objects.create(
            organization=org, member=secretaries[org.pk], post=Post.DIRECTOR, started_on=elections[org.pk]
        )
    VillageYear.objects.bulk_create(
        VillageYear(
            village=village,
            year=CHANGLING_YEAR,
            collective_income=Decimal(income),
            income_source=source,
            reserve_cadres=2,
        )
        for village, income, source in zip(villages, CHANGLING_INCOMES, CHANGLING_SOURCES, strict=True)
    )

    bujia = next(o for o in orgs if o.name == "卜戛村党总支")
    Rectification.objects.create(
        organization=bujia,
        reason="班子凝聚力不强，主题教育工作开展不够规范、台账资料不完善，集体经济发展缓慢。",
        plan="乡党委班子成员挂联，选派驻村第一书记，按“一支部一方案”整顿提升，半年内完成。",
        responsible="乡党委副书记",
        started_on=datetime.date(2022, 11, 8),
        deadline=datetime.date(2023, 8, 31),
        completed_on=datetime.date(2023, 8, 25),
    )

    # 53 organizations: 14 先进, 38 中间, 1 后进 — the 后进 one a village-group branch.
    advanced_n, middle_n, backward_n = CHANGLING_GRADES
    ranked = rng.sample(orgs, len(orgs))
    backward = [
        o for o in ranked if o.level == Level.BRANCH and o.category == Category.RURAL and o.parent_id != bujia.pk
    ][:backward_n]
    rest = [o for o in ranked if o not in backward and o != bujia]
    advanced = rest[:advanced_n]
    grades = {o.pk: Grade.ADVANCED for o in advanced}
    grades.update({o.pk: Grade.BACKWARD for o in backward})
    Assessment.objects.bulk_create(
        Assessment(
            organization=org,
            year=CHANGLING_YEAR,
            grade=grades.get(org.pk, Grade.MIDDLE),
            stars=5 if grades.get(org.pk) == Grade.ADVANCED else (2 if org.pk in grades else 3),
            standardized=grades.get(org.pk) != Grade.BACKWARD,
        )
        for org in orgs
    )
    partners = backward + [o for o in rest[advanced_n:] if o.pk not in grades][: CHANGLING_PAIRS - len(backward)]
    Pairing.objects.bulk_create(
        Pairing(township=township, year=CHANGLING_YEAR, advanced=advanced[i % len(advanced)], partner=partner)
        for i, partner in enumerate(partners)
    )

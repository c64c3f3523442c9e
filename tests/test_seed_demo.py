"""seed_demo: 清水乡 reproduces the seed report's 基本情况 on 2020-11-15.

Every figure is recounted here with plain ORM filters and Python loops over the
member rows, independently of organizations/selectors.py and any app
statistics code, so the seed and the statistics cannot agree by sharing a bug.
"""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import Q
from django.http import HttpRequest
from django.test import Client

from accounts.models import Profile, Role
from assessments.models import Rectification
from organizations.models import Category, Level, Member, Organization, TownshipProfile, Village, VillageGroup
from tests.factories import make_org

pytestmark = pytest.mark.django_db

DAY = datetime.date(2020, 11, 15)
END_2019 = datetime.date(2019, 12, 31)
HAN = "01"
ZHUANG, MIAO, YAO, YI = "08", "06", "13", "07"
HIGHER = {"postgraduate", "bachelor", "college"}
PASSWORD = "demo-pass-2026"


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # Four accounts with the production hasher cost about a second; the command is what is under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def qingshui():
    seed()
    return Organization.objects.get(name="清水乡", level=Level.TOWNSHIP)


def years_old(birth: datetime.date, day: datetime.date) -> int:
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


def counts_on(member: Member, day: datetime.date) -> bool:
    return member.joined_on <= day and (member.left_on is None or member.left_on > day)


def members_of(township: Organization) -> list[Member]:
    return list(Member.objects.filter(organization__path__startswith=township.path).select_related("organization"))


def below(township: Organization):
    return Organization.objects.filter(path__startswith=township.path).exclude(pk=township.pk)


def row_counts() -> dict[str, int]:
    models = (Organization, Village, VillageGroup, Member, TownshipProfile, User, Profile)
    return {model.__name__: model.objects.count() for model in models}


def test_county_and_townships(qingshui):
    county = Organization.objects.get(name="示范县")
    assert (county.level, county.category, county.parent_id) == (Level.COUNTY, Category.GENERAL, None)
    townships = Organization.objects.filter(level=Level.TOWNSHIP)
    assert sorted(t.name for t in townships) == ["清水乡", "长岭乡"]
    assert all(t.parent_id == county.pk and t.path.startswith(county.path) for t in townships)


def test_qingshui_organizations_by_level_and_category(qingshui):
    orgs = list(below(qingshui))
    assert len(orgs) == 58
    assert Counter(o.level for o in orgs) == {Level.VILLAGE_COMMITTEE: 1, Level.GENERAL_BRANCH: 3, Level.BRANCH: 54}
    branches = [o for o in orgs if o.level == Level.BRANCH]
    assert Counter(o.category for o in branches) == {
        Category.RURAL: 46,
        Category.COOPERATIVE: 3,
        Category.ORGAN: 3,
        Category.INSTITUTION: 2,
    }
    committees = [o for o in orgs if o.level in (Level.VILLAGE_COMMITTEE, Level.GENERAL_BRANCH)]
    assert all(c.category == Category.RURAL and c.parent_id == qingshui.pk and c.village_id for c in committees)

    by_pk = {o.pk: o for o in orgs}
    for branch in branches:
        if branch.category == Category.RURAL:
            parent = by_pk[branch.parent_id]
            assert parent.level in (Level.VILLAGE_COMMITTEE, Level.GENERAL_BRANCH)
            assert branch.village_id == parent.village_id is not None
        else:  # cooperatives and 机关事业 hang directly under the township
            assert branch.parent_id == qingshui.pk and branch.village_id is None
    names = {o.name for o in orgs}
    assert {"鑫民茶叶种植农民专业合作社党支部", "安美黄牛养殖农民专业合作社党支部"} <= names
    # 软弱涣散 is a rectification record now: 坝干党支部's was completed before the seed's date.
    rectified = Rectification.objects.filter(organization__path__startswith=qingshui.path)
    assert [(r.organization.name, r.is_open_on(DAY), r.completed_on <= DAY) for r in rectified] == [
        ("坝干党支部", False, True)
    ]
    assert all(o.secretary and o.founded_on for o in orgs)


def test_qingshui_villages_and_groups(qingshui):
    villages = Village.objects.filter(township=qingshui)
    assert villages.count() == 4
    assert "三卡村委会" in {v.name for v in villages}
    assert VillageGroup.objects.filter(village__township=qingshui).count() == 93
    # Every village committee carries one 村党委 or 党总支 and its own branches.
    for village in villages:
        assert (
            Organization.objects.filter(
                village=village, level__in=[Level.VILLAGE_COMMITTEE, Level.GENERAL_BRANCH]
            ).count()
            == 1
        )


def test_qingshui_profiles(qingshui):
    profiles = TownshipProfile.objects.filter(township=qingshui)
    assert sorted(p.year for p in profiles) == [2019, 2020]
    profile = profiles.get(year=2020)
    assert profile.location == "位于示范县西北部，距县城83公里"
    assert profile.area_km2 == 413
    assert (profile.natural_villages, profile.households, profile.population, profile.minority_population) == (
        87,
        6158,
        23082,
        20182,
    )
    assert profile.other_units == "清水江林业局一、二林场"
    assert profile.ethnic_groups == "汉、壮、苗、瑶、彝"


def test_qingshui_member_figures_on_report_day(qingshui):
    active = [m for m in members_of(qingshui) if counts_on(m, DAY)]
    assert len(active) == 546
    assert sum(m.gender == "F" for m in active) == 69
    assert sum(years_old(m.birth_date, DAY) <= 35 for m in active) == 177
    assert sum(years_old(m.birth_date, DAY) >= 60 for m in active) == 93
    assert sum(m.ethnicity != HAN for m in active) == 456
    assert sum(m.education in HIGHER for m in active) == 120
    assert sum(m.full_on is None or m.full_on > DAY for m in active) == 13
    assert sum(m.organization.category == Category.RURAL for m in active) == 461
    assert sum(m.is_college_village_official for m in active) == 1

    # The same total with a plain ORM filter.
    orm_total = (
        Member.objects.filter(organization__path__startswith=qingshui.path, joined_on__lte=DAY)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=DAY))
        .count()
    )
    assert orm_total == 546


def test_qingshui_member_plausibility(qingshui):
    members = members_of(qingshui)
    assert {m.ethnicity for m in members} <= {HAN, ZHUANG, MIAO, YAO, YI}
    rural = [m for m in members if m.organization.category == Category.RURAL]
    assert all(m.village_group_id and m.village_group.village_id == m.organization.village_id for m in rural)
    assert Counter(m.occupation for m in rural).most_common(1)[0][0] == "farmer"
    offices = [m for m in members if m.organization.category in (Category.ORGAN, Category.INSTITUTION)]
    assert {m.occupation for m in offices} <= {"civil_servant", "professional", "manager", "worker", "retired"}
    for m in members:
        assert years_old(m.birth_date, m.joined_on) >= 18
        assert m.joined_on <= DAY or m.joined_on.year == 2021
        if m.full_on:
            assert m.full_on == m.joined_on.replace(year=m.joined_on.year + 1)
        if m.is_floating:
            assert m.floating_to
    probationary = [m for m in members if counts_on(m, DAY) and (m.full_on is None or m.full_on > DAY)]
    assert len(probationary) == 13
    assert all(DAY - datetime.timedelta(days=366) < m.joined_on <= DAY for m in probationary)

    with_id = [m for m in members if m.id_number]
    assert 0.6 < len(with_id) / len(members) < 0.8
    assert len({m.id_number for m in with_id}) == len(with_id)
    assert any(m.is_floating for m in members)
    assert any(set(m.name) & set("堃玥琤喆") for m in members)


def test_point_in_time_members(qingshui):
    members = members_of(qingshui)
    left_before = [m for m in members if m.left_on and m.left_on <= DAY]
    joined_after = [m for m in members if m.joined_on > DAY]
    left_after = [m for m in members if m.left_on and m.left_on > DAY]
    assert len(left_before) >= 5 and all(m.leave_reason for m in left_before)
    assert {m.leave_reason for m in left_before} >= {"transferred_out", "deceased"}
    assert len(joined_after) >= 5
    assert len(left_after) >= 2 and all(counts_on(m, DAY) for m in left_after)

    # Counted on the report day but not at the end of 2019, and the other way round.
    assert any(counts_on(m, DAY) and not counts_on(m, END_2019) for m in members)
    assert any(counts_on(m, END_2019) and not counts_on(m, DAY) for m in members)
    assert sum(counts_on(m, END_2019) for m in members) != 546


def test_every_member_passes_full_clean():
    seed()
    members = Member.objects.select_related("organization", "village_group__village")
    assert members.count() > 600
    for member in members:
        member.full_clean()


def test_changling_is_a_different_township(qingshui):
    changling = Organization.objects.get(name="长岭乡")
    active = [m for m in members_of(changling) if counts_on(m, DAY)]
    assert 100 <= len(active) <= 200
    assert len(active) != 546
    assert TownshipProfile.objects.filter(township=changling, year=2020).exists()
    # Seven villages, each led by a 党总支, as in the 2023 work report (demo/specs.py).
    assert Village.objects.filter(township=changling).count() == 7
    assert not below(changling).filter(level=Level.VILLAGE_COMMITTEE).exists()
    assert below(changling).filter(level=Level.GENERAL_BRANCH).count() == 7


def test_second_run_changes_nothing():
    seed()
    before = row_counts()
    out = seed()
    assert "已经存在" in out
    assert row_counts() == before


def test_if_empty_does_nothing_on_a_non_empty_database(db):
    make_org(None, Level.COUNTY, "别的县", Category.GENERAL)
    out = seed("--if-empty")
    assert "未建立演示数据" in out
    assert Organization.objects.count() == 1
    assert not User.objects.exists()


def test_if_empty_seeds_an_empty_database(db):
    seed("--if-empty")
    assert Organization.objects.filter(name="示范县").exists()


@pytest.mark.parametrize(
    "username, role, scope",
    [
        ("xiang", Role.TOWNSHIP_STAFF, "清水乡"),
        ("ling", Role.TOWNSHIP_STAFF, "长岭乡"),
        ("xian", Role.COUNTY_REVIEWER, "示范县"),
    ],
)
def test_demo_accounts(username, role, scope):
    seed()
    # django-axes (login throttling) needs a request to authenticate against.
    assert Client().login(request=HttpRequest(), username=username, password=PASSWORD)
    user = User.objects.get(username=username)
    assert (user.profile.role, user.profile.scope.name) == (role, scope)
    assert not user.is_superuser


def test_demo_admin_account():
    seed()
    assert Client().login(request=HttpRequest(), username="admin", password=PASSWORD)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert User.objects.get(username="xiang").first_name == "清水乡党建办"


def test_with_report_the_2020_plan_and_report_are_ready_to_submit(qingshui_with_report):
    from planning.models import KeyTask
    from reports.models import Report
    from reports.submission import report_submit

    report = Report.objects.get(township=qingshui_with_report, year=2020)
    assert report.as_of == DAY
    assert KeyTask.objects.filter(area__township=qingshui_with_report, area__year=2020).count() == 13
    # The seed's data has warnings to acknowledge (terms falling due, an overdue task), no errors.
    version = report_submit(report=report, user=User.objects.get(username="xiang"), warnings_acknowledged=True)
    assert version.data["statistics"]["members"]["total"] == 546


@pytest.fixture
def qingshui_with_report(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed("--with-report")
    return Organization.objects.get(name="清水乡", level=Level.TOWNSHIP)

"""Assessments pages: 分类定级, 软弱涣散 rectification (the derived flag), pairs, committees and terms,
villages' years — and bad input refused in Chinese with nothing changed."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from assessments.models import Assessment, CommitteePost, Pairing, Post, Rectification, term_due_on
from organizations.forms import OrganizationForm
from organizations.models import Category, Level, VillageYear
from reports.document import build_document
from reports.models import Report
from tests.factories import make_member, make_org, make_village

DAY = datetime.date(2020, 11, 15)


def grade_data(org, grade="", stars="", standardized=False) -> dict:
    data = {f"o{org.pk}-grade": grade, f"o{org.pk}-stars": stars}
    if standardized:
        data[f"o{org.pk}-standardized"] = "on"
    return data


def test_staff_rate_a_branch_and_blank_removes_the_rating(staff_client, township, branch):
    url = reverse("assessment_year", args=[township.pk, 2020])
    response = staff_client.post(url, grade_data(branch, "backward", "2"))
    assert response.status_code == 302
    assessment = Assessment.objects.get(organization=branch, year=2020)
    assert (assessment.grade, assessment.stars, assessment.standardized) == ("backward", 2, False)
    staff_client.post(url, grade_data(branch))
    assert not Assessment.objects.exists()


def test_stars_without_a_grade_are_refused_and_nothing_changes(staff_client, township, branch):
    Assessment.objects.create(organization=branch, year=2020, grade="middle", stars=3)
    response = staff_client.post(
        reverse("assessment_year", args=[township.pk, 2020]), grade_data(branch, "", "4", standardized=True)
    )
    assert response.status_code == 400
    assert "请先选择分类定级，再填写星级或规范化达标。" in response.content.decode()
    assert Assessment.objects.get().stars == 3


def test_a_star_rating_outside_1_to_5_is_refused(staff_client, township, branch):
    response = staff_client.post(
        reverse("assessment_year", args=[township.pk, 2020]), grade_data(branch, "advanced", "6")
    )
    assert response.status_code == 400
    assert not Assessment.objects.exists()


def test_the_weak_flag_follows_the_open_rectification(staff_client, township, branch):
    make_member(branch)
    response = staff_client.post(
        reverse("rectification_create", args=[branch.pk]),
        {"reason": "组织生活不经常", "plan": "一支部一方案", "responsible": "乡党委副书记", "started_on": "2020-03-01"},
    )
    assert response.status_code == 302
    rectification = Rectification.objects.get()
    detail = staff_client.get(reverse("organization_detail", args=[branch.pk])).content.decode()
    assert "软弱涣散党组织" in detail
    report = Report.objects.create(township=township, year=2020, as_of=DAY, title="t", issuer="i", issued_on=DAY)
    assert "甲乡机关党支部正在进行软弱涣散党组织整顿" in "".join(build_document(report).sections[0].paragraphs)
    # Completed after the report's date: the 2020 report still says so; completed before: it does not.
    rectification.completed_on = datetime.date(2020, 12, 1)
    rectification.save()
    assert "甲乡机关党支部正在进行软弱涣散党组织整顿" in "".join(build_document(report).sections[0].paragraphs)
    rectification.completed_on = datetime.date(2020, 10, 1)
    rectification.save()
    paragraphs = "".join(build_document(report).sections[0].paragraphs)
    assert "完成甲乡机关党支部软弱涣散党组织整顿提升" in paragraphs and "正在进行" not in paragraphs


def test_the_organization_form_has_no_weak_checkbox(staff):
    assert "is_weak" not in OrganizationForm(user=staff).fields


def test_a_completion_before_the_listing_is_refused(staff_client, branch):
    response = staff_client.post(
        reverse("rectification_create", args=[branch.pk]),
        {"reason": "问题", "responsible": "书记", "started_on": "2020-03-01", "completed_on": "2020-02-01"},
    )
    assert response.status_code == 200
    assert "完成整顿日期不能早于列为软弱涣散的日期。" in response.content.decode()
    assert not Rectification.objects.exists()


def test_a_pair_of_one_organization_with_itself_is_refused(staff_client, township, branch):
    response = staff_client.post(
        reverse("pairing_create", args=[township.pk, 2020]), {"advanced": branch.pk, "partner": branch.pk}, follow=True
    )
    assert "结对的必须是两个不同的党组织。" in response.content.decode()
    assert not Pairing.objects.exists()


def test_a_pair_with_another_townships_organization_is_refused(staff_client, township, branch, other_branch):
    response = staff_client.post(
        reverse("pairing_create", args=[township.pk, 2020]),
        {"advanced": branch.pk, "partner": other_branch.pk},
        follow=True,
    )
    assert "没有添加结对" in response.content.decode()
    assert not Pairing.objects.exists()


def test_a_pair_with_an_organization_the_years_page_does_not_list_is_refused(staff_client, township, branch):
    # Founded in 2021: not one of 2020's 基层党组织, so the 2020 page does not offer it.
    later = make_org(township, name="甲乡新建党支部", founded_on=datetime.date(2021, 3, 1))
    url = reverse("pairing_create", args=[township.pk, 2020])
    page = staff_client.get(reverse("assessment_year", args=[township.pk, 2020])).content.decode()
    assert "甲乡新建党支部" not in page
    response = staff_client.post(url, {"advanced": branch.pk, "partner": later.pk}, follow=True)
    assert "没有添加结对" in response.content.decode()
    assert not Pairing.objects.exists()


def test_the_same_pair_twice_in_a_year_is_refused_in_chinese(staff_client, township, branch):
    partner = make_org(township, name="甲乡第二党支部")
    url = reverse("pairing_create", args=[township.pk, 2020])
    assert staff_client.post(url, {"advanced": branch.pk, "partner": partner.pk}).status_code == 302
    response = staff_client.post(url, {"advanced": branch.pk, "partner": partner.pk}, follow=True)
    assert response.status_code == 200
    assert "这两个党组织这一年度已经结对。" in response.content.decode()
    assert Pairing.objects.count() == 1


def test_terms_are_five_years_in_villages_and_three_elsewhere(township, branch):
    rural = make_org(township, Level.BRANCH, "一组党支部", Category.RURAL)
    community = make_org(township, Level.BRANCH, "社区党支部", Category.COMMUNITY)
    start = datetime.date(2016, 2, 29)
    assert term_due_on(rural, start) == datetime.date(2021, 3, 1)  # no 29 February in 2021
    assert term_due_on(community, start) == datetime.date(2021, 3, 1)
    assert term_due_on(branch, start) == datetime.date(2019, 3, 1)


def test_term_years_follow_the_settings(settings, branch):
    settings.COMMITTEE_TERM_YEARS = {"village": 5, "other": 4}
    assert term_due_on(branch, datetime.date(2020, 1, 1)) == datetime.date(2024, 1, 1)


def committee_data(posts: list[dict]) -> dict:
    data = {
        "posts-TOTAL_FORMS": len(posts),
        "posts-INITIAL_FORMS": 0,
        "posts-MIN_NUM_FORMS": 0,
        "posts-MAX_NUM_FORMS": 1000,
    }
    for i, post in enumerate(posts):
        data.update({f"posts-{i}-{key}": value for key, value in post.items()})
    return data


def test_a_committee_is_recorded_and_its_term_shown(staff_client, branch):
    secretary = make_member(branch, name="书记人")
    response = staff_client.post(
        reverse("committee_edit", args=[branch.pk]),
        committee_data([{"post": "secretary", "member": secretary.pk, "started_on": "2019-05-10"}]),
    )
    assert response.status_code == 302
    assert CommitteePost.objects.get().member == secretary
    page = staff_client.get(reverse("committee_edit", args=[branch.pk])).content.decode()
    assert "现任书记书记人，2019年5月10日任职，本届任期于<strong>2022年5月10日</strong>届满" in page


def test_a_committee_member_from_another_branch_is_refused(staff_client, township, branch):
    elsewhere = make_member(make_org(township, Level.BRANCH, "别的支部", Category.ORGAN))
    response = staff_client.post(
        reverse("committee_edit", args=[branch.pk]),
        committee_data([{"post": "secretary", "member": elsewhere.pk, "started_on": "2019-05-10"}]),
    )
    assert response.status_code == 400
    assert not CommitteePost.objects.exists()


def test_a_past_post_of_a_member_who_moved_branch_does_not_block_saving_the_committee(staff_client, township, branch):
    former = make_member(branch, name="老书记")
    new = make_member(branch, name="新书记")
    post = CommitteePost.objects.create(
        organization=branch,
        member=former,
        post="secretary",
        started_on=datetime.date(2015, 5, 10),
        ended_on=datetime.date(2020, 5, 10),
    )
    former.organization = make_org(township, name="别的支部")
    former.save()
    data = committee_data(
        [
            {
                "id": post.pk,
                "post": "secretary",
                "member": former.pk,
                "started_on": "2015-05-10",
                "ended_on": "2020-05-10",
            },
            {"post": "secretary", "member": new.pk, "started_on": "2020-05-10"},
        ]
    )
    data["posts-INITIAL_FORMS"] = 1
    response = staff_client.post(reverse("committee_edit", args=[branch.pk]), data)
    assert response.status_code == 302
    assert sorted(CommitteePost.objects.values_list("member__name", "ended_on")) == [
        ("新书记", None),
        ("老书记", datetime.date(2020, 5, 10)),
    ]


def test_a_director_post_needs_a_village_organization(branch):
    post = CommitteePost(organization=branch, member=make_member(branch), post=Post.DIRECTOR, started_on=DAY)
    with pytest.raises(ValidationError, match="只有依托村委会的党组织"):
        post.full_clean()


def test_the_dashboard_lists_overdue_terms(staff_client, branch):
    secretary = make_member(branch, name="老书记")
    CommitteePost.objects.create(
        organization=branch, member=secretary, post=Post.SECRETARY, started_on=datetime.date(2015, 1, 1)
    )
    page = staff_client.get(reverse("dashboard")).content.decode()
    assert "班子换届" in page and "甲乡机关党支部" in page and "老书记" in page and "已超期" in page


def test_village_years_are_saved_and_one_shoulder_is_derived_from_the_committee(staff_client, township):
    village = make_village(township, "一村", ["一组"])
    org = make_org(township, Level.GENERAL_BRANCH, "一村党总支", Category.RURAL, village=village)
    secretary = make_member(make_org(org, Level.BRANCH, "一组党支部", Category.RURAL, village=village))
    response = staff_client.post(
        reverse("village_years", args=[township.pk, 2020]),
        {
            f"v{village.pk}-collective_income": "5.5",
            f"v{village.pk}-reserve_cadres": "3",
            f"v{village.pk}-secretary_is_director": "false",
        },
    )
    assert response.status_code == 302
    row = VillageYear.objects.get()
    assert (row.collective_income, row.reserve_cadres, row.secretary_is_director) == (Decimal("5.50"), 3, False)
    report = Report.objects.create(township=township, year=2020, as_of=DAY, title="t", issuer="i", issued_on=DAY)
    [village_row] = build_document(report).statistics.assessments.villages
    assert village_row.one_shoulder is False  # no committee recorded: the year's row decides
    for post in (Post.SECRETARY, Post.DIRECTOR):
        CommitteePost.objects.create(
            organization=org, member=secretary, post=post, started_on=datetime.date(2018, 1, 1)
        )
    [village_row] = build_document(report).statistics.assessments.villages
    assert village_row.one_shoulder is True  # the committee says so


@pytest.mark.parametrize(
    "income, message",
    [("-1", "村集体经济收入不能是负数。"), ("1.234", "确认小数不超过 2 位"), ("很多", "输入一个数字。")],
)
def test_a_bad_income_is_refused_and_nothing_changes(staff_client, township, income, message):
    village = make_village(township, "一村")
    response = staff_client.post(
        reverse("village_years", args=[township.pk, 2020]), {f"v{village.pk}-collective_income": income}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not VillageYear.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_weak_flags_into_open_rectifications():
    executor = MigrationExecutor(connection)
    before = [("organizations", "0005_village_year"), ("assessments", "0001_initial")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Organization = apps.get_model("organizations", "Organization")
    county = Organization.objects.create(name="县", level="county", category="general", path="/1/")
    weak = Organization.objects.create(
        name="弱支部",
        level="branch",
        category="rural",
        parent=county,
        is_weak=True,
        founded_on=datetime.date(2010, 1, 1),
        secretary="张书记",
    )
    Organization.objects.create(name="好支部", level="branch", category="rural", parent=county)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    [rectification] = Rectification.objects.all()
    assert (rectification.organization_id, rectification.started_on, rectification.completed_on) == (
        weak.pk,
        datetime.date(2010, 1, 1),
        None,
    )
    assert rectification.responsible == "张书记"


def test_the_tree_badges_only_organizations_under_rectification_today(staff_client, township, branch):
    other = make_org(township, Level.BRANCH, "已整顿支部", Category.ORGAN)
    Rectification.objects.create(organization=branch, reason="r", responsible="p", started_on=datetime.date(2020, 1, 1))
    Rectification.objects.create(
        organization=other,
        reason="r",
        responsible="p",
        started_on=datetime.date(2020, 1, 1),
        completed_on=datetime.date(2020, 6, 1),
    )
    page = staff_client.get(reverse("organization_list")).content.decode()
    rows = {row.split("</a>")[0].rsplit(">", 1)[-1]: row for row in page.split('<tr class="tree-row">')[1:]}
    assert "软弱涣散" in rows["甲乡机关党支部"]
    assert "软弱涣散" not in rows["已整顿支部"]


def test_the_dashboard_lists_terms_due_within_six_months(staff_client, township, branch, settings):
    from django.utils import timezone

    today = timezone.localdate()
    # Elected three years ago next month (3-year term outside villages): due in about a month.
    started = today.replace(year=today.year - 3, day=1) + datetime.timedelta(days=40)
    CommitteePost.objects.create(
        organization=branch, member=make_member(branch, name="新书记"), post=Post.SECRETARY, started_on=started
    )
    page = staff_client.get(reverse("dashboard")).content.decode()
    assert "已超期0个，6个月内到期1个" in page and "新书记" in page and "6个月内到期</td>" in page

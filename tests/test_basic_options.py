"""一、基本情况 as each report chooses: every option changes the paragraph as specified.

甲乡 on 2020-11-15, worked out by hand (ages on that day):

    机关党支部   A 30岁 2015年入党 大学本科 公务员      B 70岁 1975年入党 初中 离退休
    事业党支部   C 50岁 2000年入党 大学专科 专业技术
    一组党支部   D 59岁 1985年入党 初中 农牧渔民 流动      E 25岁 2020年3月入党（预备）高中 农牧渔民
    企业党支部   F 35岁 2020年7月入党（预备）高中 农牧渔民 — the branch was founded on 2020-06-10

    35岁及以下 A E F = 3, 36—55岁 C = 1, 56岁及以上 B D = 2 (sum 6); 60岁及以上 B = 1
    农村党员 (rural branch) D E = 2; 农民党员 (occupation) D E F = 3; 初中及以下 B D = 2; 流动 D = 1
    新发展 2020: E F = 2; 入党时间: 三中全会前 B = 1, 三中全会后至十八大前 C D = 2, 十八大以来 A E F = 3
    D is the village committee's secretary: 1 village secretary, 50 or over.
"""

import datetime

import pytest
from django.urls import reverse

from assessments.models import CommitteePost, Post
from organizations.models import Category, Level
from reports.document import build_document
from reports.models import Report
from tests.factories import make_member, make_org, make_village

DAY = datetime.date(2020, 11, 15)


@pytest.fixture
def report(township):
    organ = make_org(township, Level.BRANCH, "机关党支部", Category.ORGAN)
    institution = make_org(township, Level.BRANCH, "事业党支部", Category.INSTITUTION)
    village = make_village(township, "一村", ["一组"])
    general = make_org(township, Level.GENERAL_BRANCH, "一村党总支", Category.RURAL, village=village)
    rural = make_org(general, Level.BRANCH, "一组党支部", Category.RURAL, village=village)
    enterprise = make_org(
        township, Level.BRANCH, "企业党支部", Category.PRIVATE_ENTERPRISE, founded_on=datetime.date(2020, 6, 10)
    )
    group = village.groups.get()

    def member(org, name, born, joined, full=True, **fields):
        return make_member(
            org,
            name=name,
            birth_date=born,
            joined_on=joined,
            full_on=joined.replace(year=joined.year + 1) if full else None,
            **fields,
        )

    member(
        organ,
        "A",
        datetime.date(1990, 1, 1),
        datetime.date(2015, 7, 1),
        education="bachelor",
        occupation="civil_servant",
    )
    member(
        organ,
        "B",
        datetime.date(1950, 3, 1),
        datetime.date(1975, 7, 1),
        education="junior_or_below",
        occupation="retired",
    )
    member(
        institution,
        "C",
        datetime.date(1970, 1, 1),
        datetime.date(2000, 7, 1),
        education="college",
        occupation="professional",
    )
    d = member(
        rural,
        "D",
        datetime.date(1960, 12, 1),
        datetime.date(1985, 7, 1),
        education="junior_or_below",
        is_floating=True,
        floating_to="广东省东莞市",
        village_group=group,
    )
    member(rural, "E", datetime.date(1995, 5, 1), datetime.date(2020, 3, 1), full=False, village_group=group)
    member(enterprise, "F", datetime.date(1985, 1, 1), datetime.date(2020, 7, 1), full=False)
    CommitteePost.objects.create(
        organization=general, member=d, post=Post.SECRETARY, started_on=datetime.date(2016, 4, 1)
    )
    return Report.objects.create(township=township, year=2020, as_of=DAY, title="t", issuer="i", issued_on=DAY)


def basic(report, **options) -> str:
    report.basic_options = options
    return "".join(build_document(report).sections[0].paragraphs)


def test_the_defaults_are_the_seed_reports_choices(report):
    text = basic(report)
    assert "35岁及以下党员3名，占党员总数的50.00%；60岁及以上党员1名，占党员总数的16.67%" in text
    assert "农村党员2名，占党员总数的33.33%" in text
    assert "流动党员1名" in text
    assert "（农村党支部1个，机关党支部1个，事业单位党支部1个，非公有制企业党支部1个）" in text
    for absent in ("农民党员", "初中及以下", "36—55岁", "新发展党员", "新成立", "入党的", "周岁以上"):
        assert absent not in text


@pytest.mark.parametrize(
    "basis, present, absent",
    [
        ("organization", ["农村党员2名，占党员总数的33.33%"], ["农民党员"]),
        ("occupation", ["农民党员3名，占党员总数的50.00%"], ["农村党员"]),
        ("none", [], ["农村党员", "农民党员"]),
    ],
)
def test_rural_members_by_organization_or_farmers_by_occupation(report, basis, present, absent):
    text = basic(report, rural_basis=basis)
    for clause in present:
        assert clause in text
    for clause in absent:
        assert clause not in text


def test_junior_or_below_and_floating_are_chosen(report):
    assert "初中及以下学历党员2名，占党员总数的33.33%" in basic(report, junior_or_below=True)
    assert "流动党员" not in basic(report, floating=False)


def test_three_age_bands_always_sum_to_the_total(report):
    text = basic(report, age_bands="three")
    assert (
        "35岁及以下党员3名，占党员总数的50.00%；36—55岁党员1名，占党员总数的16.67%；"
        "56岁及以上党员2名，占党员总数的33.33%" in text
    )
    assert "60岁及以上" not in text
    bands = build_document(report).statistics.members.by_report_age_band
    assert sum(share.count for _, share in bands) == 6


def test_a_zero_band_is_still_stated_so_the_three_add_up(report):
    report.township.children.get(name="事业党支部").members.update(birth_date=datetime.date(1990, 1, 1))
    text = basic(report, age_bands="three")
    assert "35岁及以下党员4名，占党员总数的66.67%；36—55岁党员0名，占党员总数的0.00%；56岁及以上党员2名" in text


@pytest.mark.parametrize(
    "grouping, word, expected",
    [
        ("separate", "农村党支部", "（农村党支部1个，机关党支部1个，事业单位党支部1个，非公有制企业党支部1个）"),
        ("organ_institution", "农村党支部", "（农村党支部1个，机关、事业党支部2个，非公有制企业党支部1个）"),
        ("organ_institution_units", "村小组党支部", "（村小组党支部1个，机关事业单位2个，非公有制企业党支部1个）"),
        ("enterprises", "农村党支部", "（农村党支部1个，机关、事业党支部2个，企业党支部1个）"),
    ],
)
def test_branch_categories_under_the_chosen_wording(report, grouping, word, expected):
    text = basic(report, grouping=grouping, rural_branch_word=word)
    assert f"4个党支部{expected}" in text


def test_new_members_of_the_year(report):
    assert "2020年新发展党员2名。" in basic(report, new_members=True)


def test_organizations_founded_in_the_year(report):
    assert "。其中，1个非公企业支部（今年6月份新成立）。" in basic(report, founded_in_year=True)


def test_joining_periods_of_the_bulletin_sum_to_the_total(report):
    text = basic(report, joining_periods=True)
    assert (
        "从入党时间看，新中国成立前入党的0名，占0.00%；新中国成立后至党的十一届三中全会前入党的1名，占16.67%；"
        "党的十一届三中全会后至党的十八大前入党的2名，占33.33%；党的十八大以来入党的3名，占50.00%。" in text
    )


def test_village_secretaries_ages(report):
    assert "1个行政村党组织书记中有1人50周岁以上；" in basic(report, village_secretaries=True)
    assert "周岁" not in basic(report)


def test_unknown_choices_fall_back_to_the_defaults(report):
    assert basic(report, rural_basis="whatever", age_bands=3, grouping=None) == basic(report)


def options_post(report, **options) -> dict:
    data = {
        "title": report.title,
        "as_of": report.as_of.isoformat(),
        "issuer": report.issuer,
        "issued_on": report.issued_on.isoformat(),
        "sections-TOTAL_FORMS": 0,
        "sections-INITIAL_FORMS": 0,
        "sections-MIN_NUM_FORMS": 0,
        "sections-MAX_NUM_FORMS": 1000,
        "basic-rural_basis": "organization",
        "basic-age_bands": "young_old",
        "basic-rural_branch_word": "农村党支部",
        "basic-grouping": "separate",
    }
    data.update({f"basic-{key}": value for key, value in options.items()})
    return data


def test_the_edit_page_stores_the_choices(staff_client, report):
    response = staff_client.post(
        reverse("report_edit", args=[report.pk]),
        options_post(report, age_bands="three", new_members="on", floating=""),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.basic_options["age_bands"] == "three"
    assert (report.basic_options["new_members"], report.basic_options["floating"]) == (True, False)
    page = staff_client.get(reverse("report_edit", args=[report.pk])).content.decode()
    assert "2020年新发展党员2名。" in page


def test_a_choice_not_in_the_list_is_refused_and_nothing_changes(staff_client, report):
    response = staff_client.post(reverse("report_edit", args=[report.pk]), options_post(report, age_bands="1-99"))
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    report.refresh_from_db()
    assert report.basic_options == {}

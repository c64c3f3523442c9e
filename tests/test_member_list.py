"""The member list: pages of 50 counted in the database, and an organization chooser
that stays short for a county however many branches its townships have."""

import re

import pytest
from django.urls import reverse

from organizations.models import Category, Level
from tests.factories import make_member, make_org


@pytest.fixture
def village(township):
    committee = make_org(township, Level.VILLAGE_COMMITTEE, "东村党委", Category.RURAL)
    make_org(committee, Level.BRANCH, "东村第一党支部", Category.RURAL)
    return committee


def options(response) -> list[str]:
    select = re.search(r'<select name="organization".*?</select>', response.content.decode(), re.S).group(0)
    return [label.replace("\u3000", "·") for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


def rows(response) -> list[str]:
    body = re.search(r'<table[^>]*id="member-table".*?<tbody>(.*?)</tbody>', response.content.decode(), re.S).group(1)
    return re.findall(r'<a href="/members/\d+/">([^<]+)</a>', body)


def test_it_shows_fifty_members_a_page_and_the_total(staff_client, branch):
    for i in range(120):
        make_member(branch, name=f"党员{i:03d}")
    first = staff_client.get(reverse("member_list") + "?sort=name")
    assert "共 120 名" in first.content.decode()
    assert rows(first) == [f"党员{i:03d}" for i in range(50)]
    assert "第 1 / 3 页" in first.content.decode()
    last = staff_client.get(reverse("member_list") + "?sort=name&page=3")
    assert rows(last) == [f"党员{i:03d}" for i in range(100, 120)]


def test_township_staff_choose_among_all_their_organizations_indented(staff_client, township, branch, village):
    response = staff_client.get(reverse("member_list"))
    assert options(response) == ["全部", "甲乡", "·甲乡机关党支部", "·东村党委", "··东村第一党支部"]


def test_a_county_reviewer_chooses_among_townships_not_their_branches(
    reviewer_client, township, branch, village, other_branch
):
    response = reviewer_client.get(reverse("member_list"))
    assert options(response) == ["全部", "测试县", "·甲乡", "·乙乡"]


def test_choosing_a_branch_opens_its_township_in_a_county_chooser(
    reviewer_client, township, branch, village, other_branch
):
    chosen = village.children.get()
    make_member(chosen, name="东村党员")
    make_member(branch, name="机关党员")
    response = reviewer_client.get(reverse("member_list") + f"?organization={chosen.pk}")
    assert options(response) == [
        "全部",
        "测试县",
        "·甲乡",
        "··甲乡机关党支部",
        "··东村党委",
        "···东村第一党支部",
        "·乙乡",
    ]
    assert f'<option value="{chosen.pk}" selected>' in response.content.decode()
    assert rows(response) == ["东村党员"]


def test_an_organization_outside_the_scope_is_refused_with_a_message_and_not_applied(
    staff_client, branch, other_branch
):
    make_member(branch, name="甲乡党员")
    make_member(other_branch, name="乙乡党员")
    response = staff_client.get(reverse("member_list") + f"?organization={other_branch.pk}")
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert rows(response) == ["甲乡党员"]

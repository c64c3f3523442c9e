"""The organization tree: where a node may hang, moving subtrees, counts per node."""

import datetime

import pytest
from django.urls import reverse

from organizations.models import Category, Level, Organization
from tests.factories import make_member, make_org


def form_data(parent, **changes):
    data = {
        "name": "新支部",
        "level": Level.BRANCH,
        "category": Category.RURAL,
        "parent": parent.pk,
        "village": "",
        "secretary": "",
        "founded_on": "",
        "sort_order": 0,
    }
    data.update(changes)
    return data


def test_staff_create_a_branch_under_their_township(staff_client, township):
    response = staff_client.post(reverse("organization_create"), form_data(township))
    assert response.status_code == 302
    branch = Organization.objects.get(name="新支部")
    assert branch.parent == township
    assert branch.path == f"{township.path}{branch.pk}/"


@pytest.mark.parametrize(
    "parent_level, level, message",
    [
        (Level.PARTY_GROUP, Level.BRANCH, None),  # party groups are not offered as parents at all
        (Level.GENERAL_BRANCH, Level.VILLAGE_COMMITTEE, "村党委的上级党组织只能是乡镇党委，不能是党总支。"),
        (Level.BRANCH, Level.GENERAL_BRANCH, "党总支的上级党组织只能是乡镇党委、村党委，不能是党支部。"),
        (Level.VILLAGE_COMMITTEE, Level.PARTY_GROUP, "党小组的上级党组织只能是党支部，不能是村党委。"),
    ],
)
def test_a_parent_of_the_wrong_level_is_refused(staff_client, township, parent_level, level, message):
    holder = make_org(township, Level.BRANCH, "某支部") if parent_level == Level.PARTY_GROUP else township
    parent = make_org(holder, parent_level, "上级")
    before = Organization.objects.count()
    response = staff_client.post(reverse("organization_create"), form_data(parent, level=level))
    assert response.status_code == 200
    assert (message or "选择一个有效的选项") in response.content.decode()
    assert Organization.objects.count() == before


def test_a_parent_outside_the_scope_is_refused(staff_client, other_township):
    response = staff_client.post(reverse("organization_create"), form_data(other_township))
    assert "选择一个有效的选项" in response.content.decode()
    assert not Organization.objects.filter(name="新支部").exists()


def test_staff_cannot_create_a_township(staff_client, township, county):
    response = staff_client.post(reverse("organization_create"), form_data(township, level=Level.TOWNSHIP))
    assert "选择一个有效的选项" in response.content.decode()
    assert not Organization.objects.filter(name="新支部").exists()


def test_moving_a_node_moves_its_whole_subtree(staff_client, township):
    first = make_org(township, Level.GENERAL_BRANCH, "一村党总支")
    second = make_org(township, Level.VILLAGE_COMMITTEE, "二村党委")
    branch = make_org(first, Level.BRANCH, "一组党支部")
    group = make_org(branch, Level.PARTY_GROUP, "第一党小组")
    response = staff_client.post(
        reverse("organization_edit", args=[first.pk]),
        form_data(second, name="一村党总支", level=Level.GENERAL_BRANCH),
    )
    assert response.status_code == 302
    group.refresh_from_db()
    branch.refresh_from_db()
    assert branch.path == f"{township.path}{second.pk}/{first.pk}/{branch.pk}/"
    assert group.path == f"{branch.path}{group.pk}/"
    assert set(Organization.objects.subtree(second)) == {second, first, branch, group}


def test_a_node_cannot_move_under_its_own_descendant(staff_client, township):
    general = make_org(township, Level.GENERAL_BRANCH, "一村党总支")
    inner = make_org(general, Level.GENERAL_BRANCH, "内党总支")  # not a valid level pair, set directly
    general.refresh_from_db()
    response = staff_client.post(
        reverse("organization_edit", args=[general.pk]),
        form_data(inner, name="一村党总支", level=Level.GENERAL_BRANCH),
    )
    assert "不能把党组织移到它自己或它的下级组织之下。" in response.content.decode()
    general.refresh_from_db()
    assert general.parent == township


def test_a_branch_with_members_keeps_its_level(staff_client, township, branch):
    make_member(branch)
    response = staff_client.post(
        reverse("organization_edit", args=[branch.pk]),
        form_data(township, name=branch.name, level=Level.GENERAL_BRANCH),
    )
    assert "该党组织还有党员" in response.content.decode()
    branch.refresh_from_db()
    assert branch.level == Level.BRANCH


def test_the_township_itself_cannot_be_moved_by_staff(staff_client, township, other_township):
    response = staff_client.post(
        reverse("organization_edit", args=[township.pk]),
        form_data(other_township, name="甲乡（改）", level=Level.BRANCH, category=Category.GENERAL),
    )
    assert response.status_code == 302
    township.refresh_from_db()
    # Name is the staff's to change; level and parent are disabled fields and ignored.
    assert (township.name, township.level, township.parent_id) == (
        "甲乡（改）",
        Level.TOWNSHIP,
        other_township.parent_id,
    )


def test_subtree_is_one_query(township, django_assert_num_queries):
    village = make_org(township, Level.VILLAGE_COMMITTEE, "村党委")
    for _ in range(3):
        make_org(make_org(village, Level.GENERAL_BRANCH, "总支"), Level.BRANCH)
    with django_assert_num_queries(1):
        assert len(list(Organization.objects.subtree(township))) == 8


def test_tree_page_counts_members_per_node_and_rolls_them_up(staff_client, township):
    today = datetime.date.today()
    village = make_org(township, Level.VILLAGE_COMMITTEE, "一村党委")
    a = make_org(village, Level.BRANCH, "一组党支部")
    b = make_org(village, Level.BRANCH, "二组党支部")
    for _ in range(3):
        make_member(a)
    make_member(b)
    make_member(b, left_on=today - datetime.timedelta(days=1), leave_reason="deceased")  # no longer counted
    make_member(b, joined_on=today + datetime.timedelta(days=30), full_on=None)  # not yet a member
    response = staff_client.get(reverse("organization_list"))
    totals = {node.organization.name: node.total_members for node in response.context["nodes"]}
    assert totals == {"甲乡": 4, "一村党委": 4, "一组党支部": 3, "二组党支部": 1}


def test_a_village_of_another_township_is_refused(township, other_township, admin_client_):
    from tests.factories import make_village

    village = make_village(other_township, "乙村")
    response = admin_client_.post(reverse("organization_create"), form_data(township, village=village.pk))
    assert "所在村委会必须属于本乡镇。" in response.content.decode()
    assert not Organization.objects.filter(name="新支部").exists()

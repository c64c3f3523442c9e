"""What the permission matrix cannot show: lists, filters, choosers and hostile POSTs stay inside the scope,
and a refused write changes nothing. Statuses per URL and role: tests/test_permission_matrix.py."""

import datetime

import pytest
from django.urls import reverse

from organizations.models import Member
from planning.models import KeyTask, TaskStatus, WorkArea
from reports.models import Report
from tests.factories import make_member, make_village

YEAR = 2020
DAY = datetime.date(YEAR, 11, 15)


@pytest.fixture
def own(township, branch):
    return {
        "township": township,
        "branch": branch,
        "member": make_member(branch, name="甲乡党员"),
        "village": make_village(township, "甲村", ["甲一组"]),
        **make_plan(township, "甲乡领域"),
    }


@pytest.fixture
def foreign(other_township, other_branch, other_member, other_village):
    return {
        "township": other_township,
        "branch": other_branch,
        "member": other_member,
        "village": other_village,
        **make_plan(other_township, "乙乡领域"),
    }


def make_plan(township, name):
    area = WorkArea.objects.create(township=township, year=YEAR, name=name)
    task = KeyTask.objects.create(
        area=area, title=f"{name}任务", status=TaskStatus.DONE, closed_on=f"{YEAR}-06-01", close_note="完成"
    )
    WorkArea.objects.create(township=township, year=YEAR - 1, name=name)
    return {"area": area, "task": task}


def snapshot():
    """Everything a hostile write could change."""
    return (
        sorted(WorkArea.objects.values_list("id", "township_id", "year", "name", "sort_order")),
        sorted(KeyTask.objects.values_list("id", "area_id", "title", "status", "closed_on", "close_note")),
        sorted(Member.objects.values_list("id", "name", "organization_id", "left_on")),
    )


def hostile_post(objects):
    """A POST that would change something on any planning URL, aimed at ``objects``."""
    return {
        "area": objects["area"].pk,
        "title": "改写",
        "status": TaskStatus.IN_PROGRESS,
        "sort_order": 0,
        "closed_on": f"{YEAR}-07-01",
        "note": "改写",
        "areas-TOTAL_FORMS": 1,
        "areas-INITIAL_FORMS": 1,
        "areas-0-id": objects["area"].pk,
        "areas-0-name": "改写",
        "areas-0-sort_order": 0,
    }


PLAN_WRITES = ["plan_areas_edit", "plan_create_default", "plan_copy", "task_create"]
TASK_WRITES = ["task_edit", "task_close", "task_reopen"]


@pytest.mark.parametrize("name", PLAN_WRITES + TASK_WRITES)
def test_a_hostile_post_to_another_townships_plan_answers_404_and_changes_nothing(staff_client, own, foreign, name):
    before = snapshot()
    args = [foreign["task"].pk] if name in TASK_WRITES else [foreign["township"].pk, YEAR]
    assert staff_client.post(reverse(name, args=args), hostile_post(foreign)).status_code == 404
    assert snapshot() == before


def test_a_refused_write_changes_nothing(reviewer_client, own):
    before = snapshot()
    response = reviewer_client.post(
        reverse("member_leave", args=[own["member"].pk]), {"left_on": "2020-01-01", "leave_reason": "deceased"}
    )
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()
    assert snapshot() == before


def test_lists_show_only_the_users_township(staff_client, own, foreign):
    for name in ("member_list", "organization_list", "village_list", "profile_list", "dashboard", "plan_index"):
        assert "乙乡" not in staff_client.get(reverse(name)).content.decode(), name
    members = staff_client.get(reverse("member_list")).context["page"].object_list
    assert [m.name for m in members] == ["甲乡党员"]
    assert [t for t, _ in staff_client.get(reverse("plan_index")).context["rows"]] == [own["township"]]


def test_a_reviewer_of_another_county_has_empty_lists(other_reviewer_client, own):
    assert other_reviewer_client.get(reverse("plan_index")).context["rows"] == []
    assert list(other_reviewer_client.get(reverse("member_list")).context["page"].object_list) == []


def test_the_member_filter_does_not_accept_another_townships_organization(staff_client, own, foreign):
    response = staff_client.get(reverse("member_list"), {"organization": foreign["branch"].pk})
    # An invalid filter is ignored (and flagged), never used to reach the other township.
    assert response.context["form"].errors["organization"]
    assert [m.name for m in response.context["page"].object_list] == ["甲乡党员"]


def test_a_parent_from_another_township_in_the_create_link_answers_404(staff_client, own, foreign):
    response = staff_client.get(reverse("organization_create") + f"?parent={foreign['township'].pk}")
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["task_create", "task_edit"])
def test_staff_cannot_put_a_task_into_another_townships_area(staff_client, own, foreign, name):
    before = snapshot()
    args = [own["township"].pk, YEAR] if name == "task_create" else [own["task"].pk]
    response = staff_client.post(reverse(name, args=args), {**hostile_post(own), "area": foreign["area"].pk})
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert snapshot() == before


def test_a_link_preselecting_another_townships_area_answers_404(staff_client, own, foreign):
    url = reverse("task_create", args=[own["township"].pk, YEAR])
    assert staff_client.get(url, {"area": foreign["area"].pk}).status_code == 404


@pytest.mark.parametrize("delete", [False, True])
def test_staff_cannot_rename_or_delete_another_townships_area_through_their_own_formset(
    staff_client, own, foreign, delete
):
    before = snapshot()
    data = hostile_post(own) | {"areas-0-id": foreign["area"].pk}
    if delete:
        data["areas-0-DELETE"] = "on"
    response = staff_client.post(reverse("plan_areas_edit", args=[own["township"].pk, YEAR]), data)
    # The row's id is outside the formset's queryset (the plan's own areas): Django leaves the
    # row without an instance and skips it when saving, so the save "succeeds" and changes nothing.
    assert response.status_code == 302
    assert snapshot() == before


def test_the_ledger_does_not_filter_by_another_townships_area(staff_client, own, foreign):
    response = staff_client.get(reverse("plan_ledger", args=[own["township"].pk, YEAR]), {"area": foreign["area"].pk})
    assert response.context["form"].errors["area"]
    assert [t.title for t, _ in response.context["rows"]] == ["甲乡领域任务"]


def test_reviewers_see_no_write_buttons(reviewer_client, own):
    html = reviewer_client.get(reverse("plan_detail", args=[own["township"].pk, YEAR])).content.decode()
    assert "添加任务" not in html and "编辑工作领域" not in html and "销号</a>" not in html
    html = reviewer_client.get(reverse("plan_detail", args=[own["township"].pk, YEAR + 1])).content.decode()
    assert "使用默认工作领域建立计划" not in html and "复制" not in html


def test_staff_cannot_create_a_report_for_another_township(staff_client, own, foreign):
    response = staff_client.post(reverse("report_new"), {"township": foreign["township"].pk, "year": YEAR})
    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize("year", [1999, 2101, 20200])
def test_a_year_out_of_range_answers_404_and_creates_nothing(staff_client, own, year):
    township = own["township"].pk
    assert staff_client.get(f"/townships/{township}/plans/{year}/").status_code == 404
    assert staff_client.post(f"/townships/{township}/plans/{year}/default/").status_code == 404
    assert not WorkArea.objects.filter(year=year).exists()

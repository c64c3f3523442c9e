"""Role × key-task URL × own/foreign township → status.

Our staff (甲乡) asking for 乙乡's township, area or task ids get 404, never the
data: 404 rather than 403, so as not to reveal what exists. County reviewers read
every township of their county (200) and may never write (403, before any lookup);
a reviewer of another county sees nothing (404). Anonymous users are sent to login.
"""

import pytest
from django.urls import reverse

from planning.models import KeyTask, TaskStatus, WorkArea

YEAR = 2020

# (url name, what its URL names: a plan (township + year), a task, or nothing; write?, POST only?)
URLS = [
    ("plan_index", None, False, False),
    ("plan_detail", "plan", False, False),
    ("plan_ledger", "plan", False, False),
    ("plan_areas_edit", "plan", True, False),
    ("plan_create_default", "plan", True, True),
    ("plan_copy", "plan", True, True),
    ("task_create", "plan", True, False),
    ("task_edit", "task", True, False),
    ("task_close", "task", True, False),
    ("task_reopen", "task", True, True),
    ("task_delete", "task", True, False),
]
OBJECT_URLS = [u for u in URLS if u[1]]
READ_URLS = [u for u in URLS if not u[2]]
WRITE_URLS = [u for u in URLS if u[2]]
PAGES = [u for u in URLS if not u[3]]  # answer GET


def ids(urls):
    return [name for name, *_ in urls]


def make_plan(township, name):
    """A plan of YEAR with one area and one closed task (so reopening has something to do), and
    the year before it (so copying has a source)."""
    area = WorkArea.objects.create(township=township, year=YEAR, name=name)
    task = KeyTask.objects.create(
        area=area, title=f"{name}任务", status=TaskStatus.DONE, closed_on=f"{YEAR}-06-01", close_note="完成"
    )
    WorkArea.objects.create(township=township, year=YEAR - 1, name=name)
    return {"township": township, "area": area, "task": task}


@pytest.fixture
def own(township):
    return make_plan(township, "甲乡领域")


@pytest.fixture
def foreign(other_township):
    return make_plan(other_township, "乙乡领域")


def url_for(name, kind, objects):
    if kind is None:
        return reverse(name)
    if kind == "plan":
        return reverse(name, args=[objects["township"].pk, YEAR])
    return reverse(name, args=[objects["task"].pk])


def snapshot():
    """Everything a write could change."""
    return (
        sorted(WorkArea.objects.values_list("id", "township_id", "year", "name", "sort_order")),
        sorted(KeyTask.objects.values_list("id", "area_id", "title", "status", "closed_on", "close_note")),
    )


def hostile_post(objects):
    """A POST that would change something on any of the URLs, aimed at ``objects``."""
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


@pytest.mark.parametrize("name, kind, write, post_only", OBJECT_URLS, ids=ids(OBJECT_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_get_404_for_another_townships_plans_and_tasks(
    staff_client, own, foreign, name, kind, write, post_only, method
):
    before = snapshot()
    if method == "get":
        response = staff_client.get(url_for(name, kind, foreign))
        assert response.status_code == (405 if post_only else 404)
    else:
        response = staff_client.post(url_for(name, kind, foreign), hostile_post(foreign))
        assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("name", ["task_create", "task_edit"])
def test_staff_cannot_put_a_task_into_another_townships_area(staff_client, own, foreign, name):
    before = snapshot()
    kind = "plan" if name == "task_create" else "task"
    response = staff_client.post(url_for(name, kind, own), {**hostile_post(own), "area": foreign["area"].pk})
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert snapshot() == before


def test_a_link_preselecting_another_townships_area_answers_404(staff_client, own, foreign):
    response = staff_client.get(url_for("task_create", "plan", own), {"area": foreign["area"].pk})
    assert response.status_code == 404


@pytest.mark.parametrize("delete", [False, True])
def test_staff_cannot_rename_or_delete_another_townships_area_through_their_own_formset(
    staff_client, own, foreign, delete
):
    before = snapshot()
    data = hostile_post(own) | {"areas-0-id": foreign["area"].pk}
    if delete:
        data["areas-0-DELETE"] = "on"
    response = staff_client.post(url_for("plan_areas_edit", "plan", own), data)
    # Django's model formset skips a row whose id is outside its queryset (the plan's areas).
    assert response.status_code in (200, 302)
    assert snapshot() == before


def test_the_ledger_does_not_filter_by_another_townships_area(staff_client, own, foreign):
    response = staff_client.get(url_for("plan_ledger", "plan", own), {"area": foreign["area"].pk})
    assert response.context["form"].errors["area"]
    assert [t.title for t, _ in response.context["rows"]] == ["甲乡领域任务"]


@pytest.mark.parametrize("name, kind, write, post_only", PAGES, ids=ids(PAGES))
def test_staff_open_every_page_of_their_own_township(staff_client, own, name, kind, write, post_only):
    assert staff_client.get(url_for(name, kind, own)).status_code == 200


@pytest.mark.parametrize("name, kind, write, post_only", READ_URLS, ids=ids(READ_URLS))
@pytest.mark.parametrize("side", ["own", "foreign"])
def test_reviewers_read_every_township_of_their_county(
    reviewer_client, own, foreign, name, kind, write, post_only, side
):
    objects = own if side == "own" else foreign
    assert reviewer_client.get(url_for(name, kind, objects)).status_code == 200


@pytest.mark.parametrize("name, kind, write, post_only", WRITE_URLS, ids=ids(WRITE_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_reviewers_may_never_write(reviewer_client, own, name, kind, write, post_only, method):
    before = snapshot()
    if method == "get":
        response = reviewer_client.get(url_for(name, kind, own))
        assert response.status_code == (405 if post_only else 403)
    else:
        response = reviewer_client.post(url_for(name, kind, own), hostile_post(own))
        assert response.status_code == 403
        assert "没有权限" in response.content.decode()
    assert snapshot() == before


def test_reviewers_see_no_write_buttons(reviewer_client, own):
    html = reviewer_client.get(url_for("plan_detail", "plan", own)).content.decode()
    assert "添加任务" not in html and "编辑工作领域" not in html and "销号</a>" not in html
    html = reviewer_client.get(reverse("plan_detail", args=[own["township"].pk, YEAR + 1])).content.decode()
    assert "使用默认工作领域建立计划" not in html and "复制" not in html


@pytest.mark.parametrize("name, kind, write, post_only", OBJECT_URLS, ids=ids(OBJECT_URLS))
def test_a_reviewer_of_another_county_sees_nothing(other_reviewer_client, own, name, kind, write, post_only):
    response = other_reviewer_client.get(url_for(name, kind, own))
    # Writes are refused for the role before the lookup; reads answer 404.
    expected = 404 if not write else 405 if post_only else 403
    assert response.status_code == expected


def test_a_reviewer_of_another_county_has_an_empty_index(other_reviewer_client, own):
    assert other_reviewer_client.get(reverse("plan_index")).context["rows"] == []


@pytest.mark.parametrize("name, kind, write, post_only", URLS, ids=ids(URLS))
def test_anonymous_users_are_sent_to_login(client, own, name, kind, write, post_only):
    url = url_for(name, kind, own)
    response = client.post(url) if post_only else client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("name, kind, write, post_only", PAGES, ids=ids(PAGES))
def test_administrators_open_everything(admin_client_, foreign, name, kind, write, post_only):
    assert admin_client_.get(url_for(name, kind, foreign)).status_code == 200


def test_the_index_lists_only_the_users_townships(staff_client, own, foreign):
    response = staff_client.get(reverse("plan_index"))
    assert [t for t, _ in response.context["rows"]] == [own["township"]]
    assert "乙乡" not in response.content.decode()


@pytest.mark.parametrize("year", [1999, 2101])
def test_a_year_out_of_range_answers_404(staff_client, own, year):
    assert staff_client.get(reverse("plan_detail", args=[own["township"].pk, year])).status_code == 404
    assert staff_client.post(reverse("plan_create_default", args=[own["township"].pk, year])).status_code == 404
    assert not WorkArea.objects.filter(year=year).exists()

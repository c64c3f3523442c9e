"""Yearly key tasks: derived 滞后, 销号, copying a plan, ledger filters, scoping, query bounds."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planning.models import DEFAULT_AREAS, KeyTask, TaskStatus, WorkArea

TODAY = timezone.localdate()
YEAR = TODAY.year
PAST = TODAY - datetime.timedelta(days=10)
FUTURE = TODAY + datetime.timedelta(days=10)


@pytest.fixture
def area(township):
    return WorkArea.objects.create(township=township, year=YEAR, name="组织建设", sort_order=1)


@pytest.fixture
def other_area(township):
    return WorkArea.objects.create(township=township, year=YEAR, name="政治建设", sort_order=0)


def task(area, title, **fields):
    return KeyTask.objects.create(area=area, title=title, **fields)


def ledger(client, township, **params):
    response = client.get(reverse("plan_ledger", args=[township.pk, YEAR]), params)
    assert response.status_code == 200
    return [t.title for t, _ in response.context["rows"]]


class TestOverdue:
    def test_an_unfinished_task_past_its_deadline_is_shown_as_lagging(self, staff_client, township, area):
        task(area, "过期未完成", status=TaskStatus.IN_PROGRESS, deadline=PAST)
        task(area, "过期已完成", status=TaskStatus.DONE, deadline=PAST)
        task(area, "未到期", status=TaskStatus.NOT_STARTED, deadline=FUTURE)
        detail = staff_client.get(reverse("plan_detail", args=[township.pk, YEAR])).content.decode()
        assert detail.count("badge text-bg-danger") == 1
        assert ledger(staff_client, township, status="overdue") == ["过期未完成"]
        assert ledger(staff_client, township, overdue="on") == ["过期未完成"]
        assert ledger(staff_client, township, status="done") == ["过期已完成"]
        assert ledger(staff_client, township, status="not_started") == ["未到期"]

    def test_lagging_is_derived_never_chosen(self, staff_client, township, area):
        response = staff_client.post(
            reverse("task_create", args=[township.pk, YEAR]),
            {"area": area.pk, "title": "甲", "status": "overdue", "sort_order": 0},
        )
        assert "选择一个有效的选项" in response.content.decode()
        assert not KeyTask.objects.exists()


class TestClosing:
    def test_closing_records_date_and_note_and_marks_it_done(self, staff_client, area):
        t = task(area, "整顿软弱涣散党组织", status=TaskStatus.IN_PROGRESS)
        response = staff_client.post(
            reverse("task_close", args=[t.pk]), {"closed_on": TODAY.isoformat(), "note": "经验收完成"}
        )
        assert response.status_code == 302
        t.refresh_from_db()
        assert (t.closed_on, t.close_note, t.status) == (TODAY, "经验收完成", TaskStatus.DONE)

    @pytest.mark.parametrize(
        "closed_on, message",
        [
            (FUTURE.isoformat(), "销号日期不能晚于今天。"),
            (f"{YEAR - 1}-12-31", f"销号日期不能早于{YEAR}年1月1日。"),
            ("", "这个字段是必填项。"),
        ],
    )
    def test_a_bad_closing_date_is_refused_and_nothing_changes(self, staff_client, area, closed_on, message):
        t = task(area, "甲", status=TaskStatus.IN_PROGRESS)
        response = staff_client.post(reverse("task_close", args=[t.pk]), {"closed_on": closed_on, "note": "说明"})
        assert message in response.content.decode()
        t.refresh_from_db()
        assert (t.closed_on, t.status) == (None, TaskStatus.IN_PROGRESS)

    def test_a_note_is_required(self, staff_client, area):
        t = task(area, "甲")
        response = staff_client.post(reverse("task_close", args=[t.pk]), {"closed_on": TODAY.isoformat(), "note": ""})
        assert "这个字段是必填项。" in response.content.decode()
        t.refresh_from_db()
        assert t.closed_on is None

    def test_reopening_clears_the_closing(self, staff_client, township, area):
        t = task(area, "甲", status=TaskStatus.DONE, closed_on=TODAY, close_note="完成")
        assert ledger(staff_client, township, closed="yes") == ["甲"]
        staff_client.post(reverse("task_reopen", args=[t.pk]))
        t.refresh_from_db()
        assert (t.closed_on, t.close_note) == (None, "")
        assert ledger(staff_client, township, closed="no") == ["甲"]


class TestCopying:
    def test_last_years_plan_is_copied_with_deadlines_a_year_later(self, staff_client, township):
        old = WorkArea.objects.create(township=township, year=2020, name="组织建设", sort_order=3)
        task(
            old,
            "创建示范党支部",
            target_value=18,
            unit="个",
            achieved_value=12,
            deadline=datetime.date(2020, 2, 29),
            responsible="组织委员",
            status=TaskStatus.DONE,
            narrative="已创建12个",
            closed_on=datetime.date(2020, 12, 1),
        )
        task(old, "换届", deadline=datetime.date(2020, 10, 1))
        response = staff_client.post(reverse("plan_copy", args=[township.pk, 2021]))
        assert response.status_code == 302
        [new] = WorkArea.objects.filter(township=township, year=2021)
        assert (new.name, new.sort_order) == ("组织建设", 3)
        copied = {t.title: t for t in new.tasks.all()}
        assert set(copied) == {"创建示范党支部", "换届"}
        first = copied["创建示范党支部"]
        assert (first.target_value, first.unit, first.responsible) == (Decimal(18), "个", "组织委员")
        assert first.deadline == datetime.date(2021, 2, 28)
        assert copied["换届"].deadline == datetime.date(2021, 10, 1)
        assert (first.achieved_value, first.status, first.narrative, first.closed_on) == (
            None,
            TaskStatus.NOT_STARTED,
            "",
            None,
        )
        assert KeyTask.objects.filter(area__year=2020).count() == 2  # the source is untouched

    def test_copying_into_a_year_that_has_a_plan_is_refused(self, staff_client, township):
        task(WorkArea.objects.create(township=township, year=2020, name="甲"), "旧")
        WorkArea.objects.create(township=township, year=2021, name="乙")
        response = staff_client.post(reverse("plan_copy", args=[township.pk, 2021]), follow=True)
        assert "2021年已经有计划，不能再复制。" in response.content.decode()
        assert list(WorkArea.objects.filter(year=2021).values_list("name", flat=True)) == ["乙"]
        assert not KeyTask.objects.filter(area__year=2021).exists()

    def test_copying_from_an_empty_year_is_refused(self, staff_client, township):
        response = staff_client.post(reverse("plan_copy", args=[township.pk, 2021]), follow=True)
        assert "2020年没有计划可以复制。" in response.content.decode()
        assert not WorkArea.objects.exists()


def test_a_new_plan_starts_with_the_default_areas(staff_client, township):
    staff_client.post(reverse("plan_create_default", args=[township.pk, YEAR]))
    assert list(WorkArea.objects.filter(township=township, year=YEAR).values_list("name", flat=True)) == DEFAULT_AREAS
    response = staff_client.post(reverse("plan_create_default", args=[township.pk, YEAR]), follow=True)
    assert f"{YEAR}年已经有工作领域了。" in response.content.decode()
    assert WorkArea.objects.count() == len(DEFAULT_AREAS)


class TestAreas:
    def formset(self, areas, new=(), delete=()):
        data = {
            "areas-TOTAL_FORMS": len(areas) + len(new),
            "areas-INITIAL_FORMS": len(areas),
            "areas-MIN_NUM_FORMS": 0,
            "areas-MAX_NUM_FORMS": 1000,
        }
        for i, a in enumerate(areas):
            data.update({f"areas-{i}-id": a.pk, f"areas-{i}-name": a.name, f"areas-{i}-sort_order": a.sort_order})
            if a in delete:
                data[f"areas-{i}-DELETE"] = "on"
        for j, name in enumerate(new, len(areas)):
            data.update({f"areas-{j}-name": name, f"areas-{j}-sort_order": j})
        return data

    def test_areas_are_added_and_removed(self, staff_client, township, area, other_area):
        url = reverse("plan_areas_edit", args=[township.pk, YEAR])
        assert (
            staff_client.post(url, self.formset([other_area, area], new=["基础保障"], delete=[other_area])).status_code
            == 302
        )
        assert sorted(WorkArea.objects.values_list("name", flat=True)) == ["基础保障", "组织建设"]
        assert WorkArea.objects.get(name="基础保障").year == YEAR

    def test_an_area_with_tasks_is_not_deleted(self, staff_client, township, area, other_area):
        task(area, "甲")
        response = staff_client.post(
            reverse("plan_areas_edit", args=[township.pk, YEAR]), self.formset([other_area, area], delete=[area])
        )
        assert "「组织建设」下还有重点任务，不能删除" in response.content.decode()
        assert WorkArea.objects.count() == 2 and KeyTask.objects.count() == 1

    def test_duplicate_area_names_are_refused(self, staff_client, township, area, other_area):
        response = staff_client.post(
            reverse("plan_areas_edit", args=[township.pk, YEAR]), self.formset([other_area, area], new=["组织建设"])
        )
        assert "工作领域名称重复：组织建设。" in response.content.decode()
        assert WorkArea.objects.count() == 2


def test_ledger_filters_match_counts_made_here(staff_client, township, area, other_area):
    specs = [
        (area, TaskStatus.DONE, PAST),
        (area, TaskStatus.IN_PROGRESS, PAST),
        (area, TaskStatus.IN_PROGRESS, FUTURE),
        (other_area, TaskStatus.NOT_STARTED, PAST),
        (other_area, TaskStatus.NOT_STARTED, None),
        (other_area, TaskStatus.DONE, None),
    ]
    for i, (a, status, deadline) in enumerate(specs):
        task(a, f"任务{i}", status=status, deadline=deadline)
    lagging = {f"任务{i}" for i, (_, s, d) in enumerate(specs) if s != TaskStatus.DONE and d and d < TODAY}
    assert set(ledger(staff_client, township, area=area.pk)) == {
        f"任务{i}" for i, s in enumerate(specs) if s[0] == area
    }
    assert set(ledger(staff_client, township, status="overdue")) == lagging
    assert set(ledger(staff_client, township, overdue="on", area=other_area.pk)) == lagging & {
        "任务3",
        "任务4",
        "任务5",
    }
    assert set(ledger(staff_client, township, status="in_progress")) == {"任务2"}
    # A filter outside the plan is ignored, never a 500.
    assert len(ledger(staff_client, township, area="abc", status="nonsense")) == len(specs)


# ---------------------------------------------------------------- scoping

READS = ["plan_detail", "plan_ledger"]
WRITES = ["plan_areas_edit", "plan_create_default", "plan_copy", "task_create"]
TASK_WRITES = ["task_edit", "task_close", "task_reopen"]


@pytest.fixture
def foreign_task(other_township):
    return task(WorkArea.objects.create(township=other_township, year=YEAR, name="乙领域"), "乙任务")


@pytest.fixture
def own_task(area):
    return task(area, "甲任务")


@pytest.mark.parametrize("name", READS + WRITES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_get_404_for_another_townships_plan(staff_client, other_township, foreign_task, name, method):
    response = getattr(staff_client, method)(reverse(name, args=[other_township.pk, YEAR]))
    assert response.status_code in (
        (405, 404) if method == "get" and name in ("plan_create_default", "plan_copy") else (404,)
    )


@pytest.mark.parametrize("name", TASK_WRITES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_get_404_for_another_townships_task(staff_client, foreign_task, name, method):
    response = getattr(staff_client, method)(reverse(name, args=[foreign_task.pk]))
    assert response.status_code in ((405,) if method == "get" and name == "task_reopen" else (404,))
    foreign_task.refresh_from_db()
    assert foreign_task.closed_on is None


def test_an_area_of_another_township_cannot_be_chosen(staff_client, township, area, foreign_task):
    url = reverse("task_create", args=[township.pk, YEAR])
    assert staff_client.get(url, {"area": foreign_task.area_id}).status_code == 404
    response = staff_client.post(
        url, {"area": foreign_task.area_id, "title": "偷放", "status": "not_started", "sort_order": 0}
    )
    assert "选择一个有效的选项" in response.content.decode()
    assert not KeyTask.objects.filter(title="偷放").exists()


@pytest.mark.parametrize("name", READS)
def test_reviewers_read_plans_of_their_county(reviewer_client, township, other_township, own_task, foreign_task, name):
    assert reviewer_client.get(reverse(name, args=[township.pk, YEAR])).status_code == 200
    assert reviewer_client.get(reverse(name, args=[other_township.pk, YEAR])).status_code == 200
    assert reviewer_client.get(reverse("plan_index")).status_code == 200


@pytest.mark.parametrize("name", WRITES)
def test_reviewers_may_not_write_plans(reviewer_client, township, own_task, name):
    assert reviewer_client.post(reverse(name, args=[township.pk, YEAR + 1])).status_code == 403
    assert not WorkArea.objects.filter(year=YEAR + 1).exists()


@pytest.mark.parametrize("name", TASK_WRITES)
def test_reviewers_may_not_write_tasks(reviewer_client, own_task, name):
    response = reviewer_client.post(reverse(name, args=[own_task.pk]), {"closed_on": TODAY.isoformat(), "note": "x"})
    assert response.status_code == 403
    own_task.refresh_from_db()
    assert own_task.closed_on is None


@pytest.mark.parametrize("name", READS)
def test_a_reviewer_of_another_county_sees_no_plan(other_reviewer_client, township, name):
    assert other_reviewer_client.get(reverse(name, args=[township.pk, YEAR])).status_code == 404


def test_the_index_lists_only_the_users_townships(staff_client, township, own_task, foreign_task):
    rows = staff_client.get(reverse("plan_index")).context["rows"]
    assert [t for t, _ in rows] == [township]


@pytest.mark.parametrize("name", READS + ["plan_areas_edit", "task_create"])
def test_anonymous_users_are_sent_to_login(client, township, name):
    response = client.get(reverse(name, args=[township.pk, YEAR]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_year_out_of_range_answers_404(staff_client, township):
    assert staff_client.get(reverse("plan_detail", args=[township.pk, 1999])).status_code == 404


# ---------------------------------------------------------------- query bounds


@pytest.mark.parametrize(
    "name, bound",
    [
        # session, user, township, areas, tasks of the areas, previous year's plan (only when empty: not here)
        ("plan_detail", 5),
        # session, user, township, areas (filter chooser), all tasks (counts), filtered tasks, area validation
        ("plan_ledger", 7),
    ],
)
def test_plan_pages_run_a_constant_number_of_queries(staff_client, township, area, other_area, name, bound):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(reverse(name, args=[township.pk, YEAR]), {"area": area.pk}).status_code == 200
        return len(captured)

    KeyTask.objects.bulk_create(KeyTask(area=area, title=f"任务{i}") for i in range(5))
    small = queries()
    KeyTask.objects.bulk_create(KeyTask(area=other_area, title=f"任务{i}", deadline=PAST) for i in range(95))
    assert queries() == small <= bound


def test_a_closed_task_cannot_be_set_back_to_unfinished_without_reopening(staff_client, area):
    t = task(area, "甲", status=TaskStatus.DONE, closed_on=TODAY, close_note="完成")
    response = staff_client.post(
        reverse("task_edit", args=[t.pk]), {"area": area.pk, "title": "甲", "status": "in_progress", "sort_order": 0}
    )
    assert "这项任务已销号，不能改为未完成" in response.content.decode()
    t.refresh_from_db()
    assert t.status == TaskStatus.DONE

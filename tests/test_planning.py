"""Yearly key tasks: derived 滞后, 销号, copying a plan, areas, the index, ledger filters, query bounds.

Scoping and roles are in tests/test_planning_permissions.py.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planning import services
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
        detail = staff_client.get(reverse("plan_detail", args=[township.pk, YEAR]))
        [(_, shown)] = [(a, a.task_list) for a in detail.context["areas"]]
        assert {t.title: status for t, status in shown} == {
            "过期未完成": TaskStatus.OVERDUE,
            "过期已完成": TaskStatus.DONE,
            "未到期": TaskStatus.NOT_STARTED,
        }
        assert detail.content.decode().count('<span class="badge text-bg-danger">滞后</span>') == 1
        page = staff_client.get(reverse("plan_ledger", args=[township.pk, YEAR]))
        assert {t.title: status for t, status in page.context["rows"]}["过期未完成"] == TaskStatus.OVERDUE
        assert page.content.decode().count('<span class="badge text-bg-danger">滞后</span>') == 1
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
    def test_closing_a_done_task_records_date_and_note(self, staff_client, area):
        t = task(area, "整顿软弱涣散党组织", status=TaskStatus.DONE, target_value=1, achieved_value=1)
        response = staff_client.post(
            reverse("task_close", args=[t.pk]), {"closed_on": TODAY.isoformat(), "note": "经验收完成"}
        )
        assert response.status_code == 302
        t.refresh_from_db()
        assert (t.closed_on, t.close_note, t.status) == (TODAY, "经验收完成", TaskStatus.DONE)

    @pytest.mark.parametrize("status", [TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS])
    def test_closing_a_task_that_is_not_done_is_refused_and_its_status_kept(self, staff_client, area, status):
        t = task(area, "创建示范党支部", status=status, target_value=1, achieved_value=0)
        response = staff_client.post(
            reverse("task_close", args=[t.pk]), {"closed_on": TODAY.isoformat(), "note": "完成"}
        )
        assert response.status_code == 200
        assert "只有已完成的任务才能销号" in response.content.decode()
        t.refresh_from_db()
        assert (t.closed_on, t.status) == (None, status)

    def test_closing_short_of_the_target_asks_why(self, staff_client, area):
        t = task(area, "创建示范党支部", status=TaskStatus.DONE, target_value=10, achieved_value=4, unit="个")
        url = reverse("task_close", args=[t.pk])
        response = staff_client.post(url, {"closed_on": TODAY.isoformat(), "note": "完成"})
        assert "未达目标说明" in response.content.decode()
        assert "已完成数（4个）少于目标数（10个）" in response.content.decode()
        t.refresh_from_db()
        assert t.closed_on is None
        data = {"closed_on": TODAY.isoformat(), "note": "完成", "shortfall_note": "目标调整为4个，经乡党委同意"}
        assert staff_client.post(url, data).status_code == 302
        t.refresh_from_db()
        assert (t.closed_on, t.shortfall_note) == (TODAY, "目标调整为4个，经乡党委同意")

    def test_the_service_refuses_closing_short_of_the_target_without_a_note(self, area):
        t = task(area, "甲", status=TaskStatus.DONE, target_value=1)
        with pytest.raises(ValidationError) as refused:
            services.task_close(task=t, closed_on=TODAY, note="完成")
        assert refused.value.message_dict == {
            "shortfall_note": ["已完成数（未填写）少于目标数（1）：销号前请说明未达目标的原因。"]
        }

    @pytest.mark.parametrize(
        "closed_on, message",
        [
            (FUTURE.isoformat(), "销号日期不能晚于今天。"),
            (f"{YEAR - 1}-12-31", f"销号日期不能早于{YEAR}年1月1日。"),
            ("", "这个字段是必填项。"),
        ],
    )
    def test_a_bad_closing_date_is_refused_and_nothing_changes(self, staff_client, area, closed_on, message):
        t = task(area, "甲", status=TaskStatus.DONE)
        response = staff_client.post(reverse("task_close", args=[t.pk]), {"closed_on": closed_on, "note": "说明"})
        assert message in response.content.decode()
        t.refresh_from_db()
        assert (t.closed_on, t.status) == (None, TaskStatus.DONE)

    def test_a_note_is_required(self, staff_client, area):
        t = task(area, "甲")
        response = staff_client.post(reverse("task_close", args=[t.pk]), {"closed_on": TODAY.isoformat(), "note": ""})
        assert "这个字段是必填项。" in response.content.decode()
        t.refresh_from_db()
        assert t.closed_on is None

    def test_a_note_of_only_spaces_is_refused_by_the_service_too(self, area):
        t = task(area, "甲", status=TaskStatus.DONE)
        with pytest.raises(ValidationError) as refused:
            services.task_close(task=t, closed_on=TODAY, note="  ")
        assert refused.value.message_dict == {"note": ["请填写销号说明。"]}
        t.refresh_from_db()
        assert t.closed_on is None

    def test_a_closed_task_is_shown_as_closed_on_the_plan(self, staff_client, township, area):
        task(area, "甲", status=TaskStatus.DONE, closed_on=TODAY, close_note="完成")
        html = staff_client.get(reverse("plan_detail", args=[township.pk, YEAR])).content.decode()
        assert "已销号" in html

    def test_closing_again_starts_from_the_recorded_date_and_note(self, staff_client, area):
        t = task(area, "甲", status=TaskStatus.DONE, closed_on=TODAY, close_note="已验收")
        form = staff_client.get(reverse("task_close", args=[t.pk])).context["form"]
        assert (form.initial["closed_on"], form.initial["note"]) == (TODAY, "已验收")

    def test_reopening_clears_the_closing(self, staff_client, township, area):
        t = task(area, "甲", status=TaskStatus.DONE, closed_on=TODAY, close_note="完成")
        assert ledger(staff_client, township, closed="yes") == ["甲"]
        staff_client.post(reverse("task_reopen", args=[t.pk]))
        t.refresh_from_db()
        assert (t.closed_on, t.close_note) == (None, "")
        assert ledger(staff_client, township, closed="no") == ["甲"]

    def test_reopening_restores_the_status_recorded_at_closing(self, staff_client, area):
        t = task(area, "甲", status=TaskStatus.DONE, target_value=2, achieved_value=2)
        services.task_close(task=t, closed_on=TODAY, note="完成")
        t.refresh_from_db()
        assert t.status_before_close == TaskStatus.DONE
        # A task closed before the status was recorded and flipped to done by the old rule:
        legacy = task(
            area, "乙", status=TaskStatus.DONE, closed_on=TODAY, close_note="完成", status_before_close="in_progress"
        )
        staff_client.post(reverse("task_reopen", args=[legacy.pk]))
        legacy.refresh_from_db()
        assert (legacy.status, legacy.status_before_close, legacy.closed_on) == (TaskStatus.IN_PROGRESS, "", None)


class TestDoneShortOfTarget:
    def data(self, area, **changes):
        data = {"area": area.pk, "title": "创建示范党支部", "target_value": "10", "unit": "个", "sort_order": "0"}
        data.update({"achieved_value": "4", "status": "done", "shortfall_note": ""})
        data.update(changes)
        return data

    def test_done_with_fewer_achieved_than_the_target_asks_for_a_note(self, staff_client, township, area):
        response = staff_client.post(reverse("task_create", args=[township.pk, YEAR]), self.data(area))
        assert response.status_code == 200
        assert "已完成数（4个）少于目标数（10个）：如确已完成，请填写未达目标说明" in response.content.decode()
        assert not KeyTask.objects.exists()

    def test_done_short_of_the_target_with_a_note_is_saved(self, staff_client, township, area):
        data = self.data(area, shortfall_note="其余6个并入明年计划")
        assert staff_client.post(reverse("task_create", args=[township.pk, YEAR]), data).status_code == 302
        assert KeyTask.objects.get().shortfall_note == "其余6个并入明年计划"

    def test_done_with_the_target_reached_needs_no_note(self, staff_client, township, area):
        data = self.data(area, achieved_value="10")
        assert staff_client.post(reverse("task_create", args=[township.pk, YEAR]), data).status_code == 302

    def test_in_progress_short_of_the_target_needs_no_note(self, staff_client, township, area):
        data = self.data(area, status="in_progress")
        assert staff_client.post(reverse("task_create", args=[township.pk, YEAR]), data).status_code == 302


class TestDeleting:
    def test_the_confirmation_page_names_the_task(self, staff_client, area):
        t = task(area, "创建示范党支部")
        response = staff_client.get(reverse("task_delete", args=[t.pk]))
        assert "删除重点任务：创建示范党支部" in response.content.decode()
        assert KeyTask.objects.filter(pk=t.pk).exists()

    def test_a_task_is_deleted_and_the_deletion_logged(self, staff_client, staff, township, area):
        from auditlog.models import LogEntry

        t = task(area, "创建示范党支部")
        response = staff_client.post(reverse("task_delete", args=[t.pk]))
        assert response.url == reverse("plan_detail", args=[township.pk, YEAR])
        assert not KeyTask.objects.exists()
        entry = LogEntry.objects.get(action=LogEntry.Action.DELETE, object_pk=str(t.pk))
        assert (entry.object_repr, entry.actor) == ("创建示范党支部", staff)

    def test_a_closed_task_must_be_reopened_before_it_is_deleted(self, staff_client, area):
        t = task(area, "甲", status=TaskStatus.DONE, closed_on=TODAY, close_note="完成")
        response = staff_client.post(reverse("task_delete", args=[t.pk]), follow=True)
        assert "这项任务已销号，不能删除" in response.content.decode()
        assert KeyTask.objects.filter(pk=t.pk).exists()


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
        # dangjian.dates.add_years: the anniversary of 29 February in a common year is 1 March.
        assert first.deadline == datetime.date(2021, 3, 1)
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

    def test_an_area_may_take_the_name_of_one_deleted_in_the_same_save(self, staff_client, township, area, other_area):
        data = self.formset([other_area, area], delete=[other_area])
        data["areas-1-name"] = "政治建设"
        response = staff_client.post(reverse("plan_areas_edit", args=[township.pk, YEAR]), data)
        assert response.status_code == 302
        assert list(WorkArea.objects.values_list("pk", "name")) == [(area.pk, "政治建设")]

    def test_swapping_two_names_is_refused_in_chinese_and_changes_nothing(
        self, staff_client, township, area, other_area
    ):
        data = self.formset([other_area, area])
        data["areas-0-name"], data["areas-1-name"] = "组织建设", "政治建设"
        response = staff_client.post(reverse("plan_areas_edit", args=[township.pk, YEAR]), data)
        assert "「组织建设」现在是另一个工作领域的名称" in response.content.decode()
        assert dict(WorkArea.objects.values_list("pk", "name")) == {area.pk: "组织建设", other_area.pk: "政治建设"}

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
    assert set(ledger(staff_client, township, status="not_started")) == {"任务4"}  # 任务3 is 滞后
    assert set(ledger(staff_client, township, status="done", area=other_area.pk)) == {"任务5"}
    # A nonsense filter is ignored (and flagged on the form), never a 500; the valid ones still apply.
    assert len(ledger(staff_client, township, area="abc", status="nonsense")) == len(specs)
    assert set(ledger(staff_client, township, area="abc", status="overdue")) == lagging
    response = staff_client.get(reverse("plan_ledger", args=[township.pk, YEAR]), {"area": "abc"})
    assert response.context["form"].errors["area"]


def test_the_ledger_counts_match_counts_made_here(staff_client, township, area):
    task(area, "滞后1", status=TaskStatus.IN_PROGRESS, deadline=PAST)
    task(area, "滞后2", status=TaskStatus.NOT_STARTED, deadline=PAST)
    task(area, "推进", status=TaskStatus.IN_PROGRESS, deadline=FUTURE)
    task(area, "完成", status=TaskStatus.DONE, deadline=PAST, closed_on=TODAY, close_note="验收")
    task(area, "完成未销号", status=TaskStatus.DONE)
    response = staff_client.get(reverse("plan_ledger", args=[township.pk, YEAR]))
    assert dict(response.context["counts"]) == {"未开始": 0, "推进中": 1, "已完成": 2, "滞后": 2}
    assert (response.context["total"], response.context["closed"]) == (5, 1)
    assert "共 5 项：未开始 0 项，推进中 1 项，已完成 2 项，滞后 2 项；已销号 1 项。" in response.content.decode()
    assert ledger(staff_client, township, closed="yes") == ["完成"]
    assert len(ledger(staff_client, township, closed="no")) == 4


class TestIndex:
    def test_every_year_with_a_plan_is_listed_with_its_counts(self, staff_client, township, area):
        task(area, "甲", status=TaskStatus.DONE, closed_on=TODAY, close_note="完成")
        task(area, "乙", status=TaskStatus.DONE)
        task(area, "丙")
        WorkArea.objects.create(township=township, year=YEAR - 1, name="组织建设")  # a plan with no task yet
        [(listed, plans)] = staff_client.get(reverse("plan_index")).context["rows"]
        assert listed == township
        rows = [(p["year"], p["areas"], p["summary"].total, p["summary"].done, p["summary"].closed) for p in plans]
        assert rows == [(YEAR, 1, 3, 2, 1), (YEAR - 1, 1, 0, 0, 0)]
        # 2 of 3 = 66.666…%: shown as the report shows it, 66.67%, not rounded to a whole 67%.
        html = staff_client.get(reverse("plan_index")).content.decode()
        assert "66.67%" in html

    def test_staff_get_a_link_to_this_years_plan_and_reviewers_do_not(self, staff_client, reviewer_client, township):
        link = reverse("plan_detail", args=[township.pk, YEAR])
        assert link in staff_client.get(reverse("plan_index")).content.decode()
        assert link not in reviewer_client.get(reverse("plan_index")).content.decode()


# Scoping and roles: tests/test_planning_permissions.py.


# ---------------------------------------------------------------- query bounds


@pytest.mark.parametrize(
    "name, params, bound",
    [
        # session, user (with its profile), township, areas, the areas' tasks (one prefetch);
        # the previous year's plan is asked for only when the year is empty: not here
        ("plan_detail", {}, 5),
        # session, user, township, areas (filter chooser), all tasks (counts), filtered tasks
        ("plan_ledger", {}, 6),
        # ... and the area filter's validation
        ("plan_ledger", {"area": "AREA", "status": "overdue", "closed": "no"}, 7),
    ],
)
def test_plan_pages_run_a_constant_number_of_queries(staff_client, township, area, other_area, name, params, bound):
    params = {k: area.pk if v == "AREA" else v for k, v in params.items()}

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(reverse(name, args=[township.pk, YEAR]), params).status_code == 200
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


def test_the_ledger_shows_why_a_task_was_done_short_of_its_target(staff_client, township, area):
    task(area, "创建示范党支部", status=TaskStatus.DONE, target_value=10, achieved_value=4, shortfall_note="目标调整")
    html = staff_client.get(reverse("plan_ledger", args=[township.pk, YEAR])).content.decode()
    assert "未达目标：目标调整" in html

"""Writes on a year's plan that touch several rows: defaults, copying, closing."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dangjian.dates import add_years
from organizations.models import Organization
from planning.models import DEFAULT_AREAS, KeyTask, TaskStatus, WorkArea


def _lock_plans_of(township) -> None:
    """Two clicks on 建立计划 or 复制 at once would both find the year empty and the second would
    fail on the unique area names: lock the township row (PostgreSQL; SQLite writes one at a time)."""
    list(Organization.objects.select_for_update().filter(pk=township.pk).values_list("pk", flat=True))


@transaction.atomic
def plan_create_default(*, township, year: int) -> int:
    _lock_plans_of(township)
    if WorkArea.objects.filter(township=township, year=year).exists():
        raise ValidationError(f"{year}年已经有工作领域了。")
    WorkArea.objects.bulk_create(
        WorkArea(township=township, year=year, name=name, sort_order=i) for i, name in enumerate(DEFAULT_AREAS)
    )
    return len(DEFAULT_AREAS)


@transaction.atomic
def plan_copy(*, township, from_year: int, to_year: int) -> int:
    """Copy areas and tasks into an empty year; progress, narrative and closing start afresh."""
    _lock_plans_of(township)
    if WorkArea.objects.filter(township=township, year=to_year).exists():
        raise ValidationError(f"{to_year}年已经有计划，不能再复制。")
    areas = list(WorkArea.objects.filter(township=township, year=from_year).prefetch_related("tasks"))
    if not areas:
        raise ValidationError(f"{from_year}年没有计划可以复制。")
    copied = 0
    for area in areas:
        new_area = WorkArea.objects.create(township=township, year=to_year, name=area.name, sort_order=area.sort_order)
        tasks = [
            KeyTask(
                area=new_area,
                title=task.title,
                target_value=task.target_value,
                unit=task.unit,
                deadline=add_years(task.deadline, 1) if task.deadline else None,
                responsible=task.responsible,
                sort_order=task.sort_order,
            )
            for task in area.tasks.all()
        ]
        KeyTask.objects.bulk_create(tasks)
        copied += len(tasks)
    return copied


@transaction.atomic
def task_close(
    *,
    task: KeyTask,
    closed_on: datetime.date,
    note: str,
    shortfall_note: str = "",
    today: datetime.date | None = None,
) -> KeyTask:
    """销号: a done task is taken off the open list. Its status is never changed here: a task that
    is not done is refused, and one done short of its target needs a note saying why."""
    today = today or timezone.localdate()
    if task.status != TaskStatus.DONE:
        raise ValidationError(
            f"这项任务的进度是“{task.get_status_display()}”，只有已完成的任务才能销号；"
            "请先在任务中填写已完成数并把进度改为“已完成”。"
        )
    if closed_on < datetime.date(task.area.year, 1, 1):
        raise ValidationError({"closed_on": f"销号日期不能早于{task.area.year}年1月1日。"})
    if closed_on > today:
        raise ValidationError({"closed_on": "销号日期不能晚于今天。"})
    if not note.strip():
        raise ValidationError({"note": "请填写销号说明。"})
    shortfall_note = shortfall_note.strip() or task.shortfall_note
    if task.is_short_of_target and not shortfall_note:
        raise ValidationError({"shortfall_note": f"{task.shortfall_text()}：销号前请说明未达目标的原因。"})
    if not task.closed_on:  # closing again only corrects the date or note
        task.status_before_close = task.status
    task.closed_on = closed_on
    task.close_note = note
    task.shortfall_note = shortfall_note
    task.save(update_fields=["closed_on", "close_note", "shortfall_note", "status_before_close", "updated_at"])
    return task


@transaction.atomic
def task_reopen(*, task: KeyTask) -> KeyTask:
    """撤销销号: the task goes back to the status it had when it was closed."""
    task.status = task.status_before_close or task.status
    task.status_before_close = ""
    task.closed_on = None
    task.close_note = ""
    task.save(update_fields=["status", "status_before_close", "closed_on", "close_note", "updated_at"])
    return task


@transaction.atomic
def task_delete(*, task: KeyTask) -> None:
    """A task entered by mistake goes; the audit log keeps what it was. A closed task is part of
    the ledger's record and must be reopened first."""
    if task.closed_on:
        raise ValidationError("这项任务已销号，不能删除；如确需删除，请先在台账中撤销销号。")
    task.delete()

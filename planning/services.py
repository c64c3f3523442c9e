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
def task_close(*, task: KeyTask, closed_on: datetime.date, note: str, today: datetime.date | None = None) -> KeyTask:
    """销号: the task is done and taken off the open list."""
    today = today or timezone.localdate()
    if closed_on < datetime.date(task.area.year, 1, 1):
        raise ValidationError({"closed_on": f"销号日期不能早于{task.area.year}年1月1日。"})
    if closed_on > today:
        raise ValidationError({"closed_on": "销号日期不能晚于今天。"})
    if not note.strip():
        raise ValidationError({"note": "请填写销号说明。"})
    task.status = TaskStatus.DONE
    task.closed_on = closed_on
    task.close_note = note
    task.save(update_fields=["status", "closed_on", "close_note", "updated_at"])
    return task


def task_reopen(*, task: KeyTask) -> KeyTask:
    task.closed_on = None
    task.close_note = ""
    task.save(update_fields=["closed_on", "close_note", "updated_at"])
    return task

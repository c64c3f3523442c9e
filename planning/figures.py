"""Key-task figures of a township's plan for a year, as of a date, as plain data.

One definition: the report, the plan index and the county roll-up all count
through ``TaskSummary``. Tasks keep no status history: 已完成 is the status
recorded now; 滞后 is judged against the date (``KeyTask.status_on``).
"""

import datetime
from dataclasses import dataclass, fields

from dangjian.shares import Share
from planning.models import KeyTask, TaskStatus, WorkArea


@dataclass
class TaskSummary:
    area: str
    total: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    overdue: int = 0
    closed: int = 0

    @property
    def completion(self) -> Share:
        return Share(self.done, self.total)

    @classmethod
    def of(cls, area: str, tasks: list[KeyTask], day: datetime.date) -> "TaskSummary":
        statuses = [task.status_on(day) for task in tasks]
        return cls(
            area=area,
            total=len(tasks),
            done=statuses.count(TaskStatus.DONE),
            in_progress=statuses.count(TaskStatus.IN_PROGRESS),
            not_started=statuses.count(TaskStatus.NOT_STARTED),
            overdue=statuses.count(TaskStatus.OVERDUE),
            # As the ledger stood on the date: a later 销号 does not count.
            closed=sum(1 for task in tasks if task.closed_on and task.closed_on <= day),
        )

    @classmethod
    def total_of(cls, summaries: list["TaskSummary"], area: str = "合计") -> "TaskSummary":
        counts = [f.name for f in fields(cls) if f.name != "area"]
        return cls(area=area, **{name: sum(getattr(s, name) for s in summaries) for name in counts})


def plan_areas(township, year: int) -> list[WorkArea]:
    """The plan's areas with their tasks in ledger order. Two queries."""
    return list(
        WorkArea.objects.filter(township=township, year=year).order_by("sort_order", "id").prefetch_related("tasks")
    )


def task_summaries(areas: list[WorkArea], day: datetime.date) -> list[TaskSummary]:
    """Per work area (loaded with ``plan_areas``), task statuses as of ``day``. No query."""
    return [TaskSummary.of(area.name, list(area.tasks.all()), day) for area in areas]

"""Yearly key tasks (年度重点任务): a township's plan for a year, grouped by work area."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from dangjian.sorting import SORT_HELP, FillsSortOrder
from organizations.models import InTreeQuerySet, Level

# Seed 003's seven areas; every new plan starts with them and they can be edited.
DEFAULT_AREAS = ["政治建设", "组织建设", "组织生活", "队伍建设", "党员教育管理", "基础保障", "考核评价"]


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未开始"
    IN_PROGRESS = "in_progress", "推进中"
    DONE = "done", "已完成"
    # Never stored: a task is 滞后 when its deadline has passed and it is not done.
    OVERDUE = "overdue", "滞后"


STORED_STATUSES = [(s.value, s.label) for s in (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.DONE)]


class WorkAreaQuerySet(InTreeQuerySet):
    tree_path = "township__path"


class WorkArea(FillsSortOrder, models.Model):
    sort_siblings = ("township_id", "year")

    township = models.ForeignKey(
        "organizations.Organization",
        verbose_name="乡镇",
        on_delete=models.PROTECT,
        related_name="work_areas",
        limit_choices_to={"level": Level.TOWNSHIP},
    )
    year = models.PositiveIntegerField("年度", validators=[MinValueValidator(2000)])
    name = models.CharField("工作领域", max_length=50)
    sort_order = models.PositiveIntegerField("排序", default=0, blank=True, help_text=SORT_HELP)

    objects = WorkAreaQuerySet.as_manager()

    class Meta:
        verbose_name = "工作领域"
        verbose_name_plural = "工作领域"
        ordering = ["township_id", "year", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year", "name"],
                name="work_area_unique_name_per_plan",
                violation_error_message="本年度已有同名工作领域。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.name}"

    def get_additional_data(self) -> dict:
        return {"path": self.township.path}


class KeyTaskQuerySet(InTreeQuerySet):
    tree_path = "area__township__path"

    def overdue_on(self, day: datetime.date) -> "KeyTaskQuerySet":
        return self.exclude(status=TaskStatus.DONE).filter(deadline__lt=day)

    def with_status_on(self, status: str, day: datetime.date) -> "KeyTaskQuerySet":
        """Tasks whose effective status on ``day`` is ``status`` (滞后 included)."""
        if status == TaskStatus.OVERDUE:
            return self.overdue_on(day)
        if status == TaskStatus.DONE:
            return self.filter(status=TaskStatus.DONE)
        return self.filter(status=status).filter(Q(deadline__isnull=True) | Q(deadline__gte=day))


class KeyTask(FillsSortOrder, models.Model):
    sort_siblings = ("area_id",)

    area = models.ForeignKey(WorkArea, verbose_name="工作领域", on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField("任务内容", max_length=200)
    target_value = models.DecimalField(
        "目标数", max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    unit = models.CharField("单位", max_length=10, blank=True, help_text="例如：个、次、人次、%")
    achieved_value = models.DecimalField(
        "已完成数", max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    deadline = models.DateField("完成时限", null=True, blank=True)
    responsible = models.CharField("责任人或责任单位", max_length=100, blank=True)
    status = models.CharField("进度", max_length=20, choices=STORED_STATUSES, default=TaskStatus.NOT_STARTED)
    narrative = models.TextField("落实情况", blank=True, help_text="写进汇报的做法和成效。")
    shortfall_note = models.CharField(
        "未达目标说明",
        max_length=200,
        blank=True,
        help_text="进度为“已完成”而已完成数少于目标数时必填：说明为什么按已完成处理。",
    )
    closed_on = models.DateField("销号日期", null=True, blank=True)
    close_note = models.CharField("销号说明", max_length=200, blank=True)
    # What 撤销销号 goes back to.
    status_before_close = models.CharField("销号前进度", max_length=20, choices=STORED_STATUSES, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0, blank=True, help_text=SORT_HELP)
    updated_at = models.DateTimeField(auto_now=True)

    objects = KeyTaskQuerySet.as_manager()

    class Meta:
        verbose_name = "重点任务"
        verbose_name_plural = "重点任务"
        ordering = ["area__sort_order", "area_id", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s for s, _ in STORED_STATUSES]),
                name="key_task_stored_status",
                violation_error_message="“滞后”由完成时限自动判断，不能直接选择。",
            ),
            models.UniqueConstraint(
                fields=["area", "title"],
                name="key_task_unique_title_per_area",
                violation_error_message="本工作领域已有同名任务，请改用别的任务内容或编辑原来的任务。",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(status=TaskStatus.DONE),
                name="key_task_closed_only_when_done",
                violation_error_message="只有已完成的任务才能销号。",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self) -> dict:
        return {"path": self.area.township.path}

    def status_on(self, day: datetime.date) -> TaskStatus:
        if self.status != TaskStatus.DONE and self.deadline and self.deadline < day:
            return TaskStatus.OVERDUE
        return TaskStatus(self.status)

    @property
    def target_text(self) -> str:
        """「18个」: the target as the report writes it."""
        return f"{_plain(self.target_value)}{self.unit}" if self.target_value is not None else ""

    @property
    def achieved_text(self) -> str:
        return f"{_plain(self.achieved_value)}{self.unit}" if self.achieved_value is not None else ""

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    @property
    def is_short_of_target(self) -> bool:
        """Fewer achieved than the target (an unfilled 已完成数 counts as none achieved)."""
        return self.target_value is not None and (self.achieved_value or 0) < self.target_value

    def shortfall_text(self) -> str:
        achieved = self.achieved_text or "未填写"
        return f"已完成数（{achieved}）少于目标数（{self.target_text}）"

    def clean(self) -> None:
        if self.closed_on and self.status != TaskStatus.DONE:
            raise ValidationError({"closed_on": "只有已完成的任务才能销号，请先把进度改为“已完成”。"})
        if self.deadline and self.area_id and not self.area.year <= self.deadline.year <= self.area.year + 1:
            # A plan's deadlines fall in its year, or early in the next (year-end checks).
            raise ValidationError(
                {
                    "deadline": f"完成时限应在{self.area.year}年或{self.area.year + 1}年之内（这是{self.area.year}年的计划）。"
                }
            )
        if self.achieved_value is not None and self.target_value is None:
            raise ValidationError({"target_value": "填写已完成数时请同时填写目标数。"})
        # 已完成 short of the target is allowed (a target may be revised, or met another way) but
        # never silently: the clerk says why, and the note goes with the task into the ledger.
        if self.status == TaskStatus.DONE and self.is_short_of_target and not self.shortfall_note.strip():
            raise ValidationError(
                {
                    "shortfall_note": f"{self.shortfall_text()}：如确已完成，请填写未达目标说明；"
                    "否则请把进度改为“推进中”或补填已完成数。"
                }
            )


def _plain(value: Decimal) -> str:
    """18.00 → 18, 2.50 → 2.5."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text

"""A township's work report for a year: the narrative the clerk writes.

The figures are never stored here: they are computed from the data as of
``as_of`` each time the report is shown or rendered.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from dangjian.dates import year_day
from dangjian.sorting import SORT_HELP, FillsSortOrder
from organizations.models import InTreeQuerySet, Level

from .review import Status


class ReportQuerySet(InTreeQuerySet):
    tree_path = "township__path"


class Report(models.Model):
    township = models.ForeignKey(
        "organizations.Organization",
        verbose_name="乡镇",
        on_delete=models.PROTECT,
        related_name="reports",
        limit_choices_to={"level": Level.TOWNSHIP},
    )
    year = models.PositiveIntegerField("年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    as_of = models.DateField("统计截止日期", help_text="报告中的所有数字都按这一天计算。")
    title = models.CharField("标题", max_length=100)
    issuer = models.CharField("落款单位", max_length=100)
    issued_on = models.DateField("落款日期")
    opening = models.TextField("开头段落", blank=True)
    problems = models.TextField("存在的问题", blank=True, help_text="每段一条，换行分段。")
    next_steps = models.TextField("下一步工作打算", blank=True, help_text="每段一条，换行分段。")
    # What 一、基本情况 states and how (reports/options.py); figures are never stored.
    basic_options = models.JSONField("基本情况的写法", default=dict, blank=True)
    development_paragraphs = models.BooleanField(
        "生成发展党员和组织生活段落",
        default=True,
        help_text="勾选：一、基本情况末尾按数据生成发展党员、培训和组织生活的段落；"
        "不勾选：不生成，可把编写页列出的句子放进各节叙述中。",
    )
    compare_with_last_year = models.BooleanField(
        "在基本情况中与上年同期比较",
        default=False,
        help_text="自动计算党员总数的增减和各项占比的变化（不需要手工填写），并在附表中画出近五年的变化。",
    )
    compare_with_submitted = models.BooleanField(
        "上年数字采用上年已报送的汇报",
        default=False,
        help_text="上年有已报送（未退回）的汇报时，采用其中的数字；否则按上年同一天的在册数据计算。",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = "工作汇报"
        verbose_name_plural = "工作汇报"
        ordering = ["township_id", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year"],
                name="report_unique_per_township_year",
                violation_error_message="这个乡镇这一年度的汇报已经建立，请直接编辑。",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self) -> dict:
        """Where the audit log files this object: the organization path it belongs under."""
        return {"path": self.township.path}

    def status(self, versions: list | None = None) -> str:
        """未提交 / 已提交 / 已退回 / 已通过, from the latest version and its decision."""
        versions = list(self.versions.all()) if versions is None else versions
        if not versions:
            return Status.DRAFT
        return max(versions, key=lambda v: v.number).status

    def clean(self) -> None:
        if self.as_of and self.year and self.as_of.year != self.year:
            raise ValidationError({"as_of": f"统计截止日期必须在{self.year}年之内。"})
        if self.as_of and self.issued_on and self.issued_on < self.as_of:
            raise ValidationError({"issued_on": "落款日期不能早于统计截止日期。"})

    @staticmethod
    def defaults_for(township, year: int, today: datetime.date) -> dict:
        """Title, issuer and dates a new report starts with (「XX乡XXXX年基层党建工作情况汇报」)."""
        as_of = year_day(year, today)
        return {
            "title": f"{township.name}{year}年基层党建工作情况汇报",
            "issuer": f"中共{township.name}委员会",
            "as_of": as_of,
            "issued_on": as_of,
        }


class ReportSection(FillsSortOrder, models.Model):
    """The narrative for one work area, shown under 二、 as （一）（二）…."""

    sort_siblings = ("report_id",)

    report = models.ForeignKey(Report, verbose_name="汇报", on_delete=models.CASCADE, related_name="sections")
    area = models.ForeignKey(
        "planning.WorkArea", verbose_name="工作领域", on_delete=models.SET_NULL, null=True, blank=True
    )
    heading = models.CharField("小标题", max_length=100, help_text="例如：聚焦政治建设，提升思想引领")
    narrative = models.TextField("工作情况", blank=True, help_text="换行分段。")
    sort_order = models.PositiveIntegerField("排序", default=0, blank=True, help_text=SORT_HELP)

    class Meta:
        verbose_name = "汇报分节"
        verbose_name_plural = "汇报分节"
        ordering = ["report_id", "sort_order", "id"]

    def __str__(self) -> str:
        return self.heading

    def get_additional_data(self) -> dict:
        return {"path": self.report.township.path}

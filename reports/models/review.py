"""What a township submitted and what the county decided.

A ``ReportVersion`` is frozen: the PDF, the workbook and the data they were made
from are stored once and never change, whatever happens later to members,
tasks or narrative. The model layer enforces it, not only the views.
"""

from django.conf import settings
from django.db import models

from organizations.models import InTreeQuerySet
from reports.filenames import safe_filename
from reports.formats import STORED_FORMATS
from reports.titles import plain_title


class FrozenVersionError(Exception):
    """Raised on any attempt to change or delete a stored version."""


class Status(models.TextChoices):
    DRAFT = "draft", "未提交"
    SUBMITTED = "submitted", "已提交"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已通过"


class Decision(models.TextChoices):
    APPROVED = "approved", "通过"
    RETURNED = "returned", "退回"


class FrozenQuerySet(InTreeQuerySet):
    tree_path = "report__township__path"

    def update(self, **kwargs):
        raise FrozenVersionError("已提交的汇报版本不能修改。")

    def delete(self):
        raise FrozenVersionError("已提交的汇报版本不能删除。")


def _upload_to(version: "ReportVersion", filename: str) -> str:
    """Stored paths come from ids only (never from the title a clerk typed); ``filename`` gives the type."""
    report = version.report
    extension = filename.rsplit(".", 1)[-1]
    return (
        f"reports/{report.township_id}/{report.year}/v{version.number}/report-{report.pk}-v{version.number}.{extension}"
    )


class ReportVersion(models.Model):
    report = models.ForeignKey("reports.Report", verbose_name="汇报", on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("版本")
    title = models.CharField("提交时的标题", max_length=100, blank=True)
    as_of = models.DateField("统计截止日期")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.PROTECT)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    pdf = models.FileField("PDF", upload_to=_upload_to)
    xlsx = models.FileField("Excel", upload_to=_upload_to)
    docx = models.FileField("Word", upload_to=_upload_to, blank=True)  # blank: versions submitted before Word existed
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64)
    xlsx_sha256 = models.CharField("Excel SHA-256", max_length=64)
    docx_sha256 = models.CharField("Word SHA-256", max_length=64, blank=True)
    data = models.JSONField("统计与叙述数据")

    objects = FrozenQuerySet.as_manager()

    class Meta:
        verbose_name = "汇报版本"
        verbose_name_plural = "汇报版本"
        ordering = ["report_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise FrozenVersionError("已提交的汇报版本不能修改。")
        super().save(*args, **kwargs)

    def get_additional_data(self) -> dict:
        """Where the audit log files this object: the organization path it belongs under."""
        return {"path": self.report.township.path}

    def delete(self, *args, **kwargs):
        raise FrozenVersionError("已提交的汇报版本不能删除。")

    @property
    def files(self) -> list:
        """(format, stored file) for every file this version holds, in the formats' order."""
        return [(output, file) for output in STORED_FORMATS if (file := self.stored_file(output))]

    def stored_file(self, output):
        """The stored file of an output format (reports.formats), or None if versions keep no such file."""
        return getattr(self, output.key, None) if output.stored else None

    def filename(self, extension: str) -> str:
        """What a download of this version is called: the title as submitted, whatever it is now."""
        return f"{safe_filename(f'{plain_title(self.title)}-第{self.number}版')}.{extension}"

    @property
    def decision(self) -> "ReviewDecision | None":
        decisions = list(self.decisions.all())
        return decisions[-1] if decisions else None

    @property
    def status(self) -> "Status":
        """已提交 / 已通过 / 已退回: what the reviewer decided on this version, if anything."""
        decision = self.decision
        if decision is None:
            return Status.SUBMITTED
        return Status.APPROVED if decision.decision == Decision.APPROVED else Status.RETURNED


class ReviewDecision(models.Model):
    version = models.ForeignKey(ReportVersion, verbose_name="版本", on_delete=models.PROTECT, related_name="decisions")
    decision = models.CharField("审核结果", max_length=20, choices=Decision.choices)
    comment = models.TextField("审核意见", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", on_delete=models.PROTECT)
    decided_at = models.DateTimeField("审核时间", auto_now_add=True)

    class Meta:
        verbose_name = "审核意见"
        verbose_name_plural = "审核意见"
        ordering = ["decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision="returned") | ~models.Q(comment=""),
                name="review_return_needs_comment",
                violation_error_message="退回时必须填写审核意见。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.get_decision_display()}"

    def get_additional_data(self) -> dict:
        return {"path": self.version.report.township.path}

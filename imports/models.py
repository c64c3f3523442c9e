"""One import: who, when, which file (name and SHA-256), into which township, and what it did.

While it waits for confirmation the record also holds the parsed rows and the
preview (``data``), server-side, for PREVIEW_LIFETIME and for its uploader
only; confirming applies the stored rows, so the file is never uploaded twice.
Once confirmed, refused or expired the rows are dropped and only the counts stay.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from organizations.models import InTreeQuerySet, Level

PREVIEW_LIFETIME = datetime.timedelta(hours=1)


class ImportKind(models.TextChoices):
    MEMBERS = "members", "党员名册"
    ORGANIZATIONS = "organizations", "党组织和村委会"
    DEVELOPMENT = "development", "发展党员"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "待确认"
    REFUSED = "refused", "有错误，未导入"
    DONE = "done", "已导入"
    EXPIRED = "expired", "已过期"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ImportRecordQuerySet(InTreeQuerySet):
    tree_path = "township__path"


class ImportRecord(models.Model):
    kind = models.CharField("导入内容", max_length=20, choices=ImportKind.choices)
    township = models.ForeignKey(
        "organizations.Organization",
        verbose_name="乡镇",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Level.TOWNSHIP},
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", on_delete=models.SET_NULL, null=True, blank=True
    )
    source = models.CharField("方式", max_length=20, default="网页")
    file_name = models.CharField("文件名", max_length=255)
    file_size = models.PositiveIntegerField("文件大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    status = models.CharField("状态", max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    rows = models.PositiveIntegerField("数据行数", default=0)
    rows_created = models.PositiveIntegerField("新建", default=0)
    rows_updated = models.PositiveIntegerField("更新", default=0)
    problem_count = models.PositiveIntegerField("错误数", default=0)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    data = models.JSONField("预览数据", default=dict, blank=True, editable=False)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    expires_at = models.DateTimeField("预览有效期至")
    confirmed_at = models.DateTimeField("确认导入时间", null=True, blank=True)

    objects = ImportRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "status"], name="import_record_user_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="import_record_sha256_hex",
                violation_error_message="SHA-256 应为64位十六进制数。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.file_name}"

    def save(self, *args, **kwargs) -> None:
        if not self.expires_at:
            self.expires_at = timezone.now() + PREVIEW_LIFETIME
        super().save(*args, **kwargs)

    def get_additional_data(self) -> dict:
        """Where the audit log files this object: the organization path it belongs under."""
        return {"path": self.township.path}

    @property
    def is_expired(self) -> bool:
        return self.status == ImportStatus.PENDING and timezone.now() >= self.expires_at

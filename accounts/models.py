"""Who a user is in the app: a role and the organization node their scope starts at."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from organizations.models import Level


class Role(models.TextChoices):
    TOWNSHIP_STAFF = "township_staff", "乡镇党建工作人员"
    COUNTY_REVIEWER = "county_reviewer", "县委组织部审核人员"


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField("角色", max_length=30, choices=Role.choices)
    scope = models.ForeignKey(
        "organizations.Organization",
        verbose_name="管辖范围",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="乡镇工作人员选所在乡镇党委；县审核人员选县委。",
    )

    class Meta:
        verbose_name = "用户角色"
        verbose_name_plural = "用户角色"

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.scope}"

    def clean(self) -> None:
        # An empty or unknown role is the role field's own error.
        expected = {Role.TOWNSHIP_STAFF: Level.TOWNSHIP, Role.COUNTY_REVIEWER: Level.COUNTY}.get(self.role)
        if expected and self.scope_id and self.scope.level != expected:
            raise ValidationError({"scope": f"{self.get_role_display()}的管辖范围必须是{expected.label}。"})

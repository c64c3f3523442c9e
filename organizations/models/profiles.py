"""A township's basic facts for one year (基本情况的乡情部分)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from .tree import Level


class TownshipProfile(models.Model):
    township = models.ForeignKey(
        "organizations.Organization",
        verbose_name="乡镇",
        on_delete=models.PROTECT,
        related_name="profiles",
        limit_choices_to={"level": Level.TOWNSHIP},
    )
    year = models.PositiveIntegerField("年度", validators=[MinValueValidator(2000)])
    location = models.TextField("区位", blank=True, help_text="例如：位于XX县西北部，距县城83公里。")
    area_km2 = models.DecimalField(
        "国土面积（平方公里）",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    natural_villages = models.PositiveIntegerField("自然村（个）", null=True, blank=True)
    other_units = models.CharField(
        "其他辖区单位", max_length=200, blank=True, help_text="例如：清水江林业局一、二林场。"
    )
    households = models.PositiveIntegerField("户数（户）", null=True, blank=True)
    population = models.PositiveIntegerField("人口（人）", null=True, blank=True)
    minority_population = models.PositiveIntegerField("少数民族人口（人）", null=True, blank=True)
    ethnic_groups = models.CharField(
        "居住民族", max_length=200, blank=True, help_text="用顿号分隔，例如：汉、壮、苗、瑶、彝。"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "乡镇基本情况"
        verbose_name_plural = "乡镇基本情况"
        ordering = ["township_id", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "year"],
                name="township_profile_unique_year",
                violation_error_message="该乡镇这一年度的基本情况已经填写过。",
            ),
            models.CheckConstraint(
                condition=Q(minority_population__isnull=True)
                | Q(population__isnull=True)
                | Q(minority_population__lte=F("population")),
                name="township_profile_minority_within_population",
                violation_error_message="少数民族人口不能多于总人口。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.township} {self.year}年基本情况"

    def get_additional_data(self) -> dict:
        """Where the audit log files this object: the organization path it belongs under."""
        return {"path": self.township.path}

    @property
    def ethnic_group_list(self) -> list[str]:
        return [name for name in self.ethnic_groups.replace(",", "、").replace("，", "、").split("、") if name]

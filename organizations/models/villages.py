"""Administrative units the rural tree is built on: 村委会 and their 村民小组."""

from django.db import models

from dangjian.sorting import SORT_HELP, FillsSortOrder

from .tree import InTreeQuerySet, Level


class VillageQuerySet(InTreeQuerySet):
    tree_path = "township__path"


class VillageGroupQuerySet(InTreeQuerySet):
    tree_path = "village__township__path"


class Village(FillsSortOrder, models.Model):
    sort_siblings = ("township_id",)

    township = models.ForeignKey(
        "organizations.Organization",
        verbose_name="所属乡镇",
        on_delete=models.PROTECT,
        related_name="villages",
        limit_choices_to={"level": Level.TOWNSHIP},
    )
    name = models.CharField("村委会名称", max_length=100)
    sort_order = models.PositiveIntegerField("排序", default=0, blank=True, help_text=SORT_HELP)

    objects = VillageQuerySet.as_manager()

    class Meta:
        verbose_name = "村委会"
        verbose_name_plural = "村委会"
        ordering = ["township_id", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "name"],
                name="village_unique_name_per_township",
                violation_error_message="本乡镇已有同名村委会。",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        """Where the audit log files this object: the organization path it belongs under."""
        return {"path": self.township.path}


class VillageGroup(FillsSortOrder, models.Model):
    sort_siblings = ("village_id",)

    village = models.ForeignKey(Village, verbose_name="村委会", on_delete=models.CASCADE, related_name="groups")
    name = models.CharField("村民小组名称", max_length=100)
    sort_order = models.PositiveIntegerField("排序", default=0, blank=True, help_text=SORT_HELP)

    objects = VillageGroupQuerySet.as_manager()

    class Meta:
        verbose_name = "村民小组"
        verbose_name_plural = "村民小组"
        ordering = ["village_id", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "name"],
                name="village_group_unique_name_per_village",
                violation_error_message="本村委会已有同名村民小组。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.village.name}{self.name}"

    def get_additional_data(self) -> dict:
        return {"path": self.village.township.path}


class VillageYearQuerySet(InTreeQuerySet):
    tree_path = "village__township__path"


class VillageYear(models.Model):
    """A village committee's figures for one year: collective economy, 一肩挑, reserve cadres.

    书记主任「一肩挑」 is derived from the committee (assessments.CommitteePost) where the
    village's party organization has its posts recorded; ``secretary_is_director``
    is only the fallback for villages whose committee is not recorded.
    """

    village = models.ForeignKey(Village, verbose_name="村委会", on_delete=models.CASCADE, related_name="years")
    year = models.PositiveIntegerField("年度")
    collective_income = models.DecimalField(
        "村集体经济收入（万元）", max_digits=10, decimal_places=2, null=True, blank=True
    )
    income_source = models.CharField("收入来源", max_length=200, blank=True)
    reserve_cadres = models.PositiveIntegerField("后备干部（名）", null=True, blank=True)
    secretary_is_director = models.BooleanField(
        "书记主任一肩挑（未录入班子时）", null=True, blank=True, help_text="村党组织班子已录入时按班子自动判断。"
    )

    objects = VillageYearQuerySet.as_manager()

    class Meta:
        verbose_name = "村级年度情况"
        verbose_name_plural = "村级年度情况"
        ordering = ["village_id", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "year"],
                name="village_year_unique",
                violation_error_message="这个村委会这一年度的情况已经录入。",
            ),
            models.CheckConstraint(
                condition=models.Q(collective_income__isnull=True) | models.Q(collective_income__gte=0),
                name="village_year_income_not_negative",
                violation_error_message="村集体经济收入不能是负数。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village} {self.year}年"

    def get_additional_data(self) -> dict:
        return {"path": self.village.township.path}

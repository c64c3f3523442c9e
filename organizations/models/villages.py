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

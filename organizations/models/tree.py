"""The party organization tree (党组织): 县委 → 乡镇党委 → 村党委/党总支 → 党支部 → 党小组.

The tree is stored as a materialized path: every node keeps ``path``, the ids
of its ancestors and itself, like ``/1/7/42/``. "Everything under this
township" is then one indexed prefix query (``path LIKE '/1/7/%'``) on SQLite
and PostgreSQL alike, and member queries reach a subtree with one join.
Chosen over django-treebeard because forms stay plain ModelForms (treebeard
needs its own move/add API) and over a recursive CTE because the ORM cannot
express one; moving a node rewrites its subtree's paths in one UPDATE.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone

from dangjian.sorting import SORT_HELP, FillsSortOrder


class Level(models.TextChoices):
    COUNTY = "county", "县委"
    TOWNSHIP = "township", "乡镇党委"
    VILLAGE_COMMITTEE = "village_committee", "村党委"
    GENERAL_BRANCH = "general_branch", "党总支"
    BRANCH = "branch", "党支部"
    PARTY_GROUP = "party_group", "党小组"


# Which levels may hold a node of each level.
ALLOWED_PARENT_LEVELS = {
    Level.COUNTY: set(),
    Level.TOWNSHIP: {Level.COUNTY},
    Level.VILLAGE_COMMITTEE: {Level.TOWNSHIP},
    Level.GENERAL_BRANCH: {Level.TOWNSHIP, Level.VILLAGE_COMMITTEE},
    Level.BRANCH: {Level.TOWNSHIP, Level.VILLAGE_COMMITTEE, Level.GENERAL_BRANCH},
    Level.PARTY_GROUP: {Level.BRANCH},
}


class Category(models.TextChoices):
    """行业/类别, as used in the report's breakdowns."""

    GENERAL = "general", "综合（县委、乡镇党委）"
    RURAL = "rural", "农村（村/村民小组）"
    COMMUNITY = "community", "社区"
    ORGAN = "organ", "机关"
    INSTITUTION = "institution", "事业单位"
    STATE_ENTERPRISE = "state_enterprise", "国有企业"
    PRIVATE_ENTERPRISE = "private_enterprise", "非公有制企业"
    SOCIAL_ORGANIZATION = "social_organization", "社会组织"
    COOPERATIVE = "cooperative", "农民专业合作社"
    SCHOOL = "school", "学校"


class InTreeQuerySet(models.QuerySet):
    """Rows that belong somewhere in the organization tree.

    ``tree_path`` is the lookup from a row to the path of the node it belongs
    under; scoping (accounts.scoping.visible) and ``under`` both go through it,
    so each model states its place in the tree once.
    """

    tree_path = "path"

    def under(self, node: "Organization | str"):
        """Everything belonging to ``node`` or below it (``node`` may be a path), in one prefix filter."""
        path = node if isinstance(node, str) else node.path
        return self.filter(**{f"{self.tree_path}__startswith": path})


class OrganizationQuerySet(InTreeQuerySet):
    def subtree(self, node: "Organization") -> "OrganizationQuerySet":
        """The node and everything under it, in one query."""
        return self.under(node)

    def townships(self) -> "OrganizationQuerySet":
        return self.filter(level=Level.TOWNSHIP)

    def founded_by(self, day) -> "OrganizationQuerySet":
        return self.filter(Organization.founded_by_q(day))


class Organization(FillsSortOrder, models.Model):
    sort_siblings = ("parent_id",)

    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=20, choices=Level.choices)
    category = models.CharField("类别", max_length=30, choices=Category.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级党组织",
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    village = models.ForeignKey(
        "organizations.Village",
        verbose_name="所在村委会",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organizations",
        help_text="村党委、党总支和村民小组党支部填写所依托的村委会。",
    )
    founded_on = models.DateField("成立日期", null=True, blank=True)
    secretary = models.CharField("书记", max_length=50, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0, blank=True, help_text=SORT_HELP)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "党组织"
        verbose_name_plural = "党组织"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        with transaction.atomic():
            old_path = self.path
            super().save(*args, **kwargs)
            parent_path = self.parent.path if self.parent_id else "/"
            new_path = f"{parent_path}{self.pk}/"
            if new_path == old_path:
                return
            Organization.objects.filter(pk=self.pk).update(path=new_path)
            self.path = new_path
            if old_path:
                # Re-root the whole subtree in one statement.
                Organization.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                    path=Concat(
                        models.Value(new_path),
                        Substr("path", len(old_path) + 1, Length("path")),
                        output_field=models.CharField(),
                    )
                )

    def get_additional_data(self) -> dict:
        """Where the audit log files this object: the organization path it belongs under.

        Computed, not read from ``path``: auditlog logs a creation from post_save, before
        save() has written the path (which needs the pk), and a move under the new parent."""
        if self.pk is None:
            return {"path": self.path}
        parent_path = self.parent.path if self.parent_id else "/"
        return {"path": f"{parent_path}{self.pk}/"}

    @staticmethod
    def founded_by_q(day) -> models.Q:
        """Counted on ``day``: founded on or before it, or with no founding date recorded."""
        return models.Q(founded_on__isnull=True) | models.Q(founded_on__lte=day)

    def is_founded_by(self, day) -> bool:
        """``founded_by_q`` for an organization already loaded."""
        return self.founded_on is None or self.founded_on <= day

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]

    def is_descendant_of(self, other: "Organization") -> bool:
        return bool(other.path) and self.path.startswith(other.path)

    @property
    def holds_members(self) -> bool:
        return self.level == Level.BRANCH

    def township(self) -> "Organization | None":
        """The township committee this node belongs to (itself for a township)."""
        if self.level == Level.TOWNSHIP:
            return self
        if self.level == Level.COUNTY:
            return None
        # Remembered per path: an import validates thousands of members against the same few branches.
        cached = getattr(self, "_township_cache", None)
        if cached is None or cached[0] != self.path:
            township = Organization.objects.filter(pk__in=self.ancestor_ids, level=Level.TOWNSHIP).first()
            self._township_cache = cached = (self.path, township)
        return cached[1]

    def clean(self) -> None:
        if self.founded_on and self.founded_on > timezone.localdate():
            raise ValidationError({"founded_on": "成立日期不能晚于今天。"})
        allowed = ALLOWED_PARENT_LEVELS.get(self.level, set())
        if self.parent is None:
            if allowed:
                names = "、".join(Level(level).label for level in _ordered(allowed))
                raise ValidationError({"parent": f"{self.get_level_display()}必须有上级党组织（{names}）。"})
            return
        if self.pk and (self.parent_id == self.pk or self.parent.is_descendant_of(self)):
            raise ValidationError({"parent": "不能把党组织移到它自己或它的下级组织之下。"})
        if self.parent.level not in allowed:
            if allowed:
                names = "、".join(Level(level).label for level in _ordered(allowed))
                message = (
                    f"{self.get_level_display()}的上级党组织只能是{names}，不能是{self.parent.get_level_display()}。"
                )
            else:
                message = f"{self.get_level_display()}是最高层级，不能有上级党组织。"
            raise ValidationError({"parent": message})
        if self.pk:
            self._check_level_change()
        if self.village_id:
            township = self.parent if self.parent.level == Level.TOWNSHIP else self.parent.township()
            if township is None or self.village.township_id != township.pk:
                raise ValidationError({"village": "所在村委会必须属于本乡镇。"})

    def _check_level_change(self) -> None:
        """A changed level must still fit the children and members the node already has."""
        if self.level != Level.BRANCH and self.members.exists():
            raise ValidationError({"level": "该党组织还有党员，只有党支部可以编入党员，请先调整党员的所在党支部。"})
        child_levels = set(self.children.values_list("level", flat=True))
        misfits = [level for level in child_levels if self.level not in ALLOWED_PARENT_LEVELS[level]]
        if misfits:
            names = "、".join(Level(level).label for level in _ordered(misfits))
            raise ValidationError({"level": f"它下面还有{names}，{self.get_level_display()}不能作为它们的上级。"})


def _ordered(levels) -> list[str]:
    order = list(Level.values)
    return sorted(levels, key=order.index)

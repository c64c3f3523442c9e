"""Assessments per organization per year (分类定级、星级、规范化达标), 软弱涣散 rectification,
先进与后进结对共建, and committees (班子) with their terms (换届).

An organization is 软弱涣散 on a day exactly when one of its rectifications is
open on that day (listed, not yet completed): the flag is a consequence of the
record, never a checkbox, so past reports stay true.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from dangjian.dates import add_years
from organizations.models import Category, InTreeQuerySet, Level

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Grade(models.TextChoices):
    ADVANCED = "advanced", "先进"
    MIDDLE = "middle", "中间"
    BACKWARD = "backward", "后进"


class OrganizationRowQuerySet(InTreeQuerySet):
    tree_path = "organization__path"


class Assessment(models.Model):
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="党组织", on_delete=models.CASCADE, related_name="assessments"
    )
    year = models.PositiveIntegerField("年度", validators=YEAR_VALIDATORS)
    grade = models.CharField("分类定级", max_length=10, choices=Grade.choices)
    stars = models.PositiveSmallIntegerField(
        "星级", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    standardized = models.BooleanField("规范化达标", default=False)

    objects = OrganizationRowQuerySet.as_manager()

    class Meta:
        verbose_name = "分类定级"
        verbose_name_plural = "分类定级"
        ordering = ["organization__path", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="assessment_unique_per_organization_year",
                violation_error_message="这个党组织这一年度已经定级。",
            ),
            models.CheckConstraint(
                condition=Q(stars__isnull=True) | Q(stars__gte=1, stars__lte=5),
                name="assessment_stars_1_to_5",
                violation_error_message="星级只能是1至5星。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}年 {self.get_grade_display()}"

    def get_additional_data(self) -> dict:
        return {"path": self.organization.path}


class Rectification(models.Model):
    """One 软弱涣散 listing of an organization and its 整顿 until completion."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="党组织",
        on_delete=models.CASCADE,
        related_name="rectifications",
    )
    reason = models.TextField("软弱涣散的主要问题")
    plan = models.TextField("整顿方案", blank=True)
    responsible = models.CharField("责任人", max_length=100)
    started_on = models.DateField("列为软弱涣散日期")
    deadline = models.DateField("整顿时限", null=True, blank=True)
    completed_on = models.DateField(
        "完成整顿日期", null=True, blank=True, help_text="整顿完成后填写；留空表示正在整顿。"
    )

    objects = OrganizationRowQuerySet.as_manager()

    class Meta:
        verbose_name = "软弱涣散整顿"
        verbose_name_plural = "软弱涣散整顿"
        ordering = ["organization__path", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("started_on")),
                name="rectification_completed_after_started",
                violation_error_message="完成整顿日期不能早于列为软弱涣散的日期。",
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=F("started_on")),
                name="rectification_deadline_after_started",
                violation_error_message="整顿时限不能早于列为软弱涣散的日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} 软弱涣散整顿"

    def get_additional_data(self) -> dict:
        return {"path": self.organization.path}

    @staticmethod
    def open_on_q(day: datetime.date, prefix: str = "") -> Q:
        return Q(**{f"{prefix}started_on__lte": day}) & (
            Q(**{f"{prefix}completed_on__isnull": True}) | Q(**{f"{prefix}completed_on__gt": day})
        )

    def is_open_on(self, day: datetime.date) -> bool:
        return self.started_on <= day and (self.completed_on is None or self.completed_on > day)

    def status_on(self, day: datetime.date) -> str:
        if self.started_on > day:
            return "尚未列入"
        if self.is_open_on(day):
            return "逾期未完成" if self.deadline and self.deadline < day else "正在整顿"
        return "已完成整顿"


class PairingQuerySet(InTreeQuerySet):
    tree_path = "township__path"


class Pairing(models.Model):
    """先进与后进（中间）结对共建: an advanced organization paired with one that is behind."""

    township = models.ForeignKey(
        "organizations.Organization",
        verbose_name="乡镇",
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"level": Level.TOWNSHIP},
    )
    year = models.PositiveIntegerField("年度", validators=YEAR_VALIDATORS)
    advanced = models.ForeignKey(
        "organizations.Organization", verbose_name="先进党组织", on_delete=models.CASCADE, related_name="+"
    )
    partner = models.ForeignKey(
        "organizations.Organization", verbose_name="结对党组织", on_delete=models.CASCADE, related_name="+"
    )

    objects = PairingQuerySet.as_manager()

    class Meta:
        verbose_name = "结对共建"
        verbose_name_plural = "结对共建"
        ordering = ["township_id", "year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "advanced", "partner"],
                name="pairing_unique_per_year",
                violation_error_message="这两个党组织这一年度已经结对。",
            ),
            models.CheckConstraint(
                condition=~Q(advanced=F("partner")),
                name="pairing_two_organizations",
                violation_error_message="结对的必须是两个不同的党组织。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.advanced} — {self.partner}"

    def get_additional_data(self) -> dict:
        return {"path": self.township.path}


class Post(models.TextChoices):
    SECRETARY = "secretary", "书记"
    DEPUTY = "deputy", "副书记"
    ORGANIZATION = "organization", "组织委员"
    PROPAGANDA = "propaganda", "宣传委员"
    DISCIPLINE = "discipline", "纪检委员"
    # Held by the village party secretary in 书记主任「一肩挑」, or by a branch secretary as group leader.
    DIRECTOR = "director", "村委会主任"
    GROUP_LEADER = "group_leader", "村民小组长"


# The posts of the party committee itself (支委会/总支委员会): 3–5 of them once a branch has 7 full members.
COMMITTEE_POSTS = (Post.SECRETARY, Post.DEPUTY, Post.ORGANIZATION, Post.PROPAGANDA, Post.DISCIPLINE)


def term_years(organization) -> int:
    """5 years for village and community organizations, 3 elsewhere (settings.COMMITTEE_TERM_YEARS)."""
    terms = settings.COMMITTEE_TERM_YEARS
    return terms["village"] if organization.category in (Category.RURAL, Category.COMMUNITY) else terms["other"]


def term_due_on(organization, started_on: datetime.date) -> datetime.date:
    return add_years(started_on, term_years(organization))


class CommitteePost(models.Model):
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="党组织",
        on_delete=models.CASCADE,
        related_name="committee_posts",
    )
    member = models.ForeignKey(
        "organizations.Member", verbose_name="党员", on_delete=models.PROTECT, related_name="committee_posts"
    )
    post = models.CharField("职务", max_length=20, choices=Post.choices)
    started_on = models.DateField("任职日期", help_text="换届选举或补选的日期。")
    ended_on = models.DateField("离任日期", null=True, blank=True)

    objects = OrganizationRowQuerySet.as_manager()

    class Meta:
        verbose_name = "班子成员"
        verbose_name_plural = "班子成员"
        ordering = ["organization__path", "post", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="committee_post_ended_after_started",
                violation_error_message="离任日期不能早于任职日期。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_post_display()} {self.member}"

    def get_additional_data(self) -> dict:
        return {"path": self.organization.path}

    @staticmethod
    def current_q(day: datetime.date) -> Q:
        return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))

    def clean(self) -> None:
        if not (self.organization_id and self.member_id):
            return
        org, member = self.organization, self.member
        # A post that has ended stays as recorded when its holder moves elsewhere later.
        if self.ended_on is None and not member.organization.path.startswith(org.path):
            raise ValidationError({"member": f"班子成员必须是{org.name}或其下级党支部的党员。"})
        if self.post == Post.DIRECTOR and org.village_id is None:
            raise ValidationError({"post": "只有依托村委会的党组织（填写了所在村委会）才能记录村委会主任。"})
        if self.post == Post.GROUP_LEADER and org.category != Category.RURAL:
            raise ValidationError({"post": "只有农村（村民小组）党支部才能记录村民小组长。"})
        if self.started_on and member.joined_on > self.started_on:
            raise ValidationError({"started_on": "任职日期不能早于该党员的入党日期。"})
        if self.started_on and member.left_on and member.left_on <= self.started_on:
            raise ValidationError({"started_on": "该党员在任职日期前已经离开。"})

"""People on the way to membership (发展党员) and the dated record of each of their steps.

Nothing here is ever deleted: a step once recorded stays, an extension of
probation and a cancellation are rows of their own, so a past year's figures
stay what they were.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from organizations.models import InTreeQuerySet, Level, Person

from .steps import ACTIVIST, ADMITTED, CONVERTED, LAST_STEP, STEP_BY_NUMBER, TARGET


class Status(models.TextChoices):
    """Where a person stands on a date (the five stages as people, plus cancellation)."""

    APPLICANT = "applicant", "入党申请人"
    ACTIVIST = "activist", "入党积极分子"
    TARGET = "target", "发展对象"
    PROBATIONARY = "probationary", "预备党员"
    FULL = "full", "正式党员"
    CANCELLED = "cancelled", "已取消预备党员资格"


def status_after(step: int | None) -> Status | None:
    """The status of someone whose latest step is ``step`` (None: not yet applied)."""
    if step is None:
        return None
    if step < ACTIVIST:
        return Status.APPLICANT
    if step < TARGET:
        return Status.ACTIVIST
    if step < ADMITTED:
        return Status.TARGET
    if step < CONVERTED:
        return Status.PROBATIONARY
    return Status.FULL


class CandidateQuerySet(InTreeQuerySet):
    tree_path = "organization__path"


class Candidate(Person):
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="所在党支部",
        on_delete=models.PROTECT,
        related_name="candidates",
        limit_choices_to={"level": Level.BRANCH},
    )
    id_number = models.CharField(
        "身份证号码",
        max_length=18,
        null=True,
        blank=True,
        unique=True,
        error_messages={"unique": "这个身份证号码已经登记在另一名发展对象名下。"},
    )
    # Set when the branch general meeting admits the person (step 15).
    member = models.OneToOneField(
        "organizations.Member",
        verbose_name="党员档案",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidate",
    )
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = "发展党员对象"
        verbose_name_plural = "发展党员对象"
        ordering = ["organization_id", "name", "id"]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.organization_id and self.organization.level != Level.BRANCH:
            errors["organization"] = "发展党员对象只能登记在党支部，不能登记在党委、党总支或党小组。"
        errors.update(self.id_number_errors())
        if errors:
            raise ValidationError(errors)


class StepRecordQuerySet(InTreeQuerySet):
    tree_path = "candidate__organization__path"


class StepRecord(models.Model):
    """The date one of the 25 steps happened for one person."""

    candidate = models.ForeignKey(
        Candidate, verbose_name="发展党员对象", on_delete=models.PROTECT, related_name="steps"
    )
    number = models.PositiveSmallIntegerField("步骤", validators=[MinValueValidator(1), MaxValueValidator(LAST_STEP)])
    done_on = models.DateField("日期")
    note = models.CharField("说明", max_length=200, blank=True)
    # Step 11 (开展集中培训): at least 3 days or 24 class hours.
    training_days = models.PositiveSmallIntegerField("培训天数", null=True, blank=True)
    training_hours = models.PositiveSmallIntegerField("培训学时", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StepRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "发展步骤记录"
        verbose_name_plural = "发展步骤记录"
        ordering = ["candidate_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "number"],
                name="step_record_once_per_candidate",
                violation_error_message="这一步已经登记过了。",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=LAST_STEP),
                name="step_record_number_in_range",
                violation_error_message="步骤只能是第1至第25步。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} {self.step.name} {self.done_on}"

    def get_additional_data(self) -> dict:
        return {"path": self.candidate.organization.path}

    @property
    def step(self):
        return STEP_BY_NUMBER[self.number]


class ProbationChangeKind(models.TextChoices):
    EXTENDED = "extended", "延长预备期"
    CANCELLED = "cancelled", "取消预备党员资格"


class ProbationChangeQuerySet(InTreeQuerySet):
    tree_path = "candidate__organization__path"


class ProbationChange(models.Model):
    """An extension of probation (at most one year, once) or a cancellation of probationary membership."""

    candidate = models.ForeignKey(
        Candidate, verbose_name="发展党员对象", on_delete=models.PROTECT, related_name="probation_changes"
    )
    kind = models.CharField("类型", max_length=20, choices=ProbationChangeKind.choices)
    decided_on = models.DateField("支部大会决定日期")
    months = models.PositiveSmallIntegerField(
        "延长月数", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    reason = models.CharField("原因", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProbationChangeQuerySet.as_manager()

    class Meta:
        verbose_name = "预备期变动"
        verbose_name_plural = "预备期变动"
        ordering = ["candidate_id", "decided_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "kind"],
                name="probation_change_once_per_kind",
                violation_error_message="预备期只能延长一次，资格也只能取消一次。",
            ),
            models.CheckConstraint(
                condition=(Q(kind=ProbationChangeKind.EXTENDED) & Q(months__gte=1) & Q(months__lte=12))
                | (Q(kind=ProbationChangeKind.CANCELLED) & Q(months__isnull=True)),
                name="probation_change_months_only_for_extension",
                violation_error_message="延长预备期须填写1至12个月；取消资格不填月数。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} {self.get_kind_display()} {self.decided_on}"

    def get_additional_data(self) -> dict:
        return {"path": self.candidate.organization.path}

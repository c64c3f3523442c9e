"""Party members (党员). Members are never deleted: they leave, so past figures stay true."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format

from dangjian.dates import age_on
from organizations import idcard
from organizations.ethnicities import HAN, Ethnicity
from organizations.masking import mask_id_number, mask_phone

from .tree import InTreeQuerySet, Level

MIN_JOINING_AGE = 18
# Plausible dates: nobody on the rolls was born before 1900, and nobody joined the party
# before it was founded (1 July 1921). "Not in the future" depends on today, so it is
# checked in clean() only; these two bounds are database constraints as well.
EARLIEST_BIRTH = datetime.date(1900, 1, 1)
PARTY_FOUNDED = datetime.date(1921, 7, 1)


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", "研究生"
    BACHELOR = "bachelor", "大学本科"
    COLLEGE = "college", "大学专科"
    SECONDARY_VOCATIONAL = "secondary_vocational", "中专"
    HIGH_SCHOOL = "high_school", "高中"
    JUNIOR_OR_BELOW = "junior_or_below", "初中及以下"


# 大专及以上
HIGHER_EDUCATION = (Education.POSTGRADUATE, Education.BACHELOR, Education.COLLEGE)


class Occupation(models.TextChoices):
    """Categories of the annual party statistics (党内统计)."""

    WORKER = "worker", "工人（工勤技能人员）"
    FARMER = "farmer", "农牧渔民"
    PROFESSIONAL = "professional", "专业技术人员"
    MANAGER = "manager", "管理人员"
    CIVIL_SERVANT = "civil_servant", "党政机关工作人员"
    STUDENT = "student", "学生"
    RETIRED = "retired", "离退休人员"
    OTHER = "other", "其他"


class LeaveReason(models.TextChoices):
    TRANSFERRED_OUT = "transferred_out", "转出"
    DECEASED = "deceased", "死亡"
    EXPELLED = "expelled", "出党"
    MEMBERSHIP_STOPPED = "membership_stopped", "停止党籍"
    PROBATION_CANCELLED = "probation_cancelled", "取消预备党员资格"


def active_on_q(day: datetime.date, prefix: str = "") -> Q:
    """A member on ``day``: joined on or before it and not left by it (``prefix`` from a related model)."""
    return Q(**{f"{prefix}joined_on__lte": day}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": day})
    )


def probationary_q(day: datetime.date) -> Q:
    """Probationary on ``day``: not yet made a full member by it."""
    return Q(full_on__isnull=True) | Q(full_on__gt=day)


class Person(models.Model):
    """Who a person is, as a member and as a person on the way to membership (development/) alike.

    Subclasses declare ``id_number`` (its uniqueness message names what they register).
    """

    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    ethnicity = models.CharField("民族", max_length=2, choices=Ethnicity.choices, default=HAN)
    birth_date = models.DateField("出生日期")
    education = models.CharField("学历", max_length=30, choices=Education.choices)
    occupation = models.CharField("职业（党内统计分类）", max_length=30, choices=Occupation.choices)

    id_number: str | None

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Several people without an ID number: store NULL, which the unique index allows.
        self.id_number = self.id_number.strip().upper() if self.id_number else None
        super().save(*args, **kwargs)

    def get_additional_data(self) -> dict:
        """Where the audit log files this object: the organization path it belongs under."""
        return {"path": self.organization.path}

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    def age_on(self, day: datetime.date) -> int:
        return age_on(self.birth_date, day)

    def id_number_errors(self) -> dict[str, str]:
        """The ID number checked, and checked against the birth date and gender (normalises it)."""
        if not self.id_number:
            return {}
        try:
            parsed = idcard.parse(self.id_number)
        except ValidationError as error:
            return {"id_number": error.messages[0]}
        self.id_number = parsed.value
        if self.birth_date and parsed.birth_date != self.birth_date:
            return {"id_number": f"身份证号码中的出生日期（{date_format(parsed.birth_date)}）与填写的出生日期不一致。"}
        if self.gender and parsed.is_female != (self.gender == Gender.FEMALE):
            return {"id_number": "身份证号码中的性别（第17位）与填写的性别不一致。"}
        return {}


class MemberQuerySet(InTreeQuerySet):
    tree_path = "organization__path"

    def active_on(self, day: datetime.date) -> "MemberQuerySet":
        """Members on ``day``: joined on or before it and not left by it."""
        return self.filter(active_on_q(day))

    def probationary_on(self, day: datetime.date) -> "MemberQuerySet":
        return self.filter(probationary_q(day))


class Member(Person):
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="所在党支部",
        on_delete=models.PROTECT,
        related_name="members",
        limit_choices_to={"level": Level.BRANCH},
    )
    village_group = models.ForeignKey(
        "organizations.VillageGroup",
        verbose_name="所在村民小组",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    joined_on = models.DateField("入党日期")
    full_on = models.DateField("转正日期", null=True, blank=True, help_text="预备党员留空。")
    is_floating = models.BooleanField("流动党员", default=False)
    floating_to = models.CharField("流动去向", max_length=100, blank=True)
    is_college_village_official = models.BooleanField("大学生村官", default=False)
    id_number = models.CharField(
        "身份证号码",
        max_length=18,
        null=True,
        blank=True,
        unique=True,
        error_messages={"unique": "这个身份证号码已经登记在另一名党员名下。"},
    )
    phone = models.CharField("联系电话", max_length=20, blank=True)
    left_on = models.DateField("离开日期", null=True, blank=True)
    leave_reason = models.CharField("离开原因", max_length=30, choices=LeaveReason.choices, blank=True)
    leave_note = models.CharField("离开说明", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = "党员"
        verbose_name_plural = "党员"
        ordering = ["organization_id", "name", "id"]
        indexes = [models.Index(fields=["joined_on", "left_on"], name="member_membership_dates")]
        constraints = [
            models.CheckConstraint(
                condition=Q(full_on__isnull=True) | Q(full_on__gte=F("joined_on")),
                name="member_full_on_after_joined_on",
                violation_error_message="转正日期不能早于入党日期。",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="member_left_on_after_joined_on",
                violation_error_message="离开日期不能早于入党日期。",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(full_on__isnull=True) | Q(left_on__gte=F("full_on")),
                name="member_left_on_after_full_on",
                violation_error_message="离开日期不能早于转正日期。",
            ),
            models.CheckConstraint(
                condition=Q(birth_date__gte=EARLIEST_BIRTH),
                name="member_birth_date_plausible",
                violation_error_message="出生日期不能早于1900年1月1日。",
            ),
            models.CheckConstraint(
                condition=Q(joined_on__gte=PARTY_FOUNDED),
                name="member_joined_on_plausible",
                violation_error_message="入党日期不能早于1921年7月1日（中国共产党成立）。",
            ),
            models.CheckConstraint(
                condition=(Q(left_on__isnull=True) & Q(leave_reason=""))
                | (Q(left_on__isnull=False) & ~Q(leave_reason="")),
                name="member_leave_date_and_reason_together",
                violation_error_message="离开日期和离开原因必须同时填写。",
            ),
        ]

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def has_left(self) -> bool:
        return self.left_on is not None

    def is_active_on(self, day: datetime.date) -> bool:
        """``active_on_q`` for a member already loaded."""
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)

    def is_probationary_on(self, day: datetime.date) -> bool:
        """``probationary_q`` for a member already loaded."""
        return self.full_on is None or self.full_on > day

    def clean(self) -> None:
        # Field-specific messages; the check constraints above guard the database too.
        errors: dict[str, str] = {}
        today = timezone.localdate()
        if self.birth_date and self.birth_date < EARLIEST_BIRTH:
            errors["birth_date"] = "出生日期不能早于1900年1月1日。"
        elif self.birth_date and self.birth_date > today:
            errors["birth_date"] = "出生日期不能晚于今天。"
        if self.joined_on and self.joined_on < PARTY_FOUNDED:
            errors["joined_on"] = "入党日期不能早于1921年7月1日（中国共产党成立）。"
        elif self.joined_on and self.joined_on > today:
            errors["joined_on"] = "入党日期不能晚于今天。"
        if self.organization_id and self.organization.level != Level.BRANCH:
            errors["organization"] = "党员只能编入党支部，不能直接编入党委、党总支或党小组。"
        if (
            self.joined_on
            and self.birth_date
            and "joined_on" not in errors
            and age_on(self.birth_date, self.joined_on) < MIN_JOINING_AGE
        ):
            errors["joined_on"] = (
                f"入党时必须年满{MIN_JOINING_AGE}周岁：按出生日期，入党日期时尚未满{MIN_JOINING_AGE}岁。"
            )
        if self.joined_on and self.full_on and self.full_on < self.joined_on:
            errors["full_on"] = "转正日期不能早于入党日期。"
        if self.left_on:
            if self.joined_on and self.left_on < self.joined_on:
                errors["left_on"] = "离开日期不能早于入党日期。"
            elif self.full_on and self.left_on < self.full_on:
                errors["left_on"] = "离开日期不能早于转正日期。"
            if not self.leave_reason:
                errors["leave_reason"] = "请选择离开原因。"
        elif self.leave_reason:
            errors["left_on"] = "请填写离开日期。"
        if self.is_floating and not self.floating_to.strip():
            errors["floating_to"] = "流动党员请填写流动去向。"
        if self.village_group_id and self.organization_id:
            township = self.organization.township()
            if township and self.village_group.village.township_id != township.pk:
                errors["village_group"] = "所在村民小组必须属于党员所在的乡镇。"
        errors.update(self.id_number_errors())
        if errors:
            raise ValidationError(errors)

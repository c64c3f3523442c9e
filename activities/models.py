"""Organizational life (组织生活): meetings with attendance and 民主评议 grades, and trainings.

Meetings belong to an organization (a branch, usually); attendance lists the
members present and those absent with leave (with the reason); members of the
branch not listed were absent without leave. Trainings belong to a township
and list the members trained (or just a count when nobody was listed).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from organizations.models import InTreeQuerySet, Level


class MeetingKind(models.TextChoices):
    GENERAL_MEETING = "general_meeting", "支部党员大会"
    COMMITTEE = "committee", "支部委员会"
    GROUP = "group", "党小组会"
    LECTURE = "lecture", "党课"
    THEME_DAY = "theme_day", "主题党日"
    LIFE_MEETING = "life_meeting", "组织生活会"
    EVALUATION = "evaluation", "民主评议党员"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    YEARLY = "yearly", "每年"


# How often each kind is due (支部工作条例; 三会一课).
FREQUENCY = {
    MeetingKind.COMMITTEE: Frequency.MONTHLY,
    MeetingKind.GROUP: Frequency.MONTHLY,
    MeetingKind.THEME_DAY: Frequency.MONTHLY,
    MeetingKind.GENERAL_MEETING: Frequency.QUARTERLY,
    MeetingKind.LECTURE: Frequency.QUARTERLY,
    MeetingKind.LIFE_MEETING: Frequency.YEARLY,
    MeetingKind.EVALUATION: Frequency.YEARLY,
}


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    QUALIFIED = "qualified", "合格"
    BASICALLY_QUALIFIED = "basically_qualified", "基本合格"
    UNQUALIFIED = "unqualified", "不合格"


class MeetingQuerySet(InTreeQuerySet):
    tree_path = "organization__path"


class Meeting(models.Model):
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="党组织", on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField("类型", max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField("日期")
    topic = models.CharField("主题", max_length=200)
    place = models.CharField("地点", max_length=100, blank=True)
    chair = models.CharField("主持人", max_length=50, blank=True)
    note = models.TextField("内容摘要", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议"
        ordering = ["-held_on", "organization_id", "id"]
        indexes = [models.Index(fields=["held_on"], name="meeting_held_on")]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_kind_display()} {self.held_on}"

    def get_additional_data(self) -> dict:
        return {"path": self.organization.path}

    def clean(self) -> None:
        if self.organization_id and self.organization.level in (Level.COUNTY, Level.TOWNSHIP):
            raise ValidationError({"organization": "请选择召开会议的党支部、党总支或党小组。"})


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "出席"
    LEAVE = "leave", "请假"


class AttendanceQuerySet(InTreeQuerySet):
    tree_path = "meeting__organization__path"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("organizations.Member", on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField("出席情况", max_length=10, choices=AttendanceStatus.choices)
    reason = models.CharField("请假原因", max_length=100, blank=True)
    grade = models.CharField("评议等次", max_length=30, choices=Grade.choices, blank=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = "出席情况"
        verbose_name_plural = "出席情况"
        # Attendance counted by status per meeting reads this index alone.
        indexes = [models.Index(fields=["meeting", "status"], name="attendance_meeting_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                name="attendance_once_per_meeting",
                violation_error_message="同一名党员在一次会议中只能登记一次。",
            ),
            models.CheckConstraint(
                condition=Q(status=AttendanceStatus.PRESENT) | ~Q(reason=""),
                name="attendance_leave_has_reason",
                violation_error_message="请假须填写原因。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_status_display()}"

    def get_additional_data(self) -> dict:
        return {"path": self.meeting.organization.path}


class Organizer(models.TextChoices):
    TOWNSHIP = "township", "乡镇党委"
    COUNTY = "county", "县委组织部"
    PARTY_SCHOOL = "party_school", "县委党校"
    OTHER = "other", "其他"


class TrainingQuerySet(InTreeQuerySet):
    tree_path = "township__path"


class Training(models.Model):
    township = models.ForeignKey(
        "organizations.Organization",
        verbose_name="乡镇",
        on_delete=models.PROTECT,
        related_name="trainings",
        limit_choices_to={"level": Level.TOWNSHIP},
    )
    title = models.CharField("培训班名称", max_length=200)
    organizer = models.CharField("主办单位", max_length=20, choices=Organizer.choices, default=Organizer.TOWNSHIP)
    start_on = models.DateField("开始日期")
    end_on = models.DateField("结束日期")
    sessions = models.PositiveSmallIntegerField(
        "期数", default=1, validators=[MinValueValidator(1)], help_text="这个培训班共办了几期。"
    )
    participants = models.ManyToManyField(
        "organizations.Member", verbose_name="参训党员", blank=True, related_name="trainings"
    )
    participant_count = models.PositiveIntegerField(
        "参训人数", null=True, blank=True, help_text="没有逐人选择参训党员时填写。"
    )
    person_times = models.PositiveIntegerField(
        "培训人次",
        null=True,
        blank=True,
        help_text="按签到统计的人次；不填则按参训人数×期数计算。",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = "培训班"
        verbose_name_plural = "培训班"
        ordering = ["-start_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__gte=F("start_on")),
                name="training_end_on_after_start_on",
                violation_error_message="结束日期不能早于开始日期。",
            ),
            models.CheckConstraint(
                condition=Q(sessions__gte=1),
                name="training_at_least_one_session",
                violation_error_message="期数至少为1。",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self) -> dict:
        return {"path": self.township.path}

    def clean(self) -> None:
        if self.start_on and self.end_on and self.end_on < self.start_on:
            raise ValidationError({"end_on": "结束日期不能早于开始日期。"})


def training_person_times(training: Training, chosen: int) -> int:
    """人次: as entered, else (chosen members or the entered headcount) × sessions."""
    if training.person_times is not None:
        return training.person_times
    return (chosen or training.participant_count or 0) * training.sessions

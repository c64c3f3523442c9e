"""Writes of the development pipeline. Each refuses bad input in Chinese and then changes nothing.

Order rules: a step only after the one before it (the 25 steps in order, each
once), never dated before the previous step, never in the future. Admission
(step 15, 支部大会讨论) creates the member record as probationary; conversion
(step 23, 支部大会讨论转正) sets its 转正日期; step 23 cannot come before the
probation (with any extension) has run. An extension (at most 12 months, once)
and a cancellation are recorded as rows, never by deleting anything.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format

from organizations.models import LeaveReason, Member

from .models import Candidate, ProbationChange, ProbationChangeKind, StepRecord
from .progress import Progress
from .steps import ADMITTED, APPLIED, CONVERTED, LAST_STEP, TRAINED, step_label


def _text(day: datetime.date) -> str:
    return date_format(day)


def _locked(candidate: Candidate) -> Progress:
    # Lock the person so that two clerks recording at once cannot both add "the next step".
    candidate = (
        Candidate.objects.select_for_update(of=("self",)).select_related("organization", "member").get(pk=candidate.pk)
    )
    return Progress.load(candidate)


@transaction.atomic
def candidate_create(*, candidate: Candidate, applied_on: datetime.date, today: datetime.date) -> Candidate:
    """Register a person with their application (step 1) in one go: nobody is in the pipeline without it."""
    candidate.full_clean()
    if applied_on > today:
        raise ValidationError({"applied_on": "递交入党申请书的日期不能晚于今天。"})
    candidate.save()
    StepRecord.objects.create(candidate=candidate, number=APPLIED, done_on=applied_on)
    return candidate


@transaction.atomic
def candidate_record_step(
    *,
    candidate: Candidate,
    number: int,
    done_on: datetime.date,
    today: datetime.date,
    note: str = "",
    training_days: int | None = None,
    training_hours: int | None = None,
) -> StepRecord:
    progress = _locked(candidate)
    candidate = progress.candidate
    if progress.cancelled_on:
        raise ValidationError(f"{candidate.name}已于{_text(progress.cancelled_on)}被取消预备党员资格，不能再登记步骤。")
    expected = progress.next_step
    if expected is None:
        raise ValidationError(f"{candidate.name}的25个步骤已经全部登记。")
    if not 1 <= number <= LAST_STEP:
        raise ValidationError(f"步骤只能是第1至第{LAST_STEP}步。")
    if number != expected:
        if number < expected:
            raise ValidationError(f"{step_label(number)}已经登记过了，下一步应是{step_label(expected)}。")
        raise ValidationError(
            f"必须按顺序登记：{candidate.name}的下一步是{step_label(expected)}，不能跳到第{number}步。"
        )
    if done_on > today:
        raise ValidationError("不能登记今天以后的日期。")
    last = progress.last
    if last and done_on < last.done_on:
        raise ValidationError(
            f"{step_label(number)}的日期不能早于上一步（{step_label(last.number)}，{_text(last.done_on)}）。"
        )
    if number == TRAINED and not (training_days or training_hours):
        raise ValidationError("请填写集中培训的天数或学时。")
    if number == CONVERTED:
        due = progress.conversion_due
        if done_on < due:
            raise ValidationError(f"预备期到{_text(due)}才满，支部大会讨论转正不能早于这一天。")
    record = StepRecord.objects.create(
        candidate=candidate,
        number=number,
        done_on=done_on,
        note=note,
        training_days=training_days if number == TRAINED else None,
        training_hours=training_hours if number == TRAINED else None,
    )
    if number == ADMITTED:
        _admit(candidate, done_on)
    elif number == CONVERTED:
        member = candidate.member
        member.full_on = done_on
        member.full_clean()
        member.save(update_fields=["full_on", "updated_at"])
    return record


def _admit(candidate: Candidate, admitted_on: datetime.date) -> Member:
    """The member record, probationary from the branch meeting's date."""
    member = Member(
        name=candidate.name,
        gender=candidate.gender,
        ethnicity=candidate.ethnicity,
        birth_date=candidate.birth_date,
        education=candidate.education,
        occupation=candidate.occupation,
        organization=candidate.organization,
        id_number=candidate.id_number,
        joined_on=admitted_on,
        full_on=None,
    )
    try:
        member.full_clean()
    except ValidationError as error:
        # Name the member form's problem (under 18 on admission, a duplicate ID number) as one message.
        raise ValidationError(["不能接收为预备党员：", *error.messages]) from None
    member.save()
    candidate.member = member
    candidate.save(update_fields=["member", "updated_at"])
    return member


def _probationary(progress: Progress, decided_on: datetime.date, today: datetime.date) -> None:
    candidate = progress.candidate
    if not progress.admitted_on:
        raise ValidationError(f"{candidate.name}还不是预备党员（尚未经支部大会讨论接收）。")
    if progress.converted_on:
        raise ValidationError(f"{candidate.name}已于{_text(progress.converted_on)}转为正式党员。")
    if progress.cancelled_on:
        raise ValidationError(f"{candidate.name}已于{_text(progress.cancelled_on)}被取消预备党员资格。")
    if decided_on > today:
        raise ValidationError("不能登记今天以后的日期。")
    if decided_on < progress.admitted_on:
        raise ValidationError(f"决定日期不能早于接收为预备党员的日期（{_text(progress.admitted_on)}）。")


@transaction.atomic
def candidate_extend_probation(
    *, candidate: Candidate, decided_on: datetime.date, months: int, reason: str, today: datetime.date
) -> ProbationChange:
    progress = _locked(candidate)
    _probationary(progress, decided_on, today)
    if progress.extension:
        raise ValidationError("预备期只能延长一次。")
    if not 1 <= months <= 12:
        raise ValidationError("延长预备期最短1个月，最长1年（12个月）。")
    if not reason.strip():
        raise ValidationError("请填写延长预备期的原因。")
    return ProbationChange.objects.create(
        candidate=progress.candidate,
        kind=ProbationChangeKind.EXTENDED,
        decided_on=decided_on,
        months=months,
        reason=reason.strip(),
    )


@transaction.atomic
def candidate_cancel(*, candidate: Candidate, decided_on: datetime.date, reason: str, today: datetime.date):
    """取消预备党员资格: recorded as a change, and the member record leaves on that date."""
    progress = _locked(candidate)
    _probationary(progress, decided_on, today)
    if not reason.strip():
        raise ValidationError("请填写取消预备党员资格的原因。")
    member = progress.candidate.member
    if member.left_on and member.left_on <= decided_on:
        # Cancelling would overwrite how and when they left.
        raise ValidationError(
            f"{member.name}已于{_text(member.left_on)}{member.get_leave_reason_display()}，不能再取消预备党员资格。"
        )
    member.left_on = decided_on
    member.leave_reason = LeaveReason.PROBATION_CANCELLED
    member.leave_note = reason.strip()[:200]
    member.full_clean()
    member.save()
    return ProbationChange.objects.create(
        candidate=progress.candidate, kind=ProbationChangeKind.CANCELLED, decided_on=decided_on, reason=reason.strip()
    )

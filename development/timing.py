"""Timing rules of the 细则, each a function of one person's progress and today, returning Chinese warnings.

A rule says nothing (an empty list) when it does not apply yet. ``warnings_for``
runs them all; the person's page and the township overview show the result.
"""

import datetime
from collections.abc import Callable

from django.utils.formats import date_format

from dangjian.dates import add_months, add_years, age_on
from organizations.models.members import MIN_JOINING_AGE

from .progress import Progress
from .steps import ACTIVIST, APPLIED, APPROVED, TALKED, TARGET, TRAINED

TALK_WITHIN_MONTHS = 1
ACTIVIST_YEARS = 1
TRAINING_DAYS = 3
TRAINING_HOURS = 24
APPROVAL_WITHIN_MONTHS = 3
DUE_SOON_DAYS = 30


def _d(day: datetime.date) -> str:
    return date_format(day)


def applicant_under_18(p: Progress, today: datetime.date) -> list[str]:
    applied = p.date_of(APPLIED)
    if applied and age_on(p.candidate.birth_date, applied) < MIN_JOINING_AGE:
        return [f"递交入党申请书时（{_d(applied)}）未满{MIN_JOINING_AGE}周岁。"]
    return []


def conversation_within_a_month(p: Progress, today: datetime.date) -> list[str]:
    applied = p.date_of(APPLIED)
    if not applied:
        return []
    deadline = add_months(applied, TALK_WITHIN_MONTHS)
    talked = p.date_of(TALKED)
    if talked and talked > deadline:
        return [f"党组织派人谈话（{_d(talked)}）超过了递交申请书后一个月（应在{_d(deadline)}前）。"]
    if not talked and today > deadline and not p.cancelled_on:
        return [f"递交申请书已超过一个月，党组织尚未派人谈话（应在{_d(deadline)}前）。"]
    return []


def a_year_as_activist(p: Progress, today: datetime.date) -> list[str]:
    became_activist, became_target = p.date_of(ACTIVIST), p.date_of(TARGET)
    if became_activist and became_target and became_target < add_years(became_activist, ACTIVIST_YEARS):
        return [
            f"确定为入党积极分子（{_d(became_activist)}）到确定为发展对象（{_d(became_target)}）不满一年，"
            f"培养考察应满一年（{_d(add_years(became_activist, ACTIVIST_YEARS))}起）。"
        ]
    return []


def centralized_training(p: Progress, today: datetime.date) -> list[str]:
    if not p.date_of(TARGET) or p.cancelled_on:
        return []
    training = p.record(TRAINED)
    if training is None:
        return [f"发展对象尚未参加集中培训（至少{TRAINING_DAYS}天或{TRAINING_HOURS}学时）。"]
    if (training.training_days or 0) < TRAINING_DAYS and (training.training_hours or 0) < TRAINING_HOURS:
        return [
            f"集中培训不足{TRAINING_DAYS}天或{TRAINING_HOURS}学时"
            f"（登记为{training.training_days or 0}天、{training.training_hours or 0}学时）。"
        ]
    return []


def approval_within_three_months(p: Progress, today: datetime.date) -> list[str]:
    admitted = p.admitted_on
    if not admitted:
        return []
    deadline = add_months(admitted, APPROVAL_WITHIN_MONTHS)
    approved = p.date_of(APPROVED)
    if approved and approved > deadline:
        return [f"上级党委审批（{_d(approved)}）超过了支部大会讨论后三个月（应在{_d(deadline)}前）。"]
    if not approved and today > deadline and not p.cancelled_on:
        return [f"支部大会讨论接收已超过三个月，上级党委尚未审批（应在{_d(deadline)}前）。"]
    return []


def conversion_due(p: Progress, today: datetime.date) -> list[str]:
    due = p.conversion_due
    if not due or p.converted_on or p.cancelled_on:
        return []
    if today > due:
        return [f"预备期已于{_d(due)}期满，逾期{(today - due).days}天仍未讨论转正。"]
    if (due - today).days <= DUE_SOON_DAYS:
        return [f"预备期将于{_d(due)}期满，请按期召开支部大会讨论转正。"]
    return []


RULES: tuple[Callable[[Progress, datetime.date], list[str]], ...] = (
    applicant_under_18,
    conversation_within_a_month,
    a_year_as_activist,
    centralized_training,
    approval_within_three_months,
    conversion_due,
)


def warnings_for(progress: Progress, today: datetime.date) -> list[str]:
    return [warning for rule in RULES for warning in rule(progress, today)]

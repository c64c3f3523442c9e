"""Citizen ID numbers (公民身份号码, GB 11643-1999): check digit, birth date, gender."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CODES = "10X98765432"


def check_digit(first17: str) -> str:
    """The 18th character for the first 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CODES[total % 11]


@dataclass(frozen=True)
class IdNumber:
    value: str
    birth_date: datetime.date
    is_female: bool


def parse(raw: str) -> IdNumber:
    """Normalise and check an 18-digit ID number; ValidationError in Chinese if invalid."""
    value = raw.strip().upper()
    # ASCII only: str.isdigit() also accepts characters such as ² that int() refuses.
    if (
        len(value) != 18
        or not value.isascii()
        or not value[:17].isdigit()
        or not (value[17].isdigit() or value[17] == "X")
    ):
        raise ValidationError("身份证号码应为18位：前17位是数字，最后一位是数字或X。")
    if check_digit(value[:17]) != value[17]:
        raise ValidationError("身份证号码校验位不正确，请核对是否有输错的数字。")
    try:
        birth_date = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError("身份证号码中的出生日期不是有效日期。") from None
    return IdNumber(value=value, birth_date=birth_date, is_female=int(value[16]) % 2 == 0)

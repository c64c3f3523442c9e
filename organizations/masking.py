"""One mask for ID numbers and one for phone numbers, used wherever personal data is shown
outside the member's own edit form: lists, pages, registers, PDF, the audit log, the admin.

The ID mask keeps the 6 region digits and the check character only. It must hide the
birth date: the birth date is shown beside the number, so hiding only those digits
(as 530323********1215 did) gives the whole number back. No output of these functions
holds more than 6 consecutive digits of the input.
"""

import re

_ID_SHAPE = re.compile(r"^\d{17}[\dXx]$|^\d{15}$")


def mask_id_number(value: str | None) -> str:
    """530323199003051215 → 530323***********5."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 7) + value[-1]


def mask_phone(value: str | None) -> str:
    """13812341234 → 138****1234; shorter numbers keep their last two characters only."""
    if not value:
        return ""
    if len(value) >= 8:
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    return "*" * max(len(value) - 2, 0) + value[-2:]


def mask_personal_value(value: str) -> str:
    """For the audit log, which masks every listed field with one callable: tell an ID number
    from a phone number by its shape. ``None`` arrives as the string "None"."""
    if value in ("", "None"):
        return value
    return mask_id_number(value) if _ID_SHAPE.match(value) else mask_phone(value)

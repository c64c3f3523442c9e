"""Figures recounted in plain Python over member rows, independently of reports/statistics.py.

Tests compare what the report prints with these, so the two cannot agree by sharing a bug.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from organizations.models import Member, Organization


def _age(birth: datetime.date, day: datetime.date) -> int:
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


def recount(township: Organization, day: datetime.date) -> dict[str, int]:
    rows = Member.objects.filter(organization__path__startswith=township.path).select_related("organization")
    members = [m for m in rows if m.joined_on <= day and (m.left_on is None or m.left_on > day)]
    return {
        "total": len(members),
        "women": sum(m.gender == "F" for m in members),
        "young": sum(_age(m.birth_date, day) <= 35 for m in members),
        "old": sum(_age(m.birth_date, day) >= 60 for m in members),
        "minorities": sum(m.ethnicity != "01" for m in members),
        "higher_education": sum(m.education in ("postgraduate", "bachelor", "college") for m in members),
        "probationary": sum(m.full_on is None or m.full_on > day for m in members),
        "rural": sum(m.organization.category == "rural" for m in members),
        "floating": sum(m.is_floating for m in members),
        "college_officials": sum(m.is_college_village_official for m in members),
    }


def percent(count: int, total: int, decimals: int = 2) -> str:
    value = (Decimal(count) * 100 / Decimal(total)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return f"{value}%"


# The clause each figure has in 一、基本情况.
CLAUSES = {
    "women": "女党员",
    "young": "35岁及以下党员",
    "old": "60岁及以上党员",
    "minorities": "少数民族党员",
    "higher_education": "大专及以上学历党员",
    "probationary": "预备党员",
    "rural": "农村党员",
    "floating": "流动党员",
    "college_officials": "大学生村官党员",
}


def expected_clauses(counts: dict[str, int]) -> list[str]:
    """「女党员69名，占党员总数的12.64%」 for every non-zero figure."""
    total = counts["total"]
    return [
        f"{label}{counts[key]}名，占党员总数的{percent(counts[key], total)}"
        for key, label in CLAUSES.items()
        if counts[key]
    ]

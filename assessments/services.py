"""Writes touching several rows at once (HackSoft-style services)."""

from django.db import transaction

from assessments.models import Assessment
from organizations.models import Organization, Village, VillageYear


@transaction.atomic
def assessments_save(*, year: int, rows: list[tuple[Organization, dict]]) -> int:
    """Each organization's 分类定级 for ``year`` as on the page: a blank grade removes it. Returns rows kept."""
    kept = 0
    for org, data in rows:
        if not data.get("grade"):
            Assessment.objects.filter(organization=org, year=year).delete()
            continue
        Assessment.objects.update_or_create(
            organization=org,
            year=year,
            defaults={"grade": data["grade"], "stars": data.get("stars"), "standardized": data["standardized"]},
        )
        kept += 1
    return kept


@transaction.atomic
def village_years_save(*, year: int, rows: list[tuple[Village, dict]]) -> None:
    for village, data in rows:
        VillageYear.objects.update_or_create(village=village, year=year, defaults=data)

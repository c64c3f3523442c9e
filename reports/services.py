"""Writes that touch several models: creating a report with its sections."""

import datetime

from django.db import transaction

from planning.models import DEFAULT_AREAS, WorkArea
from reports.models import Report, ReportSection


@transaction.atomic
def report_create(*, township, year: int, today: datetime.date) -> Report:
    report = Report(township=township, year=year, **Report.defaults_for(township, year, today))
    report.full_clean()
    report.save()
    areas = list(WorkArea.objects.filter(township=township, year=year).order_by("sort_order", "id"))
    if areas:
        sections = [
            ReportSection(report=report, area=area, heading=area.name, sort_order=i) for i, area in enumerate(areas)
        ]
    else:
        sections = [ReportSection(report=report, heading=name, sort_order=i) for i, name in enumerate(DEFAULT_AREAS)]
    ReportSection.objects.bulk_create(sections)
    return report


@transaction.atomic
def report_sync_sections(*, report: Report) -> int:
    """Add a section for every work area of the year's plan that has none yet; link by name."""
    sections = list(report.sections.all())
    linked = {s.area_id for s in sections if s.area_id}
    by_heading = {s.heading: s for s in sections if not s.area_id}
    next_order = max((s.sort_order for s in sections), default=-1) + 1
    added = 0
    for area in WorkArea.objects.filter(township=report.township, year=report.year).order_by("sort_order", "id"):
        if area.pk in linked:
            continue
        if area.name in by_heading:
            section = by_heading.pop(area.name)
            section.area = area
            section.save(update_fields=["area"])
            continue
        ReportSection.objects.create(report=report, area=area, heading=area.name, sort_order=next_order)
        next_order += 1
        added += 1
    return added

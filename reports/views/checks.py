from django.shortcuts import render
from django.utils import timezone

from accounts.decorators import scoped
from accounts.scoping import get_visible_or_404
from dangjian.dates import year_day
from organizations.models import Organization
from reports.checks import SEVERITY_LABELS, run_checks
from reports.models import Report
from reports.statistics import township_statistics


@scoped()
def township_checks(request, township_id: int, year: int):
    """Every consistency check of one township for a year: on the year's report date if there is a
    report (its narrative is checked too), else today (or the year's last day)."""
    township = get_visible_or_404(Organization.objects.townships(), request.user, pk=township_id)
    report = Report.objects.filter(township=township, year=year).prefetch_related("sections").first()
    day = report.as_of if report else year_day(year, timezone.localdate())
    results = run_checks(township, day, year=year, report=report)
    stats = township_statistics(township, day, year)
    context = {
        "township": township,
        "year": year,
        "day": day,
        "report": report,
        "results": results,
        "errors": sum(len(r.errors) for r in results),
        "warnings": sum(len(r.warnings) for r in results),
        "labels": SEVERITY_LABELS,
        "a": stats.assessments,
    }
    return render(request, "reports/checks.html", context)

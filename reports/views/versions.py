"""Reading what was submitted: a version's frozen document, and what changed between two versions."""

from django.conf import settings
from django.shortcuts import render

from accounts.decorators import scoped
from accounts.scoping import get_visible_or_404
from reports.models import ReportVersion
from reports.stored import from_data
from reports.version_diff import compare


def _version(request, pk: int) -> ReportVersion:
    return get_visible_or_404(
        ReportVersion.objects.select_related("report__township", "submitted_by"), request.user, pk=pk
    )


def _document(version: ReportVersion):
    return from_data(version.data, year=version.report.year, township=version.report.township.name)


@scoped()
def version_detail(request, pk: int):
    """The version as the county received it: stored figures and text, whatever the data says today."""
    version = _version(request, pk)
    others = list(version.report.versions.exclude(pk=version.pk).order_by("number"))
    context = {
        "version": version,
        "report": version.report,
        "doc": _document(version),
        "others": others,
        "share_decimals": settings.SHARE_DECIMALS,
    }
    return render(request, "reports/version_detail.html", context)


@scoped()
def version_compare(request, pk: int, other: int):
    """Every figure and paragraph that differs between two versions of one report (older → newer)."""
    first, second = _version(request, pk), _version(request, other)
    if first.report_id != second.report_id:
        # Two reports' versions are not "versions" of one thing; nothing to compare.
        context = {"report": first.report, "error": "只能比较同一份汇报的两个版本。"}
        return render(request, "reports/version_compare.html", context, status=400)
    old, new = sorted((first, second), key=lambda v: v.number)
    old_doc, new_doc = _document(old), _document(new)
    context = {
        "report": old.report,
        "old": old,
        "new": new,
        "diff": compare(old_doc, new_doc) if old_doc and new_doc else None,
    }
    return render(request, "reports/version_compare.html", context)

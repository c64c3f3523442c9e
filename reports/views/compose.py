from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.decorators import scoped
from accounts.scoping import get_visible_or_404, visible
from reports.document import build_document
from reports.forms import ReportCreateForm, ReportForm, ReportSectionFormSet
from reports.models import Report
from reports.services import report_create, report_sync_sections
from reports.todo import with_review_state


def _report(request, pk: int) -> Report:
    return get_visible_or_404(Report.objects.select_related("township"), request.user, pk=pk)


@scoped()
def report_index(request):
    reports = with_review_state(
        visible(Report, request.user).select_related("township").order_by("-year", "township__path")
    )
    form = ReportCreateForm(user=request.user, initial={"year": timezone.localdate().year})
    return render(request, "reports/index.html", {"reports": reports, "form": form})


@require_POST
@scoped(write=True)
def report_new(request):
    form = ReportCreateForm(request.POST, user=request.user)
    if not form.is_valid():
        reports = with_review_state(visible(Report, request.user).select_related("township").order_by("-year"))
        return render(request, "reports/index.html", {"reports": reports, "form": form}, status=400)
    report = report_create(
        township=form.cleaned_data["township"], year=form.cleaned_data["year"], today=timezone.localdate()
    )
    messages.success(request, f"已建立「{report.title}」，请填写各部分内容。")
    return redirect("report_edit", pk=report.pk)


@scoped()
def report_preview(request, pk: int):
    report = _report(request, pk)
    return render(
        request,
        "reports/preview.html",
        {"report": report, "doc": build_document(report), "share_decimals": settings.SHARE_DECIMALS},
    )


@scoped(write=True)
def report_edit(request, pk: int):
    report = _report(request, pk)
    form = ReportForm(request.POST or None, instance=report)
    formset = ReportSectionFormSet(request.POST or None, instance=report, prefix="sections")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            form.save()
            formset.save()
        messages.success(request, "已保存，右侧预览已更新。")
        return redirect("report_edit", pk=report.pk)
    if request.method == "POST":
        # Preview what is saved, not the rejected input (the instance was touched by validation).
        report = _report(request, pk)
    context = {
        "report": report,
        "form": form,
        "formset": formset,
        "doc": build_document(report),
        "share_decimals": settings.SHARE_DECIMALS,
    }
    return render(request, "reports/edit.html", context)


@require_POST
@scoped(write=True)
def report_sections_sync(request, pk: int):
    report = _report(request, pk)
    added = report_sync_sections(report=report)
    messages.success(request, f"已按{report.year}年重点任务计划同步工作领域，新增{added}节。")
    return redirect("report_edit", pk=report.pk)

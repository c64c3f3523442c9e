from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.decorators import scoped
from accounts.scoping import get_visible_or_404, visible
from dangjian.integrity import save_or_form_error
from reports.document import build_document
from reports.form_errors import failed_parts
from reports.forms import BasicOptionsForm, ReportCreateForm, ReportForm, ReportSectionFormSet
from reports.life import life_paragraphs
from reports.models import Report
from reports.options import BasicOptions
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
    # Two tabs creating the same year at once: the second is told so (the unique constraint), not a 500.
    report = form.is_valid() and save_or_form_error(
        lambda: report_create(
            township=form.cleaned_data["township"], year=form.cleaned_data["year"], today=timezone.localdate()
        ),
        form,
        message="这个乡镇这一年度的汇报已经建立，请在列表中打开编辑。",
    )
    if not report:
        reports = with_review_state(visible(Report, request.user).select_related("township").order_by("-year"))
        return render(request, "reports/index.html", {"reports": reports, "form": form}, status=400)
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
    # A POST without the options (an older form, a script) leaves the report's choices as they are.
    options_data = request.POST if "basic-rural_basis" in request.POST else None
    options_form = BasicOptionsForm(
        options_data, prefix="basic", initial=BasicOptions.from_data(report.basic_options).to_data()
    )
    valid = form.is_valid() & formset.is_valid() & (options_data is None or options_form.is_valid())
    if request.method == "POST" and valid:
        with transaction.atomic():
            if options_data is not None:
                form.instance.basic_options = BasicOptions.from_data(options_form.cleaned_data).to_data()
            form.save()
            formset.save()
        messages.success(request, "已保存，右侧预览已更新。")
        return redirect("report_edit", pk=report.pk)
    if request.method == "POST":
        # Preview what is saved, not the rejected input (the instance was touched by validation).
        report = _report(request, pk)
    doc = build_document(report)
    context = {
        "report": report,
        "form": form,
        "formset": formset,
        "failed_parts": failed_parts(form, formset) if request.method == "POST" else [],
        "options_form": options_form,
        "doc": doc,
        "life_sentences": life_paragraphs(doc.statistics),
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

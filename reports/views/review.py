import io
import logging
import zipfile

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.decorators import scoped
from accounts.scoping import get_visible_or_404, scope_root, visible
from audit.log import log_download
from dangjian.downloads import attachment
from organizations.models import Organization
from reports import submission
from reports.filenames import safe_filename
from reports.formats import FORMATS
from reports.models import Report, ReportVersion, Status
from reports.pdf_delivery import RenderBusy
from reports.todo import review_years

logger = logging.getLogger(__name__)
MISSING_FILE = "该版本的文件在服务器上找不到，请联系系统管理员。"


class ReturnForm(forms.Form):
    comment = forms.CharField(label="审核意见", widget=forms.Textarea(attrs={"rows": 4}))


def _report(request, pk: int) -> Report:
    return get_visible_or_404(Report.objects.select_related("township"), request.user, pk=pk)


def _versions(report: Report) -> list[ReportVersion]:
    """Newest first; each knows the version before it, for the 「与第N版比较」 link."""
    versions = list(report.versions.select_related("submitted_by").prefetch_related("decisions__decided_by"))
    for newer, older in zip(versions, versions[1:], strict=False):
        newer.previous = older
    return versions


@scoped()
def report_versions(request, pk: int):
    report = _report(request, pk)
    versions = _versions(report)
    status = Status(report.status(versions))
    context = {
        "report": report,
        "versions": versions,
        "status": status,
        "return_form": ReturnForm(),
    }
    if status in (Status.DRAFT, Status.RETURNED):
        # What the submit button will meet: errors that block, warnings to acknowledge.
        results = submission.consistency_results(report)
        context["check_errors"] = submission.errors_of(results)
        context["check_warnings"] = submission.warnings_of(results)
    return render(request, "reports/versions.html", context)


def _confirmed(request) -> bool:
    """The second POST of a confirmation step (works without JavaScript: the first POST shows the question)."""
    return request.POST.get("confirmed") == "1"


def _pending(report: Report) -> ReportVersion | None:
    latest = report.versions.order_by("-number").first()
    return latest if latest is not None and not latest.decisions.exists() else None


def _confirm(request, report: Report, *, action: str, question: str, consequence: str, button: str, **extra):
    context = {
        "report": report,
        "action": action,
        "question": question,
        "consequence": consequence,
        "button": button,
        **extra,
    }
    return render(request, "reports/confirm.html", context)


@require_POST
@scoped(write=True)
def report_submit(request, pk: int):
    report = _report(request, pk)
    acknowledged = request.POST.get("acknowledge_warnings") == "on"
    status = report.status()
    if not _confirmed(request) and status in (Status.DRAFT, Status.RETURNED):
        number = report.versions.count() + 1
        return _confirm(
            request,
            report,
            action="report_submit",
            question=f"确认把「{report.title}」作为第{number}版提交县委组织部？",
            consequence="提交时按当前数据生成PDF、Excel和Word文件并保存，此后党员等数据的修改不会改变这一版；审核期间不能再提交。",
            button=f"确认提交第{number}版",
            acknowledged=acknowledged,
        )
    try:
        version = submission.report_submit(report=report, user=request.user, warnings_acknowledged=acknowledged)
    except RenderBusy:
        messages.error(request, "正在生成其他汇报的PDF，请稍候几秒再提交。")
    except ValidationError as error:
        messages.error(request, "还不能提交，请先处理以下问题：" + "".join(f"「{m}」" for m in error.messages))
    else:
        messages.success(request, f"已提交第{version.number}版，等待县委组织部审核。")
    return redirect("report_versions", pk=report.pk)


@require_POST
@scoped(review=True)
def report_approve(request, pk: int):
    report = _report(request, pk)
    if not _confirmed(request) and (pending := _pending(report)) is not None:
        return _confirm(
            request,
            report,
            action="report_approve",
            question=f"确认通过「{report.title}」第{pending.number}版？",
            consequence="通过后这一版就是这一年度的正式汇报，乡镇不能再提交新的版本。",
            button=f"确认通过第{pending.number}版",
            version=pending,
        )
    try:
        submission.report_approve(report=report, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"已通过「{report.title}」。")
    return redirect("report_versions", pk=report.pk)


def _versions_page(request, report: Report, form: ReturnForm):
    versions = _versions(report)
    context = {
        "report": report,
        "versions": versions,
        "status": Status(report.status(versions)),
        "return_form": form,
    }
    return render(request, "reports/versions.html", context, status=400)


@require_POST
@scoped(review=True)
def report_return(request, pk: int):
    report = _report(request, pk)
    form = ReturnForm(request.POST)
    if not _confirmed(request):
        pending = _pending(report)
        if pending is None:
            messages.error(request, "只有已提交、等待审核的汇报才能审核。")
            return redirect("report_versions", pk=report.pk)
        if not form.is_valid() or not form.cleaned_data["comment"].strip():
            messages.error(request, "退回时必须填写审核意见，说明需要修改的地方。")
            return _versions_page(request, report, form)
        return _confirm(
            request,
            report,
            action="report_return",
            question=f"确认退回「{report.title}」第{pending.number}版？",
            consequence="乡镇会在概览和汇报列表中看到下面的审核意见，修改后重新提交。",
            button="确认退回",
            version=pending,
            comment=form.cleaned_data["comment"],
        )
    try:
        submission.report_return(report=report, user=request.user, comment=request.POST.get("comment", ""))
    except submission.NotPending as error:
        # Nothing to fix in the form: the version was decided meanwhile (or never submitted).
        messages.error(request, error.messages[0])
        return redirect("report_versions", pk=report.pk)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return _versions_page(request, report, form)
    messages.success(request, f"已退回「{report.title}」，乡镇可以修改后重新提交。")
    return redirect("report_versions", pk=report.pk)


@scoped()
def version_download(request, pk: int, fmt: str):
    """A file of a submitted version, exactly as it was stored."""
    version = get_visible_or_404(ReportVersion.objects.select_related("report"), request.user, pk=pk)
    output = FORMATS.get(fmt)
    stored = version.stored_file(output) if output else None
    if not stored:
        raise Http404("没有这种文件")
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        # A stored file lost from the media storage: the server's fault, logged for the administrator.
        logger.error("version %s: stored %s file %s is missing", version.pk, output.key, stored.name)
        raise Http404(MISSING_FILE) from None
    log_download(version, request.user, output.key)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=version.filename(output.extension),
        content_type=output.content_type,
    )


def _county_townships(request):
    root = scope_root(request.user)
    townships = visible(Organization, request.user).townships().order_by("path")
    return root, townships


@scoped()
def review_year(request, year: int):
    root, townships = _county_townships(request)
    reports = {
        r.township_id: r
        for r in Report.objects.filter(township__in=townships, year=year).prefetch_related(
            "versions__submitted_by", "versions__decisions"
        )
    }
    rows = []
    for township in townships:
        report = reports.get(township.pk)
        versions = list(report.versions.all()) if report else []
        rows.append(
            {
                "township": township,
                "report": report,
                "status": Status(report.status(versions)) if report else Status.DRAFT,
                "versions": sorted(versions, key=lambda v: v.number),
                "latest": max(versions, key=lambda v: v.number) if versions else None,
            }
        )
    this_year = timezone.localdate().year
    context = {
        "year": year,
        "root": root,
        "rows": rows,
        "this_year": this_year,
        "years": review_years(request.user, this_year),
        "url_name": "review_year",
        "waiting_total": sum(1 for row in rows if row["status"] == Status.SUBMITTED),
    }
    return render(request, "reports/review_year.html", context)


@scoped()
def review_zip(request, year: int):
    """Every township's latest submitted PDF for the year, in one zip."""
    _, townships = _county_townships(request)
    buffer = io.BytesIO()
    count = 0
    missing = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for report in Report.objects.filter(township__in=townships, year=year).select_related("township"):
            latest = report.versions.order_by("-number").first()
            if latest:
                name = f"{safe_filename(report.township.name)}-{latest.filename('pdf')}"
                try:
                    with latest.pdf.open("rb") as f:
                        archive.writestr(name, f.read())
                except FileNotFoundError:
                    logger.error("version %s: stored pdf file %s is missing", latest.pk, latest.pdf.name)
                    missing.append(name)
                count += 1
        if missing:
            # Said inside the archive, which is all the reviewer gets: the other files still come.
            archive.writestr(
                "缺少的文件.txt", "以下文件在服务器上找不到，请联系系统管理员：\n" + "\n".join(missing) + "\n"
            )
    if not count:
        messages.error(request, f"{year}年还没有乡镇提交汇报。")
        return redirect("review_year", year=year)
    county = next((t.parent.name for t in townships.select_related("parent")[:1]), "")
    return attachment(buffer.getvalue(), "application/zip", f"{safe_filename(f'{county}{year}年乡镇党建工作汇报')}.zip")

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header

from accounts.decorators import scoped
from audit.log import log_download
from reports.document import build_document
from reports.models import Report
from reports.pdf_delivery import RenderBusy, busy_response, cached_pdf
from reports.renderers.xlsx import render_xlsx
from reports.titles import plain_title

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    # Chinese file names: Django writes RFC 5987 filename*=utf-8''… with an ASCII fallback.
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _report(request, pk: int) -> Report:
    return get_object_or_404(Report.objects.visible_to(request.user).select_related("township"), pk=pk)


@scoped()
def report_pdf(request, pk: int):
    report = _report(request, pk)
    try:
        body = cached_pdf(build_document(report))
    except RenderBusy:
        return busy_response(request)
    log_download(report, request.user, "pdf")
    return _download(body, "application/pdf", f"{plain_title(report.title)}.pdf")


@scoped()
def report_xlsx(request, pk: int):
    report = _report(request, pk)
    document = build_document(report, registers=True)
    log_download(report, request.user, "xlsx")
    return _download(render_xlsx(document), XLSX, f"{plain_title(report.title)}.xlsx")

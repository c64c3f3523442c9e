from django.http import Http404

from accounts.decorators import scoped
from accounts.scoping import get_visible_or_404
from audit.log import log_download
from reports.document import build_document
from reports.formats import FORMATS, file_name, file_response
from reports.models import Report
from reports.pdf_delivery import RenderBusy, busy_response


@scoped()
def report_download(request, pk: int, fmt: str):
    """The live report, rendered now from today's data as of the report's date."""
    report = get_visible_or_404(Report.objects.select_related("township"), request.user, pk=pk)
    output = FORMATS.get(fmt)
    if output is None or not output.stored:
        raise Http404("没有这种文件格式")
    document = build_document(report, registers=output.needs_registers)
    try:
        body = output.render(document)
    except RenderBusy:
        return busy_response(request)
    log_download(report, request.user, output.key)
    return file_response(body, output, file_name(report.title, output))

from django.conf import settings
from django.template.loader import render_to_string

from reports.document import ReportDocument


def render_html(document: ReportDocument, *, template: str = "reports/standalone.html", for_pdf: bool = False) -> str:
    """The report as one self-contained HTML page (used for the PDF and the HTML export).

    ``for_pdf``: charts as SVG images (data: URLs) rather than inline markup; WeasyPrint
    lays an image out in about half the time of the same SVG inlined in the HTML tree.
    """
    context = {"doc": document, "share_decimals": settings.SHARE_DECIMALS, "for_pdf": for_pdf}
    return render_to_string(template, context)


def render_html_bytes(document: ReportDocument) -> bytes:
    """The HTML export, for the table of output formats."""
    return render_html(document).encode()

from django.conf import settings
from django.template.loader import render_to_string

from reports.document import ReportDocument


def render_html(document: ReportDocument, *, template: str = "reports/standalone.html") -> str:
    """The report as one self-contained HTML page (used for the PDF and the HTML export)."""
    return render_to_string(template, {"doc": document, "share_decimals": settings.SHARE_DECIMALS})


def render_html_bytes(document: ReportDocument) -> bytes:
    """The HTML export, for the table of output formats."""
    return render_html(document).encode()

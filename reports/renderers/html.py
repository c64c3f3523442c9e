from django.conf import settings
from django.template.loader import render_to_string

from reports.document import ReportDocument


def render_html(document: ReportDocument, *, template: str = "reports/standalone.html") -> str:
    """The report as one self-contained HTML page (used for the PDF and the HTML export)."""
    return render_to_string(template, {"doc": document, "share_decimals": settings.SHARE_DECIMALS})

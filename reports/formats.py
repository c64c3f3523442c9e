"""The report's output formats: one table, read by every download, export and submission.

A renderer takes a ``ReportDocument`` and returns bytes; it is imported only when
its format is used, so a command that writes Excel never loads WeasyPrint. The PDF
goes through reports/pdf_delivery.py: cached by fingerprint, and bounded in how many
render at once (``RenderBusy`` when every slot is taken; callers answer 503 or ask to retry).
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpResponse

from dangjian.downloads import XLSX, attachment
from reports.filenames import safe_filename
from reports.titles import plain_title


@dataclass(frozen=True)
class OutputFormat:
    key: str
    label: str
    extension: str
    content_type: str
    renderer: str  # "module:function", imported on first use
    needs_registers: bool = False  # the Excel workbook carries the registers behind the figures
    stored: bool = False  # a file to download, kept in every submitted version
    button: str = "secondary"  # Bootstrap colour of its download button

    def render(self, document) -> bytes:
        module, function = self.renderer.split(":")
        render: Callable = getattr(importlib.import_module(module), function)
        return render(document)


FORMATS = {
    f.key: f
    for f in (
        OutputFormat(
            "pdf", "PDF", "pdf", "application/pdf", "reports.pdf_delivery:cached_pdf", stored=True, button="danger"
        ),
        OutputFormat(
            "xlsx",
            "Excel",
            "xlsx",
            XLSX,
            "reports.renderers.xlsx:render_xlsx",
            needs_registers=True,
            stored=True,
            button="success",
        ),
        OutputFormat(
            "docx",
            "Word",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "reports.renderers.docx:render_docx",
            stored=True,
            button="primary",
        ),
        OutputFormat("html", "HTML", "html", "text/html; charset=utf-8", "reports.renderers.html:render_html_bytes"),
    )
}
STORED_FORMATS = [f for f in FORMATS.values() if f.stored]


def file_name(title: str, output: OutputFormat) -> str:
    """A download's name: the title without the clerk's line-break marks, safe as a file name."""
    return f"{safe_filename(plain_title(title))}.{output.extension}"


def file_response(body: bytes, output: OutputFormat, filename: str) -> HttpResponse:
    return attachment(body, output.content_type, filename)

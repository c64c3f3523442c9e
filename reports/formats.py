"""The report's output formats: one table, read by every download, export and submission.

A renderer takes a ``ReportDocument`` and returns bytes; it is imported only when
its format is used, so a command that writes Excel never loads WeasyPrint.
"""

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.http import content_disposition_header


@dataclass(frozen=True)
class OutputFormat:
    key: str
    label: str
    extension: str
    content_type: str
    renderer: str  # "module:function", imported on first use
    needs_registers: bool = False  # the Excel workbook carries the registers behind the figures
    stored: bool = False  # kept in every submitted version

    def render(self, document) -> bytes:
        module, function = self.renderer.split(":")
        render: Callable = getattr(importlib.import_module(module), function)
        return render(document)


FORMATS = {
    f.key: f
    for f in (
        OutputFormat("pdf", "PDF", "pdf", "application/pdf", "reports.renderers.pdf:render_pdf", stored=True),
        OutputFormat(
            "xlsx",
            "Excel",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "reports.renderers.xlsx:render_xlsx",
            needs_registers=True,
            stored=True,
        ),
        OutputFormat("html", "HTML", "html", "text/html; charset=utf-8", "reports.renderers.html:render_html_bytes"),
    )
}
STORED_FORMATS = [f for f in FORMATS.values() if f.stored]

# Path separators, control characters and characters Windows refuses in file names.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def safe_filename(name: str) -> str:
    """A file or zip-entry name from user text: no folders, no control characters, never empty."""
    cleaned = _UNSAFE.sub("_", name).strip(" ._")
    return cleaned[:150] or "汇报"


def file_name(title: str, output: OutputFormat, suffix: str = "") -> str:
    return f"{safe_filename(title + suffix)}.{output.extension}"


def file_response(body: bytes, output: OutputFormat, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=output.content_type)
    # Chinese file names: Django writes RFC 5987 filename*=utf-8''… with an ASCII fallback.
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response

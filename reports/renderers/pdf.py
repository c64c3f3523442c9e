"""The report as a PDF in GB/T 9704 layout, through WeasyPrint.

The stylesheet and font configuration are loaded once per process: parsing
them per request would cost more than laying out a short report.
"""

import base64
import functools
import hashlib
from pathlib import Path

import pydyf
from django.conf import settings

from reports.document import ReportDocument
from reports.renderers import svg_text  # noqa: F401  (charts' SVG text laid out a run at a time)
from reports.renderers.html import render_html
from reports.renderers.weasyprint_setup import CSS, HTML, FontConfiguration, URLFetcher, URLFetcherResponse, weasyprint

STATIC_DIR = Path(settings.BASE_DIR) / "static"
SVG_DATA_URL = "data:image/svg+xml;base64,"
PDF_CSS = STATIC_DIR / "css" / "pdf.css"
# Raise when the PDF changes for a reason the fingerprint cannot see (say, new fonts installed).
RENDERER_VERSION = "1"


class StaticOnlyFetcher(URLFetcher):
    """Serves files from the project's static/ folder and nothing else.

    No network, no file:// outside static/: the report holds user text, and a
    stray URL in it must not make the server fetch anything.
    """

    def fetch(self, url, headers=None):
        if url.startswith(SVG_DATA_URL):
            # The report's own charts (reports/charts.py). Anything an SVG refers to comes back
            # through this fetcher, so it cannot reach outside static/ either.
            return URLFetcherResponse(url, body=base64.b64decode(url.removeprefix(SVG_DATA_URL)))
        if not url.startswith("file://"):
            raise ValueError(f"不允许读取外部资源：{url}")
        path = Path(url.removeprefix("file://").split("?")[0].split("#")[0]).resolve()
        if not path.is_relative_to(STATIC_DIR.resolve()) or not path.is_file():
            raise ValueError(f"不允许读取静态文件目录以外的文件：{url}")
        return URLFetcherResponse(url, body=path.read_bytes())


@functools.cache
def _resources() -> tuple[FontConfiguration, CSS, str]:
    """Fonts, the parsed stylesheet, and a digest of everything besides the HTML that shapes the PDF."""
    fonts = FontConfiguration()
    css_text = PDF_CSS.read_text(encoding="utf-8")
    css = CSS(string=css_text, base_url=PDF_CSS.as_uri(), font_config=fonts, url_fetcher=StaticOnlyFetcher())
    layout = "\0".join([RENDERER_VERSION, weasyprint.__version__, pydyf.__version__, css_text])
    return fonts, css, hashlib.sha256(layout.encode()).hexdigest()


def pdf_fingerprint(html: str) -> str:
    """What the PDF of this HTML is made from: the HTML (every figure, the narrative, the
    template's work), the stylesheet and the renderer's versions. Same fingerprint, same PDF."""
    return hashlib.sha256((_resources()[2] + "\0" + html).encode()).hexdigest()


def write_pdf(html: str) -> bytes:
    fonts, css, _ = _resources()
    page = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=StaticOnlyFetcher())
    return page.write_pdf(stylesheets=[css], font_config=fonts)


def render_pdf(document: ReportDocument) -> bytes:
    return write_pdf(render_html(document, for_pdf=True))

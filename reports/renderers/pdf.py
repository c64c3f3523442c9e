"""The report as a PDF in GB/T 9704 layout, through WeasyPrint.

The stylesheet and font configuration are loaded once per process: parsing
them per request would cost more than laying out a short report.
"""

import base64
import functools
from pathlib import Path

from django.conf import settings
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from reports.document import ReportDocument
from reports.renderers.html import render_html

STATIC_DIR = Path(settings.BASE_DIR) / "static"
SVG_DATA_URL = "data:image/svg+xml;base64,"
PDF_CSS = STATIC_DIR / "css" / "pdf.css"


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
def _resources() -> tuple[FontConfiguration, CSS]:
    fonts = FontConfiguration()
    css = CSS(filename=str(PDF_CSS), font_config=fonts, url_fetcher=StaticOnlyFetcher())
    return fonts, css


def render_pdf(document: ReportDocument) -> bytes:
    fonts, css = _resources()
    html = HTML(
        string=render_html(document, for_pdf=True), base_url=STATIC_DIR.as_uri() + "/", url_fetcher=StaticOnlyFetcher()
    )
    return html.write_pdf(stylesheets=[css], font_config=fonts)

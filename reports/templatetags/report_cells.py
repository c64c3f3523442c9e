import base64
import datetime
from decimal import Decimal

from django import template
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from dangjian.shares import Share
from reports import titles
from reports.charts import drawn_beside, table_charts
from reports.document import Amount
from reports.formats import STORED_FORMATS

register = template.Library()


@register.filter
def cell(value) -> str:
    """One table cell as the report prints it: shares as 12.64%, dates as 2020年11月15日."""
    if value is None:
        return ""
    if isinstance(value, Share):
        return value.percent_text
    if isinstance(value, datetime.date):
        return date_format(value)
    if isinstance(value, Amount):
        return f"{value:.2f}"
    if isinstance(value, Decimal):
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


@register.simple_tag
def file_formats():
    """The report's file formats (PDF, Excel, Word…), in the order of reports/formats.py."""
    return STORED_FORMATS


@register.filter
def is_share(value) -> bool:
    return isinstance(value, Share)


@register.filter
def title_lines(doc) -> list[str]:
    """The document's title line by line: as the clerk broke it, else balanced (GB/T 9704 7.3.3)."""
    return doc.title_lines or titles.title_lines(doc.title)


# GB/T 9704's text block is 156 mm wide; turned for a landscape page it is 297 − 35 − 37 mm.
PORTRAIT_WIDTH_PT = 156 * 72 / 25.4
LANDSCAPE_WIDTH_PT = 225 * 72 / 25.4
# pdf.css: tables at 12 pt (10 pt on landscape pages), cells padded 4 pt a side, 0.75 pt rules.
FONT_PT, LANDSCAPE_FONT_PT = 12, 10
CELL_PADDING_PT = 8 + 0.75 + 2  # and 2 pt to spare, so that an estimate a little short never wraps
# Advance widths in em of Noto Serif CJK (and the official fonts, near enough).
ADVANCES = {**dict.fromkeys("0123456789", 0.56), ".": 0.33, "%": 0.92, " ": 0.25}


def _text_width(text: str, size: float) -> float:
    return size * sum(ADVANCES.get(c, 0.6) if c.isascii() else 1.0 for c in text)


def _natural_widths(table, size: float) -> list[float]:
    """Each column's width with its widest cell (or header) on one line, in points."""
    columns = [[str(h)] for h in table.header]
    for row in table.rows:
        for i, value in enumerate(row[: len(columns)]):
            columns[i].append(cell(value))
    return [max(_text_width(text, size) for text in column) + CELL_PADDING_PT for column in columns]


@register.filter
def is_wide(table) -> bool:
    """Whether the table needs more than a portrait page's width to keep every column whole:
    such a table (the county roll-up) goes on a landscape page rather than being squeezed
    until headers break one character a line and cells run off the page."""
    return sum(_natural_widths(table, FONT_PT)) > PORTRAIT_WIDTH_PT


@register.filter
def column_percents(table) -> list[str]:
    """Column widths for table-layout: fixed, in proportion to their contents.

    Fixed layout spares WeasyPrint measuring every cell twice (min- and max-content), the
    most expensive part of laying out the appendix. The first column (the row names) keeps
    its whole width (up to half the table); if the others do not fit, they share the rest
    and wrap.
    """
    wide = is_wide(table)
    widths = _natural_widths(table, LANDSCAPE_FONT_PT if wide else FONT_PT)
    available = LANDSCAPE_WIDTH_PT if wide else PORTRAIT_WIDTH_PT
    if sum(widths) > available and len(widths) > 1:
        first = min(widths[0], available / 2)
        rest = available - first
        widths = [first, *[w * rest / sum(widths[1:]) for w in widths[1:]]]
    total = sum(widths)
    return [f"{100 * w / total:.2f}" for w in widths]


# A table with its drawing beside it keeps its natural width, up to this share of the column; the
# drawing has the rest but a gap (at least 42 %, about 65 mm in the PDF).
BESIDE_TABLE_MAX = 0.55
BESIDE_GAP_PT = 12


register.filter("drawn_beside", drawn_beside)


@register.filter
def beside_widths(table) -> dict[str, str] | None:
    """The widths in pt of a table whose drawing goes beside it and of the drawing (None for any other
    table). Set, not left to the layout: WeasyPrint lays a table out again for every flex pass, and
    the flex version of this page cost twice what the drawings themselves do (bench/charts.py)."""
    if not drawn_beside(table):
        return None
    width = min(sum(_natural_widths(table, FONT_PT)), BESIDE_TABLE_MAX * PORTRAIT_WIDTH_PT)
    return {"table": f"{width:.1f}", "chart": f"{PORTRAIT_WIDTH_PT - width - BESIDE_GAP_PT:.1f}"}


@register.filter
def is_text(value) -> bool:
    """Text cells are left-aligned; numbers, shares and dates line up on the right."""
    return isinstance(value, str)


@register.filter
def charts(table) -> list[str]:
    """The table's drawings as SVG markup (pygal escapes every label; nothing typed is interpreted)."""
    return [mark_safe(svg) for svg in table_charts(table)]


@register.filter
def points(value) -> str:
    """A change in percentage points without its sign or trailing zeros: -0.40 → 0.4."""
    text = f"{abs(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def svg_data_url(svg: str) -> str:
    """An SVG drawing as a data: URL, for the PDF (reports/renderers/pdf.py serves exactly these)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()

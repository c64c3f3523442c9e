import base64
import datetime
from decimal import Decimal

from django import template
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from dangjian.shares import Share
from reports.charts import table_charts

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
    if isinstance(value, Decimal):
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


@register.filter
def is_share(value) -> bool:
    return isinstance(value, Share)


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

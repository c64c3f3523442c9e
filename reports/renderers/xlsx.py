"""The report as an Excel workbook: the appendix figures and the registers behind them.

Sheets: 基本情况统计 (the appendix tables, as in the PDF), then the registers
党组织、党员名册、重点任务台账 for checking the figures line by line. Like the
other renderers this only lays out a ``ReportDocument``; it never queries the
database.

A percentage cell holds the fraction the PDF shows (``Share.fraction``, 0.1264)
with a percent number format of ``settings.SHARE_DECIMALS`` places, so Excel
displays exactly 12.64% and the cell still computes.

Every string is stored as text: openpyxl would otherwise turn a name like
``=SUM(A1)`` into a formula and ``#N/A`` into an error value. Strings that a
spreadsheet would read as a formula when the cell is edited also get Excel's
quote prefix (the leading apostrophe), so they stay text after an edit.

A normal (not write-only) workbook: a 3,000-member roster renders in well
under a second, and the column widths need every row before they are set.
"""

import datetime
import io
import unicodedata
from decimal import Decimal

from django.conf import settings
from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dangjian.dates import date_text
from dangjian.shares import Share
from reports.document import Amount, ReportDocument, Table

CREATOR = "党建工作汇报系统"
STATISTICS_SHEET = "基本情况统计"
# Sheet name → the document's register, in sheet order.
REGISTER_SHEETS = (
    ("党组织", "organizations"),
    ("党员名册", "members"),
    ("重点任务台账", "tasks"),
    ("发展党员名册", "pipeline"),
    ("会议台账", "meetings"),
    ("培训班", "trainings"),
)

DATE_FORMAT = "yyyy-mm-dd"
DATE_WIDTH = 10
MAX_WIDTH = 50
MIN_WIDTH = 6
PADDING = 2

# What a spreadsheet may read as the start of a formula (OWASP's CSV-injection list).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")


def render_xlsx(document: ReportDocument) -> bytes:
    registers = [(name, getattr(document, attr)) for name, attr in REGISTER_SHEETS]
    if any(table is None for _, table in registers):
        raise ValueError(
            "Excel 工作簿需要党组织、党员名册、重点任务台账等登记表：请用 build_document(report, registers=True)。"
        )
    writer = _SheetWriter(percent_format(settings.SHARE_DECIMALS))
    workbook = _workbook(document.title)
    statistics = workbook.active
    statistics.title = STATISTICS_SHEET
    writer.statistics(statistics, document)
    for name, table in [*registers, *document.sheets]:
        writer.register(workbook.create_sheet(name), table)
    return _bytes(workbook)


def render_table_xlsx(sheet_name: str, table: Table) -> bytes:
    """One table on one sheet, laid out like the registers (bold frozen header, filters)."""
    workbook = _workbook(table.title)
    sheet = workbook.active
    sheet.title = sheet_name
    _SheetWriter(percent_format(settings.SHARE_DECIMALS)).register(sheet, table)
    return _bytes(workbook)


def _workbook(title: str) -> Workbook:
    workbook = Workbook()
    workbook.properties.title = title
    workbook.properties.creator = CREATOR
    return workbook


def _bytes(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def percent_format(decimals: int) -> str:
    """2 → ``0.00%``, 1 → ``0.0%``, 0 → ``0%``."""
    return f"0.{'0' * decimals}%" if decimals > 0 else "0%"


def as_of_text(day: datetime.date) -> str:
    return f"（截至{date_text(day)}）"


def display_width(value) -> int:
    """Column width units a value needs: a CJK (wide) character counts as two."""
    if value is None:
        return 0
    if isinstance(value, Share):
        return len(value.percent_text)
    if isinstance(value, datetime.date):
        return DATE_WIDTH
    if not isinstance(value, str):
        return len(str(value))
    return max(
        (sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in value.splitlines()),
        default=0,
    )


class _SheetWriter:
    def __init__(self, percent_format: str):
        self.percent_format = percent_format

    def statistics(self, ws: Worksheet, document: ReportDocument) -> None:
        title = self.put(ws, 1, 1, document.title + as_of_text(document.as_of))
        title.font = TITLE_FONT
        # Titles spill over the empty cells to their right: only headers and
        # figures decide the widths.
        widths: dict[int, int] = {}
        row = 3
        for table in document.tables:
            self.put(ws, row, 1, table.title).font = BOLD
            self.header(ws, row + 1, table.header, widths)
            row += 2
            for cells in table.rows:
                self.row(ws, row, cells, widths)
                row += 1
            if table.note:
                self.put(ws, row, 1, table.note)
                row += 1
            row += 1  # a blank row between tables
        self.set_widths(ws, widths)

    def register(self, ws: Worksheet, table: Table) -> None:
        widths: dict[int, int] = {}
        self.header(ws, 1, table.header, widths)
        for row, cells in enumerate(table.rows, 2):
            self.row(ws, row, cells, widths)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(table.header))}{len(table.rows) + 1}"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        self.set_widths(ws, widths)

    def header(self, ws: Worksheet, row: int, labels: list[str], widths: dict[int, int]) -> None:
        for column, label in enumerate(labels, 1):
            cell = self.put(ws, row, column, label)
            cell.font = BOLD
            cell.fill = HEADER_FILL
            widths[column] = max(widths.get(column, 0), display_width(label))

    def row(self, ws: Worksheet, row: int, cells: list, widths: dict[int, int]) -> None:
        for column, value in enumerate(cells, 1):
            self.put(ws, row, column, value)
            widths[column] = max(widths.get(column, 0), display_width(value))

    def put(self, ws: Worksheet, row: int, column: int, value) -> Cell:
        if isinstance(value, Share):
            # The float of the fraction shown (0.1264 is written as 0.1264):
            # Excel then displays exactly the PDF's percentage.
            cell = ws.cell(row, column, float(value.fraction))
            cell.number_format = self.percent_format
        elif isinstance(value, datetime.date):
            cell = ws.cell(row, column, value)
            cell.number_format = DATE_FORMAT
        elif isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = ws.cell(row, column, value)
            cell.data_type = "s"  # never a formula or an error value
            if value.startswith(FORMULA_PREFIXES) or value in ERROR_CODES:
                cell.quotePrefix = True
        elif isinstance(value, Amount):
            cell = ws.cell(row, column, value)
            cell.number_format = "0.00"
        elif value is None or isinstance(value, int | float | Decimal):
            cell = ws.cell(row, column, value)
        else:
            raise TypeError(f"Cannot write {value!r} to the workbook")
        return cell

    @staticmethod
    def set_widths(ws: Worksheet, widths: dict[int, int]) -> None:
        for column, width in widths.items():
            ws.column_dimensions[get_column_letter(column)].width = min(max(width + PADDING, MIN_WIDTH), MAX_WIDTH)

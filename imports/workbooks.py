"""Writing the import templates and the exports in their layout.

Cells follow the report workbook's rule (reports/renderers/xlsx.py): every
string is stored as text, and one a spreadsheet would read as a formula when
edited (=, +, -, @ …) also gets Excel's quote prefix. Workbooks are written in
openpyxl's write-only mode: openpyxl writes the whole workbook (styles, the
header row, column widths, frozen panes, drop-downs, the hidden lists), and the
data rows are then streamed into their sheets' <sheetData> as XML by
DataRows. openpyxl builds a cell object and an XML element per value, 20 µs a
cell, 10 s for a 30,000-member roster's 540,000 cells; DataRows writes the
same cells (inline strings, numbers, dates with openpyxl's date style, quote
prefix for formula-like text) in a fraction of that.
"""

import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.compat import safe_string
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

from imports.reader import Column, SheetSpec
from reports.renderers.xlsx import CREATOR, FORMULA_PREFIXES

INSTRUCTIONS_SHEET = "填写说明"
LISTS_SHEET = "可选项"
BOLD = Font(bold=True)
REQUIRED_FONT = Font(bold=True, color="C00000")
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
# Rows of the data sheet that get drop-downs: enough for any township's roster.
VALIDATED_ROWS = 20_000


def cell_for(ws, value):
    """``value`` as a write-only sheet should get it: text stays text, dates get a date format.

    Plain values where openpyxl already stores them right (ordinary text, numbers, dates):
    a cell object per value doubles the time of a 30,000-member export.
    """
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if not (value.startswith(FORMULA_PREFIXES) or value in ERROR_CODES):
            return value
        cell = WriteOnlyCell(ws, value)
        cell.data_type = "s"  # never a formula or an error value
        cell.quotePrefix = True
        return cell
    # A date gets openpyxl's own yyyy-mm-dd format, the report workbook's DATE_FORMAT.
    return value


def header_cells(ws, spec: SheetSpec) -> list:
    cells = []
    for column in spec.columns:
        cell = WriteOnlyCell(ws, column.header)
        cell.font = REQUIRED_FONT if column.required else BOLD
        cell.fill = HEADER_FILL
        cells.append(cell)
    return cells


def write_book(
    title: str,
    sheets: list[tuple[SheetSpec, Iterable[list]]],
    instructions: list[str] | None = None,
) -> bytes:
    """A workbook with one data sheet per spec (header row, then ``rows``), drop-downs for every closed list.

    ``instructions`` adds the 填写说明 sheet in front (templates); exports leave it out.
    """
    workbook = Workbook(write_only=True)
    data: list[tuple[WriteOnlyWorksheet, DataRows]] = []
    workbook.properties.title = title
    workbook.properties.creator = CREATOR
    if instructions:
        notes = workbook.create_sheet(INSTRUCTIONS_SHEET)
        notes.column_dimensions["A"].width = 110
        for line in instructions:
            notes.append([cell_for(notes, line)])
    lists = _lists(sheets)
    for spec, rows in sheets:
        ws = workbook.create_sheet(spec.name)
        for number, column in enumerate(spec.columns, 1):
            ws.column_dimensions[get_column_letter(number)].width = max(10, 2 * len(column.header) + 4)
        ws.freeze_panes = "A2"
        for number, column in enumerate(spec.columns, 1):
            if column.choices:
                source = lists[column.choices]
                validation = DataValidation(
                    type="list",
                    formula1=source,
                    allow_blank=True,
                    showErrorMessage=True,
                    errorTitle="不在可选项中",
                    error=f"「{column.header}」请从下拉列表中选择。",
                )
                letter = get_column_letter(number)
                validation.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
                ws.data_validations.append(validation)
        ws.append(header_cells(ws, spec))
        data.append((ws, DataRows(ws, rows, first_row=2)))
    if lists:
        _write_lists(workbook, lists)
    out = io.BytesIO()
    workbook.save(out)
    # Sheets are numbered when saved: each sheet's part name is known only now.
    return with_rows(out.getvalue(), {ws.path.lstrip("/"): rows for ws, rows in data})


class DataRows:
    """A sheet's data rows as <row> XML, cells exactly as cell_for and openpyxl's writer would make them.

    The styles the cells need (a date format, the quote prefix) are registered with the
    workbook on creation, before it is saved, as openpyxl registers a styled cell's.
    """

    def __init__(self, ws: WriteOnlyWorksheet, rows: Iterable[list], first_row: int):
        self.rows, self.first_row = rows, first_row
        epoch = ws.parent.epoch
        self.to_excel = lambda value: to_excel(value, epoch)
        self.date_style = WriteOnlyCell(ws, datetime.date(2000, 1, 1)).style_id
        self.datetime_style = WriteOnlyCell(ws, datetime.datetime(2000, 1, 1)).style_id
        self.text_style = cell_for(ws, "=").style_id  # the quote prefix

    def xml(self) -> Iterator[str]:
        letters: list[str] = []
        for number, row in enumerate(self.rows, self.first_row):
            while len(letters) < len(row):
                letters.append(get_column_letter(len(letters) + 1))
            cells = [f'<row r="{number}">']
            for letter, value in zip(letters, row, strict=False):
                if value is None or value == "":
                    continue
                ref = f"{letter}{number}"
                if isinstance(value, str):
                    cells.append(self._text(ref, value))
                elif isinstance(value, bool):
                    cells.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
                elif isinstance(value, int | float):
                    cells.append(f'<c r="{ref}" t="n"><v>{safe_string(value)}</v></c>')
                elif isinstance(value, datetime.datetime):
                    style = self.datetime_style
                    cells.append(f'<c r="{ref}" s="{style}" t="n"><v>{safe_string(self.to_excel(value))}</v></c>')
                elif isinstance(value, datetime.date):
                    cells.append(
                        f'<c r="{ref}" s="{self.date_style}" t="n"><v>{safe_string(self.to_excel(value))}</v></c>'
                    )
                else:
                    raise TypeError(f"A workbook cell cannot hold {type(value).__name__}: {value!r}")
            cells.append("</row>")
            yield "".join(cells)

    def _text(self, ref: str, value: str) -> str:
        # cell_for's rule; openpyxl's writer keeps at most 32,767 characters and marks edge spaces.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]
        style = f' s="{self.text_style}"' if value.startswith(FORMULA_PREFIXES) or value in ERROR_CODES else ""
        space = ' xml:space="preserve"' if value != value.strip() else ""
        text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
        return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def with_rows(book: bytes, rows: dict[str, DataRows]) -> bytes:
    """``book`` with each named sheet part's data rows written at the end of its <sheetData>."""
    source = zipfile.ZipFile(io.BytesIO(book))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            part = source.read(item)
            if item.filename not in rows:
                target.writestr(item, part)
                continue
            head, end, tail = part.partition(b"</sheetData>")
            if not end:  # an empty sheet: <sheetData/>
                head, end, tail = part.partition(b"<sheetData/>")
                head, end = head + b"<sheetData>", b"</sheetData>"
            with target.open(item, "w") as stream:
                stream.write(head)
                chunk: list[str] = []
                for row in rows[item.filename].xml():
                    chunk.append(row)
                    if len(chunk) == 1000:
                        stream.write("".join(chunk).encode())
                        chunk = []
                stream.write("".join(chunk).encode())
                stream.write(end + tail)
    return out.getvalue()


def _lists(sheets) -> dict[tuple[str, ...], str]:
    """Each distinct closed list → the range on the hidden 可选项 sheet it is read from.

    A range rather than an inline "a,b,c" list: Excel limits inline lists to 255
    characters, and the 56 ethnic groups are longer than that.
    """
    lists: dict[tuple[str, ...], str] = {}
    for spec, _rows in sheets:
        for column in spec.columns:
            if column.choices and column.choices not in lists:
                letter = get_column_letter(len(lists) + 1)
                lists[column.choices] = (
                    f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(column.choices) + 1}"
                )
    return lists


def _write_lists(workbook, lists: dict[tuple[str, ...], str]) -> None:
    ws = workbook.create_sheet(LISTS_SHEET)
    ws.sheet_state = "hidden"
    columns = list(lists)
    height = max(len(choices) for choices in columns)
    ws.append([cell_for(ws, f"列表{index}") for index in range(1, len(columns) + 1)])
    for index in range(height):
        ws.append([cell_for(ws, choices[index]) if index < len(choices) else None for choices in columns])


def column_notes(spec: SheetSpec) -> list[str]:
    lines = [f"【{spec.name}】工作表的列（列名可以调换顺序；红色粗体为必填列）："]
    for column in spec.columns:
        mark = "（必填）" if column.required else ""
        note = column.note or ("从下拉列表选择：" + "、".join(column.choices) if column.choices else "")
        if column.choices and len(column.choices) > 12 and not column.note:
            note = "从下拉列表选择，如：" + "、".join(column.choices[:6]) + "等"
        lines.append(f"  {column.header}{mark}：{note}")
    return lines


def template_rows(spec: SheetSpec, examples: list[dict[str, str]]) -> list[list]:
    return [[example.get(column.key, "") for column in spec.columns] for example in examples]


__all__ = ["Column", "SheetSpec", "cell_for", "column_notes", "template_rows", "write_book"]

"""Reading an uploaded workbook safely: the file is untrusted.

Checks run before openpyxl sees the bytes, cheapest first: the size of the
upload, the file's signature (an .xlsx is a zip archive; a password-protected
workbook is an OLE compound file, as is an old .xls; a CSV or a picture
renamed is neither), and the zip's declared sizes (openpyxl has no limit of its
own and loads shared strings whole even in read-only mode, so a small archive
that inflates to gigabytes would exhaust memory). Python's zipfile stops
reading an entry at its declared size, so the declared sizes are a real bound.
XML is parsed through defusedxml, which openpyxl uses by itself once installed.

The result is plain JSON-able data: for each sheet the spec asks for, the
columns found and every non-empty row's cells by column key, so a preview can
be stored server-side and applied later without the file.
"""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from imports.cells import Problem, normalise_header

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_ENTRIES = 500
MAX_ROWS = 50_000
# How far down a title block may push the header row.
HEADER_SEARCH_ROWS = 10

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Office writes an encrypted .xlsx as an OLE file with these streams (names in UTF-16).
ENCRYPTION_MARKERS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]+[0-9]+:[A-Z]+[0-9]+)\"")


class FileRefused(Exception):
    """The file as a whole cannot be read; the message says why, in Chinese."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    note: str = ""  # what the instruction sheet says about it
    choices: tuple[str, ...] = ()  # a closed list: the template's drop-down
    example: str = ""


@dataclass(frozen=True)
class SheetSpec:
    key: str
    name: str
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()
    required: bool = True

    def headers(self) -> dict[str, Column]:
        found = {}
        for column in self.columns:
            for name in (column.header, *column.aliases):
                found[normalise_header(name)] = column
        return found


@dataclass
class Sheet:
    key: str
    name: str  # as in the file
    columns: dict[str, str] = field(default_factory=dict)  # key → "E列「出生日期」"
    # {"row": 5, "cells": {key: value}, "problems": {key: message}}: a cell the
    # reader refused (a formula, an error value) is left out of "cells".
    rows: list[dict] = field(default_factory=list)
    ready: bool = False  # header found, every required column present, no merged header

    def to_json(self) -> dict:
        return {"key": self.key, "name": self.name, "columns": self.columns, "rows": self.rows, "ready": self.ready}

    @classmethod
    def from_json(cls, data: dict) -> "Sheet":
        return cls(data["key"], data["name"], data["columns"], data["rows"], data["ready"])

    def column(self, key: str) -> str:
        return self.columns.get(key, "")


@dataclass
class Book:
    sheets: dict[str, Sheet] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "sheets": [sheet.to_json() for sheet in self.sheets.values()],
            "problems": [problem.to_json() for problem in self.problems],
        }

    @classmethod
    def from_json(cls, data: dict) -> "Book":
        sheets = [Sheet.from_json(sheet) for sheet in data["sheets"]]
        return cls({sheet.key: sheet for sheet in sheets}, [Problem(*p) for p in data["problems"]])

    @property
    def row_count(self) -> int:
        return sum(len(sheet.rows) for sheet in self.sheets.values())


def read_book(data: bytes, specs: tuple[SheetSpec, ...]) -> Book:
    """The sheets ``specs`` describe, or FileRefused. Cell-level problems are collected, not raised."""
    check_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file; all mean the same to a clerk
        raise FileRefused(
            f"无法读取这个 Excel 文件（{type(error).__name__}），文件可能已损坏。请在 Excel 中打开后另存为 .xlsx 再上传。"
        ) from None
    try:
        book = Book()
        for spec in specs:
            worksheet = _find_sheet(workbook, spec)
            if worksheet is None:
                if spec.required:
                    names = "」「".join(workbook.sheetnames)
                    raise FileRefused(f"文件中没有「{spec.name}」工作表（文件里的工作表：「{names}」）。")
                continue
            try:
                book.sheets[spec.key] = _read_sheet(workbook, worksheet, spec, book.problems)
            except Exception as error:  # read-only mode parses lazily: a damaged sheet fails only here
                raise FileRefused(
                    f"工作表「{worksheet.title}」无法读取（{type(error).__name__}），文件可能已损坏。"
                    "请在 Excel 中打开后另存为 .xlsx 再上传。"
                ) from None
        return book
    finally:
        workbook.close()


def check_archive(data: bytes) -> None:
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileRefused(
            f"文件太大（{len(data) / 1024 / 1024:.1f} MB），上限是 {MAX_UPLOAD_BYTES // 1024 // 1024} MB。请分成几个文件导入。"
        )
    if not data.strip():
        raise FileRefused("文件是空的。")
    if data.startswith(OLE_SIGNATURE):
        if any(marker in data for marker in ENCRYPTION_MARKERS):
            raise FileRefused(
                "文件设置了打开密码，系统无法读取。请在 Excel 中取消密码（文件 → 信息 → 保护工作簿）后再上传。"
            )
        raise FileRefused("这是旧版 Excel 97-2003 文件（.xls），请在 Excel 或 WPS 中另存为 .xlsx 后再上传。")
    if not data.startswith(ZIP_SIGNATURE):
        raise FileRefused("这不是 Excel 工作簿（.xlsx）文件：CSV、图片等改了扩展名的文件不能导入。请用模板填写后上传。")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused("文件已损坏，无法作为 .xlsx 读取。请在 Excel 中打开后另存为 .xlsx 再上传。") from None
    if len(entries) > MAX_ENTRIES:
        raise FileRefused(
            f"文件内部包含 {len(entries)} 个部件，超过上限 {MAX_ENTRIES}，不像正常的 Excel 工作簿，已拒绝。"
        )
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise FileRefused(
            f"文件解压后有 {total / 1024 / 1024:.0f} MB，超过上限 {MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB"
            "（可能是恶意的压缩炸弹文件），已拒绝。"
        )
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
        raise FileRefused("这个压缩文件不是 Excel 工作簿（.xlsx）。请用模板填写后上传。")


def _find_sheet(workbook, spec: SheetSpec):
    wanted = {normalise_header(name) for name in (spec.name, *spec.aliases)}
    # Worksheets only: a chart sheet has no cells.
    sheets = [ws for ws in workbook.worksheets if hasattr(ws, "iter_rows")]
    for ws in sheets:
        if normalise_header(ws.title) in wanted:
            return ws
    # A clerk's own file usually has the roster on its only sheet.
    if len(sheets) == 1 and spec.required:
        return sheets[0]
    return None


def _read_sheet(workbook, worksheet, spec: SheetSpec, problems: list[Problem]) -> Sheet:
    name = worksheet.title
    sheet = Sheet(spec.key, name)
    # The declared dimension may be A1:XFD1048576; read only the cells that exist.
    worksheet.reset_dimensions()
    known = spec.headers()
    rows = worksheet.iter_rows()
    header_row = None
    for cells in rows:
        number = _row_number(cells)
        labels = {cell.column: normalise_header(cell.value) for cell in cells if isinstance(cell.value, str)}
        if sum(label in known for label in labels.values()) >= 2:
            header_row = number
            break
        if number is not None and number >= HEADER_SEARCH_ROWS:
            break
    if header_row is None:
        required = "、".join(f"「{column.header}」" for column in spec.columns if column.required)
        problems.append(
            Problem(name, None, "", f"前{HEADER_SEARCH_ROWS}行里找不到表头。第一行应是列名，至少包括{required}。")
        )
        return sheet

    problems_before = len(problems)
    for merged in _merged_ranges(workbook, worksheet):
        min_col, min_row, max_col, max_row = range_boundaries(merged)
        if min_row <= header_row <= max_row:
            problems.append(
                Problem(name, header_row, f"{merged}", f"表头单元格 {merged} 是合并单元格。请取消合并，每列一个列名。")
            )

    seen: dict[str, int] = {}
    for column_number, label in sorted(labels.items()):
        column = known.get(label)
        if column is None:
            continue
        letter = get_column_letter(column_number)
        if column.key in seen:
            problems.append(
                Problem(
                    name,
                    header_row,
                    f"{letter}列",
                    f"「{column.header}」列出现了两次（{get_column_letter(seen[column.key])}列和{letter}列），请只保留一列。",
                )
            )
            continue
        seen[column.key] = column_number
        sheet.columns[column.key] = f"{letter}列「{column.header}」"
    missing = [column.header for column in spec.columns if column.required and column.key not in seen]
    if missing:
        problems.append(Problem(name, header_row, "", f"缺少必填列：{'、'.join(f'「{h}」' for h in missing)}。"))

    sheet.ready = len(problems) == problems_before

    by_column = {number: key for key, number in seen.items()}
    for cells in rows:
        number = _row_number(cells)
        values, refused = {}, {}
        for cell in cells:
            key = by_column.get(getattr(cell, "column", None))
            if key is None or cell.value is None:
                continue
            value = _cell_value(cell)
            if isinstance(value, Problem):
                refused[key] = value.message
            elif value != "":
                values[key] = value
        if not values and not refused:
            continue
        if len(sheet.rows) >= MAX_ROWS:
            problems.append(Problem(name, number, "", f"数据超过 {MAX_ROWS} 行的上限，请分成几个文件导入。"))
            sheet.ready = False
            break
        row = {"row": number, "cells": values}
        if refused:
            row["problems"] = refused
        sheet.rows.append(row)
    if not sheet.rows and sheet.ready and spec.required:
        problems.append(Problem(name, header_row, "", "表头下面没有任何数据行。"))
        sheet.ready = False
    return sheet


def _row_number(cells) -> int | None:
    for cell in cells:
        row = getattr(cell, "row", None)
        if row is not None:
            return row
    return None


def _cell_value(cell):
    """A JSON-able value: str, int, float, bool, {"date": "YYYY-MM-DD"}, or a Problem."""
    value = cell.value
    if cell.data_type == "f" or (isinstance(value, str) and cell.data_type != "s" and value.startswith("=")):
        return Problem("", None, "", f"单元格是公式（{str(value)[:30]}），请复制后“选择性粘贴 → 数值”，只保留数值。")
    if cell.data_type == "e":
        return Problem("", None, "", f"单元格是错误值 {value}，请改成正确的内容。")
    if isinstance(value, datetime.datetime):
        return {"date": value.date().isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, datetime.time | datetime.timedelta):
        return Problem("", None, "", "单元格是时间而不是日期。")
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool | int | float):
        return value
    return str(value)


def _merged_ranges(workbook, worksheet) -> list[str]:
    """The sheet's merged ranges. Read-only worksheets do not expose them, so find <mergeCell> in the part.

    A byte search rather than a second XML parse: the part is already bounded by the archive check.
    """
    path = getattr(worksheet, "_worksheet_path", None)
    if not path:
        return []
    with workbook._archive.open(path) as source:
        xml = source.read()
    return [match.decode("ascii", "replace") for match in MERGE_CELL.findall(xml)]

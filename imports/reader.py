"""Reading an uploaded workbook safely: the file is untrusted.

Checks run before openpyxl sees the bytes, cheapest first: the size of the
upload, the file's signature (an .xlsx is a zip archive; a password-protected
workbook is an OLE compound file, as is an old .xls; a CSV or a picture
renamed is neither), and the zip's declared sizes (openpyxl has no limit of its
own and loads shared strings whole even in read-only mode, so a small archive
that inflates to gigabytes would exhaust memory). Python's zipfile stops
reading an entry at its declared size, so the declared sizes are a real bound.
XML is parsed without ever loading a DTD or expanding an entity: the small
parts by openpyxl (lxml with entities off, defusedxml), the sheets and shared
strings by _Workbook below, which refuses a part that declares a DTD.

The result is plain JSON-able data: for each sheet the spec asks for, the
columns found and every non-empty row's cells by column key, so a preview can
be stored server-side and applied later without the file.
"""

import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.worksheet._reader import WorkSheetParser, _cast_number
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS

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
        workbook = _Workbook(data)
    except FileRefused:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged file; all mean the same to a clerk
        raise FileRefused(_damaged(type(error).__name__)) from None
    with workbook.archive:
        book = Book()
        for spec in specs:
            found = _find_sheet(workbook, spec)
            if found is None:
                if spec.required:
                    names = "」「".join(workbook.titles)
                    raise FileRefused(f"文件中没有「{spec.name}」工作表（文件里的工作表：「{names}」）。")
                continue
            title, path = found
            try:
                book.sheets[spec.key] = _read_sheet(workbook, title, path, spec, book.problems)
            except FileRefused:
                raise
            except etree.XMLSyntaxError:
                raise FileRefused(_damaged("ParseError")) from None
            except Exception as error:  # a damaged sheet (a shared string that does not exist …)
                raise FileRefused(
                    f"工作表「{title}」无法读取（{type(error).__name__}），文件可能已损坏。"
                    "请在 Excel 中打开后另存为 .xlsx 再上传。"
                ) from None
        return book


def _damaged(reason: str) -> str:
    return f"无法读取这个 Excel 文件（{reason}），文件可能已损坏。请在 Excel 中打开后另存为 .xlsx 再上传。"


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


def _find_sheet(workbook: "_Workbook", spec: SheetSpec) -> tuple[str, str] | None:
    wanted = {normalise_header(name) for name in (spec.name, *spec.aliases)}
    for title, path in workbook.worksheets:
        if normalise_header(title) in wanted:
            return title, path
    # A clerk's own file usually has the roster on its only sheet.
    if len(workbook.worksheets) == 1 and spec.required:
        return workbook.worksheets[0]
    return None


def _read_sheet(workbook: "_Workbook", name: str, path: str, spec: SheetSpec, problems: list[Problem]) -> Sheet:
    sheet = Sheet(spec.key, name)
    known = spec.headers()
    rows = workbook.rows(path)
    header_row = None
    for number, cells in rows:
        labels = {column: normalise_header(value) for column, value, _type in cells if isinstance(value, str)}
        if sum(label in known for label in labels.values()) >= 2:
            header_row = number
            break
        if number >= HEADER_SEARCH_ROWS:
            break
    if header_row is None:
        required = "、".join(f"「{column.header}」" for column in spec.columns if column.required)
        problems.append(
            Problem(name, None, "", f"前{HEADER_SEARCH_ROWS}行里找不到表头。第一行应是列名，至少包括{required}。")
        )
        return sheet

    problems_before = len(problems)
    for merged in _merged_ranges(workbook, path):
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
    for number, cells in rows:
        values, refused = {}, {}
        for column, value, data_type in cells:
            key = by_column.get(column)
            if key is None or value is None:
                continue
            if data_type == "s":
                # Most cells: text, kept as text (the same as _cell_value, without the calls).
                value = value.strip()
                if value:
                    values[key] = value
                continue
            value = _cell_value(value, data_type)
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


def _cell_value(value, data_type: str):
    """A JSON-able value: str, int, float, bool, {"date": "YYYY-MM-DD"}, or a Problem."""
    if data_type == "f" or (isinstance(value, str) and data_type != "s" and value.startswith("=")):
        return Problem("", None, "", f"单元格是公式（{str(value)[:30]}），请复制后“选择性粘贴 → 数值”，只保留数值。")
    if data_type == "e":
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


def _merged_ranges(workbook: "_Workbook", path: str) -> list[str]:
    """The sheet's merged ranges: <mergeCell> found by a byte search rather than a second XML parse
    (the part is already bounded by the archive check)."""
    with workbook.archive.open(path) as source:
        xml = source.read()
    return [match.decode("ascii", "replace") for match in MERGE_CELL.findall(xml)]


_NS = f"{{{SHEET_MAIN_NS}}}"
_ROW, _CELL, _VALUE = f"{_NS}row", f"{_NS}c", f"{_NS}v"
_INLINE, _TEXT, _RUN, _STRING_ITEM = f"{_NS}is", f"{_NS}t", f"{_NS}r", f"{_NS}si"


class _Workbook:
    """What an import reads from an .xlsx: its worksheets' names and parts, shared strings, date styles, rows.

    openpyxl reads the small parts (the package, the workbook and its relationships, the
    styles). The worksheets and the shared strings, which grow with the rows, are read
    here with lxml's C parser: openpyxl's read-only mode parses them in Python through
    defusedxml, and reads a sheet without a <dimension> (openpyxl's own write-only files,
    so the roster export) twice, which took 5 of the 16 s of a 10,000-row roster's check.
    Cells are decoded as openpyxl decodes them: the common ones (numbers, shared and inline
    strings) here, everything else (formulas, dates, booleans, errors) by openpyxl's own
    cell parser.
    """

    def __init__(self, data: bytes):
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
        self.archive = reader.archive
        try:
            reader.read_manifest()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            self.titles: list[str] = []
            self.worksheets: list[tuple[str, str]] = []
            for sheet, rel in reader.parser.find_sheets():
                if rel.target not in reader.valid_files:
                    continue
                self.titles.append(sheet.name)
                if "chartsheet" not in rel.Type:  # a chart sheet has no cells
                    self.worksheets.append((sheet.name, rel.target))
            self.epoch = reader.wb.epoch
            self.date_styles: set[int] = reader.wb._date_formats
            self.timedelta_styles: set[int] = reader.wb._timedelta_formats
            part = reader.package.find(SHARED_STRINGS)
            self.strings = self._shared_strings(part.PartName[1:]) if part is not None else []
        except Exception:
            self.archive.close()
            raise

    def _shared_strings(self, path: str) -> list[str]:
        with self.archive.open(path) as source:
            # As openpyxl's read_string_table.
            return [_text(item).replace("x005F_", "") for item in _elements(source, _STRING_ITEM)]

    def rows(self, path: str) -> Iterator[tuple[int, list[tuple[int, object, str]]]]:
        """Each <row> that has cells: (row number, [(column number, value, openpyxl's data type)])."""
        strings, date_styles = self.strings, self.date_styles
        # openpyxl's own cell parser, for the cells this one leaves to it.
        parser = WorkSheetParser(
            None,
            strings,
            data_only=False,
            epoch=self.epoch,
            date_formats=date_styles,
            timedelta_formats=self.timedelta_styles,
        )
        columns: dict[str, int] = {}  # "AB" → 28
        number = 0
        with self.archive.open(path) as source:
            for row in _elements(source, _ROW):
                number_text = row.get("r")
                number = _row_number(number_text, number)
                cut = -len(number_text) if number_text else 0
                column = 0
                cells = []
                for cell in row.iterchildren(_CELL):
                    ref = cell.get("r")
                    if ref:
                        # "AB12" in row 12: the letters without a regular expression.
                        letters = ref[:cut] if cut and ref.endswith(number_text) else ref.rstrip("0123456789")
                        column = columns.get(letters) or columns.setdefault(letters, column_index_from_string(letters))
                    else:
                        column += 1
                    kind = cell.get("t", "n")
                    # The common cells: one <v> (a number, or a shared string's index) or one <is>.
                    if len(cell) == 1:
                        child = cell[0]
                        tag = child.tag
                        if tag == _INLINE and kind == "inlineStr":
                            if len(child) == 1 and child[0].tag == _TEXT:
                                cells.append((column, child[0].text or "", "s"))
                            else:
                                cells.append((column, _text(child), "s"))
                            continue
                        if tag == _VALUE:
                            value = child.text
                            if kind == "s":
                                if value:
                                    cells.append((column, strings[int(value)], "s"))
                                continue
                            if kind == "n" and not ((style := cell.get("s")) and int(style) in date_styles):
                                if value:
                                    cells.append((column, _cast_number(value), "n"))
                                continue
                    elif not len(cell) and kind in ("s", "n", "inlineStr"):
                        continue  # no value
                    # Formulas, dates, booleans, errors and anything unusual: as openpyxl reads them.
                    parser.row_counter, parser.col_counter = number, column - 1
                    parsed = parser.parse_cell(cell)
                    cells.append((column, parsed["value"], parsed["data_type"]))
                if cells and number >= 1:
                    yield number, cells


def _elements(source, tag: str) -> Iterator:
    """Each ``tag`` element of an XML part, parsed in C and freed once used.

    Entities are never loaded nor expanded, and a part declaring a DTD is refused (as
    defusedxml refuses it): xlsx parts never have one, a billion-laughs file does.
    """
    checked = False
    for _event, element in etree.iterparse(
        source, tag=tag, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    ):
        if not checked:
            info = element.getroottree().docinfo
            if info.doctype or info.internalDTD is not None:
                raise FileRefused(_damaged("DTDForbidden"))
            checked = True
        yield element
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]


def _text(element) -> str:
    """A string item's text (<t>, or rich-text runs' <t>; phonetic guides left out), as openpyxl's Text.content."""
    parts = []
    for child in element:
        if child.tag == _TEXT:
            parts.append(child.text or "")
        elif child.tag == _RUN:
            parts.append(child.findtext(_TEXT) or "")
    return "".join(parts)


def _row_number(text: str | None, previous: int) -> int:
    if text is None:
        return previous + 1
    try:
        return int(text)
    except ValueError:
        value = float(text)
        if not value.is_integer():
            raise ValueError(f"{text} is not a valid row number") from None
        return int(value)

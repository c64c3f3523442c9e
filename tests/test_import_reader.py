"""The reader turns an .xlsx into rows as clerks' files come: Excel's shared strings table
(rich text, phonetic guides), openpyxl's inline strings, rows and cells without references,
the 1904 date system."""

import datetime
import io
import zipfile

from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from imports.reader import read_book
from organizations.imports import MEMBER_SHEET
from tests.import_files import member_row, roster, with_shared_strings, zip_bytes

ROW = member_row(入党日期=datetime.date(2010, 7, 1), 身份证号="532699198503120028")
CELLS = {
    "name": "王芳",
    "gender": "女",
    "ethnicity": "汉族",
    "birth_date": "1985-03-12",
    "education": "大学本科",
    "occupation": "管理人员",
    "organization": "甲乡机关党支部",
    "joined_on": {"date": "2010-07-01"},
    "full_on": "2011-07-01",
    "id_number": "532699198503120028",
}


def rows_of(data: bytes) -> list[dict]:
    book = read_book(data, (MEMBER_SHEET,))
    assert book.problems == []
    return book.sheets["members"].rows


def test_it_reads_a_file_with_inline_strings():
    assert rows_of(roster(ROW)) == [{"row": 2, "cells": CELLS}]


def test_it_reads_the_same_file_saved_with_a_shared_strings_table():
    assert rows_of(with_shared_strings(roster(ROW))) == [{"row": 2, "cells": CELLS}]


def test_it_joins_rich_text_runs_and_leaves_phonetic_guides_out():
    rich = {
        "王芳": '<r><t>王</t></r><r><rPr><b/></rPr><t xml:space="preserve">芳 </t></r><rPh sb="0" eb="1"><t>wang</t></rPh>'
    }
    assert rows_of(with_shared_strings(roster(ROW), rich))[0]["cells"]["name"] == "王芳"


def test_it_places_rows_and_cells_without_references_by_position():
    source = zipfile.ZipFile(io.BytesIO(roster(ROW)))
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        "<row>"
        + "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in ["姓名", "性别", "民族", "出生日期"])
        + '<c r="F1" t="inlineStr"><is><t>学历</t></is></c><c t="inlineStr"><is><t>工作岗位</t></is></c>'
        + "</row><row>"
        + '<c t="inlineStr"><is><t>王芳</t></is></c><c t="inlineStr"><is><t>女</t></is></c>'
        + '<c r="F2" t="inlineStr"><is><t>大专</t></is></c><c><v>7</v></c>'
        + "</row></sheetData></worksheet>"
    ).encode()
    parts = {name: sheet if name == "xl/worksheets/sheet1.xml" else source.read(name) for name in source.namelist()}
    book = read_book(zip_bytes(parts), (MEMBER_SHEET,))
    members = book.sheets["members"]
    assert members.columns["education"] == "F列「学历」"
    assert members.columns["occupation"] == "G列「工作岗位」"
    assert members.rows == [{"row": 2, "cells": {"name": "王芳", "gender": "女", "education": "大专", "occupation": 7}}]


def test_it_reads_date_cells_of_a_workbook_in_the_1904_date_system():
    workbook = Workbook()
    workbook.epoch = CALENDAR_MAC_1904
    ws = workbook.active
    ws.title = "党员名册"
    ws.append(["姓名", "出生日期"])
    ws.append(["王芳", datetime.date(1985, 3, 12)])
    out = io.BytesIO()
    workbook.save(out)
    assert b'date1904="1"' in zipfile.ZipFile(out).read("xl/workbook.xml")
    rows = read_book(out.getvalue(), (MEMBER_SHEET,)).sheets["members"].rows
    assert rows == [{"row": 2, "cells": {"name": "王芳", "birth_date": {"date": "1985-03-12"}}}]

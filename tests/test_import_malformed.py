"""A corpus of bad files, one per fault and some combinations: each is refused with the
expected Chinese message, placed at its sheet, row and column, never with a 500, and
the database is exactly as it was (row counts and a checksum of the member table).
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports import reader
from imports.reader import OLE_SIGNATURE
from organizations.models import Gender, Level
from tests.factories import make_member, make_org, make_village
from tests.import_files import (
    MEMBER_HEADERS,
    database_state,
    id_number,
    member_row,
    org_book,
    roster,
    with_shared_strings,
    workbook_bytes,
    zip_bytes,
)

pytestmark = pytest.mark.django_db

STORED_ID = id_number("19800501", "011")  # 李强, already in 甲乡
FOREIGN_ID = id_number("19800501", "031")  # 乙乡's member
GOOD = member_row()


def _formula(cell):
    def extra(ws):
        ws[cell] = "=TODAY()"

    return extra


def _merged(ws):
    ws.merge_cells("A1:B1")


def _error_value(ws):
    ws["D2"] = "#N/A"


def _time_cell(ws):
    ws["D2"] = datetime.time(8, 30)


def _valid_xlsx() -> bytes:
    return roster(GOOD)


def _bomb() -> bytes:
    # 101 MB of zeros deflates to about 100 KB: small upload, huge when parsed.
    return zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"\0" * (101 * 1024 * 1024),
        }
    )


def _many_parts() -> bytes:
    entries = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}
    entries.update({f"xl/media/{n}.bin": b"x" for n in range(600)})
    return zip_bytes(entries)


def _replace_part(name: str, content: bytes, data: bytes | None = None) -> bytes:
    """A valid roster (or ``data``) with one part of the archive replaced."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data or _valid_xlsx()))
    return zip_bytes({item: content if item == name else source.read(item) for item in source.namelist()})


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&secret;</t></is></c></row></sheetData></worksheet>"""
SHARED_STRINGS_WITH_ENTITIES = b"""<?xml version="1.0"?>
<!DOCTYPE sst [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>"""


def _two_sheets() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Sheet1"
    workbook.create_sheet("Sheet2")
    import io

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# (id, file builder, expected message, where it must be placed or None)
MEMBER_CASES = [
    # Not an xlsx at all.
    ("csv renamed", lambda: "姓名,性别\n王芳,女\n".encode(), "这不是 Excel 工作簿（.xlsx）文件", None),
    ("csv in gbk", lambda: "姓名,性别\n王芳,女\n".encode("gbk"), "这不是 Excel 工作簿（.xlsx）文件", None),
    ("png renamed", lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 200, "这不是 Excel 工作簿（.xlsx）文件", None),
    ("jpeg renamed", lambda: b"\xff\xd8\xff\xe0" + b"\0" * 200, "这不是 Excel 工作簿（.xlsx）文件", None),
    ("pdf renamed", lambda: b"%PDF-1.7\n" + b"0" * 100, "这不是 Excel 工作簿（.xlsx）文件", None),
    ("empty file", lambda: b"", "文件是空的", None),
    ("only blanks", lambda: b"  \n\n ", "文件是空的", None),
    (
        "password protected",
        lambda: OLE_SIGNATURE + b"\0" * 500 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 100,
        "文件设置了打开密码",
        None,
    ),
    ("old xls", lambda: OLE_SIGNATURE + b"\0" * 600, "旧版 Excel 97-2003 文件（.xls）", None),
    ("zip of text", lambda: zip_bytes({"a.txt": b"hello"}), "这个压缩文件不是 Excel 工作簿", None),
    ("truncated xlsx", lambda: _valid_xlsx()[:2000], "文件已损坏", None),
    (
        "broken xml inside",
        lambda: zip_bytes({"[Content_Types].xml": b"<Types", "xl/workbook.xml": b"<workbook"}),
        "无法读取这个 Excel 文件",
        None,
    ),
    ("over the size limit", lambda: b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024 + 1), "文件太大", None),
    ("zip bomb", _bomb, "可能是恶意的压缩炸弹文件", None),
    ("too many parts", _many_parts, "超过上限 500", None),
    ("no roster sheet", _two_sheets, "文件中没有「党员名册」工作表", None),
    (
        "damaged sheet",
        lambda: _replace_part("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row><c r="),
        "无法读取这个 Excel 文件（ParseError），文件可能已损坏。",
        None,
    ),
    (
        "entity expansion in a sheet",
        lambda: _replace_part("xl/worksheets/sheet1.xml", BILLION_LAUGHS),
        "无法读取这个 Excel 文件",
        None,
    ),
    (
        "external entity in a sheet",
        lambda: _replace_part("xl/worksheets/sheet1.xml", EXTERNAL_ENTITY),
        "无法读取这个 Excel 文件（DTDForbidden）",
        None,
    ),
    (
        "entity expansion in the shared strings",
        lambda: _replace_part("xl/sharedStrings.xml", SHARED_STRINGS_WITH_ENTITIES, with_shared_strings(_valid_xlsx())),
        "无法读取这个 Excel 文件（DTDForbidden）",
        None,
    ),
    (
        "shared string that does not exist",
        lambda: _replace_part(
            "xl/worksheets/sheet1.xml",
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1" t="s"><v>999</v></c></row></sheetData></worksheet>',
        ),
        "工作表「党员名册」无法读取",
        None,
    ),
    # The sheet's structure.
    ("empty sheet", lambda: workbook_bytes([], headers=[]), "前10行里找不到表头", None),
    ("header only", lambda: roster(headers=MEMBER_HEADERS), "表头下面没有任何数据行", "工作表「党员名册」第1行"),
    (
        "missing one required header",
        lambda: roster(GOOD, headers=[h for h in MEMBER_HEADERS if h != "出生日期"]),
        "缺少必填列：「出生日期」。",
        "第1行",
    ),
    (
        "missing several headers",
        lambda: roster(GOOD, headers=[h for h in MEMBER_HEADERS if h not in ("性别", "入党日期")]),
        "缺少必填列：「性别」、「入党日期」。",
        "第1行",
    ),
    ("merged header cells", lambda: roster(GOOD, extra=_merged), "表头单元格 A1:B1 是合并单元格", "第1行"),
    (
        "duplicate header",
        lambda: roster(GOOD, headers=[*MEMBER_HEADERS, "姓名"]),
        "「姓名」列出现了两次（A列和J列）",
        "第1行 J列",
    ),
    # One bad cell in an otherwise good row.
    (
        "formula for a date",
        lambda: roster(GOOD, extra=_formula("D2")),
        "单元格是公式（=TODAY()）",
        "第2行 D列「出生日期」",
    ),
    ("formula for a name", lambda: roster(GOOD, extra=_formula("A2")), "单元格是公式", "第2行 A列「姓名」"),
    ("error value", lambda: roster(GOOD, extra=_error_value), "单元格是错误值 #N/A", "第2行 D列「出生日期」"),
    ("time instead of date", lambda: roster(GOOD, extra=_time_cell), "单元格是时间而不是日期", "第2行 D列「出生日期」"),
    (
        "impossible date",
        lambda: roster(member_row(出生日期="1985-02-30")),
        "「1985-02-30」不是有效的日期",
        "第2行 D列「出生日期」",
    ),
    (
        "impossible month",
        lambda: roster(member_row(入党日期="2010/13/01")),
        "「2010/13/01」不是有效的日期",
        "第2行 H列「入党日期」",
    ),
    (
        "unreadable date",
        lambda: roster(member_row(出生日期="八五年三月")),
        "无法识别日期「八五年三月」",
        "第2行 D列「出生日期」",
    ),
    (
        "future date",
        lambda: roster(member_row(入党日期="2999-01-01")),
        "日期 2999-01-01 晚于今天",
        "第2行 H列「入党日期」",
    ),
    (
        "date before 1900",
        lambda: roster(member_row(出生日期="1850-01-01")),
        "日期 1850-01-01 早于1900年",
        "第2行 D列「出生日期」",
    ),
    (
        "fraction for a date",
        lambda: roster(member_row(出生日期=31120.5)),
        "「31120.5」是数字而不是日期",
        "第2行 D列「出生日期」",
    ),
    ("yes for a date", lambda: roster(member_row(转正日期=True)), "应填写日期", "第2行 I列「转正日期」"),
    (
        "unknown gender",
        lambda: roster(member_row(性别="未知")),
        "「未知」不是可选的性别（可选：男、女）",
        "第2行 B列「性别」",
    ),
    ("unknown ethnicity", lambda: roster(member_row(民族="火星族")), "「火星族」不是可选的民族", "第2行 C列「民族」"),
    ("unknown education", lambda: roster(member_row(学历="幼儿园")), "「幼儿园」不是可选的学历", "第2行 E列「学历」"),
    (
        "unknown occupation",
        lambda: roster(member_row(工作岗位="宇航员")),
        "「宇航员」不是可选的工作岗位",
        "第2行 F列「工作岗位」",
    ),
    (
        "not yes or no",
        lambda: roster({**GOOD, "流动党员": "也许"}),
        "「也许」应填“是”或“否”。",
        "第2行 J列「流动党员」",
    ),
    (
        "unknown organization",
        lambda: roster(member_row(所在党组织="不存在党支部")),
        "本乡镇没有名为「不存在党支部」的党组织。",
        "第2行 G列「所在党组织」",
    ),
    (
        "organization of another township",
        lambda: roster(member_row(所在党组织="乙乡机关党支部")),
        "本乡镇没有名为「乙乡机关党支部」的党组织。",
        "第2行 G列「所在党组织」",
    ),
    (
        "path through another township",
        lambda: roster(member_row(所在党组织="乙乡/乙乡机关党支部")),
        "本乡镇没有路径为「乙乡/乙乡机关党支部」的党组织（找不到「乙乡」）。",
        "第2行 G列「所在党组织」",
    ),
    (
        "organization named twice in the township",
        lambda: roster(member_row(所在党组织="同名党支部")),
        "本乡镇有2个名为「同名党支部」的党组织，请写出路径，如「甲乡/甲村党总支/同名党支部」。",
        "第2行 G列「所在党组织」",
    ),
    (
        "member in a township committee",
        lambda: roster(member_row(所在党组织="甲乡")),
        "党员只能编入党支部，不能直接编入党委、党总支或党小组。",
        "第2行 G列「所在党组织」",
    ),
    (
        "id stored as a number",
        lambda: roster({**GOOD, "身份证号": 532699198503120028}),
        "身份证号码被存成了数字",
        "第2行 J列「身份证号」",
    ),
    (
        "id with a wrong check digit",
        lambda: roster({**GOOD, "身份证号": id_number("19850312", "002")[:17] + "0"}),
        "身份证号码校验位不正确，请核对是否有输错的数字。",
        "第2行 J列「身份证号」",
    ),
    (
        "id with another birth date",
        lambda: roster({**GOOD, "身份证号": id_number("19850313", "002")}),
        "身份证号码中的出生日期（1985年3月13日）与填写的出生日期不一致。",
        "第2行 J列「身份证号」",
    ),
    (
        "id with another gender",
        lambda: roster({**GOOD, "身份证号": id_number("19850312", "001")}),
        "身份证号码中的性别（第17位）与填写的性别不一致。",
        "第2行 J列「身份证号」",
    ),
    (
        "id of another township's member",
        lambda: roster(member_row(姓名="赵刚", 性别="男", 出生日期="1980-05-01", 身份证号=FOREIGN_ID)),
        "这个身份证号码已经登记在另一名党员名下。",
        "第2行 J列「身份证号」",
    ),
    (
        "the same id twice",
        lambda: roster(
            {**GOOD, "身份证号": id_number("19850312", "002")},
            member_row(姓名="王芳芳", 身份证号=id_number("19850312", "002")),
        ),
        "身份证号码与第2行相同：同一名党员只能填写一行。",
        "第3行 J列「身份证号」",
    ),
    (
        "the same member twice",
        lambda: roster(GOOD, GOOD),
        "与第2行是同一名党员（姓名、出生日期和所在党组织都相同）。",
        "第3行",
    ),
    (
        "joined before 18",
        lambda: roster(member_row(出生日期="2000-01-01", 入党日期="2016-07-01", 转正日期="2017-07-01")),
        "入党时必须年满18周岁",
        "第2行 H列「入党日期」",
    ),
    (
        "full before joined",
        lambda: roster(member_row(转正日期="2009-07-01")),
        "转正日期不能早于入党日期。",
        "第2行 I列「转正日期」",
    ),
    (
        "floating without destination",
        lambda: roster({**GOOD, "流动党员": "是"}),
        "流动党员请填写流动去向。",
        "第2行",
    ),
    ("missing name", lambda: roster(member_row(姓名=None)), "这个字段是必填项。", "第2行 A列「姓名」"),
    (
        "name too long",
        lambda: roster(member_row(姓名="长" * 51)),
        "确保该变量包含不超过 50 字符 (目前字符数 51)。",
        "第2行 A列「姓名」",
    ),
    (
        "left without reason",
        lambda: roster({**GOOD, "离开日期": "2019-01-01"}),
        "请选择离开原因。",
        "第2行",
    ),
    ("reason without leaving", lambda: roster({**GOOD, "离开原因": "转出"}), "请填写离开日期。", "第2行"),
    (
        "unknown village group",
        lambda: roster({**GOOD, "所属村民小组": "火星组"}),
        "本乡镇没有名为「火星组」的村民小组。",
        "第2行 J列「所属村民小组」",
    ),
    (
        "village group of another township",
        lambda: roster({**GOOD, "所属村民小组": "乙一组"}),
        "本乡镇没有名为「乙一组」的村民小组。",
        "第2行 J列「所属村民小组」",
    ),
    (
        "masked id of someone else",
        lambda: roster(
            member_row(
                姓名="李强",
                性别="男",
                出生日期="1980-05-01",
                身份证号="532699**********9999",
                所在党组织="甲乡机关党支部",
            )
        ),
        "打码的身份证号码与系统中这名党员的号码不一致",
        "第2行 J列「身份证号」",
    ),
    # Combinations.
    (
        "good row then bad row",
        lambda: roster(GOOD, member_row(姓名="张三", 学历="幼儿园")),
        "「幼儿园」不是可选的学历",
        "第3行 E列「学历」",
    ),
    (
        "formula and missing header",
        lambda: roster(GOOD, headers=[h for h in MEMBER_HEADERS if h != "民族"], extra=_formula("C2")),
        "缺少必填列：「民族」。",
        "第1行",
    ),
    (
        "title row above merged header",
        lambda: roster(GOOD, extra=lambda ws: (ws.insert_rows(1), ws.merge_cells("A2:C2"))),
        "表头单元格 A2:C2 是合并单元格",
        "第2行",
    ),
    (
        "bad date and unknown organization in one row",
        lambda: roster(member_row(出生日期="1985-13-01", 所在党组织="无此党支部")),
        "本乡镇没有名为「无此党支部」的党组织。",
        "第2行 G列「所在党组织」",
    ),
]

ORG_CASES = [
    (
        "unknown parent",
        lambda: org_book([{"组织名称": "新党支部", "上级组织": "无此党委", "组织层级": "党支部", "组织类别": "机关"}]),
        "本乡镇没有名为「无此党委」的党组织。",
        "工作表「党组织」第2行 B列「上级组织」",
    ),
    (
        "parent in another township",
        lambda: org_book(
            [{"组织名称": "新党支部", "上级组织": "乙乡机关党支部", "组织层级": "党小组", "组织类别": "机关"}]
        ),
        "本乡镇没有名为「乙乡机关党支部」的党组织。",
        "第2行 B列「上级组织」",
    ),
    (
        "unknown level",
        lambda: org_book([{"组织名称": "新党支部", "上级组织": "", "组织层级": "大队", "组织类别": "机关"}]),
        "「大队」不是可选的组织层级",
        "第2行 C列「组织层级」",
    ),
    (
        "unknown category",
        lambda: org_book([{"组织名称": "新党支部", "上级组织": "", "组织层级": "党支部", "组织类别": "外星"}]),
        "「外星」不是可选的组织类别",
        "第2行 D列「组织类别」",
    ),
    (
        "village not listed",
        lambda: org_book(
            [{"组织名称": "丙村党总支", "组织层级": "党总支", "组织类别": "农村", "所在村委会": "丙村委会"}]
        ),
        "本乡镇没有名为「丙村委会」的村委会",
        "第2行 E列「所在村委会」",
    ),
    (
        "party group under a committee",
        lambda: org_book([{"组织名称": "第一党小组", "上级组织": "甲乡", "组织层级": "党小组", "组织类别": "机关"}]),
        "党小组的上级党组织只能是党支部，不能是乡镇党委。",
        "第2行 B列「上级组织」",
    ),
    (
        "the same organization twice",
        lambda: org_book(
            [
                {"组织名称": "新党支部", "组织层级": "党支部", "组织类别": "机关"},
                {"组织名称": "新党支部", "组织层级": "党支部", "组织类别": "机关"},
            ]
        ),
        "与第2行重复：同一上级下的同名党组织只能填写一行。",
        "第3行 A列「组织名称」",
    ),
    (
        "the township itself",
        lambda: org_book([{"组织名称": "甲乡", "组织层级": "党支部", "组织类别": "机关"}]),
        "乡镇党委本身不需要导入",
        "第2行 A列「组织名称」",
    ),
    (
        "a village group twice",
        lambda: org_book(
            [{"组织名称": "新党支部", "组织层级": "党支部", "组织类别": "机关"}],
            [{"村委会名称": "丙村委会", "村民小组": "一组"}, {"村委会名称": "丙村委会", "村民小组": "一组"}],
        ),
        "与第2行重复。",
        "工作表「村委会」第3行",
    ),
    (
        "missing level header",
        lambda: workbook_bytes([{"组织名称": "新党支部", "组织类别": "机关"}], sheet="党组织"),
        "缺少必填列：「上级组织」、「组织层级」。",
        "工作表「党组织」第1行",
    ),
    (
        "a child before its parent",
        lambda: org_book(
            [
                {"组织名称": "新党支部", "上级组织": "新党总支", "组织层级": "党支部", "组织类别": "机关"},
                {"组织名称": "新党总支", "组织层级": "党总支", "组织类别": "机关"},
            ]
        ),
        "本乡镇没有名为「新党总支」的党组织。",
        "第2行 B列「上级组织」",
    ),
    (
        "a roster instead of the tree",
        lambda: roster(GOOD),
        "前10行里找不到表头。第一行应是列名，至少包括「组织名称」、「上级组织」、「组织层级」、「组织类别」。",
        "工作表「党员名册」",
    ),
]


@pytest.fixture
def world(township, branch, other_branch, other_village):
    """甲乡 with a branch, a village, two same-named branches and one registered member; 乙乡 beside it."""
    committee = make_org(township, Level.GENERAL_BRANCH, "甲村党总支")
    make_org(committee, Level.BRANCH, "同名党支部")
    make_org(township, Level.BRANCH, "同名党支部")
    make_village(township, "甲村委会", ["甲一组"])
    make_member(branch, name="李强", birth_date=datetime.date(1980, 5, 1), id_number=STORED_ID)
    make_member(other_branch, name="赵刚", birth_date=datetime.date(1980, 5, 1), id_number=FOREIGN_ID)
    assert other_village.groups.filter(name="乙一组").exists()
    return township


def upload(client, kind: str, data: bytes, name: str = "花名册.xlsx"):
    return client.post(
        reverse("import_upload", args=[kind]), {"file": SimpleUploadedFile(name, data, "application/octet-stream")}
    )


def _assert_refused(staff_client, kind, build, expected, place):
    data = build()
    before = database_state()
    response = upload(staff_client, kind, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "没有导入，数据没有任何改动" in html
    problems = response.context["problems"]
    assert any(expected in problem for problem in problems), problems
    if place:
        assert any(place in problem and expected in problem for problem in problems), problems
    assert database_state() == before


@pytest.mark.parametrize("build, expected, place", [c[1:] for c in MEMBER_CASES], ids=[c[0] for c in MEMBER_CASES])
def test_a_bad_roster_is_refused_with_its_message_and_changes_nothing(staff_client, world, build, expected, place):
    _assert_refused(staff_client, "members", build, expected, place)


@pytest.mark.parametrize("build, expected, place", [c[1:] for c in ORG_CASES], ids=[c[0] for c in ORG_CASES])
def test_a_bad_tree_is_refused_with_its_message_and_changes_nothing(staff_client, world, build, expected, place):
    _assert_refused(staff_client, "organizations", build, expected, place)


def test_the_corpus_has_at_least_fifty_files():
    assert len(MEMBER_CASES) + len(ORG_CASES) >= 50


def test_a_roster_over_the_row_limit_is_refused(staff_client, world, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 2)
    rows = [member_row(姓名=f"党员{n}") for n in range(3)]
    _assert_refused(staff_client, "members", lambda: roster(*rows), "数据超过 2 行的上限", "工作表「党员名册」第4行")


def test_two_bad_rows_are_both_listed(staff_client, world):
    data = roster(member_row(出生日期="1985-02-30"), GOOD, member_row(姓名="张三", 性别="未知"))
    before = database_state()
    problems = upload(staff_client, "members", data).context["problems"]
    assert problems == [
        "工作表「党员名册」第2行 D列「出生日期」：「1985-02-30」不是有效的日期（没有1985年2月30日这一天）。",
        "工作表「党员名册」第4行 B列「性别」：「未知」不是可选的性别（可选：男、女）。",
    ]
    assert database_state() == before


def test_the_good_rows_of_a_bad_file_are_not_saved(staff_client, world):
    upload(staff_client, "members", roster(GOOD, member_row(姓名="张三", 学历="幼儿园")))
    from organizations.models import Member

    assert not Member.objects.filter(name__in=["王芳", "张三"]).exists()
    assert Member.objects.filter(name="李强", gender=Gender.MALE).count() == 1

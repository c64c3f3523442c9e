"""Every workbook the app writes stores text starting with =, +, -, @ as text, never as a formula;
the templates carry their instructions and a drop-down for every closed list; the exports
are in the import layout and mask ID and phone numbers.
"""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from imports.workbooks import INSTRUCTIONS_SHEET, LISTS_SHEET
from organizations.imports import MEMBER_SHEET, ORGANIZATION_SHEET, VILLAGE_SHEET
from organizations.models import Category, Gender, Level, Member
from reports.models import Report
from tests.factories import make_member, make_org, make_village
from tests.import_files import id_number
from tests.test_import_flow import preview

pytestmark = pytest.mark.django_db

DAY = datetime.date(2020, 11, 15)
DANGEROUS = ["=1+1", "+86 138", "-SUM(A1)", "@cmd", '=HYPERLINK("http://x")']
ID = id_number("19850312", "002")


@pytest.fixture
def dangerous_data(township):
    village = make_village(township, "=村委会", ["+组"])
    branch = make_org(township, Level.BRANCH, "-党支部", Category.RURAL, village=village, secretary="@书记")
    for name in DANGEROUS:
        make_member(branch, name=name)
    make_member(
        branch,
        name="王芳",
        gender=Gender.FEMALE,
        birth_date=datetime.date(1985, 3, 12),
        id_number=ID,
        phone="13812345678",
        village_group=village.groups.get(),
    )
    Report.objects.create(
        township=township, year=2020, as_of=DAY, title="=甲乡汇报", issuer="中共甲乡委员会", issued_on=DAY
    )
    return branch


def all_workbooks(staff_client, reviewer_client, township) -> dict[str, bytes]:
    report = Report.objects.get(township=township)
    urls = {
        "member export": (staff_client, reverse("member_export") + "?status=all"),
        "organization export": (staff_client, reverse("organization_export")),
        "members template": (staff_client, reverse("import_template", args=["members"])),
        "organizations template": (staff_client, reverse("import_template", args=["organizations"])),
        "development template": (staff_client, reverse("import_template", args=["development"])),
        "report workbook": (staff_client, reverse("report_download", args=[report.pk, "xlsx"])),
        "county roll-up": (reviewer_client, reverse("rollup_xlsx", args=[2020]) + "?as_of=2020-11-15"),
        "official county roll-up": (reviewer_client, reverse("rollup_official_xlsx", args=[2020])),
    }
    books = {}
    for name, (client, url) in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        books[name] = response.content
    return books


def test_no_workbook_holds_a_formula(staff_client, reviewer_client, township, dangerous_data):
    books = all_workbooks(staff_client, reviewer_client, township)
    risky_texts = 0
    for name, body in books.items():
        workbook = openpyxl.load_workbook(io.BytesIO(body))
        for ws in workbook.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (name, ws.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                        assert cell.data_type == "s" and cell.quotePrefix, (name, ws.title, cell.coordinate)
                        risky_texts += 1
    # The member export alone holds the five names, the branch and the village group.
    export = openpyxl.load_workbook(io.BytesIO(books["member export"]))["党员名册"]
    names = [row[0] for row in export.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted([*DANGEROUS, "王芳"])
    assert risky_texts >= 12


def test_formula_like_names_survive_export_and_import(staff_client, township, dangerous_data):
    body = staff_client.get(reverse("member_export")).content
    before = sorted(Member.objects.values_list("name", "organization_id", "birth_date", "id_number"))
    record = preview(staff_client, body)
    page = staff_client.get(reverse("import_preview", args=[record.token])).content.decode()
    assert "检查通过：将新建 0 条，更新 0 条，6 条没有变化。" in page
    staff_client.post(reverse("import_preview", args=[record.token]))
    assert sorted(Member.objects.values_list("name", "organization_id", "birth_date", "id_number")) == before


def test_the_export_masks_id_and_phone_numbers(staff_client, dangerous_data):
    body = staff_client.get(reverse("member_export") + "?q=王芳").content
    ws = openpyxl.load_workbook(io.BytesIO(body))["党员名册"]
    header = [cell.value for cell in ws[1]]
    assert header == [column.header for column in MEMBER_SHEET.columns]
    row = dict(zip(header, [cell.value for cell in ws[2]], strict=True))
    # The one mask (organizations/masking.py): region and check character only.
    assert row["身份证号"] == ID[:6] + "*" * 11 + ID[-1]
    assert row["联系电话"] == "138****5678"
    assert (row["姓名"], row["性别"], row["出生日期"], row["所在党组织"], row["所属村民小组"]) == (
        "王芳",
        "女",
        datetime.datetime(1985, 3, 12),
        "-党支部",
        "+组",
    )
    assert ws.max_row == 2  # the filter applies: only 王芳


@pytest.mark.parametrize(
    "kind, sheets",
    [("members", [MEMBER_SHEET]), ("organizations", [VILLAGE_SHEET, ORGANIZATION_SHEET])],
)
def test_templates_have_instructions_and_a_drop_down_for_every_closed_list(staff_client, kind, sheets):
    body = staff_client.get(reverse("import_template", args=[kind])).content
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    assert workbook.sheetnames == [INSTRUCTIONS_SHEET, *[s.name for s in sheets], LISTS_SHEET]
    assert workbook[LISTS_SHEET].sheet_state == "hidden"
    instructions = "\n".join(str(row[0]) for row in workbook[INSTRUCTIONS_SHEET].iter_rows(values_only=True) if row[0])
    assert "整个文件要么全部导入，要么一行也不导入" in instructions
    for spec in sheets:
        ws = workbook[spec.name]
        assert [cell.value for cell in ws[1]] == [column.header for column in spec.columns]
        assert f"【{spec.name}】示例" in instructions
        lists = workbook[LISTS_SHEET]
        validated = {}
        for validation in ws.data_validations.dataValidation:
            column = str(validation.sqref).split(":")[0].rstrip("0123456789")
            # The range on the hidden sheet, read back into its list.
            letter = validation.formula1.split("!$")[1].split("$")[0]
            validated[column] = [c.value for c in lists[letter][1:] if c.value is not None]
        expected = {
            openpyxl.utils.get_column_letter(n): list(column.choices)
            for n, column in enumerate(spec.columns, 1)
            if column.choices
        }
        assert validated == expected
    if kind == "members":
        assert len(expected["C"]) == 56 and expected["B"] == ["男", "女"]
        assert expected["K"] == ["是", "否"] and expected["E"][2] == "大学专科"


def test_the_roster_export_reads_its_fields_in_the_template_column_order():
    from organizations.exports import ROSTER_FIELDS

    assert [field.removesuffix("_id") for field in ROSTER_FIELDS] == [column.key for column in MEMBER_SHEET.columns]


def test_data_rows_are_the_cells_openpyxl_itself_would_write():
    """write_book streams data rows as XML; loaded back, every cell equals the one openpyxl writes for cell_for."""
    from openpyxl import Workbook

    from imports.reader import Column, SheetSpec
    from imports.workbooks import cell_for, write_book

    spec = SheetSpec("things", "数据", tuple(Column(f"c{n}", f"列{n}") for n in range(1, 8)))
    rows = [
        ["王芳", "=1+1", "#N/A", "  两边有空格 ", "A & B <c> \"d\" 'e'", "一行\r\n二行", None],
        [0, -12, 3.25, 1e20, True, False, ""],
        [
            datetime.date(1985, 3, 12),
            datetime.date(1900, 2, 28),
            datetime.datetime(2020, 11, 15, 8, 30),
            "\x07响铃",
            "x" * 40_000,
            "+86",
            "@cmd",
        ],
    ]
    ours = openpyxl.load_workbook(io.BytesIO(write_book("测试", [(spec, rows)])))["数据"]

    plain = Workbook(write_only=True)
    ws = plain.create_sheet("数据")
    ws.append([column.header for column in spec.columns])
    for row in rows:
        ws.append([cell_for(ws, value) for value in row])
    out = io.BytesIO()
    plain.save(out)
    theirs = openpyxl.load_workbook(out)["数据"]

    def cells(sheet):
        return [
            (cell.coordinate, cell.value, cell.data_type, cell.number_format, cell.quotePrefix)
            for row in sheet.iter_rows(min_row=2)
            for cell in row
            if cell.value is not None
        ]

    assert cells(ours) == cells(theirs)
    assert len(cells(ours)) == 19  # the 21 values less None and ""
    assert ours["B2"].value == "=1+1" and ours["B2"].quotePrefix
    assert ours["A4"].value == datetime.datetime(1985, 3, 12)

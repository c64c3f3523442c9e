"""A township clerk gets their roster in from Excel: downloads the template, fills it in
(two rows wrong), reads the errors in the browser, fixes the file, uploads it again,
confirms the preview and finds the members in the list.

The file is filled in with openpyxl, as Excel would save it; everything else goes through
the rendered pages.
"""

import io
import re

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from organizations.models import Category, Level, Member
from tests.browser.test_member_flow import log_in, nav
from tests.factories import make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = [
    # 姓名, 性别, 民族, 出生日期, 学历, 工作岗位, 所在党组织, 入党日期, 转正日期
    ["杨玥琤", "女性", "彝", "1990年3月5日", "大专", "农民", "甲村党支部", "2015/07/01", "2016.07.01"],
    ["韦国强", "男", "壮族", "1978-02-30", "初中", "农牧渔民", "甲村党支部", "2001-07-01", "2002-07-01"],
    ["黄秀英", "女", "汉族", "1985-11-12", "大学本科", "管理人员", "火星党支部", "2010-07-01", ""],
]
HEADERS = ["姓名", "性别", "民族", "出生日期", "学历", "工作岗位", "所在党组织", "入党日期", "转正日期"]


@pytest.fixture
def township(transactional_db):
    county = make_org(None, Level.COUNTY, "测试县", Category.GENERAL)
    township = make_org(county, Level.TOWNSHIP, "甲乡", Category.GENERAL)
    committee = make_org(township, Level.VILLAGE_COMMITTEE, "甲村党委", Category.RURAL)
    make_org(committee, Level.BRANCH, "甲村党支部", Category.RURAL)
    make_org(township, Level.BRANCH, "甲乡机关党支部", Category.ORGAN)
    return township


def fill(template: bytes, rows: list[list[str]]) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(template))
    ws = workbook["党员名册"]
    columns = {cell.value: cell.column for cell in ws[1]}
    for number, row in enumerate(rows, 2):
        for header, value in zip(HEADERS, row, strict=True):
            ws.cell(number, columns[header], value or None)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(page: Page, name: str, body: bytes) -> None:
    page.get_by_label("Excel 文件（.xlsx）").set_input_files(
        files=[{"name": name, "mimeType": "application/octet-stream", "buffer": body}]
    )
    page.get_by_role("button", name="上传并检查").click()


def test_township_staff_import_a_roster_after_fixing_two_rows(page: Page, live_server, township, tmp_path):
    make_user("xiang", Role.TOWNSHIP_STAFF, township)
    log_in(page, live_server.url, "xiang")

    # 1. The template, from the 导入 page.
    nav(page, "导入")
    expect(page.get_by_role("heading", name="从 Excel 导入")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载党员名册导入模板").click()
    assert download.value.suggested_filename == "党员名册导入模板.xlsx"
    path = tmp_path / "template.xlsx"
    download.value.save_as(path)
    template = path.read_bytes()
    sheets = openpyxl.load_workbook(io.BytesIO(template)).sheetnames
    assert sheets == ["填写说明", "党员名册", "可选项"]

    # 2. Two rows wrong: an impossible birth date and an unknown branch.
    page.get_by_role("link", name="导入党员名册").click()
    expect(page.get_by_role("heading", name="导入党员名册")).to_be_visible()
    upload(page, "花名册.xlsx", fill(template, ROWS))
    problems = page.locator("#import-problems")
    expect(problems).to_contain_text("「花名册.xlsx」没有导入，数据没有任何改动。请改正下面 2 处错误后重新上传：")
    expect(problems.locator("li")).to_have_text(
        [
            "工作表「党员名册」第3行 D列「出生日期」：「1978-02-30」不是有效的日期（没有1978年2月30日这一天）。",
            "工作表「党员名册」第4行 G列「所在党组织」：本乡镇没有名为「火星党支部」的党组织。",
        ]
    )
    assert not Member.objects.exists()

    # 3. Fixed, uploaded again: the preview lists what will be created.
    fixed = [row[:] for row in ROWS]
    fixed[1][3] = "1978-02-28"
    fixed[2][6] = "甲乡机关党支部"
    upload(page, "花名册（改）.xlsx", fill(template, fixed))
    expect(page).to_have_url(re.compile(r"/imports/preview/[\w-]+/$"))
    expect(page.get_by_text("检查通过：将新建 3 条，更新 0 条，0 条没有变化。")).to_be_visible()
    expect(page.locator("#import-changes tbody tr")).to_have_count(3)
    assert not Member.objects.exists()

    # 4. Confirmed: the members are in the list.
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_text("已导入「花名册（改）.xlsx」：新建 3 条，更新 0 条，未变 0 条。")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("党员"))).to_contain_text("共 3 名")
    page.get_by_label("姓名").fill("玥琤")
    page.get_by_role("button", name="筛选").click()
    row = page.locator("#member-table tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("杨玥琤")
    expect(row).to_contain_text("彝族")
    expect(row).to_contain_text("大学专科")
    expect(row).to_contain_text("甲村党支部")
    assert Member.objects.count() == 3


def test_a_big_file_shows_progress_then_opens_the_preview(page: Page, live_server, township, monkeypatch):
    from imports import views
    from imports.base import PROGRESS_EVERY

    monkeypatch.setattr(views, "STREAM_ABOVE_BYTES", 0)  # every file counts as big
    make_user("xiang", Role.TOWNSHIP_STAFF, township)
    log_in(page, live_server.url, "xiang")
    page.goto(live_server.url + "/imports/members/")
    rows = [
        [f"党员{n}", "男", "汉族", "1980-01-01", "高中", "农民", "甲村党支部", "2005-07-01", "2006-07-01"]
        for n in range(PROGRESS_EVERY + 10)
    ]
    template = openpyxl.Workbook()
    template.active.title = "党员名册"
    template.active.append(HEADERS)
    out = io.BytesIO()
    template.save(out)
    upload(page, "大名册.xlsx", fill(out.getvalue(), rows))
    # The streamed page ends by opening the preview.
    expect(page).to_have_url(re.compile(r"/imports/preview/[\w-]+/$"))
    expect(page.get_by_text(f"检查通过：将新建 {PROGRESS_EVERY + 10} 条，更新 0 条，0 条没有变化。")).to_be_visible()
    assert not Member.objects.exists()

"""A township clerk writes the 2020 report in the browser, previews it, and downloads the
PDF and the Excel workbook; the test reads both files back."""

import datetime
import io
import re

import openpyxl
import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from organizations.models import Organization
from reports.models import Report
from tests.pdf_tools import pdf_text
from tests.recount import expected_clauses, recount

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.date(2020, 11, 15)
NARRATIVE = "依托乡级党校开展培训班2期223人次，王堃玥等党员骨干带头领学。"


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())
    return Organization.objects.get(name="清水乡")


def log_in_and_open_new_report(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    page.get_by_label("用户名").fill("xiang")
    page.get_by_label("密码").fill("demo-pass-2026")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("navigation").get_by_role("link", name="工作汇报", exact=True).click()
    page.get_by_label("年度").fill("2020")
    page.get_by_role("button", name="新建汇报").click()
    expect(page.get_by_role("heading", name=re.compile("编写：清水乡2020年基层党建工作情况汇报"))).to_be_visible()


def test_clerk_writes_previews_and_downloads_the_report(page: Page, live_server, demo):
    log_in_and_open_new_report(page, live_server.url)

    page.get_by_label("统计截止日期").fill("2020-11-15")
    page.get_by_label("落款日期").fill("2020-11-15")
    page.get_by_label("开头段落").fill("今年以来，乡党委聚焦重点任务，细化措施、狠抓落实。")
    page.locator("#id_sections-0-heading").fill("聚焦政治建设，提升思想引领")
    page.locator("#id_sections-0-narrative").fill(NARRATIVE)
    page.get_by_label("存在的问题").fill("一是党务干部业务不精。")
    page.get_by_label("下一步工作打算").fill("一是强化党建责任落实。")
    page.get_by_role("button", name="保存并预览").click()

    expect(page.get_by_text("已保存，右侧预览已更新。")).to_be_visible()
    preview = page.locator(".gw-document")
    expect(preview).to_contain_text("（一）聚焦政治建设，提升思想引领。" + NARRATIVE)
    expect(preview).to_contain_text("截至2020年11月15日，全乡共有党员546名")

    page.get_by_role("link", name="整页预览").click()
    expect(page.locator(".gw-document")).to_contain_text(NARRATIVE)

    with page.expect_download() as info:
        page.get_by_role("link", name="下载PDF").click()
    download = info.value
    assert download.suggested_filename == "清水乡2020年基层党建工作情况汇报.pdf"
    text = pdf_text(download.path().read_bytes())
    counts = recount(demo, DAY)
    assert NARRATIVE in text
    for clause in expected_clauses(counts):
        assert clause in text

    with page.expect_download() as info:
        page.get_by_role("link", name="下载Excel").click()
    download = info.value
    assert download.suggested_filename == "清水乡2020年基层党建工作情况汇报.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()))
    assert workbook.sheetnames == [
        "基本情况统计",
        "党组织",
        "党员名册",
        "重点任务台账",
        "发展党员名册",
        "会议台账",
        "培训班",
        "分类定级",
        "软弱涣散整顿",
        "结对共建",
        "村级情况",
        "班子换届",
    ]
    assert workbook["党员名册"].max_row - 1 == counts["total"]


def test_a_date_outside_the_year_is_refused_in_chinese(page: Page, live_server, demo):
    log_in_and_open_new_report(page, live_server.url)
    before = Report.objects.get().as_of
    page.get_by_label("统计截止日期").fill("2021-01-01")
    page.get_by_role("button", name="保存并预览").click()
    expect(page.get_by_text("统计截止日期必须在2020年之内。")).to_be_visible()
    assert Report.objects.get().as_of == before

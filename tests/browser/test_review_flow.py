"""The whole review loop in a browser: 清水乡 submits, the county returns it with a
comment, the township sees the comment and resubmits, the county approves and
downloads the PDF and the county zip."""

import datetime
import io
import re
import zipfile

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from organizations.models import Organization
from reports.services import report_create
from tests.pdf_tools import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.date(2020, 11, 15)


@pytest.fixture
def written_report(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())
    report = report_create(township=Organization.objects.get(name="清水乡"), year=2020, today=DAY)
    report.as_of = report.issued_on = DAY
    report.opening = "今年以来，乡党委聚焦重点任务。"
    report.problems = "一是党务干部业务不精。"
    report.next_steps = "一是强化党建责任落实。"
    report.save()
    report.sections.update(narrative="开展理论学习。")
    return report


def log_in(page: Page, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("demo-pass-2026")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name=re.compile("概览"))).to_be_visible()


def open_versions(page: Page) -> None:
    page.get_by_role("navigation").get_by_role("link", name="工作汇报", exact=True).click()
    page.get_by_role("link", name="提交与审核").first.click()


def test_submit_return_resubmit_approve_download(page: Page, live_server, written_report):
    url = live_server.url
    # The township submits.
    log_in(page, url, "xiang")
    open_versions(page)
    # 清水乡's 2020 data has warnings (terms falling due, an overdue task): read and acknowledged.
    expect(page.locator("#check-warnings")).to_be_visible()
    page.get_by_label("已阅读以上提示，确认提交").check()
    page.get_by_role("button", name="提交县委组织部").click()
    # Nothing is stored before the clerk confirms (no script needed: the confirmation is a page).
    expect(page.get_by_text("确认把「清水乡2020年基层党建工作情况汇报」作为第1版提交县委组织部？")).to_be_visible()
    page.get_by_role("button", name="确认提交第1版").click()
    expect(page.get_by_text("已提交第1版，等待县委组织部审核。")).to_be_visible()
    expect(page.locator("#report-status")).to_have_text("已提交")

    # The county sees what waits on its dashboard, and returns it with a comment.
    log_in(page, url, "xian")
    expect(page.locator("#waiting-total")).to_have_text("1")
    expect(page.locator("#review-waiting tr", has_text="清水乡").locator(".waiting-count")).to_have_text("1")
    page.goto(url + "/review/2020/")
    row = page.locator("#review-table tr", has_text="清水乡")
    expect(row).to_contain_text("已提交")
    row.get_by_role("link", name="审核").click()
    page.get_by_label("审核意见").fill("请补充组织生活会开展情况。")
    page.get_by_role("button", name="退回修改").click()
    expect(page.locator("#confirm-comment")).to_have_text("请补充组织生活会开展情况。")
    page.get_by_role("button", name="确认退回").click()
    expect(page.locator("#report-status")).to_have_text("已退回")

    # The township sees the return and the comment where it lands, revises and resubmits.
    log_in(page, url, "xiang")
    state = page.locator("#report-states tr", has_text="2020年")
    expect(state.locator(".report-state")).to_have_text("已退回")
    expect(state.locator(".return-comment")).to_have_text("请补充组织生活会开展情况。")
    open_versions(page)
    expect(page.locator(".review-comment")).to_have_text("请补充组织生活会开展情况。")
    page.get_by_role("link", name="修改").click()
    page.get_by_label("开头段落").fill("今年以来，乡党委聚焦重点任务，按期召开组织生活会。")
    page.get_by_role("button", name="保存并预览").click()
    page.get_by_role("link", name="提交与审核").click()
    page.get_by_label("已阅读以上提示，确认提交").check()
    page.get_by_role("button", name="提交修改后的第2版").click()
    page.get_by_role("button", name="确认提交第2版").click()
    expect(page.get_by_text("已提交第2版")).to_be_visible()

    # The county approves and downloads.
    log_in(page, url, "xian")
    page.goto(url + "/review/2020/")
    page.locator("#review-table tr", has_text="清水乡").get_by_role("link", name="审核").click()
    # The reviewer reads what changed between the two versions before deciding.
    page.get_by_role("link", name="第1版与第2版比较").click()
    expect(page.locator("#paragraph-changes ins.diff-new", has_text="按期召开组织生活会")).to_be_visible()
    page.get_by_role("link", name="提交与审核").click()
    page.get_by_role("button", name="通过").click()
    page.get_by_role("button", name="确认通过第2版").click()
    expect(page.locator("#report-status")).to_have_text("已通过")
    with page.expect_download() as info:
        page.get_by_role("row", name=re.compile("第2版")).get_by_role("link", name="PDF").click()
    text = pdf_text(info.value.path().read_bytes())
    assert "按期召开组织生活会" in text and "全乡共有党员546名" in text

    page.goto(url + "/review/2020/")
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("下载全部最新PDF")).click()
    assert info.value.suggested_filename == "示范县2020年乡镇党建工作汇报.zip"
    archive = zipfile.ZipFile(io.BytesIO(info.value.path().read_bytes()))
    [name] = archive.namelist()
    assert name.endswith("第2版.pdf")
    assert "按期召开组织生活会" in pdf_text(archive.read(name))

"""长岭乡's clerk rates a branch 后进 and lists it as 软弱涣散 in the browser, then finds both on the
township's checks page and in the report preview."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from assessments.models import Assessment, Rectification
from organizations.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BRANCH = "长岭乡机关第一党支部"


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())
    return Organization.objects.get(name="长岭乡")


def test_ling_rates_a_branch_backward_opens_a_rectification_and_sees_both(page: Page, live_server, demo):
    year = timezone.localdate().year
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill("ling")
    page.get_by_label("密码").fill("demo-pass-2026")
    page.get_by_role("button", name="登录").click()

    # 分类定级 of this year: the branch is rated 后进.
    page.get_by_role("navigation").get_by_role("link", name="考核与班子").click()
    page.locator("tr", has_text="长岭乡").get_by_role("link", name="分类定级").first.click()
    expect(page.get_by_role("heading", name=f"长岭乡{year}年分类定级")).to_be_visible()
    row = page.locator(f'tr[data-org="{BRANCH}"]')
    row.locator("select[name$=grade]").select_option(label="后进")
    row.locator("select[name$=stars]").select_option(label="1星")
    page.get_by_role("button", name="保存分类定级").click()
    expect(page.get_by_text(f"已保存{year}年分类定级")).to_be_visible()
    expect(page.locator("#count-backward")).to_have_text("1")
    assert Assessment.objects.get(organization__name=BRANCH, year=year).grade == "backward"

    # It is listed as 软弱涣散 and its rectification opened.
    page.locator(f'tr[data-org="{BRANCH}"]').get_by_role("link", name="列为软弱涣散").click()
    page.get_by_label("软弱涣散的主要问题").fill("班子不团结，组织生活不经常。")
    page.get_by_label("整顿方案").fill("乡党委书记挂联，三个月内完成整顿。")
    page.get_by_label("责任人").fill("乡党委副书记")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text(f"已将「{BRANCH}」列为软弱涣散党组织，开始整顿。")).to_be_visible()
    expect(page.locator(".badge", has_text="软弱涣散党组织")).to_be_visible()
    assert Rectification.objects.get(organization__name=BRANCH).completed_on is None

    # The checks page shows both.
    page.get_by_role("navigation").get_by_role("link", name="考核与班子").click()
    page.locator("tr", has_text="长岭乡").get_by_role("link", name="数据检查").first.click()
    summary = page.locator("#assessment-summary")
    expect(summary).to_contain_text("后进1个")
    expect(summary.locator("#backward-organizations")).to_have_text(f"后进党组织：{BRANCH}")
    expect(summary.locator("#weak-organizations")).to_contain_text(f"软弱涣散党组织（正在整顿）：{BRANCH}")

    # And so does the report's preview.
    page.get_by_role("navigation").get_by_role("link", name="工作汇报", exact=True).click()
    page.get_by_label("年度").fill(str(year))
    page.get_by_role("button", name="新建汇报").click()
    expect(page.get_by_role("heading", name=re.compile(f"编写：长岭乡{year}年"))).to_be_visible()
    page.get_by_role("link", name="整页预览").click()
    document = page.locator(".gw-document")
    expect(document).to_contain_text("中间党组织0个、后进党组织1个")
    expect(document).to_contain_text(f"{BRANCH}正在进行软弱涣散党组织整顿")
    expect(document.locator("table", has_text="软弱涣散党组织整顿")).to_contain_text("班子不团结，组织生活不经常。")

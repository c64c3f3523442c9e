"""长岭乡's clerk records a 主题党日 with its attendance and moves an activist on to development target,
sees the one-year warning, and finds both in the 2023 report's preview."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from activities.models import Attendance, Meeting
from development.models import Candidate
from development.progress import Progress
from organizations.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR_END = datetime.date(2023, 12, 31)
BRANCH = "长岭乡卫生院党支部"


@pytest.fixture
def changling(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())
    return Organization.objects.get(name="长岭乡")


def an_activist_ready_for_step_7(township) -> Candidate:
    for candidate in Candidate.objects.under(township).order_by("name", "pk"):
        progress = Progress.load(candidate)
        if progress.next_step == 7 and progress.status_on(YEAR_END) == "activist":
            return candidate
    raise AssertionError("the demo has no activist with steps 1–6 done")


def test_ling_records_a_theme_day_and_a_development_target_and_finds_both_in_the_report(
    page: Page, live_server, changling
):
    theme_days = Meeting.objects.under(changling).filter(kind="theme_day", held_on__year=2023).count()
    person = an_activist_ready_for_step_7(changling)

    page.goto(live_server.url + "/")
    page.get_by_label("用户名").fill("ling")
    page.get_by_label("密码").fill("demo-pass-2026")
    page.get_by_role("button", name="登录").click()

    # A 主题党日 with attendance: everyone present but one, on leave with a reason.
    page.get_by_role("navigation").get_by_role("link", name="组织生活", exact=True).click()
    page.get_by_role("link", name="登记会议").click()
    page.get_by_label("党组织").select_option(label=BRANCH)
    page.get_by_label("类型").select_option(label="主题党日")
    page.get_by_label("日期").fill("2023-03-25")
    page.get_by_label("主题").fill("学习二十大精神主题党日")
    page.get_by_label("主持人").fill("书记")
    page.get_by_role("button", name="保存，下一步登记出席情况").click()
    expect(page.get_by_role("heading", name=re.compile("登记出席情况"))).to_be_visible()
    page.get_by_role("button", name="全部出席").click()
    rows = page.locator("#attendance-form tbody tr")
    expected = rows.count()
    assert expected > 1
    away = rows.first
    away.get_by_label("请假", exact=True).check()
    away.get_by_role("textbox").fill("外出务工")
    page.get_by_role("button", name="保存出席情况").click()
    expect(page.get_by_text(f"已登记出席情况：应到{expected}人，出席{expected - 1}人，请假1人。")).to_be_visible()
    meeting = Meeting.objects.get(topic="学习二十大精神主题党日")
    assert Attendance.objects.filter(meeting=meeting, status="present").count() == expected - 1

    # The activist becomes a development target less than a year after becoming an activist.
    page.get_by_role("navigation").get_by_role("link", name="发展党员", exact=True).click()
    page.get_by_role("link", name="发展党员名册").click()
    page.get_by_role("link", name=person.name, exact=True).click()
    expect(page.locator("#candidate-status")).to_have_text("入党积极分子")
    page.get_by_label("日期").fill("2023-12-31")
    page.get_by_role("button", name="登记第7步").click()
    expect(page.locator("#candidate-status")).to_have_text("发展对象")
    expect(page.locator("#candidate-warnings")).to_contain_text("不满一年，培养考察应满一年")
    page.get_by_role("navigation").get_by_role("link", name="发展党员", exact=True).click()
    expect(page.locator("#warning-table")).to_contain_text(person.name)

    # The 2023 report, as of 31 December, counts both.
    page.get_by_role("navigation").get_by_role("link", name="工作汇报", exact=True).click()
    page.get_by_label("年度").fill("2023")
    page.get_by_role("button", name="新建汇报").click()
    page.get_by_role("link", name="整页预览").click()
    document = page.locator(".gw-document")
    expect(document).to_contain_text(
        "截至2023年12月31日，共有入党申请人6人，入党积极分子8人，列为发展对象3人，2023年发展党员6人"
    )
    expect(document).to_contain_text(f"主题党日{theme_days + 1}次")

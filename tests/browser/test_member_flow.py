"""A township's party-building worker at the keyboard: sign in, add a branch to
the tree, register a member (after a date mistake the form catches), find them
again. And a county reviewer, who may look but not add.

Everything goes through the rendered pages, as a person would click and type;
the ORM is used only to build the starting data and to check nothing was saved.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from organizations.models import Category, Level, Member
from tests.factories import PASSWORD, make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBER_NAME = "李玥琤"  # 玥 and 琤 are outside the most common character sets
BRANCH_NAME = "甲村第一党支部"


@pytest.fixture
def county(transactional_db):
    return make_org(None, Level.COUNTY, "测试县", Category.GENERAL)


@pytest.fixture
def township(county):
    township = make_org(county, Level.TOWNSHIP, "甲乡", Category.GENERAL)
    make_org(township, Level.VILLAGE_COMMITTEE, "甲村党委", Category.RURAL)
    return township


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_text("请使用乡镇或县委组织部分配的账号登录")).to_be_visible()
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name=re.compile("概览"))).to_be_visible()
    expect(page.get_by_role("navigation")).to_contain_text(username)


def nav(page: Page, label: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name=label, exact=True).click()


def test_township_staff_adds_branch_and_member(page: Page, live_server, township):
    make_user("xiang", Role.TOWNSHIP_STAFF, township)

    # 1. Sign in.
    log_in(page, live_server.url, "xiang")
    expect(page.get_by_role("navigation")).to_contain_text("甲乡")

    # 2. A new branch under the village committee.
    nav(page, "党组织")
    expect(page.get_by_role("heading", name="党组织", exact=True)).to_be_visible()
    page.get_by_role("link", name="新建党组织").click()
    expect(page.get_by_role("heading", name="新建党组织")).to_be_visible()
    page.get_by_label("名称").fill(BRANCH_NAME)
    page.get_by_label("层级").select_option(label="党支部")
    page.get_by_label("类别").select_option(label="农村（村/村民小组）")
    page.get_by_label("上级党组织").select_option(label="甲村党委")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text(f"已新建党组织「{BRANCH_NAME}」。")).to_be_visible()
    expect(page.get_by_role("heading", name=BRANCH_NAME)).to_be_visible()

    nav(page, "党组织")
    rows = page.get_by_role("row")
    branch_row = rows.filter(has=page.get_by_role("link", name=BRANCH_NAME, exact=True))
    expect(branch_row).to_have_count(1)
    expect(branch_row).to_contain_text("党支部")
    expect(branch_row).to_contain_text("农村（村/村民小组）")
    expect(branch_row).to_contain_text("└")
    # In the tree, the branch sits directly below its parent.
    names = [text.split("\t")[0].strip() for text in rows.all_inner_texts()[1:]]
    assert [name.lstrip("└ ").strip() for name in names] == ["甲乡", "甲村党委", BRANCH_NAME]

    # 3. A member whose 转正日期 is before the 入党日期: refused, nothing saved.
    nav(page, "党员")
    page.get_by_role("link", name="添加党员").click()
    expect(page.get_by_role("heading", name="添加党员")).to_be_visible()
    page.get_by_label("姓名").fill(MEMBER_NAME)
    page.get_by_label("性别").select_option(label="女")
    page.get_by_label("出生日期").fill("1990-03-05")
    page.get_by_label("学历").select_option(label="大学本科")
    page.get_by_label("职业").select_option(label="农牧渔民")
    page.get_by_label("所在党支部").select_option(label=BRANCH_NAME)
    page.get_by_label("入党日期").fill("2015-07-01")
    page.get_by_label("转正日期").fill("2014-07-01")
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_text("保存失败，请按下面的提示修改后再提交。")).to_be_visible()
    expect(page.get_by_text("转正日期不能早于入党日期")).to_be_visible()
    # ...and the message belongs to the 转正日期 field (what a screen reader announces there).
    expect(page.get_by_label("转正日期")).to_have_accessible_description(re.compile("转正日期不能早于入党日期"))
    # What was typed is still there.
    expect(page.get_by_label("姓名")).to_have_value(MEMBER_NAME)
    expect(page.get_by_label("入党日期")).to_have_value("2015-07-01")
    assert not Member.objects.filter(name=MEMBER_NAME).exists()

    # 4. Corrected, it is saved and the member's page opens.
    page.get_by_label("转正日期").fill("2016-07-01")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text(f"已添加党员「{MEMBER_NAME}」。")).to_be_visible()
    expect(page.get_by_role("heading", name=MEMBER_NAME)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/members/\d+/$"))
    details = page.locator("dl")
    expect(details).to_contain_text(BRANCH_NAME)
    expect(details).to_contain_text("大学本科")
    expect(details).to_contain_text("女")
    assert Member.objects.filter(name=MEMBER_NAME).count() == 1

    # 5. Found again by searching the member list.
    page.get_by_role("link", name="返回党员列表").click()
    page.get_by_label("姓名").fill("玥琤")
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"[?&]q="))
    expect(page.get_by_text("共 1 名")).to_be_visible()
    member_row = page.locator("#member-table tbody tr")
    expect(member_row).to_have_count(1)
    expect(member_row).to_contain_text(MEMBER_NAME)
    expect(member_row).to_contain_text(BRANCH_NAME)
    expect(member_row).to_contain_text("正式党员")
    expect(page.get_by_role("link", name=MEMBER_NAME, exact=True)).to_be_visible()


def test_county_reviewer_cannot_add_members(page: Page, live_server, county):
    make_user("shen", Role.COUNTY_REVIEWER, county)

    log_in(page, live_server.url, "shen")
    expect(page.get_by_role("navigation")).to_contain_text("只读")
    nav(page, "党员")
    expect(page.get_by_role("heading", name=re.compile("党员"))).to_be_visible()
    expect(page.get_by_text("没有符合条件的党员。")).to_be_visible()
    expect(page.get_by_role("link", name="添加党员")).to_have_count(0)

    response = page.goto(live_server.url + "/members/new/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="没有权限")).to_be_visible()
    expect(page.get_by_text("您的账号只能查看，不能修改乡镇数据。")).to_be_visible()
    expect(page.get_by_label("姓名")).to_have_count(0)

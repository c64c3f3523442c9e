"""The demo's assessment, rectification, village and committee figures in the report's HTML, PDF and Excel.

长岭乡 as of 2023-12-31 and 清水乡 as of 2020-11-15 say what their seed reports say.
Every figure is also recounted here from the rows with plain filters and Python
loops (not assessments/figures.py), so the report and the seed cannot agree by a
shared bug; the seeds' literal numbers are asserted beside the recount.
"""

import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments.models import Assessment, CommitteePost, Pairing, Rectification
from organizations.models import Member, Organization, Village, VillageGroup, VillageYear
from reports.document import build_document
from reports.formats import FORMATS
from reports.services import report_create
from tests.pdf_tools import pdf_text

pytestmark = pytest.mark.django_db

CHANGLING_DAY = datetime.date(2023, 12, 31)
QINGSHUI_DAY = datetime.date(2020, 11, 15)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo county, built once for the module (the tests only read it)."""
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def township(name: str) -> Organization:
    return Organization.objects.get(name=name, level="township")


def counted(member: Member, day: datetime.date) -> bool:
    return member.joined_on <= day and (member.left_on is None or member.left_on > day)


def recount(name: str, day: datetime.date, year: int) -> dict:
    """Every figure of the assessments domain, from the rows."""
    t = township(name)
    orgs = [
        o
        for o in Organization.objects.filter(path__startswith=t.path).exclude(pk=t.pk)
        if o.level != "party_group" and (o.founded_on is None or o.founded_on <= day)
    ]
    grades = [a.grade for a in Assessment.objects.filter(organization__in=orgs, year=year)]
    rectified = [
        r.organization.name
        for r in Rectification.objects.filter(organization__in=orgs)
        if r.completed_on and datetime.date(year, 1, 1) <= r.completed_on <= day
    ]
    villages = list(Village.objects.filter(township=t))
    rows = {row.village_id: row for row in VillageYear.objects.filter(village__in=villages, year=year)}
    incomes = [rows[v.pk].collective_income for v in villages if v.pk in rows]
    members = [m for m in Member.objects.filter(organization__path__startswith=t.path) if counted(m, day)]
    lived_in = {m.village_group_id for m in members}
    blank = [g for g in VillageGroup.objects.filter(village__township=t) if g.pk not in lived_in]
    posts = [
        p
        for p in CommitteePost.objects.filter(organization__in=orgs)
        if p.started_on <= day and (p.ended_on is None or p.ended_on > day)
    ]
    held = {(p.organization_id, p.post, p.member_id) for p in posts}
    secretaries = {(p.organization_id, p.member_id) for p in posts if p.post == "secretary"}
    return {
        "organizations": len(orgs),
        "advanced": grades.count("advanced"),
        "middle": grades.count("middle"),
        "backward": grades.count("backward"),
        "rectified": rectified,
        "pairs": Pairing.objects.filter(township=t, year=year).count(),
        "villages": len(incomes),
        "income": sum(incomes, Decimal("0")),
        "at_least_5": sum(i >= 5 for i in incomes),
        "at_least_10": sum(i >= 10 for i in incomes),
        "reserve_cadres": sum(rows[v.pk].reserve_cadres or 0 for v in villages if v.pk in rows),
        "blank": len(blank),
        "one_shoulder": sum((o, "director", m) in held for o, m in secretaries),
        "group_leaders": sum((o, "group_leader", m) in held for o, m in secretaries),
    }


def report_for(name: str, year: int, day: datetime.date):
    report = report_create(township=township(name), year=year, today=day)
    report.as_of = report.issued_on = day
    report.save()
    return report


def html_text(client, report) -> str:
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="xian"))
    html = client.get(reverse("report_preview", args=[report.pk])).content.decode()
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def sheet_rows(workbook, name: str) -> list[list]:
    return [[cell.value for cell in row] for row in workbook[name].iter_rows()]


def test_changling_2023_figures_are_the_seed_reports(demo):
    counts = recount("长岭乡", CHANGLING_DAY, 2023)
    assert counts["organizations"] == 53
    assert (counts["advanced"], counts["middle"], counts["backward"]) == (14, 38, 1)
    assert counts["rectified"] == ["卜戛村党总支"]
    assert counts["pairs"] == 19
    assert (counts["villages"], counts["at_least_5"]) == (7, 7)
    assert counts["blank"] == 6


def test_qingshui_2020_figures_are_the_seed_reports(demo):
    counts = recount("清水乡", QINGSHUI_DAY, 2020)
    assert counts["rectified"] == ["坝干党支部"]
    assert counts["group_leaders"] == 37
    assert counts["reserve_cadres"] == 41
    assert (counts["villages"], counts["income"]) == (4, Decimal("20.79"))


def expected_sentences(counts: dict, word: str = "乡") -> list[str]:
    out = [f"全{word}{counts['villages']}个村集体经济收入合计{counts['income']:.2f}万元"]
    if counts["advanced"] + counts["middle"] + counts["backward"]:
        out.append(
            f"评定出先进党组织{counts['advanced']}个、中间党组织{counts['middle']}个、后进党组织{counts['backward']}个"
        )
    out += [f"完成{name}软弱涣散党组织整顿提升" for name in counts["rectified"]]
    if counts["pairs"]:
        out.append(f"结对共建{counts['pairs']}对")
    if counts["group_leaders"]:
        out.append(f"{counts['group_leaders']}名村民小组长和党支部书记“一肩挑”")
    if counts["reserve_cadres"]:
        out.append(f"培养村级后备干部{counts['reserve_cadres']}名")
    if counts["one_shoulder"]:
        out.append(f"{counts['one_shoulder']}个行政村实现党组织书记、村委会主任“一肩挑”")
    out.append(f"有党员空白村小组{counts['blank']}个" if counts["blank"] else "无党员空白村小组")
    return out


@pytest.mark.parametrize(
    "name, year, day, seed_sentences",
    [
        (
            "长岭乡",
            2023,
            CHANGLING_DAY,
            [
                "2023年对全乡53个基层党组织开展分类定级，评定出先进党组织14个、中间党组织38个、后进党组织1个",
                "完成卜戛村党总支软弱涣散党组织整顿提升",
                "结对共建19对",
                "全乡7个村集体经济收入合计",
                "均达到5万元以上",
                "有党员空白村小组6个",
            ],
        ),
        (
            "清水乡",
            2020,
            QINGSHUI_DAY,
            [
                "完成坝干党支部软弱涣散党组织整顿提升",
                "全乡4个村集体经济收入合计20.79万元",
                "37名村民小组长和党支部书记“一肩挑”",
                "培养村级后备干部41名",
            ],
        ),
    ],
    ids=["changling-2023", "qingshui-2020"],
)
def test_html_pdf_and_excel_say_the_recounted_figures(client, demo, name, year, day, seed_sentences):
    counts = recount(name, day, year)
    report = report_for(name, year, day)
    html = html_text(client, report)
    document = build_document(report, registers=True)
    pdf = pdf_text(FORMATS["pdf"].render(document))
    for sentence in seed_sentences + expected_sentences(counts):
        assert sentence in html, sentence
        assert sentence in pdf, sentence

    workbook = openpyxl.load_workbook(io.BytesIO(FORMATS["xlsx"].render(document)))
    villages = sheet_rows(workbook, "村级情况")
    assert villages[0][:3] == ["村委会", "集体经济收入（万元）", "5万元以上"]
    total = villages[-1]
    assert total[0] == "合计"
    assert Decimal(str(total[1])) == counts["income"]
    assert (total[2], total[3], total[5], total[6]) == (
        counts["at_least_5"],
        counts["at_least_10"],
        counts["reserve_cadres"],
        counts["blank"],
    )
    assert len(villages) - 2 == counts["villages"]
    grades = [row[2] for row in sheet_rows(workbook, "分类定级")[1:]]
    assert len(grades) == counts["organizations"]
    assert (grades.count("先进"), grades.count("中间"), grades.count("后进")) == (
        counts["advanced"],
        counts["middle"],
        counts["backward"],
    )
    assert len(sheet_rows(workbook, "结对共建")) - 1 == counts["pairs"]
    rectifications = sheet_rows(workbook, "软弱涣散整顿")[1:]
    assert [row[0] for row in rectifications if row[6] == "已完成整顿"] == counts["rectified"]


def test_changling_terms_due_and_overdue_at_the_end_of_2023(client, demo):
    """Recounted: a secretary's term is 3 years outside villages; due within six months of the day or past it."""
    t = township("长岭乡")
    report = report_for("长岭乡", 2023, CHANGLING_DAY)
    posts = CommitteePost.objects.filter(organization__path__startswith=t.path, post="secretary").select_related(
        "organization"
    )
    overdue, due = [], []
    for post in posts:
        years = 5 if post.organization.category in ("rural", "community") else 3
        due_on = post.started_on.replace(year=post.started_on.year + years)
        if due_on <= CHANGLING_DAY:
            overdue.append(post.organization.name)
        elif due_on <= datetime.date(2024, 6, 30):
            due.append(post.organization.name)
    assert (len(overdue), len(due)) == (1, 2)  # the demo's three 机关 committees
    html = html_text(client, report)
    assert f"{len(due)}个党组织班子将于6个月内任期届满；{len(overdue)}个党组织班子任期已满尚未换届" in html
    document = build_document(report, registers=True)
    workbook = openpyxl.load_workbook(io.BytesIO(FORMATS["xlsx"].render(document)))
    terms = sheet_rows(workbook, "班子换届")[1:]
    assert sorted(row[0] for row in terms if row[4] == "已超期") == sorted(overdue)
    assert sorted(row[0] for row in terms if row[4] == "6个月内到期") == sorted(due)

"""PDF layout that keeps every character on the page: long runs, titles, table titles, wide tables.

Every check reads the PDF back (pdftotext), as a reader of the printed page would.
"""

import datetime
import re

import pytest
from django.urls import reverse

from organizations.models import Category, Level
from reports.document import ReportDocument, Table, build_document
from reports.models import Report
from reports.renderers.pdf import render_pdf
from reports.rollup import COLUMNS
from reports.services import report_create
from reports.titles import plain_title, title_lines
from tests.factories import make_member, make_org
from tests.pdf_tools import page_texts, pdf_layout, pdf_text

DAY = datetime.date(2020, 11, 15)
MM = 72 / 25.4
LONG_TITLE = "清水乡2020年基层党建工作重点任务落实情况汇报"


def report_for(township, **fields) -> Report:
    values = {"year": 2020, "as_of": DAY, "title": "说明", "issuer": "中共甲乡委员会", "issued_on": DAY} | fields
    return Report.objects.create(township=township, **values)


def right_edge(page) -> float:
    """Where the text block ends: 26 mm from the right of a portrait page, 37 mm of a landscape one."""
    return page.width - (37 if page.width > page.height else 26) * MM


def lines_of(page) -> list[str]:
    """The page's text line by line, top to bottom (words within 3 pt of one baseline)."""
    lines: dict[int, list] = {}
    for word in sorted(page.words, key=lambda w: (round(w.y_min / 3), w.x_min)):
        lines.setdefault(round(word.y_min / 3), []).append(word.text)
    return ["".join(words) for _, words in sorted(lines.items())]


class TestLongRuns:
    def test_a_5000_letter_url_is_printed_whole_within_the_margins(self, township):
        url = "https://example.org/" + "abcdefghij" * 500
        pdf = render_pdf(build_document(report_for(township, opening=f"详见{url}。")))
        assert url in pdf_text(pdf)
        for page in pdf_layout(pdf):
            assert max(w.x_max for w in page.words) <= right_edge(page) + 1

    def test_a_long_run_in_a_table_cell_stays_in_its_page(self, township):
        document = build_document(report_for(township))
        name = "x" * 300
        document.tables = [Table("长名称", ["项目", "人数"], [[name, 1]])]
        pdf = render_pdf(document)
        assert name in pdf_text(pdf)
        for page in pdf_layout(pdf):
            assert max(w.x_max for w in page.words) <= right_edge(page) + 1


def edit_data(report: Report, **changes) -> dict:
    sections = list(report.sections.all())
    data = {
        "title": report.title,
        "as_of": report.as_of.isoformat(),
        "issuer": report.issuer,
        "issued_on": report.issued_on.isoformat(),
        "opening": "今年以来。",
        "problems": "一是。",
        "next_steps": "一是。",
        "sections-TOTAL_FORMS": len(sections),
        "sections-INITIAL_FORMS": len(sections),
        "sections-MIN_NUM_FORMS": 0,
        "sections-MAX_NUM_FORMS": 1000,
    }
    for i, section in enumerate(sections):
        data |= {
            f"sections-{i}-id": section.pk,
            f"sections-{i}-heading": section.heading,
            f"sections-{i}-narrative": "",
            f"sections-{i}-sort_order": section.sort_order,
        }
    return data | changes


class TestNarrativeCaps:
    @pytest.fixture
    def report(self, township):
        from planning.models import WorkArea

        WorkArea.objects.create(township=township, year=2020, name="组织建设", sort_order=1)
        return report_create(township=township, year=2020, today=DAY)

    @pytest.mark.parametrize(
        "field, limit, label",
        [("opening", 3000, "开头段落"), ("problems", 3000, "存在的问题"), ("next_steps", 3000, "下一步工作打算")],
    )
    def test_a_narrative_over_its_cap_is_refused_with_the_count(self, staff_client, report, field, limit, label):
        response = staff_client.post(
            reverse("report_edit", args=[report.pk]), edit_data(report, **{field: "字" * (limit + 1)})
        )
        assert response.status_code == 200
        assert f"{label}最多{limit}字（现有{limit + 1}字），请精简。" in response.content.decode()
        report.refresh_from_db()
        assert getattr(report, field) == ""

    def test_a_narrative_at_its_cap_is_saved(self, staff_client, report):
        response = staff_client.post(reverse("report_edit", args=[report.pk]), edit_data(report, opening="字" * 3000))
        assert response.status_code == 302
        report.refresh_from_db()
        assert len(report.opening) == 3000

    def test_a_section_narrative_over_5000_characters_is_refused(self, staff_client, report):
        section = report.sections.get()
        response = staff_client.post(
            reverse("report_edit", args=[report.pk]), edit_data(report, **{"sections-0-narrative": "字" * 5001})
        )
        assert response.status_code == 200
        assert "工作情况最多5000字（现有5001字），请精简。" in response.content.decode()
        section.refresh_from_db()
        assert section.narrative == ""


class TestTitleLines:
    @pytest.mark.parametrize(
        "title, lines",
        [
            ("清水乡2020年基层党建工作情况汇报", ["清水乡2020年基层党建工作情况汇报"]),
            (LONG_TITLE, ["清水乡2020年基层党建", "工作重点任务落实情况汇报"]),
            (
                "中共清水乡委员会关于2020年度基层党建工作重点任务落实情况的汇报",
                ["中共清水乡委员会关于2020年度", "基层党建工作重点任务落实情况的汇报"],
            ),
            ("清水乡2020年基层党建工作|重点任务落实情况汇报", ["清水乡2020年基层党建工作", "重点任务落实情况汇报"]),
            ("清水乡2020年 ｜ 基层党建工作情况汇报", ["清水乡2020年", "基层党建工作情况汇报"]),
        ],
    )
    def test_titles_break_into_balanced_lines_or_where_the_clerk_says(self, title, lines):
        assert title_lines(title) == lines

    def test_no_line_of_a_long_title_is_a_lone_character_or_a_cut_word(self):
        for extra in range(0, 30):
            title = "清水乡2020年" + "基层党建工作重点任务"[: extra % 10 + 1] + "落实情况汇报" * (1 + extra // 10)
            lines = title_lines(title)
            assert "".join(lines) == title
            assert all(len(line) >= 2 for line in lines)
            assert all(not line.startswith("报") for line in lines)

    def test_a_title_of_100_characters_takes_a_line_more_rather_than_cut_a_word(self):
        title = (
            "中共清水乡委员会关于进一步加强和改进新时代基层党组织建设推进乡村振兴全面从严治党主体责任落实情况的专项汇报"
            * 2
        )[:100]
        lines = title_lines(title)
        assert "".join(lines) == title
        assert all(len(line) <= 20 for line in lines)
        breaks, position = set(), 0
        for line in lines[:-1]:
            position += len(line)
            breaks.add(position)
        for word in ("委员会", "新时代", "党组织", "乡村振兴", "从严治党", "主体责任"):
            for match in re.finditer(word, title):
                assert not breaks & set(range(match.start() + 1, match.end())), word

    def test_the_break_mark_is_not_part_of_the_title_as_text(self):
        assert plain_title("清水乡2020年基层党建工作 | 重点任务落实情况汇报") == LONG_TITLE

    def test_the_pdf_prints_a_long_title_on_two_balanced_lines(self, township):
        pdf = render_pdf(build_document(report_for(township, title=LONG_TITLE)))
        first = lines_of(pdf_layout(pdf)[0])
        assert first[:2] == ["清水乡2020年基层党建", "工作重点任务落实情况汇报"]

    def test_the_pdf_breaks_the_title_where_the_clerk_put_the_mark(self, township):
        pdf = render_pdf(build_document(report_for(township, title="清水乡2020年基层党建工作|重点任务落实情况汇报")))
        first = lines_of(pdf_layout(pdf)[0])
        assert first[:2] == ["清水乡2020年基层党建工作", "重点任务落实情况汇报"]
        assert "|" not in pdf_text(pdf)


def two_tables(rows: int) -> ReportDocument:
    return ReportDocument(
        title="说明",
        issuer="中共甲乡委员会",
        issued_on=DAY,
        as_of=DAY,
        year=2020,
        township="甲乡",
        opening=[],
        sections=[],
        statistics=None,
        tables=[
            Table("甲表", ["项目", "人数"], [[f"第{i}项", i] for i in range(rows)]),
            Table("乙表", ["乙表项目", "乙表人数"], [[f"乙{i}项", i] for i in range(5)]),
        ],
    )


def test_a_table_title_is_never_left_alone_at_the_foot_of_a_page():
    # With 22 and 23 rows above it, the second table's title fell at the foot of the page
    # and its rows began on the next one; the range covers every position near the foot.
    for rows in range(19, 27):
        pages = page_texts(render_pdf(two_tables(rows)))
        title_page = next(i for i, page in enumerate(pages) if "2.乙表" in page)
        first_row_page = next(i for i, page in enumerate(pages) if "乙0项" in page)
        assert title_page == first_row_page, rows


@pytest.fixture
def county_with_members(county, township, other_township):
    for town, n in ((township, 3), (other_township, 2)):
        branch = make_org(town, Level.BRANCH, f"{town.name}机关党支部", Category.ORGAN)
        for _ in range(n):
            make_member(branch)
    return county


def test_the_county_rollup_pdf_prints_every_column_header_and_township_whole(county_with_members, reviewer_client):
    response = reviewer_client.get(reverse("rollup_pdf", args=[2020]), {"as_of": "2020-11-15"})
    assert response.status_code == 200
    pdf = response.content
    text = pdf_text(pdf)
    for column in COLUMNS:
        assert column.label in text, column.label
    pages = pdf_layout(pdf)
    for page in pages:
        assert max(w.x_max for w in page.words) <= right_edge(page) + 1
    # The structure table is on a landscape page, the township names on one line each.
    structure = next(p for p in pages if "流动党员" in "".join(w.text for w in p.words))
    assert (round(structure.width, 1), round(structure.height, 1)) == (841.9, 595.3)
    names = {w.text for w in structure.words}
    assert {"甲乡", "乙乡", "合计"} <= names


def test_the_demo_title_of_22_characters_is_broken_between_words_not_before_its_last_character():
    # 18 Chinese characters and 4 digits: a little too wide for one 2号 line of 20, so two lines,
    # broken between 「基层党建」 and 「重点任务」 — never 「…落实情况汇 / 报」.
    assert title_lines("清水乡2020年基层党建重点任务落实情况汇报") == ["清水乡2020年基层党建", "重点任务落实情况汇报"]


def test_a_narrow_table_after_a_landscape_one_goes_back_to_a_portrait_page():
    # WeasyPrint kept the landscape page for the next table, whose page is not named: the trend
    # table and its charts were printed across a landscape page.
    wide = Table("宽表", [f"很长的第{i}列标题名称" for i in range(12)], [[f"第{i}格内容" for i in range(12)]])
    narrow = Table("窄表", ["项目", "人数"], [["窄表第一项", 1]])
    document = two_tables(3)
    document.tables = [wide, narrow]
    pages = pdf_layout(render_pdf(document))
    [wide_page] = [p for p in pages if any("宽表" in w.text for w in p.words)]
    [narrow_page] = [p for p in pages if any("窄表" in w.text for w in p.words)]
    assert (round(wide_page.width), round(wide_page.height)) == (842, 595)
    assert (round(narrow_page.width), round(narrow_page.height)) == (595, 842)

"""The PDF: figures read back from the file, GB/T 9704 page geometry, fonts, and safety."""

import datetime
import io

import pytest
from django.core.management import call_command

from organizations.models import Level, Organization
from planning.models import KeyTask, WorkArea
from reports.document import build_document
from reports.models import Report
from reports.renderers.pdf import STATIC_DIR, StaticOnlyFetcher, render_pdf
from reports.services import report_create
from tests.pdf_tools import page_texts, pdf_fonts, pdf_layout, pdf_text
from tests.recount import expected_clauses, recount

DAY = datetime.date(2020, 11, 15)
MM = 72 / 25.4
RARE = "王堃、李玥、张琤、陈喆和赵昇、孙珺、周赟"


@pytest.fixture(scope="module")
def demo_pdf(django_db_setup, django_db_blocker):
    """One demo report rendered once for the module (rendering is the slow part)."""
    with django_db_blocker.unblock():
        from django.db import connection, transaction

        with transaction.atomic():
            call_command("seed_demo", stdout=io.StringIO())
            township = Organization.objects.get(name="清水乡", level=Level.TOWNSHIP)
            report = report_create(township=township, year=2020, today=DAY)
            report.as_of = report.issued_on = DAY
            report.opening = (
                f"今年以来，{RARE}等同志带领全乡党员真抓实干。"
                + "全乡各级党组织聚焦重点任务，细化措施、狠抓落实。" * 12
            )
            report.problems = "一是党务干部业务不精。\n二是流动党员教育管理不够。"
            report.next_steps = "一是强化党建责任落实。"
            report.save()
            sections = list(report.sections.all())
            for section in sections:
                section.narrative = "坚持把学习作为推动落实各项工作的重要抓手，深入各基层党组织上专题党课。" * 8
                section.save()
            counts = recount(township, DAY)
            pdf = render_pdf(build_document(report))
            transaction.set_rollback(True)
        # Rendered outside any test: close the connection this module opened, so that
        # PostgreSQL can drop the test database at the end of the session.
        connection.close()
    return pdf, counts


def test_the_seed_figures_are_in_the_pdf_text_as_recounted(demo_pdf):
    pdf, counts = demo_pdf
    text = pdf_text(pdf)
    assert counts["total"] == 546
    assert f"全乡共有党员{counts['total']}名" in text
    for clause in expected_clauses(counts):
        assert clause in text
    assert "乡党委下设58个基层党组织。其中：1个村党委，3个党总支，54个党支部" in text


def test_every_character_comes_through_including_those_outside_gb2312(demo_pdf):
    pdf, _ = demo_pdf
    text = pdf_text(pdf)
    assert RARE in text
    assert "\ufffd" not in text  # no replacement characters


def test_cjk_fonts_are_embedded_as_subsets(demo_pdf):
    pdf, _ = demo_pdf
    fonts = pdf_fonts(pdf)
    assert any("CJK" in f["name"] or "WenKai" in f["name"] for f in fonts)
    assert all(f["emb"] == "yes" and f["sub"] == "yes" for f in fonts), fonts
    assert len(pdf) < 2_000_000  # subsets, never whole CJK collections


# (left, top, width, height) of the text block in mm: GB/T 9704's portrait page, and the same
# sheet turned for a table too wide for it (its bound edge, the 28 mm margin, at the top).
PORTRAIT_BLOCK = (28, 37, 156, 225)
LANDSCAPE_BLOCK = (35, 28, 225, 156)


def text_block(page) -> tuple[int, int, int, int]:
    return PORTRAIT_BLOCK if page.height > page.width else LANDSCAPE_BLOCK


def test_pages_are_a4_with_gb9704_margins(demo_pdf):
    pdf, _ = demo_pdf
    pages = pdf_layout(pdf)
    assert len(pages) >= 3
    assert pages[0].height > pages[0].width  # the report itself is portrait
    for page in pages:
        assert sorted((round(page.width, 1), round(page.height, 1))) == [595.3, 841.9]
        left, top, width, height = text_block(page)
        body = [w for w in page.words if "—" not in w.text and not w.text.isdigit()]
        assert min(w.x_min for w in body) >= left * MM - 1
        assert max(w.x_max for w in body) <= (left + width) * MM + 1
        assert min(w.y_min for w in body) >= top * MM - 2
        assert max(w.y_max for w in body) <= (top + height) * MM + 2
    first_body_page = pages[0]
    lefts = sorted({round(w.x_min) for w in first_body_page.words})
    assert abs(lefts[0] - 28 * MM) < 2  # lines start at the margin, not anywhere inside it


def test_a_full_body_page_has_22_lines_of_at_most_28_characters(demo_pdf):
    pdf, _ = demo_pdf
    # The first page with no heading of its own: the body text runs from its top to its foot.
    page = pdf_layout(pdf)[2]
    lines: dict[int, list] = {}
    for word in page.words:
        if "—" not in word.text:
            lines.setdefault(round(word.y_min), []).append(word)
    assert len(lines) == 22
    # Count full-width characters only: digits and Latin letters are narrower.
    wide = [sum(ord(c) > 0x2E80 for c in "".join(w.text for w in words)) for words in lines.values()]
    assert max(wide) == 28
    assert all(n <= 28 for n in wide)


def test_page_numbers_alternate_sides(demo_pdf):
    pdf, _ = demo_pdf
    for number, page in enumerate(pdf_layout(pdf), 1):
        _, top, _, height = text_block(page)
        marks = [w for w in page.words if w.text == str(number) and w.y_min > (top + height) * MM]
        assert marks, f"page {number} has no number"
        x = marks[0].x_min
        if number % 2:
            assert x > page.width / 2  # odd pages: right
        else:
            assert x < page.width / 2  # even pages: left
        assert "—" in "".join(w.text for w in page.words if abs(w.y_min - marks[0].y_min) < 3)


def test_a_long_table_repeats_its_header_and_never_splits_a_row(township):
    for i in range(80):
        WorkArea.objects.create(township=township, year=2020, name=f"工作领域{i:02d}", sort_order=i)
    KeyTask.objects.create(area=WorkArea.objects.first(), title="任务")
    report = Report.objects.create(
        township=township, year=2020, as_of=DAY, title="长表测试", issuer="中共甲乡委员会", issued_on=DAY
    )
    pages = page_texts(render_pdf(build_document(report)))
    table_pages = [p for p in pages if "工作领域0" in p or "工作领域7" in p]
    assert len(table_pages) >= 2
    for page in table_pages:
        assert "工作领域任务数已完成推进中未开始滞后已销号完成率" in page
    # Every area's row is whole on one page.
    for i in range(80):
        assert sum(f"工作领域{i:02d}" in p for p in pages) == 1


def test_user_text_is_printed_literally_not_interpreted(township):
    report = Report.objects.create(
        township=township,
        year=2020,
        as_of=DAY,
        title="<b>标题</b>",
        issuer="中共甲乡委员会",
        issued_on=DAY,
        opening='<img src="file:///etc/passwd">正文',
    )
    text = pdf_text(render_pdf(build_document(report)))
    assert "<b>标题</b>" in text
    assert '<imgsrc="file:///etc/passwd">正文' in text


class TestFetcher:
    def test_it_serves_the_projects_static_files(self):
        response = StaticOnlyFetcher().fetch((STATIC_DIR / "css" / "pdf.css").as_uri())
        assert b"@page" in response.read()

    @pytest.mark.parametrize(
        "url",
        [
            "file:///etc/passwd",
            (STATIC_DIR / ".." / "dangjian" / "settings.py").as_uri(),
            "http://127.0.0.1:9/x.css",
            "https://example.org/font.woff",
            "data:text/css,body{}",
        ],
    )
    def test_it_refuses_everything_else(self, url):
        with pytest.raises(ValueError):
            StaticOnlyFetcher().fetch(url)

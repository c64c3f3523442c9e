"""The Word file: figures, styles, fonts, page set-up and footers read back with python-docx,
then laid out by LibreOffice and read back from its PDF.

Expected figures are recounted in tests/recount.py, not taken from the statistics module.
"""

import datetime
import io
import math
import re
from collections import Counter
from html.parser import HTMLParser
from types import SimpleNamespace

import docx
import pytest
from django.core.management import call_command
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from organizations.models import Level, Organization
from reports.document import build_document
from reports.models import Report
from reports.renderers.docx import render_docx
from reports.renderers.html import render_html
from reports.renderers.pdf import render_pdf
from reports.services import report_create
from tests.office_tools import docx_to_pdf
from tests.pdf_tools import page_texts, pdf_layout, pdf_text
from tests.recount import expected_clauses, percent, recount

DAY = datetime.date(2020, 11, 15)
MM = 72 / 25.4
RARE = "王堃、李玥、张琤、陈喆和赵昇、孙珺、周赟"
# User text that Word would treat as a field or markup if it were written into the XML unescaped.
LITERAL = "{ PAGE } <w:t>MERGEFIELD 姓名</w:t> &amp; { =1+1 }"

# The font each style names (GB/T 9704 and the issue), and the font its runs name.
STYLE_FONTS = {
    "Normal": "仿宋_GB2312",
    "公文正文": "仿宋_GB2312",
    "公文标题": "方正小标宋简体",
    "题下署名": "仿宋_GB2312",
    "一级标题": "黑体",
    "二级标题": "楷体_GB2312",
    "二级标题 字符": "楷体_GB2312",
    "落款": "仿宋_GB2312",
    "附表标题": "黑体",
    "附表说明": "仿宋_GB2312",
    "表格标题": "黑体",
    "表格文字": "仿宋_GB2312",
    "表头文字": "黑体",
    "表格数字": "仿宋_GB2312",
    "页码": "宋体",
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The 2020 demo report of 清水乡 as .docx, the app's PDF of it, and LibreOffice's PDF of the .docx.

    Module-scoped: LibreOffice and WeasyPrint run once for all the tests here.
    """
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
            report.next_steps = f"一是强化党建责任落实。\n{LITERAL}"
            report.save()
            for section in report.sections.all():
                section.narrative = "坚持把学习作为推动落实各项工作的重要抓手，深入各基层党组织上专题党课。" * 8
                section.save()
            counts = recount(township, DAY)
            document = build_document(report)
            html = render_html(document, for_pdf=True)  # charts as images: the Word file carries the tables only
            data = render_docx(document)
            app_pdf = render_pdf(document)
            transaction.set_rollback(True)
        # Rendered outside any test: close the connection this module opened, so that
        # PostgreSQL can drop the test database at the end of the session.
        connection.close()
    office_pdf = docx_to_pdf(data, tmp_path_factory.mktemp("office"))
    return SimpleNamespace(
        counts=counts,
        title=document.title,
        table_titles=[table.title for table in document.tables],
        html=html,
        data=data,
        word=docx.Document(io.BytesIO(data)),
        app_pdf=app_pdf,
        office_pdf=office_pdf,
    )


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def blocks(word) -> list[str]:
    """The body's text in reading order: each paragraph, and each table cell row by row."""
    out = []
    for item in word.iter_inner_content():
        if isinstance(item, docx.table.Table):
            out += [cell.text for row in item.rows for cell in row.cells]
        else:
            out.append(item.text)
    return [squeeze(text) for text in out if squeeze(text)]


def word_text(word) -> str:
    return "".join(blocks(word))


class _TextOf(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def html_text(html: str) -> str:
    parser = _TextOf()
    parser.feed(html[html.index("<body>") :])
    return squeeze("".join(parser.parts))


def body_paragraphs(word):
    yield from word.paragraphs
    for table in word.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def east_asian_font(element) -> str | None:
    fonts = element.find(qn("w:rPr") + "/" + qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


# Read back with python-docx.


def test_the_recounted_figures_are_in_the_word_text(demo):
    text = word_text(demo.word)
    assert demo.counts["total"] == 546
    assert f"全乡共有党员{demo.counts['total']}名" in text
    for clause in expected_clauses(demo.counts):
        assert clause in text
    assert "乡党委下设58个基层党组织。其中：1个村党委，3个党总支，54个党支部" in text
    assert RARE in text


def test_it_says_what_the_pdf_says_in_the_same_order(demo):
    # The PDF is laid out from this HTML: title, byline, opening, sections, 落款, appendix tables.
    assert word_text(demo.word) == html_text(demo.html)


def test_the_appendix_tables_print_counts_and_shares_as_the_pdf_does(demo):
    tables = demo.word.tables
    assert demo.table_titles[:6] == [
        "基层党组织设置",
        "党员队伍结构",
        "党员年龄结构",
        "党员年龄结构（合并）",
        "党员学历结构",
        "党员职业结构",
    ]
    assert len(tables) == len(demo.table_titles)
    captions = [p.text for p in demo.word.paragraphs if p.style.name == "表格标题"]
    assert captions == [f"{n}. {title}" for n, title in enumerate(demo.table_titles, 1)]
    rows = {row.cells[0].text: [cell.text for cell in row.cells] for table in tables for row in table.rows}
    counts = demo.counts
    for label, key in (("女党员", "women"), ("预备党员", "probationary"), ("流动党员", "floating")):
        assert rows[label] == [label, str(counts[key]), percent(counts[key], counts["total"])]
    assert rows["党员总数"] == ["党员总数", "546", ""]


def test_paragraphs_use_the_named_styles(demo):
    paragraphs = demo.word.paragraphs
    assert (paragraphs[0].text, paragraphs[0].style.name) == (demo.title, "公文标题")
    assert (paragraphs[1].text, paragraphs[1].style.name) == ("中共清水乡委员会\n（2020年11月15日）", "题下署名")
    by_text = {p.text: p for p in paragraphs}
    for heading in ("一、基本情况", "二、重点工作落实情况", "三、存在的问题", "四、下一步工作打算"):
        assert by_text[heading].style.name == "一级标题"
    assert by_text["一是党务干部业务不精。"].style.name == "公文正文"
    # 「（一）」 headings run into their first paragraph, in the character half of 二级标题.
    first = next(p for p in paragraphs if p.text.startswith("（一）"))
    assert first.style.name == "公文正文"
    assert (first.runs[0].text, first.runs[0].style.name) == ("（一）政治建设。", "二级标题 字符")
    assert [(p.text, p.style.name) for p in paragraphs if p.style.name == "落款"] == [
        ("中共清水乡委员会", "落款"),
        ("2020年11月15日", "落款"),
    ]
    assert by_text["附表"].style.name == "附表标题"
    # No direct formatting: paragraphs leave alignment to their styles, and runs carry
    # nothing but their style and the fonts it names.
    assert all(p.paragraph_format.alignment is None for p in paragraphs)
    run_properties = {child.tag for run in demo.word.element.body.iter(qn("w:r")) for child in run.rPr}
    assert run_properties == {qn("w:rFonts"), qn("w:rStyle")}


def test_the_styles_carry_the_gb9704_fonts_and_sizes(demo):
    styles = demo.word.styles
    for name, font in STYLE_FONTS.items():
        style = styles[name]
        fonts = style.element.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia")} == {font}, name
        assert not any(attribute.endswith("Theme") for attribute in fonts.attrib), name
    assert styles["Normal"].font.size == Pt(16)  # 3号
    assert styles["公文标题"].font.size == Pt(22)  # 2号
    assert styles["公文标题"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert styles["页码"].font.size == Pt(14)  # 4号
    assert styles["落款"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # Everything else inherits the body font and size from Normal, so one change reaches all.
    for name in ("公文正文", "一级标题", "二级标题", "落款"):
        assert styles[name].base_style.name == "Normal"
        assert styles[name].font.size is None
    # 二级标题 is one linked style: paragraph and character halves point at each other.
    paragraph, character = styles["二级标题"].element, styles["二级标题 字符"].element
    assert paragraph.find(qn("w:link")).get(qn("w:val")) == character.get(qn("w:styleId"))
    assert character.find(qn("w:link")).get(qn("w:val")) == paragraph.get(qn("w:styleId"))
    # The document defaults name the body font too, in Chinese, with no theme font left over.
    defaults = styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault"))
    assert east_asian_font(defaults) == "仿宋_GB2312"
    assert defaults.find(qn("w:rPr") + "/" + qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def test_every_run_names_its_east_asian_font(demo):
    word = demo.word
    section = word.sections[0]
    paragraphs = [*body_paragraphs(word), *section.footer.paragraphs, *section.even_page_footer.paragraphs]
    runs = 0
    for paragraph in paragraphs:
        for run in paragraph._p.iter(qn("w:r")):
            style = run.find(qn("w:rPr") + "/" + qn("w:rStyle"))
            name = word.styles.element.get_by_id(style.get(qn("w:val"))).name_val if style is not None else None
            expected = STYLE_FONTS[name or paragraph.style.name]
            assert east_asian_font(run) == expected, (paragraph.text, name)
            runs += 1
    assert runs >= len(blocks(word))


def test_the_page_is_a4_with_gb9704_margins_and_a_22_by_28_grid(demo):
    section = demo.word.sections[0]
    # A4 and the margins in twips (1 mm = 1440 / 25.4 twips, rounded): 210 × 297 mm; 37, 35, 28, 26 mm.
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [m.twips for m in margins] == [2098, 1984, 1587, 1474]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    pitch, char_space = int(grid.get(qn("w:linePitch"))), int(grid.get(qn("w:charSpace")))
    assert (pitch, char_space) == (579, -842)
    # What Word lays out from them: lines of the pitch in the text block's height, and
    # characters of 16 pt + charSpace/4096 pt in its width.
    height = 16838 - 2098 - 1984
    width_pt = (11906 - 1587 - 1474) / 20
    assert height // pitch == 22
    assert math.floor(width_pt / (16 + char_space / 4096)) == 28
    # Body lines are exactly one grid line apart.
    normal = demo.word.styles["Normal"].paragraph_format
    assert normal.line_spacing.twips == pitch


def test_page_numbers_are_page_fields_in_odd_and_even_footers(demo):
    word = demo.word
    assert word.settings.odd_and_even_pages_header_footer
    section = word.sections[0]
    assert not section.different_first_page_header_footer
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        assert not footer.is_linked_to_previous
        [paragraph] = footer.paragraphs
        assert paragraph.alignment == alignment
        assert paragraph.style.name == "页码"
        assert [c.get(qn("w:fldCharType")) for c in paragraph._p.iter(qn("w:fldChar"))] == [
            "begin",
            "separate",
            "end",
        ]
        assert [i.text for i in paragraph._p.iter(qn("w:instrText"))] == [" PAGE "]
        assert paragraph.text == "— 1 —"  # the field's last result between the dashes


def test_tables_have_borders_a_repeated_header_row_and_right_aligned_numbers(demo):
    word = demo.word
    borders = word.styles["公文表格"].element.find(qn("w:tblPr") + "/" + qn("w:tblBorders"))
    assert {(edge.tag.split("}")[1], edge.get(qn("w:val")), edge.get(qn("w:sz"))) for edge in borders} == {
        (edge, "single", "6") for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    }
    assert word.styles["表格数字"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert word.styles["表头文字"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    for table in word.tables:
        assert table.style.name == "公文表格"
        header, *rows = table.rows
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
        assert {cell.paragraphs[0].style.name for cell in header.cells} == {"表头文字"}
        for row in rows:
            assert row._tr.trPr.find(qn("w:tblHeader")) is None
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
            first, *numbers = row.cells
            assert first.paragraphs[0].style.name == "表格文字"
            assert {cell.paragraphs[0].style.name for cell in numbers} == {"表格数字"}


def test_there_are_no_text_boxes_or_floating_shapes(demo):
    word = demo.word
    section = word.sections[0]
    parts = [word.element.body, section.footer._element, section.even_page_footer._element]
    for tag in ("w:drawing", "w:pict", "w:txbxContent", "w:framePr", "w:object"):
        assert all(part.find(".//" + qn(tag)) is None for part in parts), tag


def test_user_text_that_looks_like_markup_or_a_field_stays_literal(demo):
    word = demo.word
    assert [p.text for p in word.paragraphs if "PAGE" in p.text] == [LITERAL]
    body = word.element.body
    # The only fields in the file are the two page numbers in the footers.
    assert body.find(".//" + qn("w:fldChar")) is None
    assert body.find(".//" + qn("w:instrText")) is None
    assert body.find(".//" + qn("w:fldSimple")) is None


def test_a_heading_without_text_stands_alone_in_the_paragraph_style(township):
    report = report_create(township=township, year=2020, today=DAY)
    first, second, *_ = report.sections.all()
    first.narrative = "第一段。\n\n第二段。"
    first.save()
    document = build_document(report)
    word = docx.Document(io.BytesIO(render_docx(document)))
    assert word_text(word) == html_text(render_html(document, for_pdf=True))
    by_text = {p.text: p.style.name for p in word.paragraphs}
    assert by_text[f"（一）{first.heading}。第一段。"] == "公文正文"
    assert by_text["第二段。"] == "公文正文"
    assert by_text[f"（二）{second.heading}。"] == "二级标题"


def test_text_xml_cannot_hold_is_dropped_instead_of_failing(township, django_assert_num_queries):
    report = Report.objects.create(
        township=township, year=2020, as_of=DAY, title="标题", issuer="中共甲乡委员会", issued_on=DAY, opening="正文"
    )
    document = build_document(report)
    # Forms strip control characters before they are stored (and PostgreSQL refuses NUL):
    # the renderer must still cope with whatever text a document holds.
    document.title = "<b>标题</b>\x01"
    document.title_lines = [document.title]
    document.opening = ["正文\x00\x08\x1f一段\ufffe。"]
    with django_assert_num_queries(0):
        data = render_docx(document)
    paragraphs = docx.Document(io.BytesIO(data)).paragraphs
    assert paragraphs[0].text == "<b>标题</b>"
    assert paragraphs[2].text == "正文一段。"


# Laid out by LibreOffice.


def test_libreoffice_prints_the_same_figures(demo):
    text = pdf_text(demo.office_pdf)
    assert f"全乡共有党员{demo.counts['total']}名" in text
    for clause in expected_clauses(demo.counts):
        assert clause in text
    assert RARE in text
    assert squeeze(LITERAL) in text
    assert "\ufffd" not in text


def test_libreoffice_loses_no_text(demo):
    text = pdf_text(demo.office_pdf)
    position = 0
    for item in demo.word.iter_inner_content():
        if isinstance(item, docx.table.Table):
            # Cells wrap inside narrow columns and pdftotext interleaves their lines: every
            # character of the table is on the pages (as many times as in the file), in any order.
            cells = Counter("".join(squeeze(c.text) for row in item.rows for c in row.cells))
            on_pages = Counter(text)
            assert all(on_pages[ch] >= n for ch, n in cells.items()), item.rows[0].cells[0].text
            continue
        block = squeeze(item.text)
        if block:  # paragraphs: all there, in reading order
            found = text.find(block, position)
            assert found >= 0, block
            position = found + len(block)


def test_libreoffice_lays_out_a4_pages_within_one_page_of_the_apps_pdf(demo):
    pages = pdf_layout(demo.office_pdf)
    # A4, turned for the wide appendix tables as in the app's PDF.
    assert all(sorted((round(page.width), round(page.height))) == [595, 842] for page in pages)
    assert pages[0].height > pages[0].width
    assert abs(len(pages) - len(page_texts(demo.app_pdf))) <= 1


def test_libreoffice_puts_22_lines_of_28_characters_on_a_full_page(demo):
    # The first page with no heading of its own, as in tests/test_report_pdf.py.
    page = pdf_layout(demo.office_pdf)[2]
    lines: dict[int, list] = {}
    for word in page.words:
        if word.y_max < (37 + 225) * MM + 2:
            lines.setdefault(round(word.y_min), []).append(word)
    assert len(lines) == 22
    wide = [sum(ord(c) > 0x2E80 for c in "".join(w.text for w in words)) for words in lines.values()]
    assert max(wide) == 28


def test_libreoffice_prints_page_numbers_odd_right_even_left(demo):
    for number, page in enumerate(pdf_layout(demo.office_pdf), 1):
        # Below the text block: 37 + 225 mm on a portrait page, 28 + 156 mm on a turned one.
        foot = (37 + 225) * MM if page.height > page.width else (28 + 156) * MM
        marks = [w for w in page.words if w.text == str(number) and w.y_min > foot]
        assert len(marks) == 1, f"page {number} has no number"
        mark = marks[0]
        line = "".join(w.text for w in page.words if abs(w.y_min - mark.y_min) < 3)
        assert line == f"—{number}—"
        if number % 2:
            assert mark.x_min > page.width / 2  # odd pages: right
        else:
            assert mark.x_min < page.width / 2  # even pages: left


def test_the_title_breaks_where_the_pdf_breaks_it(township):
    # 22 characters: too long for one 2号 line; the clerk chose the break after 「2020年」.
    report = report_create(township=township, year=2020, today=DAY)
    report.title = "甲乡2020年|基层党建重点任务落实情况汇报"
    report.save()
    word = docx.Document(io.BytesIO(render_docx(build_document(report))))
    title = next(p for p in word.paragraphs if p.style.name == "公文标题")
    assert title.text.split("\n") == ["甲乡2020年", "基层党建重点任务落实情况汇报"]

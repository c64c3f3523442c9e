"""The report as a Word document in GB/T 9704 layout, through python-docx.

The same ``ReportDocument`` as the PDF, in the same order and words as
templates/reports/_document.html, laid out in Word's own terms so the file
stays right when a clerk edits it in Word or WPS:

- A4, margins 37/35/28/26 mm, a document grid of 22 lines × 28 characters
  (``w:docGrid`` type linesAndChars; its pitches are computed from the text
  block). The text itself keeps to 22 × 28 by exact 28.95 pt lines and 0.25 pt
  tighter letters, as the PDF's CSS does, rather than by snapping to the grid,
  which LibreOffice lays out differently from Word (see ``_Styles``).
- Named styles, not direct formatting: Normal carries 3号 仿宋_GB2312 and the
  line pitch, and every other style is based on it, so changing a font in a
  style changes it everywhere. The run-in 「（一）」 heading is the character
  half of the linked style 二级标题.
- The East Asian font (``w:eastAsia``) is named in every style and on every run:
  python-docx's ``font.name`` sets only the Latin fonts, and Word would set
  Chinese in the theme's East Asian font.
- Page numbers 「— 1 —」 in 4号 are a PAGE field in the footers, with different
  odd (right) and even (left) footers.

python-docx has no API for the grid, East Asian fonts, snapping to the grid,
outline levels, linked styles or table header rows: those are set through its
documented low-level access (``element``, ``OxmlElement``, ``qn``). Text is only
ever put into ``w:t`` through python-docx, so user text that looks like markup
or a field code stays literal.
"""

import copy
import datetime
import functools
import io
import re
import unicodedata

from django.conf import settings
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section as DocxSection
from docx.shared import Mm, Pt, Twips
from docx.styles.style import BaseStyle
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from reports.document import ReportDocument, Table
from reports.templatetags.report_cells import cell as cell_text
from reports.templatetags.report_cells import is_wide

CREATOR = "党建工作汇报系统"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
# The 「— 1 —」 line starts 7 mm below the text block (GB/T 9704 7.5); the
# footer's distance is measured from the page's bottom edge to the footer's
# bottom, so take the number's 20 pt line off the remaining 28 mm.
PAGE_NUMBER_LINE = Pt(20)
FOOTER_DISTANCE = Mm(35 - 7) - PAGE_NUMBER_LINE

FONT_BODY = "仿宋_GB2312"
FONT_TITLE = "方正小标宋简体"
FONT_HEADING_1 = "黑体"
FONT_HEADING_2 = "楷体_GB2312"
FONT_PAGE_NUMBER = "宋体"
BODY_SIZE = Pt(16)  # 3号
TITLE_SIZE = Pt(22)  # 2号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
TABLE_SIZE = Pt(12)  # 小4号, as the PDF's tables
BODY_LETTER_SPACING = Pt(-0.25)

# Style ids stay ASCII (Word itself writes ids like "a3" for Chinese names);
# the names are what the clerk sees in the style gallery.
BODY = ("GwBody", "公文正文")
TITLE = ("GwTitle", "公文标题")
BYLINE = ("GwByline", "题下署名")
HEADING_1 = ("GwHeading1", "一级标题")
HEADING_2 = ("GwHeading2", "二级标题")
HEADING_2_RUN = ("GwHeading2Char", "二级标题 字符")
SIGNATURE = ("GwSignature", "落款")
APPENDIX_TITLE = ("GwAppendixTitle", "附表标题")
APPENDIX_NOTE = ("GwAppendixNote", "附表说明")
CAPTION = ("GwCaption", "表格标题")
TABLE_TEXT = ("GwTableText", "表格文字")
TABLE_HEADER = ("GwTableHeader", "表头文字")
TABLE_NUMBER = ("GwTableNumber", "表格数字")
TABLE = ("GwTable", "公文表格")
PAGE_NUMBER = ("GwPageNumber", "页码")
# Each style's font, repeated on every run of that style.
FONT_OF = {
    BODY[0]: FONT_BODY,
    TITLE[0]: FONT_TITLE,
    BYLINE[0]: FONT_BODY,
    HEADING_1[0]: FONT_HEADING_1,
    HEADING_2[0]: FONT_HEADING_2,
    HEADING_2_RUN[0]: FONT_HEADING_2,
    SIGNATURE[0]: FONT_BODY,
    APPENDIX_TITLE[0]: FONT_HEADING_1,
    APPENDIX_NOTE[0]: FONT_BODY,
    CAPTION[0]: FONT_HEADING_1,
    TABLE_TEXT[0]: FONT_BODY,
    TABLE_HEADER[0]: FONT_HEADING_1,
    TABLE_NUMBER[0]: FONT_BODY,
    PAGE_NUMBER[0]: FONT_PAGE_NUMBER,
}

# The schema's element order inside w:pPr, w:rPr and w:style: Word refuses a
# file whose children are out of order, so new children go in their place.
PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)  # fmt: skip
RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
    "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
    "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)  # fmt: skip
STYLE_ORDER = (
    "w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine", "w:hidden", "w:uiPriority",
    "w:semiHidden", "w:unhideWhenUsed", "w:qFormat", "w:locked", "w:personal", "w:personalCompose",
    "w:personalReply", "w:rsid", "w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr",
)  # fmt: skip
THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

# Characters XML 1.0 cannot hold: lxml refuses them, so they would turn a
# stray control character in a narrative into a server error.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render_docx(document: ReportDocument) -> bytes:
    word = Document(io.BytesIO(_template()))
    _core_properties(word, document)
    writer = _Writer(word)
    writer.body(document)
    if document.tables:
        writer.appendix(document)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


@functools.cache
def _template() -> bytes:
    """An empty document with the page, the styles and the footers, built once per process.

    python-docx's default template carries a hundred table styles the report
    never uses, and a copy of its styles for Word 2010 (stylesWithEffects, 0.4 MB)
    that would contradict ours; dropping them halves the time to load and save
    every report. Its thumbnail (a picture of some other page) goes too.
    """
    word = Document()
    for style in list(word.styles):
        if style.type == WD_STYLE_TYPE.TABLE and style.name != "Normal Table":
            style.delete()
    for r_id, relationship in list(word.part.rels.items()):
        if relationship.reltype == STYLES_WITH_EFFECTS:
            word.part.drop_rel(r_id)
    package = word.part.package
    for r_id, relationship in list(package.rels.items()):
        if relationship.reltype == RT.THUMBNAIL:
            del package.rels[r_id]
    _set_up_page(word.sections[0])
    _Styles(word)
    _page_numbers(word)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def text(value: str) -> str:
    return XML_ILLEGAL.sub("", value)


def line_pitch() -> int:
    """The grid's line pitch in twips: the text block's height over 22 lines, rounded down so 22 fit."""
    height = PAGE_HEIGHT.twips - MARGIN_TOP.twips - MARGIN_BOTTOM.twips
    return height // LINES_PER_PAGE


def char_space() -> int:
    """``w:docGrid/@w:charSpace``: what each character's pitch adds to the body size, in 1/4096 pt.

    Word lays out floor(width / (16 pt + charSpace / 4096)) characters a line:
    rounded down so that the 28 still fit.
    """
    width_pt = (PAGE_WIDTH.twips - MARGIN_LEFT.twips - MARGIN_RIGHT.twips) / 20
    return int((width_pt / CHARS_PER_LINE - BODY_SIZE.pt) * 4096 // 1)


def _set_up_page(section: DocxSection) -> None:
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.footer_distance = FOOTER_DISTANCE
    section.header_distance = Mm(15)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(line_pitch()))
    grid.set(qn("w:charSpace"), str(char_space()))


def _core_properties(word, document: ReportDocument) -> None:
    properties = word.core_properties
    properties.title = text(document.title)
    properties.author = properties.last_modified_by = CREATOR
    properties.language = "zh-CN"
    # Dated as the report is (not "now"), so the file says when it was issued.
    issued = datetime.datetime.combine(document.issued_on, datetime.time())
    properties.created = properties.modified = issued
    properties.revision = 1


def set_run_fonts(r_pr, font: str) -> None:
    """All four font slots of a w:rPr, the East Asian one included, and no theme font over them."""
    fonts = r_pr.get_or_add_rFonts()
    for attribute in THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), font)


def put(parent, tag: str, order: tuple[str, ...], **attributes: str):
    """The child ``tag`` of ``parent`` (added in its schema place if missing), with ``w:`` attributes set."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        parent.insert_element_before(child, *order[order.index(tag) + 1 :])
    for name, value in attributes.items():
        child.set(qn(f"w:{name}"), value)
    return child


def _letter_spacing(style: BaseStyle, value: Pt) -> None:
    put(style.element.get_or_add_rPr(), "w:spacing", RPR_ORDER, val=str(round(value.pt * 20)))


def _chars_indent(p_pr, **chars: int) -> None:
    """Indents in grid characters (firstLineChars="200" is two characters), as Word writes them."""
    ind = p_pr.get_or_add_ind()
    for name, hundredths in chars.items():
        ind.set(qn(f"w:{name}"), str(hundredths))


class _Styles:
    """Defines the document's styles."""

    def __init__(self, word):
        self.styles = word.styles
        self._defaults(word)
        pitch = Twips(line_pitch())

        normal = self.styles["Normal"]
        self._fonts(normal, BODY_SIZE)
        fmt = normal.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = pitch
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        # Widows and orphans of one line keep every full page at 22 lines, as the PDF does.
        fmt.widow_control = False
        # The grid says 22 × 28, but the text does not snap to it: LibreOffice puts
        # a 16 pt character into two 15.79 pt grid cells (14 a line), where Word
        # narrows the pitch. Exact 28.95 pt lines and 0.25 pt tighter letters, as
        # the PDF's CSS does, give 22 lines of 28 in Word, WPS and LibreOffice alike.
        p_pr = normal.element.get_or_add_pPr()
        put(p_pr, "w:snapToGrid", PPR_ORDER, val="0")
        _letter_spacing(normal, BODY_LETTER_SPACING)
        # No extra space between Chinese and Latin letters or digits (Word's
        # default adds some): 「2020年」, as the PDF prints it.
        put(p_pr, "w:autoSpaceDE", PPR_ORDER, val="0")
        put(p_pr, "w:autoSpaceDN", PPR_ORDER, val="0")

        body = self._paragraph(BODY)
        self._first_line_two_chars(body)

        title = self._paragraph(TITLE, TITLE_SIZE)
        fmt = title.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.line_spacing = Pt(36)
        _letter_spacing(title, Pt(0))
        fmt.space_after = pitch
        fmt.keep_with_next = True

        byline = self._paragraph(BYLINE)
        byline.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        byline.paragraph_format.space_after = pitch

        heading_1 = self._paragraph(HEADING_1)
        self._first_line_two_chars(heading_1)
        heading_1.paragraph_format.keep_with_next = True
        heading_1.element.get_or_add_pPr().get_or_add_outlineLvl().val = 0

        heading_2 = self._paragraph(HEADING_2)
        self._first_line_two_chars(heading_2)
        heading_2.element.get_or_add_pPr().get_or_add_outlineLvl().val = 1
        heading_2_run = self.styles.add_style(HEADING_2_RUN[1], WD_STYLE_TYPE.CHARACTER)
        heading_2_run.style_id = HEADING_2_RUN[0]
        self._fonts(heading_2_run)
        self._link(heading_2, heading_2_run)

        signature = self._paragraph(SIGNATURE)
        signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        signature.paragraph_format.keep_with_next = True

        appendix = self._paragraph(APPENDIX_TITLE, base=HEADING_1)
        appendix.paragraph_format.page_break_before = True
        _chars_indent(appendix.element.get_or_add_pPr(), firstLineChars=0)
        appendix.paragraph_format.first_line_indent = Pt(0)

        note = self._paragraph(APPENDIX_NOTE, TABLE_SIZE)
        self._small_text(note, Pt(18))
        note.paragraph_format.space_after = Mm(4)

        caption = self._paragraph(CAPTION, TABLE_SIZE)
        self._small_text(caption, Pt(16.8))
        caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        caption.paragraph_format.space_before = Mm(4)
        caption.paragraph_format.space_after = Mm(2)
        caption.paragraph_format.keep_with_next = True

        table_text = self._paragraph(TABLE_TEXT, TABLE_SIZE)
        self._small_text(table_text, Pt(16.8))
        table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        header = self._paragraph(TABLE_HEADER, base=TABLE_TEXT)
        header.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        number = self._paragraph(TABLE_NUMBER, base=TABLE_TEXT)
        number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self._table_style()

        page_number = self._paragraph(PAGE_NUMBER, PAGE_NUMBER_SIZE)
        self._small_text(page_number, PAGE_NUMBER_LINE)

    def _defaults(self, word) -> None:
        """Document defaults name the body font too, without the template's theme fonts and Japanese."""
        defaults = self.styles.element.find(qn("w:docDefaults"))
        r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        set_run_fonts(r_pr, FONT_BODY)
        r_pr.find(qn("w:sz")).set(qn("w:val"), str(int(BODY_SIZE.pt * 2)))
        r_pr.find(qn("w:szCs")).set(qn("w:val"), str(int(BODY_SIZE.pt * 2)))
        r_pr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
        spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
        spacing.set(qn("w:after"), "0")
        theme_lang = word.settings.element.find(qn("w:themeFontLang"))
        if theme_lang is not None:
            theme_lang.set(qn("w:eastAsia"), "zh-CN")

    def _paragraph(self, ids: tuple[str, str], size: Pt | None = None, base=None) -> BaseStyle:
        style = self.styles.add_style(ids[1], WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = ids[0]
        style.base_style = self.styles[(base or ("Normal", "Normal"))[1]]
        style.next_paragraph_style = style if ids in (BODY, TABLE_TEXT, TABLE_NUMBER) else self.styles[BODY[1]]
        style.quick_style = True
        self._fonts(style, size)
        return style

    @staticmethod
    def _fonts(style: BaseStyle, size: Pt | None = None) -> None:
        set_run_fonts(style.element.get_or_add_rPr(), FONT_OF.get(style.style_id, FONT_BODY))
        if size is not None:
            style.font.size = size

    @staticmethod
    def _first_line_two_chars(style: BaseStyle) -> None:
        style.paragraph_format.first_line_indent = Pt(BODY_SIZE.pt * 2)
        _chars_indent(style.element.get_or_add_pPr(), firstLineChars=200)

    @staticmethod
    def _small_text(style: BaseStyle, line: Pt) -> None:
        style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        style.paragraph_format.line_spacing = line
        _letter_spacing(style, Pt(0))

    @staticmethod
    def _link(paragraph_style: BaseStyle, character_style: BaseStyle) -> None:
        """A linked style: Word shows one 二级标题 and a font change reaches both halves."""
        for style, other in ((paragraph_style, character_style), (character_style, paragraph_style)):
            put(style.element, "w:link", STYLE_ORDER, val=other.style_id)

    def _table_style(self) -> None:
        style = self.styles.add_style(TABLE[1], WD_STYLE_TYPE.TABLE)
        style.style_id = TABLE[0]
        style.base_style = self.styles["Normal Table"]
        tbl_pr = OxmlElement("w:tblPr")
        borders = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            border = OxmlElement(f"w:{edge}")
            border.set(qn("w:val"), "single")
            border.set(qn("w:sz"), "6")  # eighths of a point: 0.75 pt, as the PDF
            border.set(qn("w:space"), "0")
            border.set(qn("w:color"), "000000")
            borders.append(border)
        tbl_pr.append(borders)
        margins = OxmlElement("w:tblCellMar")
        for edge, twips in (("top", 30), ("left", 80), ("bottom", 30), ("right", 80)):
            margin = OxmlElement(f"w:{edge}")
            margin.set(qn("w:w"), str(twips))
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
        tbl_pr.append(margins)
        style.element.insert_element_before(tbl_pr, *STYLE_ORDER[STYLE_ORDER.index("w:tblPr") + 1 :])


def _page_numbers(word) -> None:
    """「— 1 —」 with a PAGE field: odd pages right, even pages left, one character in from the edge."""
    word.settings.odd_and_even_pages_header_footer = True
    section = word.sections[0]
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph._p.style = PAGE_NUMBER[0]
        paragraph.alignment = alignment
        if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = PAGE_NUMBER_SIZE
        else:
            paragraph.paragraph_format.left_indent = PAGE_NUMBER_SIZE
        _run(paragraph, "— ", FONT_PAGE_NUMBER)
        _page_field(paragraph)
        _run(paragraph, " —", FONT_PAGE_NUMBER)


def _page_field(paragraph: Paragraph) -> None:
    """A complex PAGE field: begin, instruction, separate, the last shown result, end."""
    for kind, content in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = _run(paragraph, "", FONT_PAGE_NUMBER)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif content == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = content
            run._r.append(instruction)
        else:
            run.text = content


def _run(paragraph: Paragraph, value: str, font: str, style_id: str | None = None) -> Run:
    run = paragraph.add_run()
    run._r.append(copy.deepcopy(_run_properties(font, style_id)))
    if value:
        run.text = text(value)
    return run


@functools.cache
def _run_properties(font: str, style_id: str | None):
    """A run's w:rPr, copied for every run: a third of the time went to building them child by child."""
    r_pr = OxmlElement("w:rPr")
    if style_id:
        put(r_pr, "w:rStyle", RPR_ORDER, val=style_id)
    set_run_fonts(r_pr, font)
    return r_pr


def _styled(paragraph: Paragraph, ids: tuple[str, str], value: str = "") -> Paragraph:
    # By id through the element: python-docx's ``paragraph.style = …`` looks the
    # style up among all of them for every paragraph.
    paragraph._p.style = ids[0]
    if value:
        _run(paragraph, value, FONT_OF[ids[0]])
    return paragraph


class _Writer:
    def __init__(self, word):
        self.word = word

    def paragraph(self, ids: tuple[str, str], value: str = "") -> Paragraph:
        return _styled(self.word.add_paragraph(), ids, value)

    def body(self, document: ReportDocument) -> None:
        # The title's lines as the PDF breaks them (reports/titles.py), with line breaks, not paragraphs.
        title = self.paragraph(TITLE)
        for i, line in enumerate(document.title_lines or [document.title]):
            run = _run(title, line, FONT_TITLE)
            if i < len(document.title_lines) - 1:
                run.add_break(WD_BREAK.LINE)
        byline = self.paragraph(BYLINE, document.issuer)
        _run(byline, "", FONT_BODY).add_break(WD_BREAK.LINE)
        _run(byline, f"（{cell_text(document.issued_on)}）", FONT_BODY)
        for p in document.opening:
            self.paragraph(BODY, p)
        for section in document.sections:
            self.paragraph(HEADING_1, section.number + section.heading)
            for p in section.paragraphs:
                self.paragraph(BODY, p)
            for sub in section.subsections:
                heading = f"{sub.number}{sub.heading}。"
                if not sub.paragraphs:
                    self.paragraph(HEADING_2, heading)
                    continue
                first = self.paragraph(BODY)
                _run(first, heading, FONT_HEADING_2, HEADING_2_RUN[0])
                _run(first, sub.paragraphs[0], FONT_BODY)
                for p in sub.paragraphs[1:]:
                    self.paragraph(BODY, p)
        # 落款: the issuer and the date right-aligned, four characters in from the
        # right, each centred on the other as the PDF centres them in one block.
        issuer, date = document.issuer, cell_text(document.issued_on)
        widest = max(display_chars(issuer), display_chars(date))
        for index, line in enumerate((issuer, date)):
            paragraph = self.paragraph(SIGNATURE, line)
            paragraph.paragraph_format.right_indent = Pt(BODY_SIZE.pt * (4 + (widest - display_chars(line)) / 2))
            if index == 0:
                paragraph.paragraph_format.space_before = Twips(line_pitch())

    def appendix(self, document: ReportDocument) -> None:
        self.paragraph(APPENDIX_TITLE, "附表")
        self.paragraph(
            APPENDIX_NOTE,
            f"统计截至{cell_text(document.as_of)}。占比按所列人数计算，保留{settings.SHARE_DECIMALS}位小数。",
        )
        landscape = False
        for number, table in enumerate(document.tables, 1):
            # As in the PDF: a table too wide for the portrait text block goes on landscape pages.
            if is_wide(table) != landscape:
                landscape = not landscape
                self.turn(landscape)
            self.paragraph(CAPTION, f"{number}. {table.title}")
            self.table(table)
            if table.note:
                self.paragraph(APPENDIX_NOTE, table.note)
        if landscape:
            self.turn(False)

    def turn(self, landscape: bool) -> None:
        """A new section on a new page, turned as the PDF's @page landscape: the bound edge on top."""
        section = self.word.add_section(WD_SECTION.NEW_PAGE)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
            section.top_margin, section.right_margin = MARGIN_LEFT, MARGIN_TOP
            section.bottom_margin, section.left_margin = MARGIN_RIGHT, MARGIN_BOTTOM
            # The number 7 mm below the text block, as on portrait pages (FOOTER_DISTANCE).
            section.footer_distance = MARGIN_RIGHT - Mm(7) - PAGE_NUMBER_LINE
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
            section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
            section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
            section.footer_distance = FOOTER_DISTANCE

    def table(self, table: Table) -> DocxTable:
        rows = [[cell_text(value) for value in row] for row in table.rows]
        grid = self.word.add_table(rows=0, cols=len(table.header))
        grid._tbl.tblPr.style = TABLE[0]
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        grid.autofit = False
        # Column widths first: every row added after takes its cells' widths from them.
        widths = column_widths([table.header, *rows], PAGE_WIDTH.twips - MARGIN_LEFT.twips - MARGIN_RIGHT.twips)
        for column, width in zip(grid.columns, widths, strict=True):
            column.width = Twips(width)
        header = self._row(grid, [TABLE_HEADER] * len(table.header), header=True)
        _fill(header, table.header, grid)
        # Numbers right-aligned: every column but the first, as the PDF's td.num.
        # One row is styled and copied for the others: python-docx builds a row
        # cell by cell, which took most of the time of a report.
        prototype = self._row(grid, [TABLE_TEXT] + [TABLE_NUMBER] * (len(table.header) - 1))
        grid._tbl.remove(prototype)
        for values in rows:
            tr = copy.deepcopy(prototype)
            grid._tbl.append(tr)
            _fill(tr, values, grid)
        return grid

    @staticmethod
    def _row(grid: DocxTable, styles: list[tuple[str, str]], header: bool = False):
        """A row of empty runs in the cells' styles, to be filled by ``_fill``."""
        row = grid.add_row()
        tr_pr = row._tr.get_or_add_trPr()
        # A row is never split across pages; the header row repeats on every page.
        tr_pr.append(OxmlElement("w:cantSplit"))
        if header:
            tr_pr.append(OxmlElement("w:tblHeader"))
        for tc, ids in zip(row._tr.tc_lst, styles, strict=True):
            paragraph = _styled(Paragraph(tc.p_lst[0], grid), ids)
            _run(paragraph, "", FONT_OF[ids[0]])
        return row._tr


def _fill(tr, values: list[str], grid: DocxTable) -> None:
    for tc, value in zip(tr.tc_lst, values, strict=True):
        [run] = Paragraph(tc.p_lst[0], grid).runs
        if value:
            run.text = text(value)
        else:
            run._r.getparent().remove(run._r)


def display_chars(value: str) -> float:
    """Width in body characters: a CJK (wide) character is one, a digit or Latin letter half."""
    return sum(1 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in value)


def column_widths(rows: list[list[str]], total: int) -> list[int]:
    """Twips per column, shared out by each column's widest text as a browser's auto table layout does."""
    needs = [max(display_chars(row[i]) for row in rows) + 1 for i in range(len(rows[0]))]
    scale = total / sum(needs)
    widths = [int(need * scale) for need in needs]
    widths[0] += total - sum(widths)
    return widths

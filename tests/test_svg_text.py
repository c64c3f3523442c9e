"""SVG text laid out a run at a time (reports/renderers/svg_text.py) reads back as WeasyPrint's own drawing does."""

import pytest

from reports.renderers import svg_text
from reports.renderers.pdf import write_pdf
from reports.renderers.weasyprint_setup import PATCHED_VERSION
from tests.pdf_tools import pdf_layout

# Three chart labels as pygal writes them: right-aligned category labels, a centred title, a
# left-aligned legend; CJK, digits, full-width brackets and a double space that SVG collapses.
LABELS = """
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 480 120" style="width: 120mm"
     font-family="Noto Sans CJK SC, sans-serif" font-size="12">
  <text x="240" y="20" font-size="15" text-anchor="middle">党员年龄结构</text>
  <g transform="translate(185, 28)">
    <text x="-5" y="20" text-anchor="end">30岁及以下  125（22.89%）</text>
    <text x="-5" y="46" text-anchor="end">61岁及以上  91（16.67%）</text>
  </g>
  <text x="17" y="100">35岁及以下</text>
</svg>
"""


def words(svg: str) -> list[tuple[str, float, float, float]]:
    [page] = pdf_layout(write_pdf(f"<html><body>{svg}</body></html>"))
    # Less the page number the report's stylesheet prints (「— 1 —」).
    drawn = [w for w in page.words if w.text != "—" and not w.text.isdigit()]
    return [(w.text, round(w.x_min, 1), round(w.x_max, 1), round(w.y_max, 1)) for w in drawn]


@pytest.fixture
def letter_by_letter(monkeypatch):
    """WeasyPrint's own drawing of SVG text, one Pango layout per letter."""
    import weasyprint.svg

    for tag, drawer in weasyprint.svg.TAGS.items():
        if drawer is svg_text.text:
            monkeypatch.setitem(weasyprint.svg.TAGS, tag, svg_text._original_text)
    monkeypatch.setattr(weasyprint.svg, "text", svg_text._original_text)


def test_it_is_installed_for_the_pinned_weasyprint():
    import weasyprint.svg

    assert weasyprint.__version__ == PATCHED_VERSION
    assert svg_text.INSTALLED
    assert weasyprint.svg.TAGS["text"] is svg_text.text
    assert weasyprint.svg.TAGS["tspan"] is svg_text.text
    assert weasyprint.svg.text is svg_text.text


def test_chart_labels_read_back_in_order_where_weasyprint_puts_them_letter_by_letter(request):
    run_at_a_time = words(LABELS)
    request.getfixturevalue("letter_by_letter")
    assert weasyprint_svg_text() is svg_text._original_text
    letters = words(LABELS)
    assert [w[0] for w in run_at_a_time] == [
        "党员年龄结构",
        "30岁及以下",
        "125（22.89%）",
        "61岁及以上",
        "91（16.67%）",
        "35岁及以下",
    ]
    assert [w[0] for w in letters] == [w[0] for w in run_at_a_time]
    for (_, *whole), (text, *one_by_one) in zip(run_at_a_time, letters, strict=True):
        assert whole == pytest.approx(one_by_one, abs=0.3), text


def weasyprint_svg_text():
    import weasyprint.svg

    return weasyprint.svg.TAGS["text"]


@pytest.mark.parametrize(
    ("attributes", "simple"),
    [
        ('x="10" y="20"', True),
        ("", True),
        ('x="10 50 90" y="20"', False),
        ('x="10" y="20" dx="3"', False),
        ('x="10" y="20" rotate="30"', False),
        ('x="10" y="20" textLength="100"', False),
        ('x="10" y="20" letter-spacing="2"', False),
        ('x="10" y="20" direction="rtl"', False),
    ],
)
def test_only_a_run_that_places_no_letter_of_its_own_is_laid_out_whole(attributes, simple):
    from xml.etree import ElementTree

    from cssselect2 import ElementWrapper
    from weasyprint.svg import Node
    from weasyprint.svg.css import parse_stylesheets

    tree = ElementTree.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg"><text {attributes}>甲乙丙</text></svg>')
    wrapper = ElementWrapper.from_xml_root(tree)
    root = Node(wrapper, parse_stylesheets(wrapper, "", None, None))
    [node] = list(root)
    assert svg_text.is_simple_run(node) is simple


def test_letters_placed_one_by_one_are_still_drawn_where_each_is_placed():
    svg = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 40" style="width: 300px" font-size="12"
      font-family="Noto Sans CJK SC"><text x="10 110 210" y="20">甲乙丙</text></svg>"""
    placed = words(svg)
    assert [w[0] for w in placed] == ["甲", "乙", "丙"]
    # 100 px apart in the drawing = 75 pt apart on the page.
    assert placed[1][1] - placed[0][1] == pytest.approx(75, abs=0.2)
    assert placed[2][1] - placed[1][1] == pytest.approx(75, abs=0.2)

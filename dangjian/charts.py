"""Charts as SVG, drawn on the server with pygal, for the web pages and the PDF alike.

One drawing serves both: the page inlines the SVG and WeasyPrint lays the same
``<svg>`` out in the PDF, so neither needs a script, a CDN or a font download.
Every bar carries its own number as a printed label, and callers show the
figures in a table beside the chart as well.

Why pygal (3.1.3, pinned): measured on the 2-core development machine under
load (bench/charts.py), an 8-bar horizontal chart took about 25–30 ms in pygal
and about 250 ms in matplotlib's SVG backend (plus 2.6 s to import
matplotlib); both came out right in WeasyPrint's PDF with CJK text kept as
text (matplotlib needs ``svg.fonttype = "none"``). pygal is pure Python over
lxml and its SVG keeps real ``<text>`` elements, which the PDF's text layer and
the tests read back.

A chart is a pure function of its data, so drawings are memoised in-process:
a dashboard whose figures did not change since the last view costs nothing.

Text in the SVG uses the PDF's sans-serif stack (static/css/pdf.css, 黑体 →
Noto Sans CJK SC), so a chart looks the same in the browser and in the PDF.
"""

import functools
from dataclasses import dataclass

import pygal
from lxml import etree
from pygal.style import Style

# The drawing's own width in px: the page and the PDF scale it to their column (156 mm in the PDF),
# so 480 keeps 12px text at about 11 pt on paper.
WIDTH = 480
FONT_FAMILY = '"黑体", "SimHei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif'
COLORS = ("#c0392b", "#2e6da4", "#e0a800", "#3c8d40", "#7b4fa0", "#8c6d31", "#17a2b8", "#6c757d")

STYLE = Style(
    font_family=FONT_FAMILY,
    background="white",
    plot_background="white",
    foreground="rgba(0, 0, 0, .87)",
    foreground_strong="rgba(0, 0, 0, 1)",
    foreground_subtle="rgba(0, 0, 0, .25)",
    colors=COLORS,
    title_font_size=15,
    label_font_size=12,
    major_label_font_size=12,
    value_font_size=12,
    value_label_font_size=12,
    legend_font_size=12,
    tooltip_font_size=12,
    opacity=".9",
    opacity_hover=".9",
    transition="0ms",
    # Guides would be hidden by pygal's hover CSS, which a PDF does not run: draw none.
    guide_stroke_color="transparent",
    major_guide_stroke_color="transparent",
)

# pygal's own stylesheets are ~300 rules per chart, each prefixed with the chart's id; WeasyPrint
# matched them against every SVG element and that cost about 0.25 s a chart in the PDF. These
# few rules draw the same chart. They are scoped under .pygal-chart (the root <svg>'s class)
# because a page shares one stylesheet space with the SVGs inlined in it.
CSS = "\n".join(
    [
        f".pygal-chart text {{ font-family: {FONT_FAMILY}; font-size: 12px; fill: #222; stroke: none; }}",
        ".pygal-chart .title { font-size: 15px; fill: #000; text-anchor: middle; }",
        ".pygal-chart .axis.x text, .pygal-chart .centered, .pygal-chart .text-overlay text { text-anchor: middle; }",
        ".pygal-chart .axis.x text[transform] { text-anchor: start; }",
        ".pygal-chart .axis.y text { text-anchor: end; }",
        ".pygal-chart .background { fill: #fff; }",
        ".pygal-chart .axis .line { stroke: #000; fill: none; }",
        ".pygal-chart .guide.line { stroke: none; }",
        ".pygal-chart .nofill { fill: none; }",
        ".pygal-chart .reactive { fill-opacity: .9; stroke-width: 1; }",
        ".pygal-chart .line.reactive { stroke-width: 2; }",
        *(f".pygal-chart .color-{i} {{ fill: {c}; stroke: {c}; }}" for i, c in enumerate(COLORS)),
    ]
)

# No script: pygal's default loads its tooltip script from a CDN.
COMMON = {
    "style": STYLE,
    "css": ["inline:" + CSS],
    "js": [],
    "disable_xml_declaration": True,
    "explicit_size": False,  # only a viewBox: the page or the PDF decides the width
    "print_labels": True,
    "print_values": False,
    "show_y_guides": False,
    "show_x_guides": False,
    "margin": 8,
    "truncate_label": -1,
    "truncate_legend": -1,
}


def _without_script(chart) -> str:
    """The drawing without what only pygal's tooltip script reads.

    pygal always adds a <script> with its whole configuration, and per bar or point <desc>
    and <title> elements and an empty tooltip layer for that script. None is drawn, but
    WeasyPrint walks and styles every node: leaving them out halves the chart's share of the
    PDF's layout time. Removed from the tree, not by pattern: a label may contain any text.
    """
    tree = chart.render_tree()
    unused = [*tree.iter("{*}script", "{*}desc", etree.Comment)]
    unused += [node for node in tree.iter("{*}title") if node.getparent() is not tree]
    unused += [node for node in tree.iter("{*}g") if "tooltip-overlay" in node.get("class", "")]
    for node in unused:
        node.getparent().remove(node)
    return etree.tostring(tree, encoding="unicode")


@dataclass(frozen=True)
class Bar:
    label: str  # the category (「35岁及以下」)
    value: float  # the bar's length
    text: str  # printed at the bar: 「69（12.64%）」


def _wide_label_margin(labels: list[str]) -> int:
    """Extra left margin for CJK axis labels: pygal measures text as if every character were Latin-width."""
    wide = max((sum(ord(c) > 0x2E80 for c in label) for label in labels), default=0)
    return COMMON["margin"] + wide * STYLE.label_font_size // 2


def bar_chart(title: str, bars: tuple[Bar, ...]) -> str:
    """Horizontal bars, first bar on top, each category labelled with its number (「35岁及以下 69（12.64%）」).

    The number goes into the category's label rather than onto the bar: a bar of 0 or 1
    would push a printed number over the labels, and the label is read first anyway.
    """
    return _bar_chart(title, tuple(bars))


@functools.lru_cache(maxsize=512)
def _bar_chart(title: str, bars: tuple[Bar, ...]) -> str:
    labels = [f"{b.label}  {b.text}" for b in bars]
    chart = pygal.HorizontalBar(
        **{**COMMON, "print_labels": False},
        title=title,
        width=WIDTH,
        height=60 + 24 * max(len(bars), 1),
        show_legend=False,
        range=(0, max([b.value for b in bars] + [1])),
        spacing=5,
        show_x_labels=False,  # the value axis: every category carries its own number
        margin_left=_wide_label_margin(labels),
    )
    # pygal draws the first category at the bottom: reverse so the page reads top-down like the table.
    chart.x_labels = list(reversed(labels))
    chart.add(title, [b.value for b in reversed(bars)])
    return _without_script(chart)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]
    texts: tuple[str, ...]  # printed at each bar or point


def grouped_bar_chart(title: str, labels: tuple[str, ...], series: tuple[Series, ...]) -> str:
    """Vertical bars, one group per label (a township, a year), one bar per series, numbers on the bars."""
    return _grouped_bar_chart(title, tuple(labels), tuple(series))


@functools.lru_cache(maxsize=256)
def _grouped_bar_chart(title: str, labels: tuple[str, ...], series: tuple[Series, ...]) -> str:
    top = max([v for s in series for v in s.values] + [1])
    chart = pygal.Bar(
        **COMMON,
        title=title,
        width=WIDTH,
        height=260,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=min(len(series), 4) or 1,
        range=(0, top * 1.2),
        x_label_rotation=0 if len(labels) <= 6 else 30,
        print_labels_position="top",
        spacing=4,
        show_y_labels=False,  # the value axis: every bar prints its own number
    )
    chart.x_labels = list(labels)
    for s in series:
        chart.add(s.name, [{"value": v, "label": t} for v, t in zip(s.values, s.texts, strict=True)])
    return _without_script(chart)


def line_chart(title: str, labels: tuple[str, ...], series: tuple[Series, ...]) -> str:
    """One line per series over the labels (years), every point labelled with its number."""
    return _line_chart(title, tuple(labels), tuple(series))


@functools.lru_cache(maxsize=256)
def _line_chart(title: str, labels: tuple[str, ...], series: tuple[Series, ...]) -> str:
    top = max([v for s in series for v in s.values] + [1])
    chart = pygal.Line(
        **COMMON,
        title=title,
        width=WIDTH,
        height=260,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=min(len(series), 4) or 1,
        range=(0, top * 1.2),
        dots_size=3,
        show_y_labels=False,  # the value axis: every point prints its own number
        margin_left=30,  # room for the first point's label and the first year
        margin_right=40,  # room for the last point's label
        print_labels_position="top",
    )
    chart.x_labels = list(labels)
    for s in series:
        chart.add(s.name, [{"value": v, "label": t} for v, t in zip(s.values, s.texts, strict=True)])
    return _without_script(chart)

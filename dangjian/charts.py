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

A chart is a pure function of its data, so drawings are memoised: in-process, and
in Django's cache (Redis in production, shared by every worker) under a digest of
the data, so a dashboard whose figures did not change since anyone's last view, or
a PDF whose fingerprint must be worked out from its HTML, draws nothing anew. The
SVG itself carries no random id: the same figures give the same bytes everywhere.

Text in the SVG uses the PDF's sans-serif stack (static/css/pdf.css, 黑体 →
Noto Sans CJK SC), so a chart looks the same in the browser and in the PDF.
"""

import functools
import hashlib
import operator
import re
from dataclasses import dataclass

import pygal
import pygal.graph.graph
from django.core.cache import cache
from lxml import etree
from pygal.style import Style

# The drawing's own width in px: the page and the PDF scale it to their column (156 mm in the PDF),
# so 480 keeps 12px text at about 11 pt on paper.
WIDTH = 480
# A drawing beside its table gets what the table leaves of the column (70–95 mm in the PDF): drawn
# narrower, its 12px text still prints at 8–11 pt instead of shrinking to 5 pt.
BESIDE_WIDTH = 280
FONT_FAMILY = '"黑体", "SimHei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif'
# The same as an SVG attribute: no quotes or spaces around the commas, which WeasyPrint's SVG
# text does not strip (a browser reads the names unquoted just as well).
SVG_FONT_FAMILY = "黑体,SimHei,Noto Sans CJK SC,Microsoft YaHei,sans-serif"
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

# No script: pygal's default loads its tooltip script from a CDN. No stylesheet either: pygal's
# own (base.css, scoped by a random chart id) is dropped by _compact, which writes the few styles
# the chart needs as attributes.
COMMON = {
    "style": STYLE,
    "css": [],
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

SVG = "{http://www.w3.org/2000/svg}"
# pygal fills bars and dots at 90 % opacity: the same colour laid on white, without a
# transparency group per shape in the PDF.
FILLS = tuple("#" + "".join(f"{round(int(c[i : i + 2], 16) * 0.9 + 255 * 0.1):02x}" for i in (1, 3, 5)) for c in COLORS)
# Coordinates to 1/100 px (pygal writes 15 digits): 0.01 px is 0.003 mm on paper.
_LONG_NUMBER = re.compile(r"(-?\d+\.\d{2})\d+")
_first_group = operator.itemgetter(1)
_COORDINATES = ("x", "y", "width", "height", "cx", "cy", "d", "transform")


def _presentation(node, tag: str, classes: set[str], context: set[str]) -> dict[str, str]:
    """The look pygal's stylesheet gave a node, as SVG attributes (context: the ancestors' classes)."""
    color = next((int(c.removeprefix("color-")) for c in classes | context if c.startswith("color-")), None)
    if tag == "text":
        if "title" in classes:
            return {"font-size": "15", "fill": "#000", "text-anchor": "middle"}
        if {"axis", "x"} <= context:
            return {"text-anchor": "start" if node.get("transform") else "middle"}
        if {"axis", "y"} <= context:
            return {"text-anchor": "end"}
        if "text-overlay" in context or "centered" in classes:
            return {"text-anchor": "middle"}
        return {}
    if tag in ("rect", "circle") and color is not None:
        return {"fill": FILLS[color % len(FILLS)], "stroke": COLORS[color % len(COLORS)]}
    if tag == "rect" and "background" in classes:
        return {"fill": "#fff"}
    if tag == "path" and "line" in classes and color is not None:
        return {"fill": "none", "stroke": COLORS[color % len(COLORS)], "stroke-width": "2"}
    if tag == "path" and "line" in classes:  # an axis
        return {"fill": "none", "stroke": "#000"}
    return {"fill": "none"} if "nofill" in classes else {}


def _positive(length: str | None) -> bool:
    # A rect of no width or height is not drawn (SVG 1.1, 9.2); pygal leaves out a bar's width of 0.
    return length is not None and float(length) > 0


def _shape_path(node) -> str | None:
    """A rect or circle as path data, or None for one with other attributes (or none drawn)."""
    tag = etree.QName(node).localname
    names = set(node.attrib) - {"fill", "stroke"}
    if tag == "rect" and names == {"x", "y", "width", "height"}:
        x, y, width, height = (node.get(name) for name in ("x", "y", "width", "height"))
        return f"M{x} {y}h{width}v{height}h-{width}Z"
    if tag == "circle" and names == {"cx", "cy", "r"}:
        cx, cy, r = (float(node.get(name)) for name in ("cx", "cy", "r"))
        return f"M{cx - r:.2f} {cy:.2f}a{r:g} {r:g} 0 1 0 {2 * r:g} 0a{r:g} {r:g} 0 1 0 -{2 * r:g} 0Z"
    return None


def _merge_shapes(group) -> None:
    """Neighbouring bars or dots of one colour as one path: one element to style and draw, not one per bar.

    Only neighbours merge, so nothing is painted in another order.
    """
    run: list = []

    def flush() -> None:
        if len(run) > 1:
            paths = [_shape_path(node) for node in run]
            # pygal's tree names no namespace (its root declares it): the path is named as the shapes are.
            tag = etree.QName(run[0].tag).namespace
            merged = etree.Element(
                f"{{{tag}}}path" if tag else "path",
                {"d": "".join(paths), **{k: run[0].get(k) for k in ("fill", "stroke")}},
            )
            group.replace(run[0], merged)
            for node in run[1:]:
                group.remove(node)
        run.clear()

    for child in list(group):
        path = _shape_path(child) if isinstance(child.tag, str) else None
        paint = (child.get("fill"), child.get("stroke"))
        if path is None or (run and paint != (run[0].get("fill"), run[0].get("stroke"))):
            flush()
        if path is not None:
            run.append(child)
    flush()


def _compact(root) -> str:
    """The drawing as few plain SVG elements as draw it, styled by attributes rather than CSS.

    pygal writes a stylesheet, a <script> with its whole configuration, per bar or point
    <desc> and <title> elements, a tooltip layer, invisible guide lines, empty layers and a
    group around every bar. None of it is drawn, but WeasyPrint parses the stylesheet and
    walks, cascades and styles every node: that was most of what the charts cost the PDF
    beside their text (bench/charts.py). Without a stylesheet the page's CSS and the
    drawing's cannot meet, and with no random chart id the same figures give the same SVG
    (so the same PDF fingerprint) in every process. Built from the tree, never by pattern
    over the markup: a label may contain any text.
    """

    def visit(node, context: set[str]) -> None:
        for child in list(node):
            if not isinstance(child.tag, str):  # a comment
                node.remove(child)
                continue
            tag = child.tag.rpartition("}")[2]
            classes = set(child.get("class", "").split())
            drawn = tag in ("g", "rect", "circle", "path", "text") and not (
                {"tooltip-overlay"} & classes
                or {"guide", "line"} <= classes  # guides, drawn with no stroke
                or (tag == "rect" and "background" in classes)  # white, on a white page
                or (tag == "rect" and not (_positive(child.get("width")) and _positive(child.get("height"))))
            )
            if not drawn:
                if not (tag == "title" and node is root):
                    node.remove(child)
                continue
            visit(child, context | classes)
            attributes = {k: v for k, v in child.attrib.items() if k not in ("class", "id", "rx", "ry")}
            attributes.update(_presentation(child, tag, classes, context))
            for name in _COORDINATES:
                if name in attributes:
                    attributes[name] = _LONG_NUMBER.sub(_first_group, attributes[name])
            child.attrib.clear()
            child.attrib.update(attributes)
            if tag == "g" and (len(child) == 0 or not attributes):
                # An empty layer goes; a group that only groups gives its children to its parent.
                index = node.index(child)
                node.remove(child)
                node[index:index] = list(child)

    visit(root, set())
    for group in [root, *root.iter("g", f"{SVG}g")]:
        _merge_shapes(group)
    view_box = root.get("viewBox")
    root.attrib.clear()
    root.attrib.update(
        {"class": "pygal-chart", "viewBox": view_box, "font-family": SVG_FONT_FAMILY, "font-size": "12", "fill": "#222"}
    )
    return etree.tostring(root, encoding="unicode")


# Raise when the same data would be drawn differently (the shared cache keeps drawings a day).
DRAWING_VERSION = "5"
SHARED_SECONDS = 24 * 3600


def _memoised(maxsize: int):
    """Keep drawings in this process (lru) and in the shared cache, keyed by what is drawn."""

    def decorate(draw):
        @functools.lru_cache(maxsize=maxsize)
        @functools.wraps(draw)
        def drawn(*args):
            what = repr((DRAWING_VERSION, pygal.__version__, draw.__name__, args))
            key = "chart:" + hashlib.sha256(what.encode()).hexdigest()
            svg = cache.get(key)
            if svg is None:
                svg = draw(*args)
                cache.set(key, svg, SHARED_SECONDS)
            return svg

        return drawn

    return decorate


def _nothing() -> None:
    pass


class _Untooltipped:
    """A pygal chart without what only pygal's tooltip script would read.

    Its per-value <desc> tooltip data, its stylesheet and its script's configuration (built
    even with no script to send) are dropped by _compact anyway; not making them is about a
    fifth of pygal's time per chart (bench/charts.py). Overrides pygal 3.1.3's own
    ``_tooltip_data`` and ``_draw`` (pinned in requirements.txt).
    """

    def _tooltip_data(self, *args, **kwargs) -> None:
        pass

    def _draw(self) -> None:
        self.svg.add_styles = self.svg.add_scripts = _nothing
        super()._draw()


class _QuickLookup:
    """pygal's BaseGraph.__getattribute__ with the same result in fewer steps.

    Every attribute read asked the chart for ``state`` through that same method, twice: a third of
    pygal's time went to looking up attributes (bench/charts.py). Reads the state from the
    instance's __dict__ instead, where pygal 3.1.3 (pinned) keeps it from __init__ on.
    """

    def __getattribute__(self, name):
        if name[:2] != "__" and name != "state":
            state = object.__getattribute__(self, "__dict__").get("state")
            if state is not None and name in state.__dict__:
                return getattr(state, name)
        return object.__getattribute__(self, name)


class _HorizontalBar(_QuickLookup, _Untooltipped, pygal.HorizontalBar):
    pass


class _Bar(_QuickLookup, _Untooltipped, pygal.Bar):
    def _compute_margin(self) -> None:
        """pygal's room for slanted labels leaves out the line they start below the axis: the ends of
        long township names were cut off at the foot, or ran into the legend under them."""
        super()._compute_margin()
        if self.x_label_rotation and self._x_labels:
            self._x_labels_height += self.style.label_font_size
            self.margin_box.bottom += self.style.label_font_size


class _Line(_QuickLookup, _Untooltipped, pygal.Line):
    pass


@dataclass(frozen=True)
class Bar:
    label: str  # the category (「35岁及以下」)
    value: float  # the bar's length
    text: str  # printed at the bar: 「69（12.64%）」


def _text_px(text, size: float) -> float:
    """About how wide text prints at ``size`` px: a CJK character a full em, others 0.6 em."""
    return size * sum(1.0 if ord(c) > 0x2E80 else 0.6 for c in str(text))


# pygal 3.1.3 (pinned) sizes its margins for labels, legends and titles by len(text) × 0.6 em,
# so a CJK label got 60 % of its width: names were cut off at the left of a bar chart and rotated
# township names ran into the legend. Its layout measures through these two names only.
pygal.graph.graph.get_text_box = lambda text, size: (size, _text_px(text, size))
pygal.graph.graph.get_texts_box = lambda texts, size: (size, max(_text_px(t, size) for t in texts))


def fits_beside(bars: tuple[Bar, ...]) -> bool:
    """Whether the bars' labels leave the bars a third of a drawing beside its table
    (「61岁及以上  91（16.67%）」 does; 「工人（工勤技能人员）  80（14.65%）」 does not)."""
    return max((_text_px(f"{b.label}  {b.text}", 12) for b in bars), default=0) <= 0.65 * BESIDE_WIDTH


def bar_chart(title: str, bars: tuple[Bar, ...], *, beside: bool = False) -> str:
    """Horizontal bars, first bar on top, each category labelled with its number (「35岁及以下 69（12.64%）」).

    The number goes into the category's label rather than onto the bar: a bar of 0 or 1
    would push a printed number over the labels, and the label is read first anyway.
    ``beside``: drawn for the space beside its table, untitled (the table's caption names
    it) and with rows about as tall as the table's, so the pair is no taller than the table.
    """
    return _bar_chart(title, tuple(bars), beside)


@_memoised(maxsize=512)
def _bar_chart(title: str, bars: tuple[Bar, ...], beside: bool) -> str:
    labels = [f"{b.label}  {b.text}" for b in bars]
    chart = _HorizontalBar(
        **{**COMMON, "print_labels": False},
        title=None if beside else title,
        width=BESIDE_WIDTH if beside else WIDTH,
        height=(20 if beside else 60) + 24 * max(len(bars), 1),
        show_legend=False,
        range=(0, max([b.value for b in bars] + [1])),
        spacing=5,
        show_x_labels=False,  # the value axis: every category carries its own number
    )
    # pygal draws the first category at the bottom: reverse so the page reads top-down like the table.
    chart.x_labels = list(reversed(labels))
    chart.add(title, [b.value for b in reversed(bars)])
    return _compact(chart.render_tree())


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]
    texts: tuple[str, ...]  # printed at each bar or point


def _series_options(title: str, series: tuple[Series, ...]) -> dict:
    """What the grouped bars and the lines share: size, legend under the drawing, a fifth headroom."""
    top = max([v for s in series for v in s.values] + [1])
    return {
        **COMMON,
        "title": title,
        "width": WIDTH,
        "height": 260,
        "show_legend": len(series) > 1,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": min(len(series), 4) or 1,
        "range": (0, top * 1.2),
    }


def grouped_bar_chart(title: str, labels: tuple[str, ...], series: tuple[Series, ...]) -> str:
    """Vertical bars, one group per label (a township, a year), one bar per series, numbers on the
    bars where they fit, else a value axis."""
    return _grouped_bar_chart(title, tuple(labels), tuple(series))


def _numbers_fit_their_bars(root) -> bool:
    """Whether no bar's printed number is wider than the bar (neighbours' numbers would overprint)."""
    widths = [float(r.get("width")) for r in root.iter("{*}rect") if "tooltip-trigger" in (r.get("class") or "")]
    numbers = [t.text or "" for t in root.iter("{*}text") if "label" in (t.get("class") or "").split()]
    return max(map(lambda text: _text_px(text, 12), numbers), default=0) <= min(widths, default=0) + 1


@_memoised(maxsize=256)
def _grouped_bar_chart(title: str, labels: tuple[str, ...], series: tuple[Series, ...]) -> str:
    def draw(numbered: bool):
        # Shares print as 「40.00%」 on the bars; the value axis, when shown, says % too.
        percent = all(t.endswith("%") for s in series for t in s.texts)
        chart = _Bar(
            **{**_series_options(title, series), "print_labels": numbered},
            x_label_rotation=0 if len(labels) <= 6 else 30,
            print_labels_position="top",
            spacing=4,
            show_y_labels=not numbered,  # the value axis only when the bars cannot carry their numbers
            value_formatter=lambda v: f"{v:g}%" if percent else f"{v:g}",
        )
        chart.x_labels = list(labels)
        for s in series:
            chart.add(s.name, [{"value": v, "label": t} for v, t in zip(s.values, s.texts, strict=True)])
        return chart.render_tree()

    # Many townships make bars too narrow for their numbers, which then overprint each other:
    # those go, and the value axis is drawn instead (the table beside the chart has every number).
    root = draw(numbered=True)
    return _compact(root if _numbers_fit_their_bars(root) else draw(numbered=False))


def line_chart(title: str, labels: tuple[str, ...], series: tuple[Series, ...]) -> str:
    """One line per series over the labels (years), every point labelled with its number."""
    return _line_chart(title, tuple(labels), tuple(series))


# Point labels: 12px text, kept this far from their dot (radius 3) and from each other.
_LABEL_HEIGHT, _LABEL_GAP = 12, 3


def _spread_point_labels(root) -> None:
    """Each year's point labels placed so that none overprints another, coloured as their line.

    pygal prints every label at one offset from its point, so where two lines run close or cross
    the numbers overprint and none can be read. Top to bottom in the order of their points, a
    label goes just above its point if the one before leaves room, else just below it (and below
    the one before).
    """
    dots, texts = {}, {}
    for group in root.iter("{*}g"):
        classes = set((group.get("class") or "").split())
        serie = next((c for c in classes if c.startswith("serie-")), None)
        if serie is None:
            continue
        layer = set((group.getparent().get("class") or "").split())  # pygal's series sit in layers
        if "text-overlay" in layer:
            texts[serie] = list(group.iter("{*}text"))
        elif "overlay" in layer:
            dots[serie] = [(float(c.get("cx")), float(c.get("cy"))) for c in group.iter("{*}circle")]
    # pygal draws the value axis as the first year's guide line: with no numbers on it (every point
    # has its own) it would only cross the first year's labels.
    for group in root.iter("{*}g"):
        if {"axis", "x"} <= set((group.get("class") or "").split()):
            for line in [p for p in group.iter("{*}path") if p.get("class") == "line"]:
                line.getparent().remove(line)
    years: dict[float, list] = {}
    for serie, labels in texts.items():
        color = COLORS[int(serie.removeprefix("serie-")) % len(COLORS)] if len(texts) > 1 else None
        for (x, y), text in zip(dots.get(serie, ()), labels, strict=False):
            years.setdefault(x, []).append((y, text, color))
    for x, column in years.items():
        bottom = float("-inf")  # the baseline of the label placed last
        for y, text, color in sorted(column, key=lambda item: item[0]):
            above = y - _LABEL_GAP - 3
            if above - _LABEL_HEIGHT >= bottom + _LABEL_GAP:
                baseline = above
            else:
                baseline = max(y + 3 + _LABEL_GAP + _LABEL_HEIGHT, bottom + _LABEL_GAP + _LABEL_HEIGHT)
            text.set("x", f"{x:.2f}")
            text.set("y", f"{baseline:.2f}")
            if color:
                text.set("fill", color)
            bottom = baseline


def _line_range(series: tuple[Series, ...]) -> tuple[float, float]:
    """The value axis of a line chart: the values and room above and below them for their labels.

    Not from 0 as bars are: shares of 17–33 % would run as flat lines in the top third of the
    drawing, too close to tell apart. Every point carries its number, so nothing is misread.
    """
    values = [v for s in series for v in s.values] or [0]
    low, high = min(values), max(values)
    pad = max((high - low) * 0.3, abs(high) * 0.05, 1)
    return max(low - pad, 0), high + pad


@_memoised(maxsize=256)
def _line_chart(title: str, labels: tuple[str, ...], series: tuple[Series, ...]) -> str:
    chart = _Line(
        # 200 px high: the trend table and both its charts fit on one page.
        **{**_series_options(title, series), "range": _line_range(series), "height": 200},
        dots_size=3,
        show_y_labels=False,  # the value axis: every point prints its own number
        margin_left=30,  # room for the first point's label and the first year
        margin_right=40,  # room for the last point's label
        print_labels_position="top",
    )
    chart.x_labels = list(labels)
    for s in series:
        chart.add(s.name, [{"value": v, "label": t} for v, t in zip(s.values, s.texts, strict=True)])
    root = chart.render_tree()
    _spread_point_labels(root)
    return _compact(root)

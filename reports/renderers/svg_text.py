"""SVG text in the PDF shaped a run at a time, not a letter at a time (WeasyPrint 70 only).

WeasyPrint 70 draws every SVG ``<text>`` one character at a time, a Pango layout per
character, so that each may take its own ``x``/``y``/``dx``/``dy``/``rotate``. The
report's charts (dangjian/charts.py) hold some 700 characters and position none of
them one by one: measured, that per-letter layout was about two thirds of what the
charts cost the PDF (bench/charts.py, bench/README.md).

For a run that positions no character of its own (at most one ``x`` and one ``y``, no
``dx``, ``dy``, ``rotate``, ``letter-spacing`` or ``textLength``, left to right) this
lays out and draws the run whole, at the point and with the cursor, bounding box and
``text-anchor`` handling WeasyPrint's own code gives it; everything else goes to
WeasyPrint's own drawing unchanged. It is the simple case of the upstream proposal
https://github.com/Kozea/WeasyPrint/pull/2754 ("Fix SVG text chunk shaping", for
https://github.com/Kozea/WeasyPrint/issues/2249), which was not released; shaping the
run whole is also what that issue asks for, as it keeps ligatures and combining marks.

It is registered through ``weasyprint.svg.TAGS`` (the table WeasyPrint looks drawing
functions up in) and under the module name ``weasyprint.svg.text``, which WeasyPrint's
``draw_node`` compares with ``TAGS[tag]`` to decide that a node is text (text-anchor,
bounding boxes). Both are internals, so this applies only to the pinned version; with
any other WeasyPrint draws as it comes (slower, never wrong).
"""

import functools
import sys

from reports.renderers.weasyprint_setup import PATCHED_VERSION, weasyprint

_svg = sys.modules["weasyprint.svg"]
_text_module = sys.modules["weasyprint.svg.text"]
_utils = sys.modules["weasyprint.svg.utils"]
_original_text = _text_module.text

# Attributes that place or space characters one by one: a run with any of them is
# WeasyPrint's to draw. (Inherited ones count too: WeasyPrint copies them down.)
PER_CHARACTER = ("dx", "dy", "rotate", "textLength", "lengthAdjust")


def _single(value: str | None) -> bool:
    return value is None or len(value.replace(",", " ").split()) <= 1


def is_simple_run(node) -> bool:
    """Whether WeasyPrint would draw every character of this node where the whole run puts it."""
    return (
        node.tag in ("text", "tspan")
        and bool(node.text)
        and _single(node.get("x"))
        and _single(node.get("y"))
        and not any(node.get(name) is not None for name in PER_CHARACTER)
        and node.get("letter-spacing", "normal") in ("normal", "0")
        and node.get("direction", "ltr") == "ltr"
    )


def _style(svg, node, font_size):
    """The text style, built as WeasyPrint's own svg/text.py builds it."""
    from weasyprint.css.properties import INITIAL_VALUES

    style = _text_module.Style()
    style.update(INITIAL_VALUES)
    style.font_config = svg.font_config
    style["font_family"] = [font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")]
    style["font_style"] = node.get("font-style", "normal")
    weight = node.get("font-weight", 400)
    style["font_size"] = font_size
    if weight == "normal":
        weight = 400
    elif weight == "bold":
        weight = 700
    try:
        style["font_weight"] = int(weight)
    except ValueError:
        style["font_weight"] = 400
    return style


def _y_align(node, height: float, font_size: float) -> float:
    """The baseline shift, as WeasyPrint's own svg/text.py works it out."""
    ascent, descent = font_size * 0.8, font_size * 0.2
    display_anchor = node.get("display-anchor")
    baseline = node.get("dominant-baseline", node.get("alignment-baseline"))
    if display_anchor == "middle":
        return -height / 2
    if display_anchor == "top":
        return 0
    if display_anchor == "bottom":
        return -height
    if baseline in ("central", "middle"):
        return (ascent + descent) / 2 - descent
    if baseline in ("text-before-edge", "before_edge", "top", "hanging", "text-top"):
        return ascent
    if baseline in ("text-after-edge", "after_edge", "bottom", "text-bottom"):
        return -descent
    return 0


@functools.lru_cache(maxsize=256)
def _color(value: str):
    return _utils.color(value)


def _graphical_state(svg, node, font_size):
    """Fill and stroke as WeasyPrint's set_graphical_state gives them, quicker for plain filled text.

    Text that is only filled with a colour (a chart's labels) needs the colour and nothing of
    the stroke's width, dashes, caps, joins or mitre: those are set for every node otherwise,
    each colour parsed anew, and that was a third of the charts' text cost.
    """
    fill = node.get("fill", "black").strip()
    stroke = node.get("stroke", "none").strip()
    plain = stroke in ("", "none") and "(" not in fill and not fill.startswith("context-")
    if not plain or node.get("fill-opacity") is not None:
        return svg.set_graphical_state(node, font_size)
    if fill in ("", "none"):
        return None, None
    svg.stream.set_color(_color(fill))
    return fill, None


def text(svg, node, font_size):
    """Draw a text node: a simple run whole, anything else as WeasyPrint does."""
    if not is_simple_run(node):
        return _original_text(svg, node, font_size)
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.text.ffi import FROM_UNITS, pango
    from weasyprint.text.line_break import create_layout, line_size

    style = _style(svg, node, font_size)
    # One line, never wrapped; measured and drawn from the one layout (WeasyPrint's code measures
    # through split_first_line, which drops the layout, and shapes the text again to draw it).
    layout = create_layout(node.text, style, svg.context, None, 0)
    first_line, _ = layout.get_first_line()
    width, height = line_size(first_line, style)
    baseline = pango.pango_layout_get_baseline(layout.layout) * FROM_UNITS

    # The cursor, as for the first letter in WeasyPrint (whose "if x" also skips an x of 0).
    x = _text_module.size(node.get("x"), font_size, svg.inner_width) if node.get("x") is not None else None
    y = _text_module.size(node.get("y"), font_size, svg.inner_height) if node.get("y") is not None else None
    if x:
        svg.cursor_d_position[0] = 0
    if y:
        svg.cursor_d_position[1] = 0
    x = svg.cursor_position[0] if x is None else x
    y = svg.cursor_position[1] if y is None else y
    svg.cursor_position = x + width, y
    x_position = x + svg.cursor_d_position[0]
    y_position = y + svg.cursor_d_position[1] + _y_align(node, height, font_size)
    points = ((x_position, y_position - baseline), (x_position + width, y_position - baseline + height))
    node.text_bounding_box = _text_module.extend_bounding_box(node.text_bounding_box, points)

    svg.stream.push_state()
    fill, stroke = _graphical_state(svg, node, font_size)
    svg.stream.begin_text()
    svg.fill_stroke(fill, stroke, text=True)
    text_box = _text_module.TextBox(layout, style)
    text_box.baseline = baseline
    emojis = draw_first_line(svg.stream, text_box, "none", "none", Matrix(d=-1, e=x_position, f=y_position))
    svg.stream.end_text()
    svg.stream.pop_state()
    draw_emojis(svg.stream, style, x, y, emojis)


def install() -> bool:
    """Draw SVG text with ``text`` above; only with the pinned WeasyPrint. True when installed."""
    if weasyprint.__version__ != PATCHED_VERSION:
        return False
    for tag, drawer in list(_svg.TAGS.items()):
        if drawer is _original_text or drawer is text:
            _svg.TAGS[tag] = text
    _svg.text = text
    return True


INSTALLED = install()

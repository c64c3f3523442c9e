"""What changed between two submitted versions: every figure, and the paragraphs.

Both sides are stored documents (reports/stored.py), so the comparison shows
what the county received each time, not the live data. A figure is one cell of
an appendix table, named by table, row and column, exactly as printed
(「党员学历结构 · 大学本科 · 人数」: 12 → 14). Paragraphs are matched in order
with difflib; a changed paragraph carries its characters marked old/new.
"""

import difflib
import re
from dataclasses import dataclass, field

from reports.document import ReportDocument
from reports.templatetags.report_cells import cell


@dataclass
class FigureChange:
    table: str
    row: str
    column: str
    old: str  # "" when the figure was not in the older version
    new: str  # "" when it is gone from the newer one


@dataclass
class ParagraphChange:
    kind: str  # "added", "removed", "changed"
    old: str = ""
    new: str = ""
    # For "changed": (kind, text) runs, kind one of "same", "old", "new", in reading order.
    runs: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class VersionDiff:
    figures: list[FigureChange]
    paragraphs: list[ParagraphChange]

    @property
    def unchanged(self) -> bool:
        return not self.figures and not self.paragraphs


def figures(document: ReportDocument) -> dict[tuple[str, str, str], str]:
    """(table, row label, column) → the cell as printed, for every figure of the appendix."""
    out = {}
    for table in document.tables:
        for row in table.rows:
            label = cell(row[0]) if row else ""
            for column, value in zip(table.header[1:], row[1:], strict=False):
                out[(table.title, label, column)] = cell(value)
    return out


def paragraph_list(document: ReportDocument) -> list[str]:
    """Every paragraph in reading order, headings included, so a moved section reads as moved."""
    out = [*document.opening]
    for section in document.sections:
        out.append(f"{section.number}{section.heading}")
        out += section.paragraphs
        for sub in section.subsections:
            out.append(f"{sub.number}{sub.heading}")
            out += sub.paragraphs
    return out


# A number (with its decimals and percent sign) is one token, so 546 → 543 reads as a whole number
# replaced, not as the digit 6 replaced by 3; every other character is a token of its own.
TOKEN = re.compile(r"\d+(?:\.\d+)?%?|.", re.S)


def _runs(old: str, new: str) -> list[tuple[str, str]]:
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("old", "".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("new", "".join(b[j1:j2])))
    return runs


def compare(old: ReportDocument, new: ReportDocument) -> VersionDiff:
    before, after = figures(old), figures(new)
    changed = [
        FigureChange(*key, before.get(key, ""), after.get(key, ""))
        for key in [*before, *(k for k in after if k not in before)]
        if before.get(key) != after.get(key)
    ]
    a, b = paragraph_list(old), paragraph_list(new)
    paragraphs = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        olds, news = a[i1:i2], b[j1:j2]
        # Pair replaced paragraphs one to one; what is left over was removed or added.
        for o, n in zip(olds, news, strict=False):
            paragraphs.append(ParagraphChange("changed", o, n, _runs(o, n)))
        paragraphs += [ParagraphChange("removed", old=o) for o in olds[len(news) :]]
        paragraphs += [ParagraphChange("added", new=n) for n in news[len(olds) :]]
    return VersionDiff(changed, paragraphs)

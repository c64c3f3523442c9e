"""The report's charts, drawn from the very tables printed beside them.

A table names how it is drawn (``Table.chart``); this module turns its rows into
a drawing through dangjian/charts.py. Because the drawing is made from the
table's own cells, the chart and the table cannot disagree, and a version page
draws the figures as they were submitted (reports/stored.py), not today's.
"""

from dangjian.charts import Bar, Series, bar_chart, fits_beside, grouped_bar_chart, line_chart
from dangjian.shares import Share
from reports.document import Table


def share_text(count: int, share: Share) -> str:
    return f"{count}（{share.percent_text}）"


def _share_bars(table: Table) -> tuple[Bar, ...]:
    return tuple(Bar(str(row[0]), row[1], share_text(row[1], row[2])) for row in table.rows)


def _shares(table: Table) -> list[str]:
    bars = _share_bars(table)
    return [bar_chart(table.title, bars, beside=fits_beside(bars))]


def _stage_bars(table: Table) -> tuple[Bar, ...]:
    # 发展党员情况 (reports/life.py): its first three rows are where people stand in the pipeline.
    return tuple(Bar(str(row[0]), row[1], str(row[1])) for row in table.rows[:3])


def _pipeline(table: Table) -> list[str]:
    bars = _stage_bars(table)
    return [bar_chart(f"{table.title}（各阶段人数）", bars, beside=fits_beside(bars))]


def _completion(table: Table) -> list[str]:
    # The last row is 合计; the chart shows the areas. 完成率 is the last column, 已完成 the third.
    bars = tuple(
        Bar(str(row[0]), float(row[-1].percent), f"{row[2]}/{row[1]}（{row[-1].percent_text}）")
        for row in table.rows[:-1]
    )
    return [bar_chart(f"{table.title}（完成率）", bars)]


def _count_and_shares(table: Table) -> tuple[Series, tuple[Series, ...]]:
    """Column 1 (a count) as one series, and each later column (a Share) as a series of percentages."""
    count = Series(table.header[1], tuple(row[1] for row in table.rows), tuple(str(row[1]) for row in table.rows))
    shares = tuple(
        Series(
            table.header[column],
            tuple(float(row[column].percent) for row in table.rows),
            tuple(row[column].percent_text for row in table.rows),
        )
        for column in range(2, len(table.header))
    )
    return count, shares


def _trend(table: Table) -> list[str]:
    labels = tuple(f"{row[0].year}年" if hasattr(row[0], "year") else str(row[0]) for row in table.rows)
    totals, structure = _count_and_shares(table)
    return [
        line_chart("党员总数", labels, (totals,)),
        line_chart("年龄和学历结构（占党员总数）", labels, structure),
    ]


def _townships(table: Table) -> list[str]:
    labels = tuple(str(row[0]) for row in table.rows)
    members, shares = _count_and_shares(table)
    return [
        grouped_bar_chart("各乡镇党员人数", labels, (members,)),
        grouped_bar_chart("各乡镇党员队伍结构（占党员总数）", labels, shares),
    ]


DRAWERS = {
    "shares": _shares,
    "pipeline": _pipeline,
    "completion": _completion,
    "trend": _trend,
    "townships": _townships,
}
# The horizontal bars of the tables whose drawing may go beside them.
BARS_BESIDE = {"shares": _share_bars, "pipeline": _stage_bars}


# Past this many rows a drawing is taller than a page and no easier to read than its table.
MAX_ROWS = 24


def drawn_beside(table: Table) -> bool:
    """Whether the table's drawing goes beside it rather than under it: a table of two or three
    columns leaves half the column free, and its bars are drawn for that space when their labels
    fit there (reports/templatetags/report_cells.beside_widths sets the two widths)."""
    bars = BARS_BESIDE.get(table.chart)
    return bars is not None and bool(table_charts(table)) and fits_beside(bars(table))


def table_charts(table: Table) -> list[str]:
    """The SVG drawings of a table (none when it is not drawn, has no rows or too many)."""
    drawer = DRAWERS.get(table.chart)
    if drawer is None or not table.rows or len(table.rows) > MAX_ROWS:
        return []
    try:
        return drawer(table)
    except (AttributeError, IndexError, TypeError, ValueError):
        # A version stored before a table's layout changed: show its numbers without the drawing.
        return []

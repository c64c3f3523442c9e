"""A submitted version's stored data back as the ReportDocument it was made from.

The inverse of ``reports.serialize.to_data`` for what ``report_submit`` stores,
so the version page lays out the frozen figures and text with the same HTML
renderer as the live preview, and never reads the live database.
"""

import datetime

from reports.document import ReportDocument, Section, Subsection, Table
from reports.serialize import cell_from_data, statistics_from_data


def from_data(data: dict, *, year: int, township: str = "") -> ReportDocument | None:
    """A stored version's document, exactly as submitted (None when the version stored no document)."""
    if not isinstance(data, dict) or "sections" not in data or "title" not in data:
        return None
    statistics = statistics_from_data(data)
    try:
        as_of = statistics.as_of if statistics else datetime.date.fromisoformat(data["issued_on"])
        return ReportDocument(
            title=data["title"],
            issuer=data.get("issuer", ""),
            issued_on=datetime.date.fromisoformat(data["issued_on"]),
            as_of=as_of,
            year=year,
            township=statistics.township if statistics else township,
            opening=list(data.get("opening", [])),
            sections=[
                Section(
                    s["number"],
                    s["heading"],
                    list(s.get("paragraphs", [])),
                    [Subsection(sub["number"], sub["heading"], list(sub["paragraphs"])) for sub in s["subsections"]],
                )
                for s in data["sections"]
            ],
            tables=[
                Table(
                    t["title"],
                    list(t["header"]),
                    [[cell_from_data(c) for c in row] for row in t["rows"]],
                    t.get("note", ""),
                    t.get("chart", ""),
                )
                for t in data.get("tables", [])
            ],
            statistics=statistics,
        )
    except (KeyError, TypeError, ValueError):
        return None

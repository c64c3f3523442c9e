"""The official roll-up: the figures the townships submitted, not today's data.

Each row is the stored statistics of one township's latest version of the
year (``basis="submitted"``: the last version the county received, whatever
its decision; ``basis="approved"``: the last approved one), and says which
version and date it comes from. Townships with no such version are listed as
missing, never counted as zero. The totals add the stored counts and compute
their shares from them.

Queries: the townships' versions of the year with their decisions (two), and
nothing per township.
"""

import datetime
from dataclasses import dataclass

from dangjian.dates import date_text
from dangjian.shares import Share
from organizations.figures import MemberFigures
from planning.figures import TaskSummary
from reports.document import ReportDocument, Table
from reports.models import ReportVersion, Status
from reports.rollup import Rollup, TownshipFigures, _added_organization_figures, rollup_document
from reports.serialize import statistics_from_data

BASES = {"submitted": "各乡镇最新报送的版本", "approved": "各乡镇已审核通过的版本"}


@dataclass
class OfficialRollup:
    rollup: Rollup
    basis: str
    missing: list[str]  # townships with no version on this basis (or one without stored figures)

    @property
    def basis_label(self) -> str:
        return BASES[self.basis]


def chosen_versions(townships, year: int, basis: str) -> dict[int, ReportVersion]:
    """Township id → its latest version of ``year`` on ``basis``."""
    chosen: dict[int, ReportVersion] = {}
    versions = (
        ReportVersion.objects.filter(report__township__in=townships, report__year=year)
        .select_related("report")
        .prefetch_related("decisions")
        .order_by("number")
    )
    for version in versions:
        if basis == "approved" and version.status != Status.APPROVED:
            continue
        chosen[version.report.township_id] = version  # ascending: the last one wins
    return chosen


def source_text(version: ReportVersion) -> str:
    return (
        f"第{version.number}版（{version.status.label}），统计截至{date_text(version.as_of)}，"
        f"{version.submitted_at:%Y-%m-%d}提交"
    )


def added_member_figures(figures: list[MemberFigures]) -> MemberFigures:
    """The members of several townships together: counts added, shares recomputed from them."""
    total = sum(f.total for f in figures)

    def added(name: str) -> Share:
        return Share(sum(getattr(f, name).count for f in figures), total)

    def added_pairs(name: str) -> list[tuple[str, Share]]:
        counts: dict[str, int] = {}
        for f in figures:
            for label, share in getattr(f, name):
                counts[label] = counts.get(label, 0) + share.count
        return [(label, Share(n, total)) for label, n in counts.items()]

    plain = {}
    for name in MemberFigures.__dataclass_fields__:
        if name == "total":
            plain[name] = total
        elif name.startswith("by_"):
            plain[name] = added_pairs(name)
        else:
            plain[name] = added(name)
    return MemberFigures(**plain)


def official_rollup(townships, *, title: str, year: int, basis: str, whole: str = "全县") -> OfficialRollup:
    townships = list(townships.order_by("path"))
    chosen = chosen_versions(townships, year, basis)
    rows, missing = [], []
    for township in townships:
        version = chosen.get(township.pk)
        stats = statistics_from_data(version.data) if version else None
        if stats is None:
            missing.append(township.name)
            continue
        rows.append(
            TownshipFigures(
                township.name,
                township.pk,
                stats.members,
                stats.organizations,
                TaskSummary.total_of(stats.tasks),
                source=source_text(version),
            )
        )
    total = TownshipFigures(
        "合计",
        None,
        added_member_figures([r.members for r in rows]),
        _added_organization_figures([r.organizations for r in rows]),
        TaskSummary.total_of([r.tasks for r in rows]),
    )
    # The roll-up has no single date; its tables say the latest, the sources table each row's own.
    as_of = max((chosen[r.township_id].as_of for r in rows), default=datetime.date(year, 12, 31))
    rollup = Rollup(title=title, year=year, as_of=as_of, rows=rows, total=total, whole=whole)
    return OfficialRollup(rollup, basis, missing)


def sources_table(official: OfficialRollup) -> Table:
    rows = [[row.name, row.source] for row in official.rollup.rows]
    rows += [[name, "没有符合条件的版本，未计入合计"] for name in official.missing]
    return Table(f"数据来源（{official.basis_label}）", ["乡镇", "版本和日期"], rows)


def official_document(official: OfficialRollup, *, issuer: str) -> ReportDocument:
    """The county summary in the report's layout, saying where every row comes from."""
    document = rollup_document(official.rollup, issuer=issuer)
    first = document.sections[0]
    first.paragraphs = [
        f"本表按{official.basis_label}中保存的数字汇总，各乡镇的统计截止日期见“数据来源”表。"
        + first.paragraphs[0].split("，", 1)[1]
    ]
    document.tables.append(sources_table(official))
    return document

"""This year against last: each headline figure beside its value on the same date a year earlier.

The earlier figures come from the same figure functions run at
``add_years(day, -1)`` (point-in-time statistics make any past date
computable), or, when the clerk chooses and last year's report has a submitted
version, from that version's stored figures; the sentence says which.

Cost: one query for the earlier date and the five-year trend together
(``headline_figures_on_dates``), plus one for last year's version when the
submitted figures are asked for.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef

from dangjian.dates import add_years, date_text
from dangjian.shares import Share
from organizations.figures import HeadlineFigures, MemberFigures, headline_figures_on_dates
from reports.models import Decision, ReportVersion, ReviewDecision
from reports.serialize import member_figures_from_data

# (label in the sentence, HeadlineFigures attribute): the 公报's headline shares.
HEADLINES = (
    ("女党员", "women"),
    ("35岁及以下党员", "young"),
    ("60岁及以上党员", "old"),
    ("少数民族党员", "minorities"),
    ("大专及以上学历党员", "higher_education"),
    ("预备党员", "probationary"),
)
TREND_YEARS = 5


def _number(value: Decimal) -> str:
    """0.40 → 0.4, 2.00 → 2: percentage points read as the 公报 writes them."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class ShareChange:
    label: str
    now: Share
    before: Share

    @property
    def points(self) -> Decimal:
        return self.now.percent - self.before.percent

    @property
    def text(self) -> str:
        """「35岁及以下党员占12.64%，比上年提高0.4个百分点」."""
        head = f"{self.label}占{self.now.percent_text}"
        if not self.points:
            return f"{head}，与上年持平"
        word = "提高" if self.points > 0 else "降低"
        return f"{head}，比上年{word}{_number(abs(self.points))}个百分点"


@dataclass
class YearOnYear:
    day: datetime.date
    before_day: datetime.date
    now: HeadlineFigures
    before: HeadlineFigures
    basis: str  # where last year's figures come from, said in the text

    @property
    def net(self) -> int:
        return self.now.total - self.before.total

    @property
    def growth(self) -> Share:
        """The change as a share of last year's total (its sign is ``net``'s)."""
        return Share(abs(self.net), self.before.total)

    @property
    def changes(self) -> list[ShareChange]:
        return [ShareChange(label, getattr(self.now, key), getattr(self.before, key)) for label, key in HEADLINES]

    @property
    def total_text(self) -> str:
        """「党员总数546名，比上年净增12名，增幅2.25%」."""
        head = f"党员总数{self.now.total}名"
        if not self.before.total:
            return f"{head}（上年同期无党员数据）"
        if not self.net:
            return f"{head}，与上年持平"
        if self.net > 0:
            return f"{head}，比上年净增{self.net}名，增幅{self.growth.percent_text}"
        return f"{head}，比上年净减{-self.net}名，降幅{self.growth.percent_text}"

    def sentence(self) -> str:
        """The paragraph 基本情况 offers: every headline figure against the same date a year earlier."""
        clauses = [self.total_text] + ([c.text for c in self.changes if c.now.count or c.before.count])
        return f"与上年同期相比（{self.basis}），{'；'.join(clauses)}。"


@dataclass
class Trend:
    days: list[datetime.date]
    figures: list[HeadlineFigures]  # oldest first


def live_basis(before_day: datetime.date) -> str:
    return f"上年数字按{date_text(before_day)}的在册数据计算"


def submitted_basis(version: ReportVersion) -> str:
    return f"上年数字取自{version.as_of.year}年报送的第{version.number}版汇报，统计截至{date_text(version.as_of)}"


def last_years_version(township, year: int) -> ReportVersion | None:
    """Last year's latest version that was not returned (submitted or approved). One query."""
    returned = ReviewDecision.objects.filter(version=OuterRef("pk"), decision=Decision.RETURNED)
    return (
        ReportVersion.objects.filter(report__township=township, report__year=year - 1)
        .annotate(returned=Exists(returned))
        .filter(returned=False)
        .order_by("-number")
        .first()
    )


def year_on_year(
    members, day: datetime.date, now: MemberFigures, *, township=None, year: int | None = None, submitted: bool = False
) -> tuple[YearOnYear, Trend]:
    """Last year's comparison and the five-year trend of ``members`` (a scoped queryset) up to ``day``.

    ``submitted``: use last year's submitted figures of ``township`` when there are any
    (one query more), else the live figures at the same date a year earlier.
    """
    days = [add_years(day, -years) for years in range(TREND_YEARS - 1, 0, -1)]  # oldest first, ``day`` excluded
    earlier = headline_figures_on_dates(members, days)
    now_headlines = HeadlineFigures.of(now)
    before_day = days[-1]
    yoy = YearOnYear(day, before_day, now_headlines, earlier[-1], live_basis(before_day))
    if submitted and township is not None:
        version = last_years_version(township, year or day.year)
        stored = member_figures_from_data(version.data) if version else None
        if stored is not None:
            yoy = YearOnYear(day, version.as_of, now_headlines, HeadlineFigures.of(stored), submitted_basis(version))
    return yoy, Trend([*days, day], [*earlier, now_headlines])

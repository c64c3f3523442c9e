"""A count out of a total, and the one rounding rule every page, report and export uses."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings


@dataclass(frozen=True)
class Share:
    """A count out of a total; the percentage is always computed from these two."""

    count: int
    total: int

    @property
    def percent(self) -> Decimal:
        """Percentage rounded half-up to ``settings.SHARE_DECIMALS`` places (12.64)."""
        if not self.total:
            return Decimal(0).quantize(_quantum())
        return (Decimal(self.count) * 100 / Decimal(self.total)).quantize(_quantum(), ROUND_HALF_UP)

    @property
    def fraction(self) -> Decimal:
        """The shown percentage as a fraction (0.1264), for spreadsheet percentage cells."""
        return self.percent / 100

    @property
    def percent_text(self) -> str:
        return f"{self.percent}%"


def _quantum() -> Decimal:
    return Decimal(1).scaleb(-settings.SHARE_DECIMALS)

from .report import Report, ReportQuerySet, ReportSection
from .review import Decision, FrozenVersionError, ReportVersion, ReviewDecision, Status

__all__ = [
    "Decision",
    "FrozenVersionError",
    "Report",
    "ReportQuerySet",
    "ReportSection",
    "ReportVersion",
    "ReviewDecision",
    "Status",
]

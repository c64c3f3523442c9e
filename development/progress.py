"""One person's progress through the 25 steps, from rows already loaded (no queries).

The services, the timing warnings, the figures and the pages all read a person
through ``Progress``, so "admitted on", "conversion due" and "status on a day"
have one definition.
"""

import datetime
from dataclasses import dataclass, field

from dangjian.dates import add_months, add_years

from .models import Candidate, ProbationChange, ProbationChangeKind, Status, StepRecord, status_after
from .steps import ADMITTED, CONVERTED, LAST_STEP

# A conversion meeting within this many months after probation ends still counts as on time.
ON_TIME_MONTHS = 1


@dataclass
class Progress:
    candidate: Candidate
    steps: list[StepRecord] = field(default_factory=list)
    changes: list[ProbationChange] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.steps = sorted(self.steps, key=lambda s: s.number)
        self._by_number = {s.number: s for s in self.steps}

    @classmethod
    def load(cls, candidate: Candidate) -> "Progress":
        """Two queries: the person's steps and probation changes."""
        return cls(candidate, list(candidate.steps.all()), list(candidate.probation_changes.all()))

    def record(self, number: int) -> StepRecord | None:
        return self._by_number.get(number)

    def date_of(self, number: int) -> datetime.date | None:
        record = self._by_number.get(number)
        return record.done_on if record else None

    @property
    def last(self) -> StepRecord | None:
        return self.steps[-1] if self.steps else None

    @property
    def next_step(self) -> int | None:
        """The step that may be recorded next (None when all 25 are done or the person was cancelled)."""
        if self.cancelled_on:
            return None
        number = self.last.number + 1 if self.last else 1
        return number if number <= LAST_STEP else None

    def latest_on(self, day: datetime.date) -> int | None:
        done = [s.number for s in self.steps if s.done_on <= day]
        return max(done) if done else None

    def change(self, kind: str) -> ProbationChange | None:
        return next((c for c in self.changes if c.kind == kind), None)

    @property
    def extension(self) -> ProbationChange | None:
        return self.change(ProbationChangeKind.EXTENDED)

    @property
    def cancelled_on(self) -> datetime.date | None:
        change = self.change(ProbationChangeKind.CANCELLED)
        return change.decided_on if change else None

    def status_on(self, day: datetime.date) -> Status | None:
        if self.cancelled_on and self.cancelled_on <= day:
            return Status.CANCELLED
        return status_after(self.latest_on(day))

    @property
    def status(self) -> Status | None:
        """Status after everything recorded."""
        if self.cancelled_on:
            return Status.CANCELLED
        return status_after(self.last.number if self.last else None)

    @property
    def admitted_on(self) -> datetime.date | None:
        return self.date_of(ADMITTED)

    @property
    def converted_on(self) -> datetime.date | None:
        return self.date_of(CONVERTED)

    @property
    def conversion_due(self) -> datetime.date | None:
        """Probation is one year from admission, plus an extension if one was decided."""
        if not self.admitted_on:
            return None
        due = add_years(self.admitted_on, 1)
        extension = self.extension
        return add_months(due, extension.months) if extension else due

    @property
    def converted_on_time(self) -> bool:
        """按期转正: converted without an extension, at the branch meeting held as the year ended
        (within a month of the due date). Anything else converted is 延期转正 (late)."""
        return (
            bool(self.converted_on)
            and self.extension is None
            and self.converted_on <= add_months(self.conversion_due, ON_TIME_MONTHS)
        )

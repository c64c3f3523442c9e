"""What every domain's importer provides, and what it reports back.

A domain importer (organizations/imports.py for members, organizations and
villages) names its sheets and columns, then ``apply`` (or ``steps``, which
says how far it has got) goes through the rows:
each row is validated by the same form as the web page and saved, or its
problems are recorded. The flow (imports/services.py) runs ``apply`` inside
one transaction and rolls it back unless the whole file was clean and the
user confirmed, so the preview shows exactly what confirming will do.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from imports.cells import Problem
from imports.reader import Book, SheetSpec

CREATED, UPDATED, UNCHANGED = "新建", "更新", "不变"
# How often a long import says how far it has got (rows).
PROGRESS_EVERY = 500


@dataclass
class Action:
    sheet: str
    row: int
    what: str  # CREATED, UPDATED or UNCHANGED
    label: str  # the member's or organization's name
    detail: str = ""  # the changed columns, or a note

    def to_json(self) -> list:
        return [self.sheet, self.row, self.what, self.label, self.detail]


@dataclass
class Outcome:
    problems: list[Problem] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, what: str) -> int:
        return sum(1 for action in self.actions if action.what == what)

    @property
    def created(self) -> int:
        return self.count(CREATED)

    @property
    def updated(self) -> int:
        return self.count(UPDATED)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)

    def to_json(self) -> dict:
        return {
            "problems": [problem.to_json() for problem in self.problems],
            "actions": [action.to_json() for action in self.actions],
        }

    @classmethod
    def from_json(cls, data: dict) -> "Outcome":
        return cls([Problem(*p) for p in data["problems"]], [Action(*a) for a in data["actions"]])


class Importer:
    """One kind of import. Subclasses set the class attributes and implement ``apply``."""

    key: str
    label: str
    sheets: tuple[SheetSpec, ...]
    # For the template: the 填写说明 lines and example rows per sheet key.
    instructions: tuple[str, ...] = ()
    examples: dict[str, list[dict[str, str]]] = {}

    def __init__(self, *, township, user):
        self.township = township
        self.user = user
        # False while previewing: what only matters for the database may be skipped (the transaction rolls back).
        self.commit = False

    def apply(self, book: Book, outcome: Outcome) -> None:
        for _done in self.steps(book, outcome):
            pass

    def plan(self) -> dict | None:
        """After a clean check: what confirming will write, kept with the preview (None: nothing kept)."""
        return None

    def apply_plan(self, book: Book, plan: dict, outcome: Outcome) -> bool:
        """Write ``plan`` if the data it was made from is unchanged since; False, having written nothing, if not."""
        return False

    def steps(self, book: Book, outcome: Outcome) -> Iterator[int]:
        """Apply the rows, yielding how many are done now and then (for a progress display).

        Importers of small files (organization trees) override ``apply`` and are done in one step.
        """
        self.apply(book, outcome)
        yield book.row_count

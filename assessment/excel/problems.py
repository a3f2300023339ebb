"""What is wrong with an imported file, worded for the person who sent it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

KEPT_PROBLEMS = 1_000  # kept in full; past this they are only counted, so memory stays bounded
SHOWN_PROBLEMS = 20  # listed on the page and the command line; the rest are counted in one line


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with one file, and where: sheet, row and column when they are known."""

    file: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"sheet {self.sheet!r}")
        if self.row:
            where.append(f"row {self.row}")
        if self.column:
            where.append(self.column)
        return f"{', '.join(where)}: {self.message}"


class Problems:
    """The problems found so far: the first KEPT_PROBLEMS in full, every one counted."""

    def __init__(self) -> None:
        self.kept: list[ImportProblem] = []
        self.count = 0

    def append(self, problem: ImportProblem) -> None:
        """Count a problem, and keep it while fewer than KEPT_PROBLEMS are kept."""
        self.count += 1
        if len(self.kept) < KEPT_PROBLEMS:
            self.kept.append(problem)

    def __len__(self) -> int:
        return self.count


class ImportRefused(ValueError):
    """The batch was not imported; problems lists the reasons (the first KEPT_PROBLEMS of count)."""

    def __init__(self, problems: Sequence[ImportProblem] | Problems) -> None:
        self.problems = list(problems.kept if isinstance(problems, Problems) else problems)
        self.count = len(problems)
        super().__init__(f"nothing was imported: {self.count:,} problem{'s' if self.count != 1 else ''} found")

    def first(self) -> list[ImportProblem]:
        """The problems to list to a person: the first SHOWN_PROBLEMS."""
        return self.problems[:SHOWN_PROBLEMS]

    def more(self) -> str | None:
        """'... and N more problems' when there are more than first() lists; None otherwise."""
        rest = self.count - len(self.first())
        if rest <= 0:
            return None
        return f"... and {rest:,} more problem{'s' if rest != 1 else ''}"

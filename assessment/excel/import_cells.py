"""Reading an imported file's cells: tables found by their header rows, answers, text and numbers checked
against the framework, the problems found and the plan of what would be saved. Shared by the
questionnaire and results-workbook imports (importer.py, results_import.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from openpyxl.utils import get_column_letter

from assessment.excel import questionnaire
from assessment.excel.problems import ImportProblem, Problems
from assessment.excel.reader import (
    LIMITS,
    Bounds,
    Sheet,
)
from assessment.framework import Framework
from assessment.models import (
    MAX_COMMENT,
    ItemKind,
)
from assessment.storage import ImportedParticipant, ImportedRound

HEADER_SEARCH_ROWS = 30  # a table's header row is looked for this far down, so every table starts above it
QUESTIONNAIRE_SPARE_ROWS = 50  # below the questionnaire's items: room for a few notes, never for a data dump
# The most a results workbook may bring, which bounds its sheets before they are read.
MAX_ROUNDS = 200  # a programme workbook holds one round per area; England has about 150 such areas
MAX_PARTICIPANTS = 300  # in one round: a workshop has 8 to 40 people
MAX_ACTIONS = 200  # in one round's development plan


@dataclass(frozen=True)
class Response:
    """A questionnaire in the plan: its file, what it brings, and which response of which round it is."""

    file: str
    brings: str  # "one Schools participant, 5 of 41 items answered, for ..."
    round_id: int
    response_id: str | None


@dataclass
class ImportPlan:
    """What a clean batch would save: whole new rounds, and participants to add to existing rounds (or,
    for a questionnaire imported before, whose answers to replace)."""

    new_rounds: list[ImportedRound] = field(default_factory=list)
    round_files: list[str] = field(default_factory=list)  # the file each new round came from
    additions: dict[int, list[ImportedParticipant]] = field(default_factory=dict)
    lines: list[str | Response] = field(default_factory=list)  # one per file, in the batch's order
    replaced: frozenset[tuple[int, str]] | None = None  # once saved: the (round, response) that replaced one
    pins: list[str] = field(default_factory=list)  # one line per new round with its generated PIN, shown once

    @property
    def participants(self) -> int:
        """How many participants the batch brings in all (added, or replacing an earlier import)."""
        return sum(len(p) for p in self.additions.values()) + sum(len(r.participants) for r in self.new_rounds)

    @property
    def described(self) -> list[str]:
        """One line per file for the person importing; once saved, each questionnaire's line says
        whether it added a participant or replaced the answers of an earlier import of the same copy."""
        return [line if isinstance(line, str) else self._outcome(line) for line in self.lines]

    def _outcome(self, response: Response) -> str:
        text = f"{response.file}: {response.brings}"
        if self.replaced is None:
            return text
        if (response.round_id, response.response_id) in self.replaced:
            return f"{text}: replaced the answers of an earlier import of this questionnaire"
        return f"{text}: added as a new participant"

    def file_bringing(self, round_id: int, response_id: str) -> str | None:
        """The file of this batch that already brings this response, if any."""
        for line in self.lines:
            if isinstance(line, Response) and (line.round_id, line.response_id) == (round_id, response_id):
                return line.file
        return None


@dataclass
class Found:
    """Problems found in one sheet of one file, with the place each one is at."""

    file: str
    sheet: str | None
    problems: Problems

    def add(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.problems.append(ImportProblem(self.file, message, self.sheet, row, column))

    def on(self, sheet: str) -> Found:
        return Found(self.file, sheet, self.problems)


@dataclass
class HeaderTable:
    """A table on a sheet, found by its header row."""

    sheet: Sheet
    header_row: int
    columns: dict[str, int]

    def rows(self, *, to_first_blank: bool = False) -> Iterator[tuple[int, dict[str, object]]]:
        """(row number, header -> value) for every row below the header that is not blank; with
        to_first_blank, only down to the first blank row (where a sheet holds more tables below)."""
        for number in range(self.header_row + 1, len(self.sheet.rows) + 1):
            values = {h: self.sheet.value(number, c) for h, c in self.columns.items()}
            if any(v is not None and str(v).strip() for v in values.values()):
                yield number, values
            elif to_first_blank:
                return

    def formula(self, row: int, header: str) -> bool:
        """True when the cell holds a formula (whose result is never used)."""
        return header in self.columns and (row, self.columns[header]) in self.sheet.formulas


def find_table(sheet: Sheet, required: Sequence[str]) -> HeaderTable | None:
    for number, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS], start=1):
        headers = {str(v).strip(): i for i, v in enumerate(row, start=1) if isinstance(v, str) and v.strip()}
        if all(h in headers for h in required):
            return HeaderTable(sheet, number, headers)
    return None


# -- answers ---------------------------------------------------------------------------------------


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("\u2013", "-")).strip().lower()


def choice_lookup(framework: Framework, kind: ItemKind) -> dict[str, int | None]:
    """Every spelling accepted for an answer: the dropdown label, the number, the label alone."""
    lookup: dict[str, int | None] = {}
    for label, value in questionnaire.answer_choices(framework, kind):
        lookup[normal(label)] = value
        if value is not None:
            lookup[str(value)] = value
            lookup[normal(label.split(questionnaire.SEPARATOR, 1)[1])] = value
    lookup[normal("dont know")] = None
    return lookup


def parse_answer(value: object, kind: ItemKind, framework: Framework) -> tuple[bool, int | None, str | None]:
    """(answered, value, problem): a blank cell is unanswered; a don't know is answered with None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return False, None, None
    lookup = choice_lookup(framework, kind)
    if isinstance(value, bool):
        key = None
    elif isinstance(value, int | float):
        key = str(int(value)) if float(value).is_integer() else None
    else:
        key = normal(str(value))
    if key is not None and key in lookup:
        return True, lookup[key], None
    allowed = ", ".join(label for label, _ in questionnaire.answer_choices(framework, kind))
    return False, None, f"{quoted(value)} is not one of {allowed}"


def quoted(value: object) -> str:
    text = str(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return repr(text[:60] + ("..." if len(text) > 60 else ""))


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def cell_comment(value: object, table: HeaderTable, row: int, header: str, found: Found) -> str:
    if table.formula(row, header):
        found.add("holds a formula; type plain text instead", row, header)
        return ""
    text = cell_text(value)
    if len(text) > MAX_COMMENT:
        found.add(f"is {len(text)} characters long; the most allowed is {MAX_COMMENT}", row, header)
        return ""
    return text.replace("\x00", "")


def is_whole(value: object, low: int, high: int | None = None) -> bool:
    """True for a whole number (stored as int or float, not a boolean) from low to high."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and float(value).is_integer()
        and low <= value <= (high if high is not None else value)
    )


def number_in_range(value: object, low: float, high: float) -> tuple[float | None, str | None]:
    if value is None:
        return None, None
    if isinstance(value, int | float) and not isinstance(value, bool) and low <= value <= high:
        return float(value), None
    return None, f"{quoted(value)} is not a number from {low:g} to {high:g}"


# -- bounds ----------------------------------------------------------------------------------------


def questionnaire_bounds(framework: Framework) -> Bounds:
    """A Questionnaire sheet reaches at most a few rows past this framework's items, and column F."""
    rows, columns = questionnaire.sheet_rows(framework), len(questionnaire.HEADERS)
    return Bounds(
        rows + QUESTIONNAIRE_SPARE_ROWS,
        columns,
        f"a questionnaire for this framework has {rows}",
        f"a questionnaire has {columns} columns (A to {get_column_letter(columns)})",
    )


def results_bounds(framework: Framework, sheet: str, rounds: int = MAX_ROUNDS) -> Bounds:
    """A results workbook's sheet holds its tables' headers, then at most so many rows for each round."""
    per_round = {
        "About": 1,
        "Factor scores": len(framework.factors),
        "Continuum": len(framework.components) + len(framework.priority_areas),
        "Development plan": 2 * MAX_ACTIONS,  # the round's own plan, then its previous round's
        "Responses": MAX_PARTICIPANTS * questionnaire.most_items(framework),
    }[sheet]
    tables = 2 if sheet == "Development plan" else 1
    rows = tables * HEADER_SEARCH_ROWS + rounds * per_round
    if sheet == "About":
        why = f"a results workbook lists at most {MAX_ROUNDS} rounds"
    else:
        why = f"the {rounds} round{'s' if rounds != 1 else ''} listed on the About sheet can fill at most {rows:,}"
    return replace(LIMITS, rows=rows, rows_reason=why)


def partner_of(framework: Framework, value: object) -> str | None:
    """The id of the partner type a cell names (by its name, a name it had before, or its id); None if none."""
    text = normal(cell_text(value))
    for partner in framework.partner_types:
        if text in (normal(partner.name), partner.id, *(normal(name) for name in partner.former_names)):
            return partner.id
    return None

"""Import filled offline questionnaires and exported results workbooks, all or nothing.

plan_import reads and checks every file of a batch and either returns what would be saved or raises
ImportRefused listing every problem at once (the first thousand in full, all of them counted), each
naming the file, sheet, row and column. Nothing is written until the whole batch is clean;
import_files then saves it in one database transaction.

Every sheet is bounded by what the file claims to be before anything reads its cells: a questionnaire
sheet by the rows and columns this framework's questionnaire has, a results workbook's sheets by the
rounds its About sheet lists and the most rows a round can bring to each.

A questionnaire carries its response ID, made afresh for each downloaded copy: importing the same copy
again, re-saved or not, replaces that person's answers rather than adding a participant. A
questionnaire downloaded before response IDs existed still imports as a new participant; for those
only, the file's fingerprint in the audit trail refuses the very same file a second time (a re-saved
copy has another fingerprint and would count twice, so such copies should be imported once).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from assessment.disclosure import OTHER, WITHHELD_MEANING
from assessment.excel import export, questionnaire
from assessment.excel.problems import ImportProblem, ImportRefused, Problems
from assessment.excel.reader import (
    LIMITS,
    Bounds,
    Engine,
    Sheet,
    SheetTooLarge,
    UnreadableWorkbook,
    UntrustedWorkbook,
    open_untrusted,
)
from assessment.excel.safety import UnsafeFile, check_file
from assessment.framework import Framework
from assessment.models import (
    MAX_COMMENT,
    ActionInput,
    ActionStatus,
    Answer,
    ConsensusEntry,
    ItemKind,
    RoundInput,
    RoundStatus,
)
from assessment.storage import ImportedParticipant, ImportedRound, RoundRow, Store, hash_pin, new_pin

HEADER_SEARCH_ROWS = 30  # a table's header row is looked for this far down, so every table starts above it
FINGERPRINT = 16  # hex digits of a file's SHA-256 kept in the audit trail
QUESTIONNAIRE_SPARE_ROWS = 50  # below the questionnaire's items: room for a few notes, never for a data dump
# The most a results workbook may bring, which bounds its sheets before they are read.
MAX_ROUNDS = 200  # a programme workbook holds one round per area; England has about 150 such areas
MAX_PARTICIPANTS = 300  # in one round: a workshop has 8 to 40 people
MAX_ACTIONS = 200  # in one round's development plan
KIND_BY_LABEL = {
    export.STATEMENT_LABEL.lower(): ItemKind.STATEMENT,
    **{label.lower(): ItemKind(kind) for kind, label in export.KIND_LABELS.items()},
}


@dataclass(frozen=True)
class _Response:
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
    lines: list[str | _Response] = field(default_factory=list)  # one per file, in the batch's order
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

    def _outcome(self, response: _Response) -> str:
        text = f"{response.file}: {response.brings}"
        if self.replaced is None:
            return text
        if (response.round_id, response.response_id) in self.replaced:
            return f"{text}: replaced the answers of an earlier import of this questionnaire"
        return f"{text}: added as a new participant"

    def file_bringing(self, round_id: int, response_id: str) -> str | None:
        """The file of this batch that already brings this response, if any."""
        for line in self.lines:
            if isinstance(line, _Response) and (line.round_id, line.response_id) == (round_id, response_id):
                return line.file
        return None


@dataclass
class _Found:
    """Problems found in one sheet of one file, with the place each one is at."""

    file: str
    sheet: str | None
    problems: Problems

    def add(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.problems.append(ImportProblem(self.file, message, self.sheet, row, column))

    def on(self, sheet: str) -> _Found:
        return _Found(self.file, sheet, self.problems)


@dataclass
class _Table:
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


def _find_table(sheet: Sheet, required: Sequence[str]) -> _Table | None:
    for number, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS], start=1):
        headers = {str(v).strip(): i for i, v in enumerate(row, start=1) if isinstance(v, str) and v.strip()}
        if all(h in headers for h in required):
            return _Table(sheet, number, headers)
    return None


# -- entry points ----------------------------------------------------------------------------------


def plan_import(
    store: Store,
    framework: Framework,
    files: Sequence[tuple[str, bytes]],
    *,
    round_id: int | None = None,
    engine: Engine = "calamine",
) -> ImportPlan:
    """Check every file; returns the plan, or raises ImportRefused with every problem of every file.

    round_id, when given, is the only round questionnaires may be imported into."""
    problems = Problems()
    plan = ImportPlan()
    seen: dict[str, str] = {}
    if not files:
        raise ImportRefused([ImportProblem("(no file)", "Choose at least one .xlsx file to import.")])
    for name, data in files:
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen:
            problems.append(ImportProblem(name, f"This is the same file as {seen[digest]}; it would count twice."))
            continue
        seen[digest] = name
        _plan_file(store, framework, (name, data, digest[:FINGERPRINT]), plan, problems, round_id, engine)
    _check_rounds_unique(store, plan, problems)
    if problems:
        raise ImportRefused(problems)
    return plan


def import_files(
    store: Store,
    framework: Framework,
    files: Sequence[tuple[str, bytes]],
    *,
    round_id: int | None = None,
    engine: Engine = "calamine",
    actor: str = "import",
    may_add_rounds: bool = True,
) -> ImportPlan:
    """Check the batch and save it in one transaction; returns what was saved. ImportRefused (nothing
    saved) when any file has a problem, or holds whole rounds (a results workbook) and may_add_rounds is
    False; StoreError when the database refuses the batch. Every new round gets a generated facilitator
    PIN, in plan.pins (shown once, never stored in plain)."""
    plan = plan_import(store, framework, files, round_id=round_id, engine=engine)
    if plan.new_rounds and not may_add_rounds:
        raise ImportRefused(
            [
                ImportProblem(name, "A results workbook adds whole rounds, which needs the programme passphrase.")
                for name in dict.fromkeys(plan.round_files)
            ]
        )
    pins = [new_pin() for _ in plan.new_rounds]
    plan.new_rounds = [
        dataclasses.replace(imported, pin_hash=hash_pin(pin))
        for imported, pin in zip(plan.new_rounds, pins, strict=True)
    ]
    plan.pins = [
        f"{imported.spec.area} {imported.spec.held_on.isoformat()}: facilitator PIN {pin}"
        for imported, pin in zip(plan.new_rounds, pins, strict=True)
    ]
    plan.replaced = store.imports.import_batch(plan.new_rounds, plan.additions, actor=actor).replaced
    return plan


def _plan_file(
    store: Store,
    framework: Framework,
    file: tuple[str, bytes, str],
    plan: ImportPlan,
    problems: Problems,
    round_id: int | None,
    engine: Engine,
) -> None:
    """Check and read one file (name, contents, fingerprint), adding to the plan or to the problems."""
    name, data, fingerprint = file
    archive, refused = check_file(name, data)
    if refused:
        problems.append(refused)
        return
    found = _Found(name, None, problems)
    try:
        book = open_untrusted(archive, data, engine)
        sheets = book.sheet_names
        if questionnaire.SHEET in sheets:
            sheet = book.sheet(questionnaire.SHEET, _questionnaire_bounds(framework))
            _plan_questionnaire(store, framework, sheet, found.on(questionnaire.SHEET), plan, (round_id, fingerprint))
        elif {"About", "Responses"} <= set(sheets):
            _plan_results(framework, book, found, plan)
        else:
            found.add(
                f"This is neither an offline questionnaire nor a results workbook from this tool: its sheets are "
                f"{', '.join(repr(s) for s in sheets)}; a questionnaire has a sheet '{questionnaire.SHEET}', a "
                "results workbook has 'About' and 'Responses'."
            )
    except SheetTooLarge as exc:
        found.add(f"{exc}.")
    except (UnsafeFile, UnreadableWorkbook) as exc:
        found.add(f"This file {exc}." if isinstance(exc, UnsafeFile) else f"This file cannot be read: {exc}.")


# -- bounds ----------------------------------------------------------------------------------------


def _questionnaire_bounds(framework: Framework) -> Bounds:
    """A Questionnaire sheet reaches at most a few rows past this framework's items, and column F."""
    rows, columns = questionnaire.sheet_rows(framework), len(questionnaire.HEADERS)
    return Bounds(
        rows + QUESTIONNAIRE_SPARE_ROWS,
        columns,
        f"a questionnaire for this framework has {rows}",
        f"a questionnaire has {columns} columns (A to {get_column_letter(columns)})",
    )


def _results_bounds(framework: Framework, sheet: str, rounds: int = MAX_ROUNDS) -> Bounds:
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


# -- answers ---------------------------------------------------------------------------------------


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("\u2013", "-")).strip().lower()


def _choice_lookup(framework: Framework, kind: ItemKind) -> dict[str, int | None]:
    """Every spelling accepted for an answer: the dropdown label, the number, the label alone."""
    lookup: dict[str, int | None] = {}
    for label, value in questionnaire.answer_choices(framework, kind):
        lookup[_normal(label)] = value
        if value is not None:
            lookup[str(value)] = value
            lookup[_normal(label.split(questionnaire.SEPARATOR, 1)[1])] = value
    lookup[_normal("dont know")] = None
    return lookup


def _parse_answer(value: object, kind: ItemKind, framework: Framework) -> tuple[bool, int | None, str | None]:
    """(answered, value, problem): a blank cell is unanswered; a don't know is answered with None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return False, None, None
    lookup = _choice_lookup(framework, kind)
    if isinstance(value, bool):
        key = None
    elif isinstance(value, int | float):
        key = str(int(value)) if float(value).is_integer() else None
    else:
        key = _normal(str(value))
    if key is not None and key in lookup:
        return True, lookup[key], None
    allowed = ", ".join(label for label, _ in questionnaire.answer_choices(framework, kind))
    return False, None, f"{_quoted(value)} is not one of {allowed}"


def _quoted(value: object) -> str:
    text = str(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return repr(text[:60] + ("..." if len(text) > 60 else ""))


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _comment(value: object, table: _Table, row: int, header: str, found: _Found) -> str:
    if table.formula(row, header):
        found.add("holds a formula; type plain text instead", row, header)
        return ""
    text = _text(value)
    if len(text) > MAX_COMMENT:
        found.add(f"is {len(text)} characters long; the most allowed is {MAX_COMMENT}", row, header)
        return ""
    return text.replace("\x00", "")


# -- questionnaires --------------------------------------------------------------------------------


def _labelled(sheet: Sheet, label: str) -> tuple[int | None, object]:
    """The row of a label in column A near the top, and the value beside it."""
    for number in range(1, min(len(sheet.rows), questionnaire.HEADER_ROW) + 1):
        cell = sheet.value(number, 1)
        if isinstance(cell, str) and cell.strip().lower() == label.lower():
            return number, sheet.value(number, 2)
    return None, None


def _plan_questionnaire(
    store: Store, framework: Framework, sheet: Sheet, found: _Found, plan: ImportPlan, target: tuple[int | None, str]
) -> None:
    round_id, fingerprint = target
    round_row = _questionnaire_round(store, framework, sheet, found, round_id)
    readable, response_id = _questionnaire_response(sheet, found)
    if round_row is not None and readable and _counted_already(store, plan, found, round_row, response_id, fingerprint):
        return
    partner = _questionnaire_partner(framework, sheet, found)
    table = _find_table(sheet, ("ID", "Answer", "Comment"))
    if table is None:
        found.add("The header row with the columns ID, Answer and Comment is missing; use a fresh questionnaire.")
        return
    if round_row is None or not readable:
        return
    expected = {item_id: kind for kind, item_id, *_ in questionnaire.questionnaire_items(framework, round_row)}
    before = len(found.problems)
    answers, rows_of = _questionnaire_answers(framework, table, expected, found)
    answer_problems = len(found.problems) - before
    missing = [item_id for item_id in expected if item_id not in rows_of]
    if missing:
        found.add(
            f"The rows for {len(missing)} items are missing ({', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''}); "
            "rows may not be deleted. Use a fresh questionnaire."
        )
    if not answers and not answer_problems:
        found.add("No answers are filled in: choose an answer in the Answer column for at least one row.")
    if partner is None or not answers:
        return
    complete = len(answers) == len(expected)
    # Only a questionnaire without a response ID needs its fingerprint kept, to spot the same file again.
    source = "" if response_id else fingerprint
    person = ImportedParticipant(partner, tuple(answers), complete, source=source, response_id=response_id)
    plan.additions.setdefault(round_row.id, []).append(person)
    brings = (
        f"one {framework.partner_name(partner)} participant, {len(answers)} of {len(expected)} items answered, "
        f"for {round_row.area_name} {round_row.label}"
    )
    plan.lines.append(_Response(found.file, brings, round_row.id, response_id))


def _questionnaire_response(sheet: Sheet, found: _Found) -> tuple[bool, str | None]:
    """(readable, the questionnaire's response ID); the ID is None in a questionnaire downloaded before
    response IDs existed, which has no such row."""
    row, value = _labelled(sheet, questionnaire.RESPONSE_LABEL)
    if row is None:
        return True, None
    text = _text(value).strip().lower()
    if (row, 2) in sheet.formulas or not questionnaire.RESPONSE_ID.fullmatch(text):
        found.add(
            "has been changed or cleared; it tells this copy apart from every other and may not be edited. "
            "Send the file as it was downloaded, or fill in a fresh questionnaire.",
            row,
            questionnaire.RESPONSE_LABEL,
        )
        return False, None
    return True, text


def _counted_already(
    store: Store, plan: ImportPlan, found: _Found, round_row: RoundRow, response_id: str | None, fingerprint: str
) -> bool:
    """True, with the problem noted, when this questionnaire would count a response twice: another file
    of the batch is a copy of it, or (without a response ID) this very file was imported before. A
    questionnaire with a response ID imported before is no problem: it replaces its earlier import."""
    if response_id is not None:
        other = plan.file_bringing(round_row.id, response_id)
        if other is not None:
            found.add(
                f"This is a copy of the same questionnaire as {other} (the same response ID), so only one of them "
                "can count. One copy is one person's response: each person needs their own downloaded copy."
            )
        return other is not None
    if _imported_before(store, round_row.id, fingerprint):
        found.add("This file was already imported into this round; importing it again would count its answers twice.")
        return True
    return False


def _imported_before(store: Store, round_id: int, fingerprint: str) -> bool:
    """True when the audit trail records this very file among the round's earlier imports."""
    trail = store.audit.for_round(round_id)
    imports = trail[trail["event"] == "answers imported"]["detail"] if not trail.empty else []
    return any(fingerprint in detail for detail in imports)


def _questionnaire_round(
    store: Store, framework: Framework, sheet: Sheet, found: _Found, round_id: int | None
) -> RoundRow | None:
    row, code = _labelled(sheet, questionnaire.CODE_LABEL)
    if row is None or not _text(code).strip():
        found.add(
            "The round code is missing; use the questionnaire downloaded for this round.", row, questionnaire.CODE_LABEL
        )
        return None
    round_row = store.rounds.find_round_by_code(_text(code))
    if round_row is None:
        found.add(f"The round code {_quoted(code)} matches no round in this database.", row, questionnaire.CODE_LABEL)
        return None
    if round_id is not None and round_row.id != round_id:
        chosen = store.rounds.get_round(round_id)
        found.add(
            f"This questionnaire belongs to {round_row.area_name} {round_row.label}, not to the round chosen "
            f"({chosen.area_name} {chosen.label}); it cannot be imported here.",
            row,
            questionnaire.CODE_LABEL,
        )
        return None
    if round_row.status != RoundStatus.OPEN:
        found.add(
            f"The round {round_row.area_name} {round_row.label} is {round_row.status.value}; re-open it to import answers.",
            row,
            questionnaire.CODE_LABEL,
        )
        return None
    version_row, version = _labelled(sheet, questionnaire.VERSION_LABEL)
    if _text(version) != round_row.framework_version or round_row.framework_version != framework.version:
        found.add(
            f"The questionnaire was made for framework version {_quoted(version)}, the round uses "
            f"{round_row.framework_version!r} and this app {framework.version!r}; download a fresh questionnaire.",
            version_row,
            questionnaire.VERSION_LABEL,
        )
        return None
    return round_row


def _questionnaire_partner(framework: Framework, sheet: Sheet, found: _Found) -> str | None:
    row, value = _labelled(sheet, questionnaire.PARTNER_LABEL)
    if (row, 2) in sheet.formulas:
        found.add("holds a formula; choose your partner type from the list", row, questionnaire.PARTNER_LABEL)
        return None
    partner = _partner_id(framework, value)
    if partner is None:
        names = ", ".join(p.name for p in framework.partner_types)
        if _text(value).strip():
            found.add(f"{_quoted(value)} is not one of {names}", row, questionnaire.PARTNER_LABEL)
        else:
            found.add(f"is missing; choose one of {names}", row, questionnaire.PARTNER_LABEL)
    return partner


def _partner_id(framework: Framework, value: object) -> str | None:
    text = _normal(_text(value))
    for partner in framework.partner_types:
        if text in (_normal(partner.name), partner.id):
            return partner.id
    return None


def _questionnaire_answers(
    framework: Framework, table: _Table, expected: dict[str, ItemKind], found: _Found
) -> tuple[list[Answer], dict[str, int]]:
    answers: list[Answer] = []
    rows_of: dict[str, int] = {}
    for row, values in table.rows():
        item_id = _text(values.get("ID")).strip()
        if not item_id:
            if values.get("Answer") is not None:
                found.add("is missing on a row that has an answer", row, "ID")
            continue
        if item_id not in expected:
            found.add(f"{_quoted(item_id)} is not an item of this round's questionnaire", row, "ID")
            continue
        if item_id in rows_of:
            found.add(f"{_quoted(item_id)} appears twice (also on row {rows_of[item_id]})", row, "ID")
            continue
        rows_of[item_id] = row
        if table.formula(row, "Answer"):
            found.add("holds a formula; choose the answer from the list instead", row, "Answer")
            continue
        answered, value, problem = _parse_answer(values.get("Answer"), expected[item_id], framework)
        if problem:
            found.add(problem, row, "Answer")
        comment = _comment(values.get("Comment"), table, row, "Comment", found)
        if answered:
            answers.append(Answer(kind=expected[item_id], item_id=item_id, value=value, comment=comment))
    return answers, rows_of


# -- results workbooks -----------------------------------------------------------------------------

_RESULT_SHEETS = ("About", "Factor scores", "Continuum", "Development plan", "Responses")
_ROUND_HEADERS = tuple(c.header for c in export.ROUND_COLUMNS if c.header not in export.OPTIONAL_ROUND_HEADERS)


@dataclass
class _RoundDraft:
    """A round being rebuilt from a results workbook."""

    spec: RoundInput
    status: RoundStatus
    framework_version: str
    illustrative: bool
    people: dict[int, tuple[str, bool, dict[tuple[ItemKind, str], Answer]]] = field(default_factory=dict)
    withheld: int = 0  # Responses rows left blank by the export to protect small groups (not imported)
    consensus: list[ConsensusEntry] = field(default_factory=list)
    actions: list[ActionInput] = field(default_factory=list)


def _plan_results(framework: Framework, book: UntrustedWorkbook, found: _Found, plan: ImportPlan) -> None:
    drafts, listed = _result_rounds(
        framework, book.sheet("About", _results_bounds(framework, "About")), found.on("About")
    )
    if not drafts:
        return
    sheets = {
        name: book.sheet(name, _results_bounds(framework, name, listed))
        for name in _RESULT_SHEETS
        if name != "About" and name in book.sheet_names
    }
    _result_responses(framework, sheets["Responses"], found.on("Responses"), drafts)
    if "Factor scores" in sheets:
        _result_consensus(sheets["Factor scores"], found.on("Factor scores"), drafts, factor=True)
    if "Continuum" in sheets:
        _result_consensus(sheets["Continuum"], found.on("Continuum"), drafts, factor=False)
    if "Development plan" in sheets:
        _result_actions(sheets["Development plan"], found.on("Development plan"), drafts)
    for draft in drafts.values():
        people = tuple(
            ImportedParticipant(partner, tuple(answers.values()), complete)
            for _number, (partner, complete, answers) in sorted(draft.people.items())
        )
        plan.round_files.append(found.file)
        plan.new_rounds.append(
            ImportedRound(
                spec=draft.spec,
                framework_version=draft.framework_version,
                status=draft.status,
                participants=people,
                consensus=tuple(draft.consensus),
                actions=tuple(draft.actions),
                illustrative=draft.illustrative,
            )
        )
        withheld = f"; {draft.withheld} answers withheld there are left out" if draft.withheld else ""
        plan.lines.append(
            f"{found.file}: round {draft.spec.area} {draft.spec.held_on.isoformat()} with {len(people)} participants "
            f"(only the people the workbook shows: anyone withheld to protect small groups is not in it{withheld})"
        )


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(_text(value).strip()[:10])
    except ValueError:
        return None


def _result_rounds(
    framework: Framework, sheet: Sheet, found: _Found
) -> tuple[dict[tuple[str, dt.date], _RoundDraft], int]:
    """The rounds the About sheet lists that can be rebuilt, and how many rows it lists in all."""
    table = _find_table(sheet, _ROUND_HEADERS)
    if table is None:
        found.add(f"The table '{export.ROUNDS_TABLE_TITLE}' with the columns {', '.join(_ROUND_HEADERS)} is missing.")
        return {}, 0
    drafts: dict[tuple[str, dt.date], _RoundDraft] = {}
    listed = 0
    for row, values in table.rows():
        listed += 1
        held_on = _date(values["Round date"])
        if held_on is None:
            found.add(f"{_quoted(values['Round date'])} is not a date", row, "Round date")
            continue
        status = _text(values["Status"]).strip().lower()
        if status not in {s.value for s in RoundStatus}:
            found.add(f"{_quoted(values['Status'])} is not one of open, closed, finalised", row, "Status")
            continue
        version = _text(values["Framework version"]).strip()
        if version != framework.version:
            found.add(
                f"the round was scored with framework version {version!r}; this app uses {framework.version!r}",
                row,
                "Framework version",
            )
            continue
        priorities = tuple(p.strip() for p in _text(values["Priority area IDs"]).split(",") if p.strip())
        try:
            spec = RoundInput(
                area=_text(values["Area"]),
                held_on=held_on,
                title=_text(values["Title"]),
                board=_text(values.get("Board")),
                priority_areas=priorities,
            )
        except ValidationError as exc:
            error = exc.errors()[0]
            found.add(error["msg"], row, str(error["loc"][0]).replace("_", " ").capitalize())
            continue
        key = (spec.area.lower(), held_on)
        if key in drafts:
            found.add(f"{spec.area} {held_on.isoformat()} is listed twice", row, "Area")
            continue
        illustrative = _text(values["Illustrative"]).strip().lower() == export.YES.lower()
        drafts[key] = _RoundDraft(spec, RoundStatus(status), version, illustrative)
    if not drafts and not found.problems:
        found.add(f"The table '{export.ROUNDS_TABLE_TITLE}' lists no rounds.")
    return drafts, listed


def _draft_for(
    values: dict[str, object], drafts: dict[tuple[str, dt.date], _RoundDraft], row: int, found: _Found
) -> _RoundDraft | None:
    """The round a row belongs to: by its Area and Round date columns, or the workbook's one round."""
    if "Area" not in values:
        return next(iter(drafts.values())) if len(drafts) == 1 else None
    key = (_text(values["Area"]).strip().lower(), _date(values.get("Round date")))
    draft = drafts.get(key)
    if draft is None:
        found.add(
            f"{_quoted(values['Area'])} on {_quoted(values.get('Round date'))} is not a round listed on the About sheet",
            row,
            "Area",
        )
    return draft


def _table_with_rounds(sheet: Sheet, required: tuple[str, ...], drafts: dict, found: _Found) -> _Table | None:
    needed = required + (("Area", "Round date") if len(drafts) > 1 else ())
    table = _find_table(sheet, needed)
    if table is None:
        found.add(f"The table with the columns {', '.join(needed)} is missing.")
    return table


def _is_whole(value: object, low: int, high: int | None = None) -> bool:
    """True for a whole number (stored as int or float, not a boolean) from low to high."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and float(value).is_integer()
        and low <= value <= (high if high is not None else value)
    )


def _result_responses(framework: Framework, sheet: Sheet, found: _Found, drafts: dict) -> None:
    columns = ("Participant", "Partner type", "Submitted", "Kind", "Item ID", "Answer", "Comment")
    table = _table_with_rounds(sheet, columns, drafts, found)
    if table is None:
        return
    for row, values in table.rows():
        draft = _draft_for(values if "Area" in table.columns else {}, drafts, row, found)
        if _normal(_text(values.get("Answer meaning"))) == _normal(WITHHELD_MEANING) and values["Answer"] is None:
            if draft is not None:
                draft.withheld += 1
            continue
        response = _response(framework, table, row, values, found)
        if draft is None or response is None:
            continue
        number, partner, answer = response
        complete = _text(values["Submitted"]).strip().lower() == export.YES.lower()
        known_partner, _complete, answers = draft.people.setdefault(number, (partner, complete, {}))
        if known_partner != partner:
            found.add(
                f"participant {number} is {framework.partner_name(known_partner)} on an earlier row",
                row,
                "Partner type",
            )
        elif (answer.kind, answer.item_id) in answers:
            found.add(f"participant {number} already answered {answer.item_id!r} on an earlier row", row, "Item ID")
        else:
            answers[(answer.kind, answer.item_id)] = answer


def _response(
    framework: Framework, table: _Table, row: int, values: dict[str, object], found: _Found
) -> tuple[int, str, Answer] | None:
    """One Responses row as (participant number, partner type id, answer), or None after noting the problem."""
    number = values["Participant"]
    if not _is_whole(number, 1):
        found.add(f"{_quoted(number)} is not a participant number (a whole number from 1)", row, "Participant")
        return None
    # Workbooks exported before small groups were always protected said this instead of a partner type.
    hidden = _normal(f"Not shown (fewer than {framework.suppression_k} people)")
    text = _normal(_text(values["Partner type"]))
    partner = OTHER if text == hidden else _partner_id(framework, values["Partner type"])
    if partner is None:
        found.add(f"{_quoted(values['Partner type'])} is not a partner type of this framework", row, "Partner type")
        return None
    kind = KIND_BY_LABEL.get(_normal(_text(values["Kind"])))
    if kind is None:
        found.add(f"{_quoted(values['Kind'])} is not one of Statement, Component, Priority area", row, "Kind")
        return None
    item_id = _text(values["Item ID"]).strip()
    known = {
        ItemKind.STATEMENT: framework.statement_factor.keys(),
        ItemKind.COMPONENT: {c.id for c in framework.components},
    }.get(kind)
    if not item_id or (known is not None and item_id not in known):
        found.add(f"{_quoted(item_id)} is not a {kind.value} of this framework", row, "Item ID")
        return None
    if table.formula(row, "Answer"):
        found.add("holds a formula; answers must be plain numbers", row, "Answer")
        return None
    answer = values["Answer"]
    low, high = (0, 4) if kind == ItemKind.STATEMENT else (1, 6)
    if answer is not None and not _is_whole(answer, low, high):
        found.add(
            f"{_quoted(answer)} is not a whole number from {low} to {high} (blank means don't know)", row, "Answer"
        )
        return None
    comment = _comment(values["Comment"], table, row, "Comment", found)
    value = None if answer is None else int(answer)
    return int(number), partner, Answer(kind=kind, item_id=item_id, value=value, comment=comment)


def _number(value: object, low: float, high: float) -> tuple[float | None, str | None]:
    if value is None:
        return None, None
    if isinstance(value, int | float) and not isinstance(value, bool) and low <= value <= high:
        return float(value), None
    return None, f"{_quoted(value)} is not a number from {low:g} to {high:g}"


def _result_consensus(sheet: Sheet, found: _Found, drafts: dict, *, factor: bool) -> None:
    required = ("Factor ID",) if factor else ("Kind", "Item ID")
    table = _table_with_rounds(sheet, (*required, "Consensus", "Consensus rationale"), drafts, found)
    if table is None:
        return
    for row, values in table.rows():
        draft = _draft_for(values if "Area" in table.columns else {}, drafts, row, found)
        if draft is None:
            continue
        if table.formula(row, "Consensus"):
            found.add("holds a formula; consensus must be a plain number", row, "Consensus")
            continue
        kind = ItemKind.FACTOR if factor else KIND_BY_LABEL.get(_normal(_text(values["Kind"])))
        value, problem = _number(values["Consensus"], 0, 4 if kind == ItemKind.FACTOR else 6)
        if problem:
            found.add(problem, row, "Consensus")
            continue
        rationale = _comment(values["Consensus rationale"], table, row, "Consensus rationale", found)
        if value is None and not rationale:
            continue
        item_id = _text(values["Factor ID" if factor else "Item ID"]).strip()
        try:
            draft.consensus.append(ConsensusEntry(kind=kind, item_id=item_id, value=value, rationale=rationale))
        except ValidationError as exc:
            found.add(exc.errors()[0]["msg"], row, "Consensus")


def _result_actions(sheet: Sheet, found: _Found, drafts: dict) -> None:
    columns = ("Action", "Owner", "Due", "Status", "Factor ID", "Component ID", "Framework rule")
    table = _table_with_rounds(sheet, columns, drafts, found)
    if table is None:
        return
    statuses = ", ".join(s.value for s in ActionStatus)
    # The sheet goes on with the previous round's plan, which belongs to another round.
    for row, values in table.rows(to_first_blank=True):
        draft = _draft_for(values if "Area" in table.columns else {}, drafts, row, found)
        if draft is None:
            continue
        status = _text(values["Status"]).strip().lower()
        if status not in {s.value for s in ActionStatus}:
            found.add(f"{_quoted(values['Status'])} is not one of {statuses}", row, "Status")
            continue
        due = _date(values["Due"]) if values["Due"] is not None else None
        if values["Due"] is not None and due is None:
            found.add(f"{_quoted(values['Due'])} is not a date", row, "Due")
            continue
        try:
            draft.actions.append(
                ActionInput(
                    title=_text(values["Action"]),
                    owner=_text(values["Owner"]),
                    due_on=due,
                    status=ActionStatus(status),
                    factor_id=_text(values["Factor ID"]) or None,
                    component_id=_text(values["Component ID"]) or None,
                    rule_id=_text(values["Framework rule"]) or None,
                )
            )
        except ValidationError as exc:
            error = exc.errors()[0]
            found.add(error["msg"], row, str(error["loc"][0]).replace("_", " ").capitalize())


def _check_rounds_unique(store: Store, plan: ImportPlan, problems: Problems) -> None:
    """A results workbook may not bring a round the database (or another file of the batch) already has."""
    existing = {(r.area_name.lower(), r.held_on, r.title) for r in store.rounds.list_rounds()}
    batch: set[tuple[str, dt.date, str]] = set()
    for imported, file in zip(plan.new_rounds, plan.round_files, strict=True):
        key = (imported.spec.area.lower(), imported.spec.held_on, imported.spec.title)
        if key in existing:
            problems.append(
                ImportProblem(
                    file,
                    f"The round {imported.spec.area} {imported.spec.held_on.isoformat()} {imported.spec.title!r} "
                    "is already in the database; importing it again would duplicate it.",
                    "About",
                )
            )
        elif key in batch:
            problems.append(
                ImportProblem(
                    file,
                    f"The round {imported.spec.area} {imported.spec.held_on.isoformat()} is in two files of this batch.",
                    "About",
                )
            )
        batch.add(key)

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

This module holds the batch and the questionnaires; results_import.py rebuilds rounds from results
workbooks; import_cells.py reads cells for both (tables by their headers, answers, bounds).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence

from assessment.dates import british_date, round_name
from assessment.excel import questionnaire
from assessment.excel.import_cells import (
    Found,
    HeaderTable,
    ImportPlan,
    Response,
    cell_comment,
    cell_text,
    find_table,
    parse_answer,
    partner_of,
    questionnaire_bounds,
    quoted,
)
from assessment.excel.problems import ImportProblem, ImportRefused, Problems
from assessment.excel.reader import (
    Engine,
    Sheet,
    SheetTooLarge,
    UnreadableWorkbook,
    open_untrusted,
)
from assessment.excel.results_import import check_rounds_unique, plan_results
from assessment.excel.safety import UnsafeFile, check_file
from assessment.framework import Framework
from assessment.models import (
    Answer,
    ItemKind,
    RoundStatus,
)
from assessment.storage import ImportedParticipant, RoundRow, Store, hash_pin, new_pin

FINGERPRINT = 16  # hex digits of a file's SHA-256 kept in the audit trail


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
    check_rounds_unique(store, plan, problems)
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
        f"{imported.spec.area}, {british_date(imported.spec.held_on)}: facilitator PIN {pin}"
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
    found = Found(name, None, problems)
    try:
        book = open_untrusted(archive, data, engine)
        sheets = book.sheet_names
        if questionnaire.SHEET in sheets:
            sheet = book.sheet(questionnaire.SHEET, questionnaire_bounds(framework))
            _plan_questionnaire(store, framework, sheet, found.on(questionnaire.SHEET), plan, (round_id, fingerprint))
        elif {"About", "Responses"} <= set(sheets):
            plan_results(framework, book, found, plan)
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


# -- questionnaires --------------------------------------------------------------------------------


def _labelled(sheet: Sheet, label: str) -> tuple[int | None, object]:
    """The row of a label in column A near the top, and the value beside it."""
    for number in range(1, min(len(sheet.rows), questionnaire.HEADER_ROW) + 1):
        cell = sheet.value(number, 1)
        if isinstance(cell, str) and cell.strip().lower() == label.lower():
            return number, sheet.value(number, 2)
    return None, None


def _plan_questionnaire(
    store: Store, framework: Framework, sheet: Sheet, found: Found, plan: ImportPlan, target: tuple[int | None, str]
) -> None:
    round_id, fingerprint = target
    round_row = _questionnaire_round(store, framework, sheet, found, round_id)
    readable, response_id = _questionnaire_response(sheet, found)
    if round_row is not None and readable and _counted_already(store, plan, found, round_row, response_id, fingerprint):
        return
    partner = _questionnaire_partner(framework, sheet, found)
    table = find_table(sheet, ("ID", "Answer", "Comment"))
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
        f"for {round_row.area_name}, {round_name(round_row)}"
    )
    plan.lines.append(Response(found.file, brings, round_row.id, response_id))


def _questionnaire_response(sheet: Sheet, found: Found) -> tuple[bool, str | None]:
    """(readable, the questionnaire's response ID); the ID is None in a questionnaire downloaded before
    response IDs existed, which has no such row."""
    row, value = _labelled(sheet, questionnaire.RESPONSE_LABEL)
    if row is None:
        return True, None
    text = cell_text(value).strip().lower()
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
    store: Store, plan: ImportPlan, found: Found, round_row: RoundRow, response_id: str | None, fingerprint: str
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
    store: Store, framework: Framework, sheet: Sheet, found: Found, round_id: int | None
) -> RoundRow | None:
    row, code = _labelled(sheet, questionnaire.CODE_LABEL)
    if row is None or not cell_text(code).strip():
        found.add(
            "The round code is missing; use the questionnaire downloaded for this round.", row, questionnaire.CODE_LABEL
        )
        return None
    round_row = store.rounds.find_round_by_code(cell_text(code))
    if round_row is None:
        found.add(f"The round code {quoted(code)} matches no round in this database.", row, questionnaire.CODE_LABEL)
        return None
    if round_id is not None and round_row.id != round_id:
        chosen = store.rounds.get_round(round_id)
        found.add(
            f"This questionnaire belongs to {round_row.area_name}, {round_name(round_row)}, not to the round chosen "
            f"({chosen.area_name}, {round_name(chosen)}); it cannot be imported here.",
            row,
            questionnaire.CODE_LABEL,
        )
        return None
    if round_row.status != RoundStatus.OPEN:
        found.add(
            f"The round {round_row.area_name}, {round_name(round_row)}, is {round_row.status.value}; re-open it to "
            "import answers.",
            row,
            questionnaire.CODE_LABEL,
        )
        return None
    version_row, version = _labelled(sheet, questionnaire.VERSION_LABEL)
    if cell_text(version) != round_row.framework_version or round_row.framework_version != framework.version:
        found.add(
            f"The questionnaire was made for framework version {quoted(version)}, the round uses "
            f"{round_row.framework_version!r} and this app {framework.version!r}; download a fresh questionnaire.",
            version_row,
            questionnaire.VERSION_LABEL,
        )
        return None
    return round_row


def _questionnaire_partner(framework: Framework, sheet: Sheet, found: Found) -> str | None:
    row, value = _labelled(sheet, questionnaire.PARTNER_LABEL)
    if (row, 2) in sheet.formulas:
        found.add("holds a formula; choose your partner type from the list", row, questionnaire.PARTNER_LABEL)
        return None
    partner = partner_of(framework, value)
    if partner is None:
        names = ", ".join(p.name for p in framework.partner_types)
        if cell_text(value).strip():
            found.add(f"{quoted(value)} is not one of {names}", row, questionnaire.PARTNER_LABEL)
        else:
            found.add(f"is missing; choose one of {names}", row, questionnaire.PARTNER_LABEL)
    return partner


def _questionnaire_answers(
    framework: Framework, table: HeaderTable, expected: dict[str, ItemKind], found: Found
) -> tuple[list[Answer], dict[str, int]]:
    answers: list[Answer] = []
    rows_of: dict[str, int] = {}
    for row, values in table.rows():
        item_id = cell_text(values.get("ID")).strip()
        if not item_id:
            if values.get("Answer") is not None:
                found.add("is missing on a row that has an answer", row, "ID")
            continue
        if item_id not in expected:
            found.add(f"{quoted(item_id)} is not an item of this round's questionnaire", row, "ID")
            continue
        if item_id in rows_of:
            found.add(f"{quoted(item_id)} appears twice (also on row {rows_of[item_id]})", row, "ID")
            continue
        rows_of[item_id] = row
        if table.formula(row, "Answer"):
            found.add("holds a formula; choose the answer from the list instead", row, "Answer")
            continue
        answered, value, problem = parse_answer(values.get("Answer"), expected[item_id], framework)
        if problem:
            found.add(problem, row, "Answer")
        comment = cell_comment(values.get("Comment"), table, row, "Comment", found)
        if answered:
            answers.append(Answer(kind=expected[item_id], item_id=item_id, value=value, comment=comment))
    return answers, rows_of

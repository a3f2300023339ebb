"""The results-workbook side of the import: rebuild rounds (people, answers, consensus, plan) from an
exported results or programme workbook, checking every cell; see importer.py for the batch as a whole."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pydantic import ValidationError

from assessment.dates import british_date
from assessment.disclosure import OTHER, WITHHELD_MEANING
from assessment.excel import export
from assessment.excel.import_cells import (
    Found,
    HeaderTable,
    ImportPlan,
    cell_comment,
    cell_text,
    find_table,
    is_whole,
    normal,
    number_in_range,
    partner_of,
    quoted,
    results_bounds,
)
from assessment.excel.problems import ImportProblem, Problems
from assessment.excel.reader import (
    Sheet,
    UntrustedWorkbook,
)
from assessment.framework import Framework
from assessment.models import (
    ActionInput,
    ActionStatus,
    Answer,
    ConsensusEntry,
    ItemKind,
    RoundInput,
    RoundStatus,
)
from assessment.storage import ImportedParticipant, ImportedRound, Store

KIND_BY_LABEL = {
    export.STATEMENT_LABEL.lower(): ItemKind.STATEMENT,
    **{label.lower(): ItemKind(kind) for kind, label in export.KIND_LABELS.items()},
}


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


def plan_results(framework: Framework, book: UntrustedWorkbook, found: Found, plan: ImportPlan) -> None:
    drafts, listed = _result_rounds(
        framework, book.sheet("About", results_bounds(framework, "About")), found.on("About")
    )
    if not drafts:
        return
    sheets = {
        name: book.sheet(name, results_bounds(framework, name, listed))
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
            for number_in_range, (partner, complete, answers) in sorted(draft.people.items())
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
            f"{found.file}: {draft.spec.area}'s round of {british_date(draft.spec.held_on)} with {len(people)} participants "
            f"(only the people the workbook shows: anyone withheld to protect small groups is not in it{withheld})"
        )


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(cell_text(value).strip()[:10])
    except ValueError:
        return None


def _yes_no(value: object) -> bool | None:
    """A Yes/No cell as True or False; None when it is empty or says something else."""
    return {export.YES.lower(): True, export.NO.lower(): False}.get(cell_text(value).strip().lower())


def _result_rounds(
    framework: Framework, sheet: Sheet, found: Found
) -> tuple[dict[tuple[str, dt.date], _RoundDraft], int]:
    """The rounds the About sheet lists that can be rebuilt, and how many rows it lists in all."""
    table = find_table(sheet, _ROUND_HEADERS)
    if table is None:
        found.add(f"The table '{export.ROUNDS_TABLE_TITLE}' with the columns {', '.join(_ROUND_HEADERS)} is missing.")
        return {}, 0
    drafts: dict[tuple[str, dt.date], _RoundDraft] = {}
    listed = 0
    for row, values in table.rows():
        listed += 1
        held_on = _date(values["Round date"])
        if held_on is None:
            found.add(f"{quoted(values['Round date'])} is not a date", row, "Round date")
            continue
        status = cell_text(values["Status"]).strip().lower()
        if status not in {s.value for s in RoundStatus}:
            found.add(f"{quoted(values['Status'])} is not one of open, closed, finalised", row, "Status")
            continue
        version = cell_text(values["Framework version"]).strip()
        if version != framework.version:
            found.add(
                f"the round was scored with framework version {version!r}; this app uses {framework.version!r}",
                row,
                "Framework version",
            )
            continue
        priorities = tuple(p.strip() for p in cell_text(values["Priority area IDs"]).split(",") if p.strip())
        try:
            spec = RoundInput(
                area=cell_text(values["Area"]),
                held_on=held_on,
                title=cell_text(values["Title"]),
                board=cell_text(values.get("Board")),
                has_executive=_yes_no(values.get("Executive group")),
                priority_areas=priorities,
            )
        except ValidationError as exc:
            error = exc.errors()[0]
            found.add(error["msg"], row, str(error["loc"][0]).replace("_", " ").capitalize())
            continue
        key = (spec.area.lower(), held_on)
        if key in drafts:
            found.add(f"{spec.area}'s round of {british_date(held_on)} is listed twice", row, "Area")
            continue
        illustrative = cell_text(values["Illustrative"]).strip().lower() == export.YES.lower()
        drafts[key] = _RoundDraft(spec, RoundStatus(status), version, illustrative)
    if not drafts and not found.problems:
        found.add(f"The table '{export.ROUNDS_TABLE_TITLE}' lists no rounds.")
    return drafts, listed


def _draft_for(
    values: dict[str, object], drafts: dict[tuple[str, dt.date], _RoundDraft], row: int, found: Found
) -> _RoundDraft | None:
    """The round a row belongs to: by its Area and Round date columns, or the workbook's one round."""
    if "Area" not in values:
        return next(iter(drafts.values())) if len(drafts) == 1 else None
    key = (cell_text(values["Area"]).strip().lower(), _date(values.get("Round date")))
    draft = drafts.get(key)
    if draft is None:
        found.add(
            f"{quoted(values['Area'])} on {quoted(values.get('Round date'))} is not a round listed on the About sheet",
            row,
            "Area",
        )
    return draft


def _table_with_rounds(sheet: Sheet, required: tuple[str, ...], drafts: dict, found: Found) -> HeaderTable | None:
    needed = required + (("Area", "Round date") if len(drafts) > 1 else ())
    table = find_table(sheet, needed)
    if table is None:
        found.add(f"The table with the columns {', '.join(needed)} is missing.")
    return table


def _result_responses(framework: Framework, sheet: Sheet, found: Found, drafts: dict) -> None:
    columns = ("Participant", "Partner type", "Submitted", "Kind", "Item ID", "Answer", "Comment")
    table = _table_with_rounds(sheet, columns, drafts, found)
    if table is None:
        return
    for row, values in table.rows():
        draft = _draft_for(values if "Area" in table.columns else {}, drafts, row, found)
        if normal(cell_text(values.get("Answer meaning"))) == normal(WITHHELD_MEANING) and values["Answer"] is None:
            if draft is not None:
                draft.withheld += 1
            continue
        response = _response(framework, table, row, values, found)
        if draft is None or response is None:
            continue
        number, partner, answer = response
        complete = cell_text(values["Submitted"]).strip().lower() == export.YES.lower()
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
    framework: Framework, table: HeaderTable, row: int, values: dict[str, object], found: Found
) -> tuple[int, str, Answer] | None:
    """One Responses row as (participant number, partner type id, answer), or None after noting the problem."""
    number = values["Participant"]
    if not is_whole(number, 1):
        found.add(f"{quoted(number)} is not a participant number (a whole number from 1)", row, "Participant")
        return None
    # Workbooks exported before small groups were always protected said this instead of a partner type.
    hidden = normal(f"Not shown (fewer than {framework.suppression_k} people)")
    text = normal(cell_text(values["Partner type"]))
    partner = OTHER if text == hidden else partner_of(framework, values["Partner type"])
    if partner is None:
        found.add(f"{quoted(values['Partner type'])} is not a partner type of this framework", row, "Partner type")
        return None
    kind = KIND_BY_LABEL.get(normal(cell_text(values["Kind"])))
    if kind is None:
        found.add(f"{quoted(values['Kind'])} is not one of Statement, Component, Priority area", row, "Kind")
        return None
    item_id = cell_text(values["Item ID"]).strip()
    known = {
        ItemKind.STATEMENT: framework.statement_factor.keys(),
        ItemKind.COMPONENT: {c.id for c in framework.components},
    }.get(kind)
    if not item_id or (known is not None and item_id not in known):
        found.add(f"{quoted(item_id)} is not a {kind.value} of this framework", row, "Item ID")
        return None
    if table.formula(row, "Answer"):
        found.add("holds a formula; answers must be plain numbers", row, "Answer")
        return None
    answer = values["Answer"]
    low, high = (0, 4) if kind == ItemKind.STATEMENT else (1, 6)
    if answer is not None and not is_whole(answer, low, high):
        found.add(
            f"{quoted(answer)} is not a whole number from {low} to {high} (blank means don't know)", row, "Answer"
        )
        return None
    comment = cell_comment(values["Comment"], table, row, "Comment", found)
    value = None if answer is None else int(answer)
    return int(number), partner, Answer(kind=kind, item_id=item_id, value=value, comment=comment)


UNCERTAIN_REASON = "Why still uncertain"  # the factor sheet's column (workbooks before it have none)


def _result_consensus(sheet: Sheet, found: Found, drafts: dict, *, factor: bool) -> None:
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
        kind = ItemKind.FACTOR if factor else KIND_BY_LABEL.get(normal(cell_text(values["Kind"])))
        value, problem = number_in_range(values["Consensus"], 0, 4 if kind == ItemKind.FACTOR else 6)
        if problem:
            found.add(problem, row, "Consensus")
            continue
        rationale = cell_comment(values["Consensus rationale"], table, row, "Consensus rationale", found)
        uncertain = (
            cell_comment(values[UNCERTAIN_REASON], table, row, UNCERTAIN_REASON, found)
            if UNCERTAIN_REASON in values
            else ""
        )
        if value is None and not rationale and not uncertain:
            continue
        item_id = cell_text(values["Factor ID" if factor else "Item ID"]).strip()
        try:
            entry = ConsensusEntry(
                kind=kind, item_id=item_id, value=value, rationale=rationale, uncertain_reason=uncertain.strip()
            )
            draft.consensus.append(entry)
        except ValidationError as exc:
            found.add(exc.errors()[0]["msg"], row, "Consensus")


def _result_actions(sheet: Sheet, found: Found, drafts: dict) -> None:
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
        status = cell_text(values["Status"]).strip().lower()
        if status not in {s.value for s in ActionStatus}:
            found.add(f"{quoted(values['Status'])} is not one of {statuses}", row, "Status")
            continue
        due = _date(values["Due"]) if values["Due"] is not None else None
        if values["Due"] is not None and due is None:
            found.add(f"{quoted(values['Due'])} is not a date", row, "Due")
            continue
        try:
            draft.actions.append(
                ActionInput(
                    title=cell_text(values["Action"]),
                    owner=cell_text(values["Owner"]),
                    due_on=due,
                    status=ActionStatus(status),
                    factor_id=cell_text(values["Factor ID"]) or None,
                    component_id=cell_text(values["Component ID"]) or None,
                    rule_id=cell_text(values["Framework rule"]) or None,
                )
            )
        except ValidationError as exc:
            error = exc.errors()[0]
            found.add(error["msg"], row, str(error["loc"][0]).replace("_", " ").capitalize())


def check_rounds_unique(store: Store, plan: ImportPlan, problems: Problems) -> None:
    """A results workbook may not bring a round the database (or another file of the batch) already has."""
    existing = {(r.area_name.lower(), r.held_on, r.title) for r in store.rounds.list_rounds()}
    batch: set[tuple[str, dt.date, str]] = set()
    for imported, file in zip(plan.new_rounds, plan.round_files, strict=True):
        key = (imported.spec.area.lower(), imported.spec.held_on, imported.spec.title)
        if key in existing:
            problems.append(
                ImportProblem(
                    file,
                    f"{imported.spec.area}'s round of {british_date(imported.spec.held_on)} called {imported.spec.title!r} "
                    "is already in the database; importing it again would duplicate it.",
                    "About",
                )
            )
        elif key in batch:
            problems.append(
                ImportProblem(
                    file,
                    f"{imported.spec.area}'s round of {british_date(imported.spec.held_on)} is in two files of this batch.",
                    "About",
                )
            )
        batch.add(key)

"""The offline questionnaire: a workbook a participant fills in Excel or LibreOffice without help.

Sheets: Instructions; Questionnaire (one row per item: ID, section, statement, what each answer
means, an Answer dropdown enforced by data validation, a Comment), with the partner type as a
dropdown, the round's code at the top so the file can only be imported into its own round, and a
response ID made afresh for every download, so that importing the same copy again (even re-saved)
replaces that person's answers instead of counting them twice; and a hidden Lists sheet holding the
dropdowns' choices. The Questionnaire sheet is protected without a password so that IDs, the round
code and the response ID are not changed by accident; answer cells stay editable.
"""

from __future__ import annotations

import io
import math
import re
import uuid

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from assessment.dates import round_name
from assessment.excel.cells import (
    HEADER_BORDER,
    HEADER_FILL,
    HEADER_FONT,
    NOTE_FONT,
    TITLE_FONT,
    WRAP,
    clean_text,
    print_setup,
)
from assessment.framework import Framework
from assessment.models import ItemKind
from assessment.storage import RoundRow

SHEET = "Questionnaire"
INSTRUCTIONS = "Instructions"
LISTS = "Lists"
TITLE = "Joint commissioning self-assessment: questionnaire"
AREA_LABEL = "Area"
ROUND_LABEL = "Round"
CODE_LABEL = "Round code"
VERSION_LABEL = "Framework version"
PARTNER_LABEL = "Your partner type"
RESPONSE_LABEL = "Response ID"
RESPONSE_ID = re.compile(r"[0-9a-f]{32}")  # uuid4().hex: random, so nobody can guess another copy's
HEADERS = ("ID", "Section", "Statement", "What each answer means", "Answer", "Comment")
HEADER_ROW = 8
ANSWER_COLUMN = "E"
COMMENT_COLUMN = "F"
PARTNER_CELL = "B6"
WIDTHS = {"A": 20, "B": 26, "C": 48, "D": 70, "E": 22, "F": 40}
ANSWER_FILL = PatternFill("solid", fgColor="FFF2CC")  # pale yellow: "fill me in"
SEPARATOR = " - "


def answer_choices(framework: Framework, kind: ItemKind) -> list[tuple[str, int | None]]:
    """The dropdown choices for an item kind and the value each stands for (None for don't know):
    '0 - Not in place' .. '4 - Embedded' for statements, '1 - Silo' .. '6 - One organisation' otherwise."""
    if kind == ItemKind.STATEMENT:
        choices = [(f"{level.value}{SEPARATOR}{level.label}", level.value) for level in framework.scale.levels]
    else:
        choices = [(f"{stage.number}{SEPARATOR}{stage.short_name}", stage.number) for stage in framework.stages]
    return [*choices, (framework.scale.dont_know, None)]


def round_priority_areas(round_row: RoundRow, framework: Framework) -> list[str]:
    """The priority areas a round asks about: its own list, or every area in the framework."""
    return list(round_row.priority_areas) or [p.id for p in framework.priority_areas]


def questionnaire_items(framework: Framework, round_row: RoundRow) -> list[tuple[ItemKind, str, str, str, str]]:
    """Every item of the questionnaire in order: (kind, id, section, statement, what each answer means)."""
    return _items(framework, round_priority_areas(round_row, framework))


def most_items(framework: Framework) -> int:
    """The most items a questionnaire of this framework asks: every statement, component and priority area."""
    return len(_items(framework, [p.id for p in framework.priority_areas]))


def sheet_rows(framework: Framework) -> int:
    """The most rows a Questionnaire sheet of this framework has: the rows down to the header, then
    one per item."""
    return HEADER_ROW + most_items(framework)


def _items(framework: Framework, priority_areas: list[str]) -> list[tuple[ItemKind, str, str, str, str]]:
    items = []
    for factor in framework.factors:
        for statement in factor.statements:
            meaning = "\n".join(
                f"{value} {framework.scale.label(value)}: {text}" for value, text in statement.levels.items()
            )
            items.append((ItemKind.STATEMENT, statement.id, factor.name, statement.text, meaning))
    for component in framework.components:
        meaning = "\n".join(
            f"{number} {framework.stage(number).short_name}: {text}" for number, text in component.stages.items()
        )
        question = f"{component.name}: {component.description} Where is your partnership on the continuum?"
        items.append((ItemKind.COMPONENT, component.id, "Continuum: components", question, meaning))
    stage_meaning = "\n".join(f"{s.number} {s.short_name}: {s.description}" for s in framework.stages)
    for area_id in priority_areas:
        question = f"Where does joint commissioning of {framework.priority_name(area_id)} sit on the continuum?"
        items.append((ItemKind.PRIORITY, area_id, "Continuum: priority areas", question, stage_meaning))
    return items


def questionnaire_workbook(framework: Framework, round_row: RoundRow, response_id: str | None = None) -> bytes:
    """One copy of the offline questionnaire for a round, as .xlsx bytes, carrying a new random
    response ID (or the one given): one copy is one person's response."""
    response_id = response_id or uuid.uuid4().hex
    book = Workbook()
    instructions = book.active
    instructions.title = INSTRUCTIONS
    _instructions(instructions, framework, round_row)
    sheet = book.create_sheet(SHEET)
    lists = book.create_sheet(LISTS)
    lists.sheet_state = "hidden"
    ranges = _lists(lists, framework)
    _questionnaire(sheet, framework, round_row, ranges, response_id)
    book.active = 0
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _instructions(ws: Worksheet, framework: Framework, round_row: RoundRow) -> None:
    ws.column_dimensions["A"].width = 110
    print_setup(ws, landscape=False)
    lines: list[tuple[str, Font | None]] = [
        (TITLE, TITLE_FONT),
        (f"{round_row.area_name}: {round_name(round_row)}", Font(bold=True, size=12)),
        ("", None),
        ("How to fill it in", Font(bold=True, size=12)),
        (f"1. Go to the '{SHEET}' sheet and choose your partner type in the yellow cell at the top.", None),
        ("2. For each row, read the statement and what each answer means, then pick an answer from the", None),
        ("   drop-down list in the yellow Answer column. Answer on your own, from what you know yourself.", None),
        (f"3. If you cannot judge a statement, choose '{framework.scale.dont_know}'. It counts as no score.", None),
        ("4. Add a comment if you want to explain an answer (optional). Leave a row blank to skip it.", None),
        ("5. Save the file (keep it as .xlsx) and send it back to the facilitator.", None),
        ("", None),
        ("This copy is one person's response: please do not pass it on for someone else to fill in. Each", None),
        ("person needs their own copy from the facilitator. If you send this copy again with changes, your", None),
        ("new answers replace the ones you sent before.", None),
        ("", None),
        (
            "Please do not change the IDs, the round code, the response ID or the sheet names: the file is checked",
            NOTE_FONT,
        ),
        (
            "when it is imported, and it can only be imported into the round it was made for. No names are asked",
            NOTE_FONT,
        ),
        ("for.", NOTE_FONT),
        ("", None),
        ("The maturity scale for the success factor statements", Font(bold=True, size=12)),
        *[(f"{level.value} {level.label}: {level.meaning}", None) for level in framework.scale.levels],
        ("", None),
        ("The joint commissioning continuum, for components and priority areas", Font(bold=True, size=12)),
        *[(f"{stage.number} {stage.name}: {stage.description}", None) for stage in framework.stages],
    ]
    for row, (text, font) in enumerate(lines, start=1):
        cell = ws.cell(row=row, column=1, value=clean_text(text))
        cell.alignment = WRAP
        if font is not None:
            cell.font = font


def _lists(ws: Worksheet, framework: Framework) -> dict[str, str]:
    """Write the dropdown choices; returns the range formula for each list."""
    columns = {
        "statement": [label for label, _ in answer_choices(framework, ItemKind.STATEMENT)],
        "stage": [label for label, _ in answer_choices(framework, ItemKind.COMPONENT)],
        "partner": [p.name for p in framework.partner_types],
    }
    ranges = {}
    for index, (name, values) in enumerate(columns.items()):
        letter = "ABC"[index]
        ws.cell(row=1, column=index + 1, value=name)
        for row, value in enumerate(values, start=2):
            ws.cell(row=row, column=index + 1, value=value)
        ranges[name] = f"{LISTS}!${letter}$2:${letter}${len(values) + 1}"
    return ranges


def _questionnaire(
    ws: Worksheet, framework: Framework, round_row: RoundRow, ranges: dict[str, str], response_id: str
) -> None:
    for letter, width in WIDTHS.items():
        ws.column_dimensions[letter].width = width
    ws["A1"] = TITLE
    ws["A1"].font = TITLE_FONT
    header_values = (
        (AREA_LABEL, round_row.area_name),
        (ROUND_LABEL, round_row.label),
        (CODE_LABEL, round_row.join_code),
        (VERSION_LABEL, round_row.framework_version),
        (PARTNER_LABEL, None),
        (RESPONSE_LABEL, response_id),  # locked, like every cell but the answers, by the sheet's protection
    )
    for row, (label, value) in enumerate(header_values, start=2):
        ws.cell(row=row, column=1, value=label).font = Font(bold=True)
        ws.cell(row=row, column=2, value=None if value is None else clean_text(value))
    partner = ws[PARTNER_CELL]
    partner.fill = ANSWER_FILL
    partner.protection = Protection(locked=False)
    ws["C6"] = "Choose from the list"
    ws["C6"].font = NOTE_FONT
    ws["C7"] = "This copy is one person's response"
    ws["C7"].font = NOTE_FONT
    for column, header in enumerate(HEADERS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=column, value=header)
        cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, WRAP, HEADER_BORDER
    statement_rows, stage_rows = [], []
    for row, (kind, item_id, section, text, meaning) in enumerate(
        questionnaire_items(framework, round_row), start=HEADER_ROW + 1
    ):
        for column, value in enumerate((item_id, section, text, meaning), start=1):
            cell = ws.cell(row=row, column=column, value=clean_text(value))
            cell.alignment, cell.border = WRAP, HEADER_BORDER
        for letter in (ANSWER_COLUMN, COMMENT_COLUMN):
            cell = ws[f"{letter}{row}"]
            cell.fill, cell.alignment, cell.border = ANSWER_FILL, WRAP, HEADER_BORDER
            cell.protection = Protection(locked=False)
        ws.row_dimensions[row].height = _row_height(meaning, WIDTHS["D"])
        (statement_rows if kind == ItemKind.STATEMENT else stage_rows).append(row)
    _dropdowns(ws, framework, ranges, statement_rows, stage_rows)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    print_setup(ws)
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # people may still widen columns and rows to read
    ws.protection.formatRows = False


def _dropdowns(
    ws: Worksheet, framework: Framework, ranges: dict[str, str], statement_rows: list[int], stage_rows: list[int]
) -> None:
    def rule(source: str, what: str) -> DataValidation:
        validation = DataValidation(type="list", formula1=f"={source}", allow_blank=True)
        validation.showErrorMessage = True
        validation.errorStyle = "stop"
        validation.errorTitle = "Please choose from the list"
        validation.error = f"Choose one of the {what} in the drop-down list, or '{framework.scale.dont_know}'."
        validation.showInputMessage = True
        validation.promptTitle = "Your answer"
        validation.prompt = f"Pick one of the {what} from the list."
        ws.add_data_validation(validation)
        return validation

    if statement_rows:
        rule(ranges["statement"], "levels 0 to 4").add(
            f"{ANSWER_COLUMN}{statement_rows[0]}:{ANSWER_COLUMN}{statement_rows[-1]}"
        )
    if stage_rows:
        rule(ranges["stage"], "stages 1 to 6").add(f"{ANSWER_COLUMN}{stage_rows[0]}:{ANSWER_COLUMN}{stage_rows[-1]}")
    partner = rule(ranges["partner"], "partner types")
    partner.error = "Choose your partner type from the drop-down list."
    partner.add(PARTNER_CELL)


def _row_height(text: str, width: float) -> float:
    """Points needed to show wrapped text in a column this many characters wide."""
    lines = sum(max(1, math.ceil(len(line) / (width * 1.15))) for line in text.split("\n"))
    return min(409, 15 * lines + 4)

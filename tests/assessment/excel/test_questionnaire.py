"""The offline questionnaire: what a participant sees and what the dropdowns allow."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from assessment.excel import questionnaire
from assessment.models import ItemKind
from tests.assessment.excel.conftest import small_round


def test_statement_answers_are_the_five_levels_and_dont_know(framework):
    labels = [label for label, _ in questionnaire.answer_choices(framework, ItemKind.STATEMENT)]
    assert labels == [
        "0 - Not in place",
        "1 - Emerging",
        "2 - Developing",
        "3 - Established",
        "4 - Embedded",
        "Don't know",
    ]
    stages = questionnaire.answer_choices(framework, ItemKind.PRIORITY)
    assert stages[0] == ("1 - Silo", 1) and stages[5] == ("6 - One organisation", 6) and stages[6][1] is None


def test_questionnaire_has_instructions_a_row_per_item_and_the_round_code(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    data = questionnaire.questionnaire_workbook(framework, round_row)
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.sheet_names == ["Instructions", "Questionnaire", "Lists"]
    rows = book.get_sheet_by_name("Questionnaire").to_python()
    assert rows[3][:2] == ["Round code", round_row.join_code]
    assert rows[7] == ["ID", "Section", "Statement", "What each answer means", "Answer", "Comment"]
    items = [r[0] for r in rows[8:]]
    # 32 statements, 8 components and the round's one priority area (SEND).
    assert len(items) == 32 + 8 + 1 and items[0] == "leadership_1" and items[-1] == "send"
    assert rows[8][3].startswith("0 Not in place: No one is named")


def test_answers_and_partner_type_are_dropdowns_that_refuse_anything_else(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    book = load_workbook(io.BytesIO(questionnaire.questionnaire_workbook(framework, round_row)))
    ws = book["Questionnaire"]
    rules = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    assert rules["E9:E40"].formula1 == "=Lists!$A$2:$A$7"
    assert rules["E41:E49"].formula1 == "=Lists!$B$2:$B$8"
    assert rules["B6"].formula1 == "=Lists!$C$2:$C$11"
    for rule in rules.values():
        assert rule.type == "list" and rule.showErrorMessage and rule.errorStyle == "stop" and rule.error
    assert book["Lists"].sheet_state == "hidden"
    assert ws.protection.sheet and not ws["E9"].protection.locked and ws["A9"].protection.locked

"""Every sheet is bounded by what the file claims to be before its cells are read."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from assessment.excel import questionnaire
from assessment.excel.export import results_workbook
from assessment.excel.importer import import_files
from tests.assessment.excel.conftest import fill_questionnaire, oversized_workbook, small_round
from tests.assessment.excel.test_importer import problems_of

# This framework's questionnaire: 8 rows down to the header, then 32 statements, 8 components and
# 7 priority areas = 55 rows; with 50 spare rows below, a Questionnaire sheet may reach row 105.
QUESTIONNAIRE_ROWS = 55
QUESTIONNAIRE_BOUND = 105


@pytest.fixture(scope="module")
def probe() -> bytes:
    """The outsider's upload: 49,000 rows x 40 columns of numbers on a sheet called Questionnaire."""
    return oversized_workbook(49_000, 40)


def test_the_framework_questionnaire_has_55_rows(framework):
    assert questionnaire.sheet_rows(framework) == QUESTIONNAIRE_ROWS


def test_a_49000_by_40_workbook_claiming_to_be_a_questionnaire_is_refused_by_its_size(sqlite_store, framework, probe):
    small_round(sqlite_store, framework)
    assert len(probe) > 8_000_000  # as large as the probe's 8.4 MB, within the 10 MB upload limit
    [problem] = problems_of(sqlite_store, framework, [("big.xlsx", probe)])
    # Its first row already reaches past column F, so the walk stops there.
    assert problem == (
        "big.xlsx: sheet 'Questionnaire' has data in column G; a questionnaire has 6 columns (A to F): "
        "clear the cells beyond it."
    )


def test_a_questionnaire_sheet_longer_than_the_framework_allows_is_refused(sqlite_store, framework):
    small_round(sqlite_store, framework)
    [problem] = problems_of(sqlite_store, framework, [("long.xlsx", oversized_workbook(49_000, 6))])
    assert problem == (
        f"long.xlsx: sheet 'Questionnaire' has more than {QUESTIONNAIRE_BOUND} rows; a questionnaire for this "
        f"framework has {QUESTIONNAIRE_ROWS}."
    )


def _with_note(template: bytes, row: int) -> bytes:
    book = load_workbook(io.BytesIO(template))
    book[questionnaire.SHEET][f"{questionnaire.COMMENT_COLUMN}{row}"] = "a note below the questions"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_note_in_the_spare_rows_is_read_and_one_row_further_is_refused(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    last = fill_questionnaire(
        _with_note(questionnaire.questionnaire_workbook(framework, round_row), QUESTIONNAIRE_BOUND),
        "Schools",
        {"send": 3},
    )
    assert import_files(sqlite_store, framework, [("last.xlsx", last)]).participants == 1
    beyond = fill_questionnaire(
        _with_note(questionnaire.questionnaire_workbook(framework, round_row), QUESTIONNAIRE_BOUND + 1),
        "Schools",
        {"send": 3},
    )
    [problem] = problems_of(sqlite_store, framework, [("beyond.xlsx", beyond)])
    assert f"has more than {QUESTIONNAIRE_BOUND} rows" in problem


def _results_with_cell(sample_store, framework, sheet: str, row: int) -> bytes:  # noqa: ANN001
    book = load_workbook(io.BytesIO(results_workbook(sample_store, framework, sample_store.list_rounds()[0].id)))
    book[sheet].cell(row=row, column=1, value="far down")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_responses_sheet_longer_than_its_one_round_allows_is_refused(sample_store, sqlite_store, framework):
    # Up to 30 rows above the table, then at most 300 participants x 47 items: 30 + 14,100 = 14,130.
    data = _results_with_cell(sample_store, framework, "Responses", 14_131)
    [problem] = problems_of(sqlite_store, framework, [("r.xlsx", data)])
    assert problem == (
        "r.xlsx: sheet 'Responses' has more than 14,130 rows; the 1 round listed on the About sheet can fill "
        "at most 14,130."
    )


def test_an_about_sheet_longer_than_the_most_rounds_a_workbook_holds_is_refused(sample_store, sqlite_store, framework):
    # Up to 30 rows above the rounds table, then at most 200 rounds.
    data = _results_with_cell(sample_store, framework, "About", 231)
    [problem] = problems_of(sqlite_store, framework, [("r.xlsx", data)])
    assert problem == "r.xlsx: sheet 'About' has more than 230 rows; a results workbook lists at most 200 rounds."

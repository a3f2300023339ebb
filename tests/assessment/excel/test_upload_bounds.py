"""Every sheet is bounded by what the file claims to be before its cells are read, and a batch's
problems are bounded too: the first thousand kept, all counted, the first twenty shown."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from assessment.excel import questionnaire
from assessment.excel.export import results_workbook
from assessment.excel.importer import import_files
from assessment.excel.problems import ImportProblem, ImportRefused, Problems
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
    book = load_workbook(io.BytesIO(results_workbook(sample_store, framework, sample_store.rounds.list_rounds()[0].id)))
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


# -- error lists -----------------------------------------------------------------------------------


def test_the_first_thousand_problems_are_kept_and_every_one_counted():
    found = Problems()
    for number in range(1, 1_501):
        found.append(ImportProblem("q.xlsx", "is not one of the choices", "Questionnaire", number, "Answer"))
    refused = ImportRefused(found)
    assert len(refused.problems) == 1_000 and refused.problems[-1].row == 1_000
    assert str(refused) == "nothing was imported: 1,500 problems found"
    assert [p.row for p in refused.first()] == list(range(1, 21))
    assert refused.more() == "... and 1,480 more problems"


def test_twenty_problems_or_fewer_need_no_count_of_the_rest():
    refused = ImportRefused([ImportProblem("q.xlsx", "is wrong")] * 20)
    assert len(refused.first()) == 20 and refused.more() is None


def badly_filled_copies(framework, round_row) -> list[tuple[str, bytes]]:  # noqa: ANN001
    """Four people's questionnaires with 75 bad cells each, 300 in all: every one of the round's 41
    answers is not a choice, and 34 of the comments are formulas."""
    items = [item_id for _kind, item_id, *_ in questionnaire.questionnaire_items(framework, round_row)]
    assert len(items) == 41
    return [
        (
            f"person-{n}.xlsx",
            fill_questionnaire(
                questionnaire.questionnaire_workbook(framework, round_row),
                "Schools",
                dict.fromkeys(items, "perhaps"),
                dict.fromkeys(items[:34], "=1+1"),
            ),
        )
        for n in range(1, 5)
    ]


def test_three_hundred_bad_cells_are_all_counted(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    with pytest.raises(ImportRefused) as caught:
        import_files(sqlite_store, framework, badly_filled_copies(framework, round_row))
    assert caught.value.count == 4 * (41 + 34)
    assert caught.value.more() == "... and 280 more problems"

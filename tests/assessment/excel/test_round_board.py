"""The Board a round's paper goes to travels in the results workbook's Rounds table; a workbook made
before the column existed still imports, with the Board empty."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from assessment.excel.export import results_workbook
from assessment.excel.importer import import_files
from assessment.models import RoundInput
from assessment.storage import Store
from tests.assessment.excel.conftest import answer_all

BOARD = "Health and Wellbeing Board"


@pytest.fixture
def exported(sqlite_store, framework) -> bytes:
    """The results workbook of a round of two people that names its Board."""
    spec = RoundInput(pin="2468", area="Testford", held_on=dt.date(2026, 3, 10), board=BOARD)
    row = sqlite_store.rounds.open_round(spec, framework.version)
    for partner in ("council", "school"):
        person, _code = sqlite_store.responses.join(row.id, partner)
        sqlite_store.responses.save_answers(person.id, answer_all(framework, 3, 3))
        sqlite_store.responses.set_complete(person.id)
    return results_workbook(sqlite_store, framework, row.id)


@pytest.fixture
def target(tmp_path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'target.db'}")
    yield store
    store.dispose()


def without_board(data: bytes) -> bytes:
    """The workbook as a version before the Board column wrote it: the About sheet's Board column gone."""
    book = load_workbook(io.BytesIO(data))
    sheet = book["About"]
    header = next(cell for row in sheet.iter_rows() for cell in row if cell.value == "Board")
    for name in list(sheet.tables):
        del sheet.tables[name]
    sheet.delete_cols(header.column)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_board_is_exported_and_imported_with_the_round(exported, target, framework):
    import_files(target, framework, [("results.xlsx", exported)])
    (imported,) = target.rounds.list_rounds()
    assert imported.board == BOARD


def test_a_workbook_made_before_the_board_column_imports_with_the_board_empty(exported, target, framework):
    import_files(target, framework, [("results.xlsx", without_board(exported))])
    (imported,) = target.rounds.list_rounds()
    assert (imported.area_name, imported.board) == ("Testford", "")

"""Whether the partnership has an executive group travels in the results workbook's Rounds table as Yes,
No or empty (not asked); a workbook made before the column existed imports it as not asked."""

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


def exported(store: Store, framework, has_executive: bool | None) -> bytes:  # noqa: ANN001
    spec = RoundInput(pin="2468", area="Testford", held_on=dt.date(2026, 3, 10), has_executive=has_executive)
    row = store.rounds.open_round(spec, framework.version)
    for partner in ("council", "school"):
        person, _code = store.responses.join(row.id, partner)
        store.responses.save_answers(person.id, answer_all(framework, 3, 3))
        store.responses.set_complete(person.id)
    return results_workbook(store, framework, row.id)


def without_executive(data: bytes) -> bytes:
    """The workbook as a version before the column wrote it: the About sheet's 'Executive group' gone."""
    book = load_workbook(io.BytesIO(data))
    sheet = book["About"]
    header = next(cell for row in sheet.iter_rows() for cell in row if cell.value == "Executive group")
    for name in list(sheet.tables):
        del sheet.tables[name]
    sheet.delete_cols(header.column)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("has_executive", [True, False, None])
def test_the_executive_answer_is_exported_and_imported_with_the_round(sqlite_store, framework, tmp_path, has_executive):
    data = exported(sqlite_store, framework, has_executive)
    target = Store(f"sqlite:///{tmp_path / 'target.db'}")
    try:
        import_files(target, framework, [("results.xlsx", data)])
        (imported,) = target.rounds.list_rounds()
        assert imported.has_executive is has_executive
    finally:
        target.dispose()


def test_a_workbook_without_the_column_imports_the_answer_as_not_asked(sqlite_store, framework, tmp_path):
    data = without_executive(exported(sqlite_store, framework, True))
    target = Store(f"sqlite:///{tmp_path / 'target.db'}")
    try:
        import_files(target, framework, [("results.xlsx", data)])
        (imported,) = target.rounds.list_rounds()
        assert (imported.area_name, imported.has_executive) == ("Testford", None)
    finally:
        target.dispose()

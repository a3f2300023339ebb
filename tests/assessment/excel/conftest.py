"""Fixtures for the Excel tests: a small hand-made round, the illustrative sample, and filled questionnaires."""

from __future__ import annotations

import datetime as dt
import io
import random
import shutil
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from assessment.excel import questionnaire
from assessment.framework import Framework
from assessment.models import Answer, ItemKind, RoundInput
from assessment.sample import load_sample
from assessment.storage import RoundRow, Store


def answer_all(framework: Framework, level: int, stage: int, comment: str = "") -> list[Answer]:
    """One participant's answers: every statement at `level`, every component at `stage`."""
    answers = [
        Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=level, comment=comment)
        for f in framework.factors
        for s in f.statements
    ]
    answers += [Answer(kind=ItemKind.COMPONENT, item_id=c.id, value=stage) for c in framework.components]
    return answers


def small_round(store: Store, framework: Framework, area: str = "Testford") -> RoundRow:
    """An open round with three participants: council at level 2 / stage 2, NHS at 3 / 3 and a school
    at 4 / 4, so every factor's median is 3, its mean 3 and its IQR 1 (quartiles 2.5 and 3.5)."""
    row = store.rounds.open_round(
        RoundInput(pin="2468", area=area, held_on=dt.date(2026, 3, 10), title="Workshop", priority_areas=("send",)),
        framework.version,
    )
    for partner, level in (("council", 2), ("nhs_commissioner", 3), ("school", 4)):
        person, _code = store.responses.join(row.id, partner)
        store.responses.save_answers(person.id, answer_all(framework, level, level))
        store.responses.set_complete(person.id)
    return store.rounds.get_round(row.id)


@pytest.fixture(scope="session")
def sample_file(tmp_path_factory, framework) -> str:
    """A SQLite file holding the illustrative sample, built once per test run."""
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    store = Store(f"sqlite:///{path}")
    load_sample(store, framework)
    store.dispose()
    return str(path)


@pytest.fixture
def sample_store(sample_file, tmp_path) -> Store:
    """A private copy of the illustrative sample that a test may change."""
    copy = tmp_path / "sample_copy.db"
    shutil.copy(sample_file, copy)
    store = Store(f"sqlite:///{copy}")
    yield store
    store.dispose()


def fill_questionnaire(
    template: bytes, partner: str | None, answers: dict[str, object], comments: dict[str, object] | None = None
) -> bytes:
    """Fill a downloaded questionnaire as a participant would: partner type and answers by item ID."""
    book = load_workbook(io.BytesIO(template))
    ws = book[questionnaire.SHEET]
    ws[questionnaire.PARTNER_CELL] = partner
    comments = comments or {}
    for row in range(questionnaire.HEADER_ROW + 1, ws.max_row + 1):
        item_id = ws.cell(row=row, column=1).value
        if item_id in answers:
            ws[f"{questionnaire.ANSWER_COLUMN}{row}"] = answers[item_id]
        if item_id in comments:
            ws[f"{questionnaire.COMMENT_COLUMN}{row}"] = comments[item_id]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def item_rows(template: bytes) -> dict[str, int]:
    """Item ID -> its row on the Questionnaire sheet."""
    ws = load_workbook(io.BytesIO(template))[questionnaire.SHEET]
    return {
        ws.cell(row=r, column=1).value: r
        for r in range(questionnaire.HEADER_ROW + 1, ws.max_row + 1)
        if ws.cell(row=r, column=1).value
    }


def oversized_workbook(rows: int, columns: int, sheet: str = questionnaire.SHEET) -> bytes:
    """A legal .xlsx whose one sheet holds rows x columns small random numbers, like the outsider's
    probe (49,000 x 40 made 8.4 MB). The sheet's XML is written directly: openpyxl takes 15 s for it."""
    rng = random.Random(rows * columns)
    cells = "".join(
        f'<c r="{get_column_letter(c)}{{row}}"><v>{{values[{c - 1}]}}</v></c>' for c in range(1, columns + 1)
    )
    body = "".join(
        f'<row r="{row}">' + cells.format(row=row, values=[rng.getrandbits(7) for _ in range(columns)]) + "</row>"
        for row in range(1, rows + 1)
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{body}</sheetData></worksheet>"
    ).encode()
    book = Workbook()
    book.active.title = sheet
    small = io.BytesIO()
    book.save(small)
    parts = zipfile.ZipFile(small)
    big = io.BytesIO()
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in parts.infolist():
            archive.writestr(
                member.filename, xml if member.filename == "xl/worksheets/sheet1.xml" else parts.read(member)
            )
    return big.getvalue()

"""Small groups in every Excel export, always: a partner type with fewer than k people is never named
next to answers or scores, in any sheet (it is combined into Other partner); a group of k or more still is."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from assessment.excel.export import programme_workbook, results_workbook
from assessment.models import RoundInput, RoundStatus
from tests.assessment.excel.conftest import answer_all


def mixed_round(store, framework):  # noqa: ANN001, ANN201
    """A finalised round: one council person, one NHS commissioner, one voluntary sector person and three
    from schools (k is 3): the three ones make an Other partner of 3."""
    row = store.rounds.open_round(
        RoundInput(pin="2468", area="Smallby", held_on=dt.date(2026, 3, 10)), framework.version
    )
    for partner, level in (
        ("council", 1),
        ("nhs_commissioner", 4),
        ("voluntary", 1),
        ("school", 2),
        ("school", 2),
        ("school", 3),
    ):
        person, _code = store.responses.join(row.id, partner)
        store.responses.save_answers(person.id, answer_all(framework, level, level))
        store.responses.set_complete(person.id)
    store.rounds.set_status(row.id, RoundStatus.CLOSED)
    store.rounds.set_status(row.id, RoundStatus.FINALISED)
    return store.rounds.get_round(row.id)


def every_cell(data: bytes) -> list[str]:
    """Every text cell of every sheet."""
    book = load_workbook(io.BytesIO(data), read_only=True)
    return [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if isinstance(value, str)
    ]


def test_the_results_workbook_names_no_partner_type_under_k_anywhere(store, framework):
    assert framework.suppression_k == 3
    row = mixed_round(store, framework)
    cells = every_cell(results_workbook(store, framework, row.id))
    assert "Council children's services" not in cells
    assert "NHS commissioner (ICB; formerly PCT or CCG)" not in cells
    assert framework.partner_name("voluntary") not in cells
    assert framework.partner_name("school") in cells
    assert "Other partner" in cells


def test_the_programme_workbook_names_no_partner_type_under_k_anywhere(store, framework):
    mixed_round(store, framework)
    cells = every_cell(programme_workbook(store, framework))
    assert "Council children's services" not in cells
    assert "NHS commissioner (ICB; formerly PCT or CCG)" not in cells
    assert framework.partner_name("school") in cells

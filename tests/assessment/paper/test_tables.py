"""The paper's tables: as wide as the text, numbers in narrow columns, no word broken, the header row
repeated on every page a table runs over."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn
from docx.shared import Inches

from assessment.paper import board_paper
from assessment.paper import document as doc
from tests.assessment.paper.conftest import reopen, table_with
from tests.assessment.paper.test_paper import small_groups_round


def test_a_column_of_small_numbers_is_as_wide_as_its_header_and_the_text_takes_the_rest():
    # "People" in bold: P 0.75 + e, o, p, e 4 x 0.64 + l 0.35 = 3.66 ems, x 1.1 = 4.026, + 0.5 slack
    # = 4.526 ems of 9 points = 0.5658 inch, + 0.16 of cell margins = 0.7258; the item takes 6.27 - that.
    item, people = doc.column_widths([["Item", "People"], ["Special educational needs and disabilities", "25"]])
    assert people == pytest.approx(0.7258, abs=0.001)
    assert item == pytest.approx(6.27 - 0.7258, abs=0.001)


def test_no_column_is_narrower_than_its_longest_word():
    header = ["Success factor", "Median", "Agreed", "The room's reason", "Score used", "Split", "Change", "Percentile"]
    row = ["Commissioning workforce development", "1.75", "-", "", "1.75 (median)", "Split", "-0.25", "40.0"]
    widths = doc.column_widths([header, row])
    assert sum(widths) == pytest.approx(doc.TEXT_WIDTH)
    for width, heading, text in zip(widths, header, row, strict=True):
        longest = max([doc.ems(word) * doc.BOLD for word in heading.split()] + [doc.ems(w) for w in text.split()])
        assert width >= doc.CELL_MARGINS + longest * doc.TABLE_POINTS / 72


def test_every_table_fills_the_text_width_and_repeats_its_header(sqlite_store, framework):
    row = small_groups_round(sqlite_store, framework)
    paper = reopen(board_paper(sqlite_store, framework, row.id, renderer=None))
    # partners, two charts, items, factors, options, readiness, resources, estimates, weights, scale
    assert len(paper.tables) == 11
    for grid in paper.tables:
        widths = [column.width for column in grid.columns]
        assert sum(widths) == pytest.approx(Inches(doc.TEXT_WIDTH), abs=Inches(0.01))
        assert grid.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    factors = table_with(paper, "Success factor")
    name, median = factors.columns[0].width, factors.columns[1].width
    assert name > median

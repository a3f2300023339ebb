"""The Board paper's Options section carries each option's resources and the partnership's estimate."""

from __future__ import annotations

from assessment.models import CostEstimate
from assessment.paper import board_paper
from tests.assessment.helpers import targeted_estimate
from tests.assessment.paper.conftest import reopen, rows_of
from tests.assessment.paper.test_paper import small_groups_round


def grid_headed(paper, second: str):  # noqa: ANN001, ANN201
    """The table whose header's second cell is this (the first is 'Option' in both costs tables)."""
    return next(t for t in paper.tables if len(t.columns) > 1 and t.rows[0].cells[1].text == second)


def test_the_costs_tables_read_each_options_resources_and_estimate_in_words(sqlite_store, framework):
    row = small_groups_round(sqlite_store, framework)
    sqlite_store.costs.save(
        row.id,
        [
            targeted_estimate("Legal advice on a section 75 agreement."),
            CostEstimate(option_id="whole_system", posts_low=6, posts_high=8),
        ],
    )
    paper = reopen(board_paper(sqlite_store, framework, row.id, renderer=None))
    assert rows_of(grid_headed(paper, "What it needs")) == [[o.name, o.resources] for o in framework.options]
    estimates = grid_headed(paper, "Estimate")
    assert [c.text for c in estimates.rows[0].cells] == ["Option", "Estimate", "Note"]
    assert rows_of(estimates) == [
        ["Status quo: keep current arrangements", "No estimate yet", ""],
        ["Option 1: Virtual joint commissioning", "No estimate yet", ""],
        [
            "Option 2: Joint commissioning in targeted areas",
            "£40,000-£60,000 one-off; £120,000-£150,000 a year; 2-3 posts",
            "Legal advice on a section 75 agreement.",
        ],
        ["Option 3: Joint commissioning for the whole system", "6-8 posts", ""],
    ]


def test_without_notes_the_costs_table_has_no_note_column(sqlite_store, framework):
    row = small_groups_round(sqlite_store, framework)
    grid = grid_headed(reopen(board_paper(sqlite_store, framework, row.id, renderer=None)), "Estimate")
    assert [c.text for c in grid.rows[0].cells] == ["Option", "Estimate"]
    assert {r[1] for r in rows_of(grid)} == {"No estimate yet"}

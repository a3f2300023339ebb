"""The Board paper's Options section carries each option's resources and the partnership's estimate."""

from __future__ import annotations

from assessment.models import CostEstimate
from assessment.paper import board_paper
from tests.assessment.paper.conftest import reopen, rows_of
from tests.assessment.paper.test_paper import small_groups_round


def costs_grid(paper):  # noqa: ANN001, ANN201
    return next(t for t in paper.tables if t.rows[0].cells[1].text == "What it needs")


def test_the_costs_table_reads_each_options_resources_and_estimate_in_words(sqlite_store, framework):
    row = small_groups_round(sqlite_store, framework)
    sqlite_store.costs.save(
        row.id,
        [
            CostEstimate(
                option_id="targeted",
                one_off_low=40_000,
                one_off_high=60_000,
                recurring_low=120_000,
                recurring_high=150_000,
                posts_low=2,
                posts_high=3,
                note="Legal advice on a section 75 agreement.",
            ),
            CostEstimate(option_id="whole_system", posts_low=6, posts_high=8),
        ],
    )
    grid = costs_grid(reopen(board_paper(sqlite_store, framework, row.id, renderer=None)))
    assert [c.text for c in grid.rows[0].cells] == ["Option", "What it needs", "Estimate", "Note"]
    assert rows_of(grid) == [
        [o.name, o.resources, estimate, note]
        for o, estimate, note in zip(
            framework.options,
            [
                "No estimate yet",
                "No estimate yet",
                "£40,000-£60,000 one-off; £120,000-£150,000 a year; 2-3 posts",
                "6-8 posts",
            ],
            ["", "", "Legal advice on a section 75 agreement.", ""],
            strict=True,
        )
    ]


def test_without_notes_the_costs_table_has_no_note_column(sqlite_store, framework):
    row = small_groups_round(sqlite_store, framework)
    grid = costs_grid(reopen(board_paper(sqlite_store, framework, row.id, renderer=None)))
    assert [c.text for c in grid.rows[0].cells] == ["Option", "What it needs", "Estimate"]
    assert {r[2] for r in rows_of(grid)} == {"No estimate yet"}

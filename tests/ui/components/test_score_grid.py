"""Turning the edited score grid into validated appraisal scores."""

import math

import pandas as pd

from ui.components.score_grid import to_scores

NAMES = {"virtual": "Option 1", "targeted": "Option 2"}
CRITERIA = {"outcomes": "Outcomes", "feasibility": "Feasibility"}


def test_whole_scores_are_kept_and_empty_cells_clear_a_score():
    grid = pd.DataFrame({"outcomes": [1.0, 4.0], "feasibility": [math.nan, 0.0]}, index=["virtual", "targeted"])
    batch, problems = to_scores(grid, NAMES, CRITERIA)
    assert problems == []
    assert [(s.option_id, s.criterion_id, s.value) for s in batch] == [
        ("virtual", "outcomes", 1),
        ("virtual", "feasibility", None),
        ("targeted", "outcomes", 4),
        ("targeted", "feasibility", 0),
    ]


def test_every_wrong_cell_is_named_by_option_and_criterion():
    grid = pd.DataFrame({"outcomes": [2.5, 5.0], "feasibility": ["abc", 3.0]}, index=["virtual", "targeted"])
    _batch, problems = to_scores(grid, NAMES, CRITERIA)
    assert problems == [
        "Option 1, Outcomes: 2.5 is not a whole number from 0 to 4",
        "Option 1, Feasibility: 'abc' is not a whole number from 0 to 4",
        "Option 2, Outcomes: 5.0 is not a whole number from 0 to 4",
    ]

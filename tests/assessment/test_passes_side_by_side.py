"""How the room moved after re-scoring: each re-scored factor's first answers beside its latest pass, the
headline sentence, the tables the dashboard and presentation mode show and the projector's chart.

The passes are those worked out by hand in tests/assessment/results/test_passes.py (five people):

    governance  first answers  median 2, at the median 3 of 5 (60%), within one level 3 of 5 (60%), split
                second pass    median 2, at the median 2 of 5 (40%), within one level 5 of 5 (100%), not split
    vision      first answers  median 2, at the median 1 of 5 (20%), within one level 1 of 5 (20%), split
                second pass    median 2, 20% at the median, 40% within one level, split
                third pass     median 2, 40% at the median, 60% within one level, split; the pass has closed,
                               so vision is uncertain

plus, for a room whose pass is still open, leadership: first answers median 3, 40% at it, 60% within one
level, split; second pass median 3, 60% at it, 60% within one level, still split (not yet uncertain).
"""

from __future__ import annotations

import pandas as pd
import pytest

from assessment.charts import palette
from assessment.charts.workshop import rescore_movement
from assessment.dashboard import passes_display
from assessment.passes import (
    NO_LONGER_SPLIT,
    STILL_SPLIT,
    UNCERTAIN,
    movement,
    movement_sentence,
    passes_side_by_side,
)
from assessment.scoring import RoundResult
from assessment.workshop import movement_table

NAMES = {"leadership": "Clear leadership", "governance": "Effective governance", "vision": "An agreed vision"}


def history(rows: list[tuple]) -> pd.DataFrame:
    """A RoundResult.passes table from (factor, pass, median, n, at_median, within_one, split) rows."""
    frame = pd.DataFrame(rows, columns=["factor_id", "pass", "median", "n", "at_median", "within_one", "split"])
    return frame.set_index(["factor_id", "pass"])


def factor_table(passes: dict[str, int], uncertain: set[str]) -> pd.DataFrame:
    """A RoundResult.factors table with a name, the pass each score comes from and whether it is uncertain."""
    return pd.DataFrame(
        {
            "name": [NAMES[f] for f in NAMES],
            "pass": [passes.get(f, 1) for f in NAMES],
            "uncertain": [f in uncertain for f in NAMES],
        },
        index=pd.Index(list(NAMES), name="factor_id"),
    )


CLOSED_ROOM = history(
    [
        ("leadership", 1, 2.0, 5, 1.0, 1.0, False),
        ("governance", 1, 2.0, 5, 0.6, 0.6, True),
        ("governance", 2, 2.0, 5, 0.4, 1.0, False),
        ("vision", 1, 2.0, 5, 0.2, 0.2, True),
        ("vision", 2, 2.0, 5, 0.2, 0.4, True),
        ("vision", 3, 2.0, 5, 0.4, 0.6, True),
    ]
)
CLOSED_FACTORS = factor_table({"governance": 2, "vision": 3}, uncertain={"vision"})


def test_each_re_scored_factor_is_compared_from_its_first_answers_to_its_latest_pass():
    moved = movement(CLOSED_FACTORS, CLOSED_ROOM)
    assert moved.index.tolist() == ["governance", "vision"]  # leadership was never re-scored
    governance, vision = moved.loc["governance"], moved.loc["vision"]
    assert (governance["latest"], governance["status"]) == (2, NO_LONGER_SPLIT)
    assert [
        governance[k] for k in ("first_at_median", "first_within_one", "latest_at_median", "latest_within_one")
    ] == [
        0.6,
        0.6,
        0.4,
        1.0,
    ]
    assert (vision["latest"], vision["status"]) == (3, UNCERTAIN)  # pass 3, not pass 2
    assert [vision["first_within_one"], vision["latest_within_one"]] == [0.2, 0.6]
    assert movement_sentence(moved) == "2 factors re-scored after discussion: 1 no longer split, 1 uncertain."


def test_a_factor_still_split_while_its_pass_is_open_is_not_yet_uncertain():
    room = history(
        [
            ("leadership", 1, 3.0, 5, 0.4, 0.6, True),
            ("leadership", 2, 3.0, 5, 0.6, 0.6, True),
            ("governance", 1, 2.0, 5, 1.0, 1.0, False),
            ("vision", 1, 2.0, 5, 1.0, 1.0, False),
        ]
    )
    moved = movement(factor_table({"leadership": 2}, uncertain=set()), room)
    assert moved["status"].tolist() == [STILL_SPLIT]
    assert movement_sentence(moved) == "1 factor re-scored after discussion: 1 still split."


def test_without_a_re_score_there_is_no_movement_and_no_sentence():
    room = history([(f, 1, 2.0, 5, 1.0, 1.0, False) for f in NAMES])
    moved = movement(factor_table({}, uncertain=set()), room)
    assert moved.empty and movement_sentence(moved) is None
    assert passes_side_by_side(factor_table({}, uncertain=set()), room).empty


def test_the_passes_side_by_side_leave_a_pass_blank_for_a_factor_not_re_scored_in_it():
    wide = passes_side_by_side(CLOSED_FACTORS, CLOSED_ROOM)
    assert wide.index.tolist() == ["governance", "vision"]
    assert wide.columns.get_level_values("pass").unique().tolist() == [1, 2, 3]
    assert wide.loc["governance", (2, "within_one")] == 1.0
    assert pd.isna(wide.loc["governance", (3, "median")])  # governance was not re-scored in pass 3
    assert wide.loc["vision", (3, "at_median")] == 0.4


def test_the_dashboard_lists_each_factors_passes_one_under_another_in_whole_percentages():
    result = RoundResult(
        round_id=1,
        respondents=5,
        factors=CLOSED_FACTORS,
        items=pd.DataFrame(),
        position=None,
        lower=None,
        upper=None,
        examples=None,
        sentence="",
        passes=CLOSED_ROOM,
    )
    table = passes_display(result)
    assert table.columns.tolist() == [
        "Factor",
        "Pass",
        "Median",
        "People scored",
        "At the median",
        "Within one level",
        "Room",
    ]
    assert table.values.tolist() == [
        ["Effective governance", "first answers", 2.0, 5, 60, 60, "Split"],
        ["Effective governance", "second pass", 2.0, 5, 40, 100, ""],
        ["An agreed vision", "first answers", 2.0, 5, 20, 20, "Split"],
        ["An agreed vision", "second pass", 2.0, 5, 20, 40, "Split"],
        ["An agreed vision", "third pass", 2.0, 5, 40, 60, "Split"],
    ]


def test_the_slide_table_puts_the_first_answers_beside_the_latest_pass():
    table = movement_table(movement(CLOSED_FACTORS, CLOSED_ROOM)).set_index("Factor")
    assert table.loc["Effective governance"].tolist() == [2.0, 60, 60, "second pass", 2.0, 40, 100, NO_LONGER_SPLIT]
    assert table.loc["An agreed vision"].tolist() == [2.0, 20, 20, "third pass", 2.0, 40, 60, UNCERTAIN]


def test_the_chart_draws_the_share_within_one_level_before_and_after_and_names_the_uncertain_factor():
    figure = rescore_movement(movement(CLOSED_FACTORS, CLOSED_ROOM), large=True)
    first, latest = figure.data
    assert (first.name, latest.name) == ("First answers", "After re-scoring")
    # Governance at the top (rows 3.8 and 2.8), vision below (rows 1 and 0).
    assert list(first.y) == pytest.approx([3.8, 1]) and list(latest.y) == pytest.approx([2.8, 0])
    assert list(first.x) == pytest.approx([0.6, 0.2]) and list(latest.x) == pytest.approx([1.0, 0.6])
    assert latest.text[0] == "100% within one level · median 2.0 · 40% at it"
    assert list(latest.marker.color) == [palette.AGREEMENT, palette.SPLIT]
    labels = [a.text for a in figure.layout.annotations]
    assert labels == ["Effective governance", "<b>An agreed vision · UNCERTAIN</b>"]


def test_a_factor_first_scored_in_a_re_score_has_no_first_figures_and_is_not_split():
    # Nobody scored leadership in their first answers; two people scored it 2 in pass 2.
    room = history([("leadership", 2, 2.0, 2, 1.0, 1.0, False), ("governance", 1, 2.0, 5, 1.0, 1.0, False)])
    moved = movement(factor_table({"leadership": 2}, uncertain=set()), room)
    assert pd.isna(moved.loc["leadership", "first_median"])
    assert (moved.loc["leadership", "latest_within_one"], moved.loc["leadership", "status"]) == (1.0, "not split")
    figure = rescore_movement(moved)
    assert figure.data[0].text[0] == "nobody scored it"

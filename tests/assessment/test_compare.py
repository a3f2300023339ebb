"""Comparing areas: the table, percentiles, sorting and filtering, with numbers worked out by hand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from assessment.compare import comparison_table, percentiles, select_areas, sort_and_filter
from assessment.results.rounds import latest_finalised
from assessment.scoring import score_answers
from tests.assessment.answers import answers


def rounds_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "round_id": [1, 2, 3, 4, 5],
            "area_id": [1, 1, 2, 3, 4],
            "area": ["Ashvale", "Ashvale", "Brookmere", "Calderwick", "Dunmoor"],
            "held_on": [
                dt.date(2024, 3, 1),
                dt.date(2025, 3, 1),
                dt.date(2025, 6, 1),
                dt.date(2025, 9, 1),
                dt.date(2025, 1, 1),
            ],
            "status": ["finalised", "finalised", "finalised", "finalised", "open"],
        }
    )


@pytest.fixture
def scores(framework):
    frames = [
        answers(framework, 1, 1, "council", 0, {"budgets": 1}),
        answers(framework, 2, 2, "council", 1, {"budgets": 2}),
        answers(framework, 2, 3, "school", 3, {"budgets": 3}),
        answers(framework, 3, 4, "council", 2, {"budgets": 4}),
        answers(framework, 4, 5, "council", 2, {"budgets": 5}),
        answers(framework, 4, 6, "council", 4, {"budgets": 5}),
        answers(framework, 5, 7, "council", 4, {"budgets": 6}),
    ]
    return score_answers(pd.concat(frames, ignore_index=True), framework)


def test_each_areas_latest_finalised_round_is_compared():
    assert sorted(latest_finalised(rounds_table())["round_id"]) == [2, 3, 4]


def test_a_date_range_picks_the_latest_finalised_round_held_within_it():
    chosen = latest_finalised(rounds_table(), dt.date(2024, 1, 1), dt.date(2025, 2, 1))

    assert sorted(chosen["round_id"]) == [1]  # Ashvale's 2024 round; Dunmoor's round is still open


def test_comparison_table_has_one_row_per_area_with_medians_positions_and_counts(framework, scores):
    table = comparison_table(scores, latest_finalised(rounds_table()), framework).set_index("area")

    assert table.index.tolist() == ["Ashvale", "Brookmere", "Calderwick"]
    # Ashvale round 2: a council member scoring 1 and a school member scoring 3 -> median 2, two partner types.
    assert table.loc["Ashvale", "leadership"] == 2.0
    assert table.loc["Ashvale", "participants"] == 2
    assert table.loc["Ashvale", "partner_types"] == 2
    assert table.loc["Ashvale", "position"] == 2.5  # budgets answered 2 and 3
    assert table.loc["Calderwick", "leadership"] == 3.0
    assert table.loc["Calderwick", "position"] == 5.0


def test_percentiles_count_areas_below_and_half_of_those_level_with_it():
    table = pd.DataFrame({"area": ["A", "B", "C", "D"], "leadership": [1.0, 2.0, 2.0, 3.0]})

    ranks = percentiles(table, ["leadership"])

    # B: one of the 3 others is below and one is level: (1 + 0.5) / 3 = 50%.
    assert ranks["leadership"].tolist() == [0.0, 50.0, 50.0, 100.0]


def test_an_area_without_a_score_has_no_percentile_and_is_not_counted_for_the_others():
    table = pd.DataFrame({"area": ["A", "B", "C"], "leadership": [1.0, np.nan, 3.0]})

    ranks = percentiles(table, ["leadership"])

    assert ranks["leadership"].tolist()[0] == 0.0
    assert np.isnan(ranks["leadership"].tolist()[1])
    assert ranks["leadership"].tolist()[2] == 100.0


def test_sort_and_filter_keep_the_range_and_order_highest_first():
    table = pd.DataFrame({"area": ["A", "B", "C", "D"], "position": [2.0, 4.5, np.nan, 3.0]})

    kept = sort_and_filter(table, "position", 2.5, 6.0)

    assert kept["area"].tolist() == ["B", "D"]
    assert sort_and_filter(table, "position")["area"].tolist() == ["B", "D", "A", "C"]
    assert sort_and_filter(table, "area", descending=False)["area"].tolist() == ["A", "B", "C", "D"]


def test_select_areas_keeps_the_chosen_areas_or_all():
    table = pd.DataFrame({"area_id": [1, 2, 3]})

    assert select_areas(table, [1, 3])["area_id"].tolist() == [1, 3]
    assert select_areas(table, None)["area_id"].tolist() == [1, 2, 3]

"""The workshop charts: strip plot with median and split flag, the projector's spread chart, the
continuum distribution and the partner bars."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from assessment.charts import palette
from assessment.charts.workshop import (
    continuum_distribution,
    factor_spread,
    factor_strip,
    partner_bars,
    strip_offsets,
)

ORDER = ["governance", "leadership"]


@pytest.fixture
def factors() -> pd.DataFrame:
    """Governance scored 0, 4, 4 (median 4, split); leadership 2, 2, 3 (median 2, agreement)."""
    return pd.DataFrame(
        {
            "name": ["Effective governance", "Clear leadership"],
            "median": [4.0, 2.0],
            "q1": [2.0, 2.0],
            "q3": [4.0, 2.5],
            "agreement": ["split", "agreement"],
        },
        index=ORDER,
    )


@pytest.fixture
def respondent_scores() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "participant_id": [1, 2, 3, 1, 2, 3],
            "partner_type": ["council"] * 6,
            "factor_id": ["governance"] * 3 + ["leadership"] * 3,
            "score": [0.0, 4.0, 4.0, 2.0, 2.0, 3.0],
        }
    )


def traces(figure) -> dict:  # noqa: ANN001
    return {trace.name: trace for trace in figure.data}


def test_equal_scores_fan_out_evenly_and_single_scores_stay_on_the_line():
    offsets = strip_offsets(pd.Series([2.0, 2.0, 3.0, 2.0]))
    assert offsets.tolist() == pytest.approx([-0.2, 0.0, 0.0, 0.2])


def test_the_strip_plot_has_a_dot_per_person_and_the_median_per_factor(factors, respondent_scores, framework):
    figure = factor_strip(factors, respondent_scores, ORDER, framework)
    by_name = traces(figure)
    assert sorted(by_name["Split factor"].x) == [0.0, 4.0, 4.0]
    assert sorted(by_name["A person's score"].x) == [2.0, 2.0, 3.0]
    assert list(by_name["Median"].x) == [4.0, 2.0]
    # governance is discussed first, so it is the top row (row 1 of 0..1)
    assert list(by_name["Median"].y) == [1, 0]
    assert by_name["Split factor"].marker.color == palette.SPLIT


def test_a_split_factor_says_split_in_words_not_only_in_colour(factors, respondent_scores, framework):
    figure = factor_strip(factors, respondent_scores, ORDER, framework)
    labels = [a.text for a in figure.layout.annotations]
    assert labels == ["<b>Governance · SPLIT</b>", "Leadership"]


def test_the_projector_chart_shows_no_individual_scores(factors, framework):
    figure = factor_spread(factors, ORDER, framework, large=True)
    medians = [t for t in figure.data if t.mode == "markers+text"]
    assert len(medians) == 1 and list(medians[0].x) == [4.0, 2.0]
    bars = [list(t.x) for t in figure.data if t.mode == "lines"]
    assert bars == [[2.0, 4.0], [2.0, 2.5]]  # the middle half of the room, not people
    assert figure.layout.font.size == 22


def test_the_continuum_chart_stacks_people_per_stage_and_escapes_the_rounds_own_names(framework):
    counts = pd.DataFrame(
        {"name": ["Budgets and resources", "<b>Short</b> breaks"], "median": [2.0, np.nan], "n": [3, 0]}
        | {1: [1, 0], 2: [2, 0], 3: [0, 0], 4: [0, 0], 5: [0, 0], 6: [0, 0]},  # people per stage
        index=["budgets", "short"],
    )
    figure = continuum_distribution(counts, framework, title="By component")
    stages = {t.name: list(t.x) for t in figure.data}
    assert stages["1 Silo"] == [1, 0]
    assert stages["2 Aligned plans"] == [2, 0]
    assert stages["3 Virtual"] == [0, 0]
    labels = [a.text for a in figure.layout.annotations]
    assert labels == ["Budgets and resources (median 2.0)", "&lt;b&gt;Short&lt;/b&gt; breaks"]
    segment_text = next(t for t in figure.data if t.name == "2 Aligned plans").text
    assert list(segment_text) == ["Stage 2", ""]  # each segment names its stage, not only its colour


def test_the_partner_bars_leave_out_the_total_and_write_the_numbers(framework):
    counts = pd.DataFrame(
        {
            "partner": ["Council children's services", "Schools", "Total"],
            "joined": [2, 1, 3],
            "answering": [2, 1, 3],
            "submitted": [1, 1, 2],
        },
        index=["council", "school", "total"],
    )
    figure = partner_bars(counts)
    assert {t.name: list(t.x) for t in figure.data} == {"Joined": [2, 1], "Submitted": [1, 1]}
    assert [a.text for a in figure.layout.annotations] == ["Council children&#x27;s services", "Schools"]

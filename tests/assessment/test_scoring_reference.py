"""The vectorised engine agrees with a plain, slow pandas computation of the same rules."""

import numpy as np
import pandas as pd
import pytest

from assessment.sample import programme_frame
from assessment.scoring import score_answers


@pytest.fixture(scope="module")
def programme(framework) -> pd.DataFrame:
    return programme_frame(framework, areas=12, participants=9, items=50, seed=7)


def test_factor_statistics_match_a_plain_groupby(programme, framework):
    statements = programme[programme["kind"] == "statement"].copy()
    statements["factor_id"] = statements["item_id"].map(framework.statement_factor)
    people = statements.groupby(["round_id", "factor_id", "participant_id"])["value"].mean().dropna()
    grouped = people.groupby(["round_id", "factor_id"])
    factors = score_answers(programme, framework).factors
    expected_median = grouped.median()
    assert np.allclose(factors["median"].loc[expected_median.index], expected_median)
    assert np.allclose(factors["mean"].loc[expected_median.index], grouped.mean())
    assert np.allclose(factors["q1"].loc[expected_median.index], grouped.quantile(0.25))
    assert np.allclose(factors["q3"].loc[expected_median.index], grouped.quantile(0.75))
    assert (factors["n"].loc[expected_median.index] == grouped.size()).all()
    outside = (people - grouped.transform("median")).abs() > 1
    assert np.allclose(
        factors["outside_share"].loc[expected_median.index], outside.groupby(["round_id", "factor_id"]).mean()
    )
    unknown = statements["value"].isna().groupby([statements["round_id"], statements["factor_id"]]).mean()
    assert np.allclose(factors["dont_know"].loc[unknown.index], unknown)


def test_continuum_medians_and_shares_match_a_plain_groupby(programme, framework):
    stages = programme[programme["kind"] != "statement"]
    grouped = stages.groupby(["round_id", "kind", "item_id"])["value"]
    items = score_answers(programme, framework).items
    expected = grouped.median()
    assert np.allclose(items["median"].loc[expected.index], expected)
    share_3 = grouped.apply(lambda v: (v == 3).sum() / v.notna().sum())
    assert np.allclose(items["stage_3"].loc[share_3.index], share_3)


def test_no_answers_at_all_scores_to_empty_tables(framework):
    empty = programme_frame(framework, areas=1, participants=1).iloc[0:0]
    scores = score_answers(empty, framework)
    assert scores.factors.empty and scores.items.empty and scores.positions.empty
    assert scores.respondents.empty

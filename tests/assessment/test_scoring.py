"""The scoring engine, checked against numbers worked out by hand in each test."""

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from assessment.disclosure import decide, shown_factor_scores
from assessment.scoring import (
    NO_POSITION_SENTENCE,
    PositionChange,
    assess_options,
    benchmark_band,
    continuum_sentence,
    partner_breakdown,
    percentile_among_others,
    respondent_factor_scores,
    round_result,
    score_answers,
    strengths_and_gaps,
)
from tests.assessment.helpers import answers_table, stages, statements

DK = None


def _leadership_room():
    # Four people on the four leadership statements.
    # P1: 2,2,2,2 -> 2.0   P2: 3,3,DK,DK -> 3.0   P3: 0,1,DK,1 -> 2/3   P4: 4,4,4,4 -> 4.0
    rows = []
    rows += statements(1, 1, "council", "leadership", [2, 2, 2, 2])
    rows += statements(1, 2, "council", "leadership", [3, 3, DK, DK])
    rows += statements(1, 3, "nhs_commissioner", "leadership", [0, 1, DK, 1])
    rows += statements(1, 4, "school", "leadership", [4, 4, 4, 4])
    return answers_table(rows)


def test_factor_score_is_the_median_of_each_persons_mean_leaving_out_dont_know(framework):
    row = score_answers(_leadership_room(), framework).factors.loc[(1, "leadership")]
    # scores 2/3, 2, 3, 4: median (2 + 3) / 2 = 2.5; mean (2/3 + 2 + 3 + 4) / 4 = 29/12
    assert row["median"] == pytest.approx(2.5)
    assert row["mean"] == pytest.approx(29 / 12)
    assert row["n"] == 4
    # linear quartiles of [2/3, 2, 3, 4]: q1 = 2/3 + 0.75 * 4/3 = 5/3; q3 = 3 + 0.25 * 1 = 3.25
    assert row["q1"] == pytest.approx(5 / 3)
    assert row["q3"] == pytest.approx(3.25)
    assert row["iqr"] == pytest.approx(3.25 - 5 / 3)
    # 3 of the 16 statement answers were don't know
    assert row["dont_know"] == pytest.approx(3 / 16)


def test_room_split_on_leadership_is_flagged(framework):
    row = score_answers(_leadership_room(), framework).factors.loc[(1, "leadership")]
    # |2/3 - 2.5| = 1.83 and |4 - 2.5| = 1.5 lie outside the band of one level: 2 of 4 = 50% > 25%
    assert row["outside_share"] == pytest.approx(0.5)
    assert row["agreement"] == "split"


def test_one_outlier_in_five_is_still_agreement(framework):
    rows = []
    for person, value in enumerate([2, 2, 2, 3, 4], start=1):
        rows += statements(1, person, "council", "governance", [value] * 4)
    row = score_answers(answers_table(rows), framework).factors.loc[(1, "governance")]
    # median 2; only the 4 is more than one level away: 1 of 5 = 20%, not more than 25%
    assert row["median"] == 2
    assert row["outside_share"] == pytest.approx(0.2)
    assert row["agreement"] == "agreement"


def test_exactly_one_level_from_the_median_is_inside_the_band(framework):
    rows = []
    for person, value in enumerate([1, 2, 3], start=1):
        rows += statements(1, person, "council", "vision", [value] * 4)
    row = score_answers(answers_table(rows), framework).factors.loc[(1, "vision")]
    assert row["outside_share"] == 0
    assert row["agreement"] == "agreement"


def test_all_dont_know_gives_no_score_but_counts_the_dont_know_rate(framework):
    rows = statements(1, 1, "council", "capacity", [DK, DK, DK, DK])
    rows += statements(1, 2, "council", "capacity", [DK, DK, DK, DK])
    scores = score_answers(answers_table(rows), framework)
    row = scores.factors.loc[(1, "capacity")]
    assert row["n"] == 0
    assert math.isnan(row["median"])
    assert row["dont_know"] == 1.0
    result = round_result(scores, 1, framework)
    assert result.factors.loc["capacity", "agreement"] == "no answers"
    assert result.factors.loc["leadership", "agreement"] == "no answers"
    assert result.respondents == 2


WIRRAL = {
    "budgets": 1,
    "governance_decisions": 2,
    "management": 1,
    "support": 2,
    "data": 2,
    "separation": 1,
    "planning": 2,
    "voice": 1,
}
WIRRAL_PRIORITIES = {"complex_needs": 1, "early_help": 2, "zero_nineteen": 3, "camhs": 3}


def test_a_room_that_mirrors_wirral_produces_wirrals_sentence(framework):
    # Three people answer the same, so every item's median is the stage above.
    rows = []
    for person in (1, 2, 3):
        rows += stages(7, person, "council", "component", WIRRAL)
        rows += stages(7, person, "council", "priority", WIRRAL_PRIORITIES)
    scores = score_answers(answers_table(rows), framework)
    result = round_result(scores, 7, framework)
    # Items by stage: 1 x5, 2 x5, 3 x2 (of 12). A quarter (3) sit at or below stage 1, three quarters
    # (9) at or below stage 2; 0-19 and CAMHS reach stage 3.
    assert (result.lower, result.upper, result.examples) == (1, 2, 3)
    assert result.sentence == (
        "The partnership sits between 'silo commissioning and information exchange' and "
        "'commissioners meeting to align plans', with some examples of 'virtual joint commissioning'."
    )
    # position = (5 * 1 + 5 * 2 + 2 * 3) / 12 = 21 / 12
    assert result.position == pytest.approx(1.75)


def test_median_stage_of_a_divided_room_is_rounded_down(framework):
    rows = stages(1, 1, "council", "component", {"budgets": 2})
    rows += stages(1, 2, "council", "component", {"budgets": 3})
    rows += stages(1, 3, "council", "component", {"budgets": None})
    item = score_answers(answers_table(rows), framework).items.loc[(1, "component", "budgets")]
    assert item["median"] == 2.5
    assert item["stage"] == 2
    assert item["n"] == 2
    assert item["dont_know"] == pytest.approx(1 / 3)
    assert (item["stage_2"], item["stage_3"], item["stage_4"]) == (0.5, 0.5, 0.0)


def test_sentence_says_at_when_the_middle_half_is_one_stage(framework):
    assert continuum_sentence(4, 4, 0, framework) == "The partnership sits at 'joint commissioning - targeted areas'."
    assert continuum_sentence(3, 3, 6, framework) == (
        "The partnership sits at 'virtual joint commissioning', with some examples of 'one organisation'."
    )


def test_the_sentence_ends_with_the_change_in_position_since_the_previous_round(framework):
    fell = PositionChange(since=dt.date(2025, 3, 11), before=2.0, now=1.79)
    assert fell.amount == -0.21
    assert continuum_sentence(2, 2, 0, framework, fell) == (
        "The partnership sits at 'commissioners meeting to align plans' \u2013 down 0.2 stages since the round "
        "of 11 March 2025."
    )
    # 3.0 - 1.75 = 1.25 stages, shown to the one decimal a stage supports, half up: 1.3.
    assert PositionChange(dt.date(2025, 1, 1), before=1.75, now=3.0).words() == (
        "up 1.3 stages since the round of 1 January 2025"
    )
    # 2.04 - 2.0 = 0.04 is a move, though at one decimal it would read 0.0.
    assert PositionChange(dt.date(2025, 1, 1), before=2.0, now=2.04).words() == (
        "up less than 0.1 stages since the round of 1 January 2025"
    )
    assert (
        PositionChange(dt.date(2025, 1, 1), before=2.5, now=2.5).words()
        == "no change since the round of 1 January 2025"
    )


def test_a_rounds_result_takes_its_previous_rounds_position_from_the_same_scores(framework):
    # Round 1: every component at stage 2 (position 2.00). Round 2: seven at 2 and budgets at 4, so
    # (14 + 4) / 8 = 2.25, up 0.25 (shown 0.3); 1 of 8 items above stage 2 is 'some examples' of stage 4.
    components = [c.id for c in framework.components]
    rows = stages(1, 1, "council", "component", dict.fromkeys(components, 2))
    rows += stages(2, 2, "council", "component", dict.fromkeys(components, 2) | {"budgets": 4})
    scores = score_answers(answers_table(rows), framework)
    result = round_result(scores, 2, framework, previous=(1, dt.date(2025, 3, 11)))
    assert (result.change.before, result.change.now, result.change.amount) == (2.0, 2.25, 0.25)
    assert result.sentence == (
        "The partnership sits at 'commissioners meeting to align plans', with some examples of 'joint "
        "commissioning - targeted areas' \u2013 up 0.3 stages since the round of 11 March 2025."
    )
    # Scores without the previous round (or no previous round) give the sentence alone.
    alone = round_result(
        score_answers(answers_table(rows[len(components) :]), framework),
        2,
        framework,
        previous=(1, dt.date(2025, 3, 11)),
    )
    assert alone.change is None and alone.sentence.endswith("'joint commissioning - targeted areas'.")
    assert round_result(scores, 1, framework).change is None


def test_a_round_without_continuum_answers_has_no_position(framework):
    result = round_result(score_answers(_leadership_room(), framework), 1, framework)
    assert result.position is None
    assert result.sentence == NO_POSITION_SENTENCE
    assert [o.gap for o in result.options] == [None, None, None, None]


def test_step_change_and_readiness_of_each_option(framework):
    medians = {f.id: 2.0 for f in framework.factors} | {"leadership": 3.5, "governance": 1.5}
    assessed = {o.id: o for o in assess_options(framework, medians, 2.25)}
    assert assessed["status_quo"].gap == 0 and assessed["status_quo"].readiness == 1
    # virtual (stage 3) needs leadership 1, governance 1, understanding 1: all met
    assert assessed["virtual"].gap == 0.75 and assessed["virtual"].readiness == 1
    # targeted (stage 4) needs 2 on leadership, governance, understanding, roles, vision: governance 1.5 fails
    assert assessed["targeted"].gap == 1.75
    assert assessed["targeted"].readiness == pytest.approx(4 / 5)
    assert assessed["targeted"].shortfalls == (("governance", 2.0, 1.5),)
    # whole system (stage 5) needs 3 on six factors and 2 on two: only leadership 3 and workforce, contestability 2 meet
    assert assessed["whole_system"].gap == 2.75
    assert assessed["whole_system"].readiness == pytest.approx(3 / 8)


def test_partner_medians_are_taken_over_the_groups_disclosure_shows(framework):
    rows = []
    for person, partner, value in [
        (1, "council", 1),
        (2, "council", 2),
        (3, "council", 3),
        (4, "school", 4),
        (5, "school", 0),
        (6, "youth_justice", 2),
    ]:
        rows += statements(1, person, partner, "leadership", [value] * 4)
    table = answers_table(rows)
    shown = shown_factor_scores(respondent_factor_scores(table, framework), decide(table, framework))
    medians = partner_breakdown(shown)
    # Council 1, 2, 3 -> median 2; schools 2 + youth justice 1 = 3 people as 'other': 4, 0, 2 -> median 2.
    assert medians.loc[("council", "leadership")].tolist() == [2.0, 3]
    assert medians.loc[("other", "leadership")].tolist() == [2.0, 3]
    assert set(medians.index.get_level_values("group")) == {"council", "other"}


def _one_level_round(round_id: int, person: int, level: int) -> list[tuple]:
    return statements(round_id, person, "council", "leadership", [level] * 4)


def test_the_benchmark_band_and_percentile_of_a_round_among_three_other_areas():
    # Other areas' leadership scores 1, 2 and 3: quartiles 1.5 and 2.5 around the median 2. This round's
    # 2.5 beats two of the three: percentile 100 x (2 + 0.5 x 0) / 3 = 66.7.
    peers = pd.DataFrame({"leadership": [1.0, 2.0, 3.0]}, index=["b", "c", "d"])
    band = benchmark_band(peers).loc["leadership"]
    assert (band["peer_q1"], band["peer_median"], band["peer_q3"], band["n_areas"]) == (1.5, 2.0, 2.5, 3)
    together = pd.concat([pd.DataFrame({"leadership": [2.5]}, index=["this"]), peers])
    assert percentile_among_others(together).loc["this", "leadership"] == pytest.approx(200 / 3)


def test_a_percentile_counts_half_of_the_areas_level_with_it_and_leaves_out_areas_without_a_score():
    # Scores 2, 2, 3 and one area without: the first 2 has one area level (half counts) and none below
    # among the two others with a score: 100 x 0.5 / 2 = 25.
    table = pd.DataFrame({"leadership": [2.0, 2.0, 3.0, np.nan]}, index=list("abcd"))
    ranks = percentile_among_others(table)["leadership"]
    assert ranks["a"] == 25.0 and ranks["b"] == 25.0 and ranks["c"] == 100.0 and np.isnan(ranks["d"])


def test_strengths_and_gaps_name_the_top_and_bottom_factors(framework):
    rows = []
    for factor, level in [("leadership", 4), ("governance", 3), ("vision", 1), ("capacity", 0)]:
        rows += statements(1, 1, "council", factor, [level] * 4)
    result = round_result(score_answers(answers_table(rows), framework), 1, framework)
    strengths, gaps = strengths_and_gaps(result)
    assert strengths == ["Clear leadership", "Effective governance"]
    assert gaps == ["Capacity for change", "An agreed vision for the shape of the system"]

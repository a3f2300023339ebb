"""Options appraisal arithmetic, with every expected number worked out by hand in the comments."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from assessment.appraisal import (
    AppraisalError,
    assess_all,
    check_weights,
    contributions,
    current_stage,
    hybrid_option,
    hybrid_prerequisites,
    hybrid_stage,
    rank_options,
    ranked,
    recommend,
    room_matrix,
    room_scores,
    score_matrix,
    sensitivity,
    suggested_hybrid_scores,
    weight_shares,
    weights_for_round,
)
from assessment.storage import HybridRow

CRITERIA = ["outcomes", "feasibility", "fragmentation"]


def matrix(rows: dict[str, list[float]], criteria: list[str] = CRITERIA) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index", columns=criteria, dtype="float64")


# Three options on three criteria weighted 50 / 30 / 20:
#   A: 4, 1, 2 -> (4*50 + 1*30 + 2*20) / 100 = 270 / 100 = 2.70
#   B: 3, 3, 2 -> (150 + 90 + 40) / 100 = 2.80
#   C: 2, 4, 4 -> (100 + 120 + 80) / 100 = 3.00
EXAMPLE = matrix({"a": [4, 1, 2], "b": [3, 3, 2], "c": [2, 4, 4]})
WEIGHTS = {"outcomes": 50, "feasibility": 30, "fragmentation": 20}


def test_weighted_score_is_the_weighted_mean_of_the_scores():
    table = rank_options(EXAMPLE, WEIGHTS)
    assert table["score"].round(6).to_dict() == {"a": 2.7, "b": 2.8, "c": 3.0}
    assert table.loc["c", "percent"] == pytest.approx(75.0)  # 3.00 of 4


def test_options_are_ranked_highest_score_first():
    table = rank_options(EXAMPLE, WEIGHTS)
    assert table["rank"].to_dict() == {"a": 3, "b": 2, "c": 1}
    assert ranked(table) == ["c", "b", "a"]
    assert not table["tied"].any()


def test_only_the_proportions_of_the_weights_matter():
    doubled = {k: 2 * v for k, v in WEIGHTS.items()}
    pd.testing.assert_series_equal(rank_options(EXAMPLE, doubled)["score"], rank_options(EXAMPLE, WEIGHTS)["score"])
    assert weight_shares(WEIGHTS) == {"outcomes": 0.5, "feasibility": 0.3, "fragmentation": 0.2}


def test_contributions_add_up_to_the_weighted_score():
    parts = contributions(EXAMPLE, WEIGHTS)
    # C: 2 * 0.5 = 1.0, 4 * 0.3 = 1.2, 4 * 0.2 = 0.8
    assert parts.loc["c"].round(6).tolist() == [1.0, 1.2, 0.8]
    assert parts.sum(axis=1).round(6).to_dict() == {"a": 2.7, "b": 2.8, "c": 3.0}


def test_equal_scores_share_a_rank_and_the_next_rank_is_skipped():
    # A: (4*50 + 0*50) / 100 = 2; B: (0 + 4*50) / 100 = 2; C: (1*50 + 1*50) / 100 = 1
    scores = matrix({"a": [4, 0], "b": [0, 4], "c": [1, 1]}, ["outcomes", "feasibility"])
    table = rank_options(scores, {"outcomes": 50, "feasibility": 50})
    assert table["rank"].to_dict() == {"a": 1, "b": 1, "c": 3}
    assert table["tied"].to_dict() == {"a": True, "b": True, "c": False}
    assert ranked(table) == ["a", "b", "c"]  # the tie keeps the framework's order


def test_tiny_floating_point_differences_still_count_as_a_tie():
    # 0.1 + 0.2 != 0.3 in floating point; both options score 0.3 * 4 / 1 in exact arithmetic.
    scores = matrix({"a": [1, 2], "b": [3, 0]}, ["outcomes", "feasibility"])
    table = rank_options(scores, {"outcomes": 0.1, "feasibility": 0.1})
    assert table["rank"].tolist() == [1, 1]


def test_a_criterion_with_zero_weight_is_ignored_and_needs_no_scores():
    scores = matrix({"a": [math.nan, 1, 2], "b": [4, 3, 2]})
    table = rank_options(scores, {"outcomes": 0, "feasibility": 50, "fragmentation": 50})
    # A: (1*50 + 2*50) / 100 = 1.5; B: (3*50 + 2*50) / 100 = 2.5
    assert table["score"].to_dict() == {"a": 1.5, "b": 2.5}
    assert table["complete"].all()


def test_all_weights_zero_is_a_clear_error():
    with pytest.raises(AppraisalError, match="Every criterion has a weight of 0"):
        rank_options(EXAMPLE, {"outcomes": 0, "feasibility": 0, "fragmentation": 0})


def test_negative_or_missing_number_weights_are_refused_by_name():
    with pytest.raises(AppraisalError, match="'feasibility'"):
        check_weights({"outcomes": 10, "feasibility": -5})
    with pytest.raises(AppraisalError, match="'outcomes'"):
        check_weights({"outcomes": float("nan")})


def test_an_option_missing_a_score_that_counts_is_not_ranked():
    scores = matrix({"a": [4, math.nan, 2], "b": [3, 3, 2]})
    table = rank_options(scores, WEIGHTS)
    assert math.isnan(table.loc["a", "score"]) and math.isnan(table.loc["a", "rank"])
    assert table.loc["a", "missing"] == ("feasibility",)
    assert table.loc["b", "rank"] == 1


def test_saved_weights_replace_the_framework_defaults_criterion_by_criterion(framework):
    weights = weights_for_round(framework, {"outcomes": 40})
    assert weights["outcomes"] == 40
    assert weights["boundaries"] == 20  # the framework's weight


# -- sensitivity --------------------------------------------------------------------------------


def test_sensitivity_of_two_options_is_where_they_tie():
    # A (4, 1) and B (2, 3), weights 60 / 40: A = (240 + 40) / 100 = 2.8, B = (120 + 120) / 100 = 2.4.
    # A minus B in raw points: 60*2 + 40*(-2) = 40. Moving the first weight by t changes it by 2t: tie at
    # t = -20 (weight 40). Moving the second by t changes it by -2t: tie at t = +20 (weight 60).
    scores = matrix({"a": [4, 1], "b": [2, 3]}, ["outcomes", "feasibility"])
    first, second = sensitivity(scores, {"outcomes": 60, "feasibility": 40})
    assert (first.lowest, first.highest, first.lowest_swap) == (40, None, ("a", "b"))
    assert (second.lowest, second.highest, second.highest_swap) == (None, 60, ("a", "b"))
    assert first.margin == 20 and second.margin == 20
    # check the tie by hand: weights 60 / 60 give A = (240 + 60) / 120 = 2.5 and B = (120 + 180) / 120 = 2.5
    assert rank_options(scores, {"outcomes": 60, "feasibility": 60})["tied"].all()


def test_sensitivity_finds_the_first_swap_and_the_first_change_at_the_top():
    # Raw totals: A 270, B 280, C 300. Outcomes scores A 4, B 3, C 2.
    # Raising the outcomes weight by t: B-A gap 10 closes by 1 per point (t = 10, weight 60);
    # C-A gap 30 closes by 2 per point (t = 15, weight 65); C-B gap 20 closes by 1 (t = 20).
    # Lowering it only widens every gap, so the ranking holds down to 0.
    outcomes, feasibility, fragmentation = sensitivity(EXAMPLE, WEIGHTS)
    assert (outcomes.lowest, outcomes.highest, outcomes.highest_swap) == (None, 60, ("b", "a"))
    assert outcomes.leader_highest == 65
    # Feasibility scores A 1, B 3, C 4: lowering it by t closes B-A by 2t (t = 5, weight 25),
    # C-A by 3t (t = 10, weight 20), C-B by t (t = 20, weight 10).
    assert (feasibility.lowest, feasibility.highest) == (25, None)
    assert feasibility.leader_lowest == 20
    # Fragmentation scores A 2, B 2, C 4: B and A never swap on it; C-B and C-A close by 2t:
    # C-B at t = 10 (weight 10), C-A at t = 15 (weight 5).
    assert (fragmentation.lowest, fragmentation.lowest_swap, fragmentation.leader_lowest) == (10, ("c", "b"), 10)
    assert [s.margin for s in (outcomes, feasibility, fragmentation)] == [10, 5, 10]


def test_sensitivity_when_options_already_tie_is_zero():
    scores = matrix({"a": [4, 0], "b": [0, 4], "c": [1, 1]}, ["outcomes", "feasibility"])
    first, _second = sensitivity(scores, {"outcomes": 50, "feasibility": 50})
    assert (first.lowest, first.highest) == (50, 50)
    assert first.margin == 0


def test_sensitivity_stays_within_the_allowed_weights():
    # Only outcomes counts (100 / 0). A 4 vs B 2 on outcomes: lowering outcomes to 0 would tie them, but
    # then every weight is zero, so it does not count. Feasibility (A 1, B 3) ties them at 100:
    # A = 4*100 + 1*100 = 500, B = 2*100 + 3*100 = 500.
    scores = matrix({"a": [4, 1], "b": [2, 3]}, ["outcomes", "feasibility"])
    outcomes, feasibility = sensitivity(scores, {"outcomes": 100, "feasibility": 0})
    assert (outcomes.lowest, outcomes.highest) == (None, None)
    assert feasibility.highest == 100
    # With a maximum weight of 90 the feasibility tie is out of reach.
    assert sensitivity(scores, {"outcomes": 100, "feasibility": 0}, max_weight=90)[1].highest is None


def test_sensitivity_with_fewer_than_two_ranked_options_has_nothing_to_swap():
    scores = matrix({"a": [4, 1], "b": [2, math.nan]}, ["outcomes", "feasibility"])
    assert all(s.margin is None for s in sensitivity(scores, {"outcomes": 50, "feasibility": 50}))


# -- the room's scores --------------------------------------------------------------------------


def test_room_scores_take_the_median_and_flag_a_split_room(framework):
    rows = [("targeted", "outcomes", v) for v in (1, 3, 3, 4)] + [("virtual", "outcomes", v) for v in (0, 0, 3, 4)]
    long = pd.DataFrame(rows, columns=["option_id", "criterion_id", "value"])
    table = room_scores(long, framework)
    # targeted: median 3; only the 1 lies over one level away (1 of 4 = 25%, not more than 25%)
    assert table.loc[("targeted", "outcomes"), "median"] == 3
    assert table.loc[("targeted", "outcomes"), "agreement"] == "agreement"
    # virtual: median (0 + 3) / 2 = 1.5; every score is 1.5 or more away -> split
    assert table.loc[("virtual", "outcomes"), "median"] == 1.5
    assert table.loc[("virtual", "outcomes"), "agreement"] == "split"
    wide = room_matrix(long, framework, ["virtual", "targeted"], ["outcomes", "feasibility"])
    assert wide.loc["virtual", "outcomes"] == 1.5 and math.isnan(wide.loc["virtual", "feasibility"])


def test_room_scores_of_fewer_than_three_people_are_withheld(framework):
    long = pd.DataFrame(
        [("virtual", "outcomes", 4.0), ("virtual", "outcomes", 2.0)], columns=["option_id", "criterion_id", "value"]
    )
    row = room_scores(long, framework).loc[("virtual", "outcomes")]
    assert row["n"] == 2 and math.isnan(row["median"]) and row["agreement"] == "fewer than 3"


def test_score_matrix_pivots_the_long_table_in_the_order_asked():
    long = pd.DataFrame(
        [("b", "outcomes", 3.0), ("a", "feasibility", 1.0)], columns=["option_id", "criterion_id", "value"]
    )
    wide = score_matrix(long, ["a", "b"], ["outcomes", "feasibility"])
    assert wide.loc["b", "outcomes"] == 3 and wide.loc["a", "feasibility"] == 1
    assert wide.isna().sum().sum() == 2


# -- hybrid options -----------------------------------------------------------------------------

MIXED = {
    "governance": "targeted",  # stage 4
    "commissioner_provider": "virtual",  # stage 3
    "lead_commissioner": "virtual",  # stage 3
    "commissioning_officers": "targeted",  # stage 4
    "commissioning_support": "status_quo",  # the current stage
}


def test_current_stage_rounds_the_position_half_down():
    assert current_stage(2.5) == 2
    assert current_stage(2.6) == 3
    assert current_stage(None) is None


def test_hybrid_stage_is_the_median_of_the_chosen_stages_rounded_half_down(framework):
    # Position 2.6 -> current stage 3. Stages 4, 3, 3, 4, 3 -> sorted 3, 3, 3, 4, 4 -> median 3.
    assert hybrid_stage(framework, MIXED, 2.6) == 3
    # No position yet: the status quo is left out. Stages 4, 3, 3, 4 -> median 3.5 -> half down 3.
    assert hybrid_stage(framework, MIXED, None) == 3
    # Three whole-system arrangements (5) and two targeted (4): 4, 4, 5, 5, 5 -> 5.
    leaning = dict.fromkeys(MIXED, "whole_system") | {"governance": "targeted", "lead_commissioner": "targeted"}
    assert hybrid_stage(framework, leaning, 2.0) == 5
    assert hybrid_stage(framework, dict.fromkeys(MIXED, "status_quo"), None) is None


def test_hybrid_needs_every_chosen_options_prerequisites_at_the_highest_level(framework):
    # Virtual needs leadership, governance, understanding at 1; targeted needs those and roles, vision at 2.
    assert hybrid_prerequisites(framework, MIXED) == {
        "leadership": 2,
        "governance": 2,
        "understanding": 2,
        "roles": 2,
        "vision": 2,
    }


def test_hybrid_readiness_and_step_change_use_the_options_rule(framework):
    hybrid = HybridRow(7, 1, "Targeted governance, virtual leads", MIXED)
    medians = {"leadership": 2.5, "governance": 1.5, "understanding": 2.0, "roles": 3.0, "vision": 1.0}
    assessed = {a.id: a for a in assess_all(framework, [hybrid], medians, 2.6)}
    mine = assessed["hybrid_7"]
    assert mine.name == "Targeted governance, virtual leads"
    assert mine.stage == 3
    assert mine.gap == pytest.approx(0.4)  # stage 3 minus position 2.6
    # governance 1.5 < 2 and vision 1.0 < 2 fall short: 3 of 5 prerequisites met
    assert mine.readiness == pytest.approx(0.6)
    assert [f for f, _need, _have in mine.shortfalls] == ["governance", "vision"]
    assert set(assessed) == {"status_quo", "virtual", "targeted", "whole_system", "hybrid_7"}


def test_hybrid_option_describes_each_dimension_with_the_chosen_arrangement(framework):
    option = hybrid_option(framework, HybridRow(7, 1, "Mix", MIXED), 2.6)
    assert option.dimensions["governance"] == framework.option("targeted").dimensions["governance"]
    assert (
        option.dimensions["commissioning_support"] == framework.option("status_quo").dimensions["commissioning_support"]
    )
    assert "Governance and executive functions: Option 2" in option.summary


def test_hybrid_with_an_unknown_option_is_refused(framework):
    with pytest.raises(AppraisalError, match="governance"):
        hybrid_stage(framework, MIXED | {"governance": "merger"}, 2.0)


def test_suggested_hybrid_scores_average_the_chosen_options_per_dimension(framework):
    scores = matrix({"status_quo": [0, 4], "virtual": [1, 4], "targeted": [3, 3]}, ["outcomes", "feasibility"])
    # Two targeted, two virtual, one status quo: outcomes (3+1+1+3+0)/5 = 1.6; feasibility (3+4+4+3+4)/5 = 3.6
    suggested = suggested_hybrid_scores(framework, MIXED, scores)
    assert suggested.round(6).to_dict() == {"outcomes": 1.6, "feasibility": 3.6}


def test_a_hybrid_is_ranked_like_any_other_option():
    scores = matrix({"a": [4, 1], "b": [2, 3], "hybrid_1": [3, 3]}, ["outcomes", "feasibility"])
    # hybrid: (3*60 + 3*40) / 100 = 3.0 beats A 2.8 and B 2.4
    assert ranked(rank_options(scores, {"outcomes": 60, "feasibility": 40})) == ["hybrid_1", "a", "b"]


# -- recommendation -----------------------------------------------------------------------------

NAMES = {"a": "Option A", "b": "Option B", "c": "Option C"}
CRITERION_NAMES = {"outcomes": "Outcomes", "feasibility": "Feasibility", "fragmentation": "Fragmentation"}


def test_recommendation_names_the_leader_its_lead_and_the_weights(framework):
    advice = recommend(NAMES, EXAMPLE, WEIGHTS, CRITERION_NAMES, {}, {})
    assert advice.headline == "Option C ranks first with 3.00 out of 4."
    assert advice.reasons[0] == "It is 0.20 points ahead of Option B (2.80 out of 4)."
    # C beats B by (4-3)*0.3 = 0.3 on feasibility and (4-2)*0.2 = 0.4 on fragmentation
    assert advice.reasons[1] == "It scores 4 against 2 on 'Fragmentation' (weight 20%)."
    assert advice.reasons[-1] == "Option B scores higher on 'Outcomes'."
    assert advice.weights == "Weights: Outcomes 50 (50%); Feasibility 30 (30%); Fragmentation 20 (20%)"
    # The lead is most fragile on feasibility: at 20 instead of 30, A would share first place.
    assert any("weight on 'Feasibility': at 20.0 instead of 30" in c for c in advice.caveats)


def test_recommendation_says_when_options_tie():
    scores = matrix({"a": [4, 0], "b": [0, 4]}, ["outcomes", "feasibility"])
    advice = recommend(NAMES, scores, {"outcomes": 50, "feasibility": 50}, CRITERION_NAMES, {}, {})
    assert advice.headline == "Option A and Option B tie for first place with 2.00 out of 4."
    assert not any("sensitive" in c for c in advice.caveats)  # a tie needs no warning that it could tie


def test_recommendation_warns_when_the_leader_lacks_prerequisites(framework):
    medians = {f.id: 1.0 for f in framework.factors}
    assessed = {a.id: a for a in assess_all(framework, [], medians, 1.5)}
    names = {o.id: o.name for o in framework.options}
    scores = matrix(
        {"status_quo": [1, 1], "virtual": [2, 2], "targeted": [3, 2], "whole_system": [4, 0]},
        ["outcomes", "feasibility"],
    )
    advice = recommend(
        names,
        scores,
        {"outcomes": 50, "feasibility": 50},
        CRITERION_NAMES,
        assessed,
        {f.id: f.name for f in framework.factors},
    )
    assert advice.headline.startswith("Option 2: Joint commissioning in targeted areas ranks first")
    assert "needs stronger success factors first: Clear leadership (needs 2, has 1.0)" in advice.caveats[0]


def test_no_recommendation_until_an_option_is_fully_scored():
    scores = matrix({"a": [math.nan, 1]}, ["outcomes", "feasibility"])
    advice = recommend(NAMES, scores, {"outcomes": 1, "feasibility": 1}, CRITERION_NAMES, {}, {})
    assert advice.headline.startswith("No option is fully scored yet")

"""The 'Cost of change' criterion: at its default weight of 0, and unscored, it changes nothing a round
already showed; given a weight and scores, it counts like any other criterion (worked by hand below)."""

from __future__ import annotations

import pandas as pd
import pytest

from assessment.appraisal import ScoreSource, build_appraisal, contributions, ranked, whole_scores
from assessment.results.options import weights_source
from assessment.scoring import round_result, score_answers
from tests.assessment.helpers import answers_table, statements

SIX = ("outcomes", "boundaries", "transparency", "resources", "feasibility", "fragmentation")
# The Board's scores on the six criteria before cost of change (as in the page tests): with the default
# weights 25/20/15/15/15/10 they give targeted 315/100 = 3.15, whole system 305/100 = 3.05, virtual 1.45
# and the status quo 1.00.
BOARD = {
    "status_quo": (0, 0, 1, 1, 4, 1),
    "virtual": (1, 1, 1, 1, 4, 1),
    "targeted": (3, 3, 3, 4, 3, 3),
    "whole_system": (4, 4, 4, 3, 0, 2),
}
# Cost of change, a high score meaning a low cost: the status quo and Option 1 cost little, Option 3 most.
COST = {"status_quo": 4, "virtual": 4, "targeted": 4, "whole_system": 0}


def board_frame(cost: dict[str, int] | None = None) -> pd.DataFrame:
    rows = [("board", None, o, c, v) for o, values in BOARD.items() for c, v in zip(SIX, values, strict=True)]
    rows += [("board", None, o, "cost_of_change", v) for o, v in (cost or {}).items()]
    return pd.DataFrame(rows, columns=["scorer", "participant_id", "option_id", "criterion_id", "value"])


def appraise(framework, scores: pd.DataFrame, saved: dict[str, float]):  # noqa: ANN001, ANN201
    result = round_result(
        score_answers(answers_table(statements(1, 1, "council", "leadership", [2])), framework), 1, framework
    )
    return build_appraisal(framework, result, [], scores, saved, ScoreSource.BOARD)


def test_cost_of_change_is_a_criterion_at_weight_0_where_a_high_score_is_a_low_cost(framework):
    criterion = next(c for c in framework.criteria if c.id == "cost_of_change")
    assert (criterion.name, criterion.weight) == ("Cost of change", 0)
    assert criterion.description.startswith("A high score means the option costs little")


def test_at_weight_0_and_unscored_it_leaves_ranking_weights_line_and_sensitivity_as_they_were(framework):
    appraisal = appraise(framework, board_frame(), {})
    assert ranked(appraisal.table) == ["targeted", "whole_system", "virtual", "status_quo"]
    assert appraisal.table.loc[["targeted", "whole_system", "virtual", "status_quo"], "score"].round(2).tolist() == [
        3.15,
        3.05,
        1.45,
        1.00,
    ]
    assert appraisal.table["complete"].all()
    assert (
        appraisal.advice.headline == "Option 2: Joint commissioning in targeted areas ranks first with 3.15 out of 4."
    )
    assert "Cost of change" not in appraisal.advice.weights
    assert appraisal.advice.weights.endswith("Low risk of fragmentation 10 (10%)")
    assert [s.criterion_id for s in appraisal.sensitivities] == list(SIX)
    assert list(contributions(appraisal.board, appraisal.weights).columns) == list(SIX)


def test_weights_saved_before_cost_of_change_existed_are_still_the_rounds_own(framework):
    saved = dict(zip(SIX, (25, 20, 15, 15, 15, 10), strict=True))
    assert weights_source(saved, framework) == "The weights saved for this round."
    assert weights_source({}, framework) == "The framework's suggested weights (none are saved for this round)."
    assert weights_source({"outcomes": 30}, framework).startswith("The weights saved for this round, and the")


def test_a_weight_on_cost_of_change_can_put_the_cheaper_option_first(framework):
    # The Board sets feasibility aside (weight 0). On the other five criteria, out of 85 points:
    # targeted 75 + 60 + 45 + 60 + 30 = 270 (3.18), whole system 100 + 80 + 60 + 45 + 20 = 305 (3.59).
    saved = {"feasibility": 0}
    before = appraise(framework, board_frame(COST), saved)
    assert ranked(before.table)[:2] == ["whole_system", "targeted"]
    # Cost of change at 10 points (total 95): targeted (270 + 4 x 10)/95 = 3.263, whole system 305/95 = 3.211.
    after = appraise(framework, board_frame(COST), saved | {"cost_of_change": 10})
    assert ranked(after.table)[:2] == ["targeted", "whole_system"]
    assert after.table.loc["targeted", "score"] == pytest.approx(310 / 95)
    assert after.table.loc["whole_system", "score"] == pytest.approx(305 / 95)
    assert "Cost of change 10 (11%)" in after.advice.weights  # 10/95 = 10.5%
    # They tie where 270 + 4w = 305: lowering the weight to 8.75 changes the ranking back.
    cost = next(s for s in after.sensitivities if s.criterion_id == "cost_of_change")
    assert cost.lowest == pytest.approx(8.75)
    assert set(cost.lowest_swap) == {"targeted", "whole_system"}


def test_a_weight_on_cost_of_change_nobody_scored_leaves_every_option_unranked(framework):
    appraisal = appraise(framework, board_frame(), {"cost_of_change": 10})
    assert ranked(appraisal.table) == []
    assert appraisal.advice.headline == "No option is fully scored yet, so there is no recommendation."
    assert set(appraisal.table["missing"]) == {("cost_of_change",)}


def test_a_hybrids_suggested_scores_leave_out_a_criterion_its_options_are_not_scored_on(framework):
    suggested = pd.Series({"outcomes": 3.2, "feasibility": 2.4, "cost_of_change": float("nan")})
    assert whole_scores(suggested) == {"outcomes": 3, "feasibility": 2}

"""The development plan: which rules fire, what they propose, and how the previous round's actions stand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from assessment.models import ActionInput, ActionStatus
from assessment.plan import linked_to, not_yet_in_plan, plan_proposals, progress, proposed_actions, rule_value
from assessment.results import score_round
from assessment.sample import load_sample
from assessment.scoring import RoundResult, factor_scores
from assessment.storage import ActionRow

HELD_ON = dt.date(2026, 3, 10)


def result_with(framework, medians: dict[str, float], consensus: dict[str, float], components: dict[str, float]):
    factor_ids = [f.id for f in framework.factors]
    table = pd.DataFrame(
        {"median": [medians.get(f, np.nan) for f in factor_ids], "n": 1, "agreement": "agreement"},
        index=pd.MultiIndex.from_product([[1], factor_ids], names=["round_id", "factor_id"]),
    )
    agreed = pd.DataFrame({"round_id": 1, "factor_id": list(consensus), "agreed": list(consensus.values())})
    factors = factor_scores(table, agreed).droplevel("round_id")  # the engine's one rule for a factor's score
    index = pd.MultiIndex.from_tuples([("component", c) for c in components], names=["kind", "item_id"])
    items = pd.DataFrame({"median": list(components.values()), "consensus": [None] * len(components)}, index=index)
    return RoundResult(1, 10, factors, items, 2.0, 2, 2, 0, "")


def test_a_rule_fires_when_the_score_is_below_its_threshold(framework):
    # keep_executive fires on governance below 3; name_lead_commissioners on leadership below 3;
    # pilot_pooled_budgets on the budgets stage below 4; virtual_support_team on support below 3.
    medians = dict.fromkeys([f.id for f in framework.factors], 3.0) | {"governance": 2.5}
    result = result_with(framework, medians, {}, {"budgets": 3.5, "support": 3.0, "data": 4.0, "voice": 4.0})
    proposals = proposed_actions(framework, result, HELD_ON)
    assert [p.rule_id for p in proposals] == ["keep_executive", "pilot_pooled_budgets"]
    executive = proposals[0]
    assert (executive.factor_id, executive.value, executive.below, executive.source) == ("governance", 2.5, 3, "median")
    assert executive.due_on == HELD_ON + dt.timedelta(days=180)  # 6 months of 30 days
    assert proposals[1].component_id == "budgets" and proposals[1].due_on == dt.date(2027, 3, 5)  # +360 days


def test_the_agreed_score_takes_precedence_over_the_median(framework):
    medians = dict.fromkeys([f.id for f in framework.factors], 3.0)
    result = result_with(framework, medians, {"leadership": 2.0, "governance": 3.0}, {})
    proposals = proposed_actions(framework, result, HELD_ON)
    assert [(p.rule_id, p.value, p.source) for p in proposals] == [("name_lead_commissioners", 2.0, "agreed")]


def test_no_score_means_no_action(framework):
    result = result_with(framework, {}, {}, {})
    assert proposed_actions(framework, result, HELD_ON) == []
    assert rule_value(result, None, "budgets") is None


def test_accepted_proposals_are_not_proposed_again(framework):
    medians = dict.fromkeys([f.id for f in framework.factors], 1.0)
    proposals = plan_proposals(proposed_actions(framework, result_with(framework, medians, {}, {}), HELD_ON))
    taken = [ActionRow(1, 1, "x", "", None, "agreed", "governance", None, "keep_executive")]
    left = not_yet_in_plan(proposals, taken)
    assert "keep_executive" not in [p.key for p in left]
    assert len(left) == len(proposals) - 1


def test_actions_name_the_factor_or_component_they_address(framework):
    assert linked_to(ActionRow(1, 1, "x", "", None, "agreed", "roles", None, None), framework).startswith(
        "Clarity about"
    )
    assert (
        linked_to(ActionRow(1, 1, "x", "", None, "agreed", None, "budgets", None), framework) == "Budgets and resources"
    )
    assert linked_to(ActionRow(1, 1, "x", "", None, "agreed", None, None, None), framework) == ""


def test_progress_counts_statuses_overdue_and_the_share_done():
    today = dt.date(2026, 6, 1)
    actions = [
        ActionRow(1, 1, "a", "", dt.date(2026, 5, 1), "done", None, None, None),
        ActionRow(2, 1, "b", "", dt.date(2026, 5, 1), "in progress", None, None, None),  # overdue
        ActionRow(3, 1, "c", "", dt.date(2026, 7, 1), "agreed", None, None, None),
        ActionRow(4, 1, "d", "", dt.date(2026, 1, 1), "dropped", None, None, None),  # dropped: never overdue
        ActionRow(5, 1, "e", "", None, "proposed", None, None, None),
    ]
    state = progress(actions, today)
    assert state.total == 5 and state.overdue == 1
    assert state.by_status == {"proposed": 1, "agreed": 1, "in progress": 1, "done": 1, "dropped": 1}
    assert state.done_share == 1 / 4  # 1 done of the 4 not dropped
    assert progress([], today).done_share is None


def test_the_sample_plan_is_the_rules_applied_to_each_finalised_round(sqlite_store, framework):
    store = sqlite_store
    load_sample(store, framework)
    round_row = store.rounds.list_rounds(store.rounds.find_area("Dunmoor").id)[0]
    result = score_round(store, framework, round_row.id)
    # the sample records consensus at the floor of each median, which fires the same factor rules
    expected = {p.rule_id for p in proposed_actions(framework, result, round_row.held_on)}
    saved = store.plan.for_round(round_row.id)
    assert {a.rule_id for a in saved} == expected
    assert {a.status for a in saved} <= {s.value for s in ActionStatus}


def test_a_proposal_becomes_a_valid_action_input(framework):
    medians = dict.fromkeys([f.id for f in framework.factors], 1.0)
    proposal = proposed_actions(framework, result_with(framework, medians, {}, {}), HELD_ON)[0]
    action = proposal.as_input(ActionStatus.AGREED)
    assert isinstance(action, ActionInput) and action.status == ActionStatus.AGREED
    assert action.rule_id == proposal.rule_id

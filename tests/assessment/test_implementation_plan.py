"""The implementation plan: the chosen option's steps dated from the Board's decision, merged with the
rules' actions into one prioritised list. Dates worked by hand from a decision on 19 March 2010."""

from __future__ import annotations

import datetime as dt
import itertools

from assessment.framework import DIMENSIONS
from assessment.plan import chosen_steps, not_yet_in_plan, plan_proposals, proposed_actions
from assessment.storage import ActionRow, HybridRow
from tests.assessment.test_plan import result_with

DECIDED_ON = dt.date(2010, 3, 19)  # the day Wirral's Children's Trust Board chose option 2
HELD_ON = dt.date(2010, 1, 29)  # the self-analysis workshop before it


def proposals_for(framework, medians: dict[str, float], option_id: str, hybrids=(), has_executive=None):
    scores = dict.fromkeys([f.id for f in framework.factors], 3.0) | medians
    rules = proposed_actions(framework, result_with(framework, scores, {}, {}), HELD_ON, has_executive)
    return plan_proposals(rules, chosen_steps(framework, option_id, hybrids), DECIDED_ON)


def test_a_decision_for_targeted_areas_proposes_its_steps_dated_from_the_decision(framework):
    # Every factor at 3: no rule fires, so the list is option 2's eight steps alone.
    proposals = proposals_for(framework, {}, "targeted")
    assert [(p.priority, p.key, p.due_on) for p in proposals] == [
        (1, "standing_board_item", dt.date(2010, 4, 2)),  # 2 weeks: 19 March + 14 days
        (2, "review_executive_membership", dt.date(2010, 4, 16)),  # 4 weeks
        (3, "joint_commissioning_groups", dt.date(2010, 4, 30)),  # 6 weeks, first in the framework's order
        (4, "appoint_lead_commissioners", dt.date(2010, 4, 30)),  # 6 weeks
        (5, "commissioning_support_team", dt.date(2010, 6, 11)),  # 12 weeks: 12 + 30 + 31 + 11 = 84 days
        (6, "section_75_agreement", dt.date(2010, 7, 9)),  # 16 weeks: 11 June + 28 days
        (7, "joint_posts", dt.date(2010, 9, 17)),  # 26 weeks: 9 July + 70 days (22 + 31 + 17)
        (8, "six_monthly_review", dt.date(2010, 9, 17)),  # 26 weeks, after joint posts in the framework
    ]
    posts = proposals[6]
    assert posts.depends_on == ("appoint_lead_commissioners", "section_75_agreement")
    assert posts.owner == "Director of Children's Services with the NHS commissioner (ICB)"
    assert posts.step_id == "joint_posts" and posts.rule_id is None


def test_a_step_needing_a_weak_factor_waits_for_that_factors_action(framework):
    # Governance 2.5 fires keep_executive (below 3), due 29 January + 180 days = 28 July 2010. Option 2
    # asks only 2 of governance, but three of its steps need it, so the action comes first and those
    # steps wait for it: none can be due before 28 July.
    proposals = proposals_for(framework, {"governance": 2.5}, "targeted")
    assert [(p.priority, p.key, p.due_on) for p in proposals] == [
        (1, "keep_executive", dt.date(2010, 7, 28)),
        (2, "standing_board_item", dt.date(2010, 4, 2)),
        (3, "appoint_lead_commissioners", dt.date(2010, 4, 30)),
        (4, "commissioning_support_team", dt.date(2010, 6, 11)),
        (5, "review_executive_membership", dt.date(2010, 7, 28)),
        (6, "joint_commissioning_groups", dt.date(2010, 7, 28)),
        (7, "section_75_agreement", dt.date(2010, 7, 28)),  # 9 July, but its groups wait until 28 July
        (8, "joint_posts", dt.date(2010, 9, 17)),
        (9, "six_monthly_review", dt.date(2010, 9, 17)),
    ]
    by_key = {p.key: p for p in proposals}
    assert by_key["review_executive_membership"].depends_on == ("keep_executive",)
    assert by_key["section_75_agreement"].depends_on == ("keep_executive", "joint_commissioning_groups")


def test_a_weak_factor_below_the_options_prerequisite_comes_first_and_the_others_last(framework):
    # Vision 1.5 is below option 2's prerequisite of 2: its action comes first although no step needs
    # it. Understanding 2.5 meets the prerequisite of 2 and no step needs it: its action comes last.
    proposals = proposals_for(framework, {"vision": 1.5, "understanding": 2.5}, "targeted")
    keys = [p.key for p in proposals]
    assert keys[0] == "agree_system_shape" and keys[-1] == "common_cycle" and len(keys) == 10
    assert [p.priority for p in proposals] == list(range(1, 11))


def test_a_step_that_carries_out_a_rule_is_proposed_once_in_its_place(framework):
    # Leadership 2.0 fires name_lead_commissioners; option 2's step of naming lead commissioners carries
    # it out, so the list holds the step (linked to leadership), not the rule's action as well.
    proposals = proposals_for(framework, {"leadership": 2.0}, "targeted")
    keys = [p.key for p in proposals]
    assert "name_lead_commissioners" not in keys and len(keys) == 8
    step = next(p for p in proposals if p.key == "appoint_lead_commissioners")
    assert step.factor_id == "leadership" and step.depends_on == ()
    # Taking the rule's action into the plan before the decision takes the step with it.
    taken = [ActionRow(1, 1, "x", "", None, "agreed", "leadership", None, "name_lead_commissioners")]
    assert "appoint_lead_commissioners" not in [p.key for p in not_yet_in_plan(proposals, taken)]


def test_a_hybrids_steps_are_the_union_of_its_options_steps_at_the_earliest_weeks(framework):
    # Option 2 for four dimensions and option 3 for the commissioning officers: option 3's ten steps
    # (option 2's eight are among them). The section 75 agreement is at 12 weeks in option 3 and 16 in
    # option 2: it takes 12. Joint posts wait for what they wait for in either option.
    choices = dict.fromkeys(DIMENSIONS, "targeted") | {"commissioning_officers": "whole_system"}
    chosen = chosen_steps(framework, "hybrid_7", [HybridRow(7, 1, "Our mix", choices)])
    weeks = {s.step.id: s.weeks for s in chosen.steps}
    assert len(weeks) == 10 and weeks["section_75_agreement"] == 12 and weeks["appoint_lead_commissioners"] == 6
    posts = next(s for s in chosen.steps if s.step.id == "joint_posts")
    assert posts.depends_on == ("appoint_lead_commissioners", "section_75_agreement", "staff_consultation")
    assert chosen.prerequisites["capacity"] == 3  # option 3's prerequisites are the higher
    # The status quo and option 1 share the six-monthly review: it is proposed once.
    small = dict.fromkeys(DIMENSIONS, "virtual") | {"governance": "status_quo"}
    keys = [s.step.id for s in chosen_steps(framework, "hybrid_8", [HybridRow(8, 1, "Small", small)]).steps]
    assert keys == [
        "standing_board_item",
        "review_executive_membership",
        "appoint_lead_commissioners",
        "six_monthly_review",
    ]


def test_nothing_comes_before_what_it_depends_on_in_any_option_or_pair_of_options(framework):
    ids = [o.id for o in framework.options]
    weak = {f.id: 1.0 for f in framework.factors}  # every factor rule fires
    for first, second in itertools.combinations_with_replacement(ids, 2):
        choices = dict.fromkeys(DIMENSIONS, first) | {"commissioning_support": second}
        proposals = proposals_for(framework, weak, "hybrid_1", [HybridRow(1, 1, "Mix", choices)])
        place = {p.key: p.priority for p in proposals}
        for proposal in proposals:
            assert all(place[k] < proposal.priority for k in proposal.depends_on), (first, second, proposal.key)


def test_without_a_decision_the_list_is_the_rules_actions_in_the_rules_order(framework):
    rules = proposed_actions(framework, result_with(framework, {"governance": 2.0, "roles": 2.0}, {}, {}), HELD_ON)
    proposals = plan_proposals(rules)
    assert [(p.priority, p.key) for p in proposals] == [(1, "keep_executive"), (2, "separate_roles")]
    assert proposals[0].due_on == dt.date(2010, 7, 28) and proposals[0].factor_id == "governance"


def test_an_unknown_option_has_no_steps(framework):
    assert chosen_steps(framework, "hybrid_99", []) is None


def test_a_partnership_without_an_executive_is_asked_to_set_one_up(framework):
    result = result_with(framework, {"governance": 2.0}, {}, {})
    for has_executive in (True, None):  # a round from before the question behaves as before
        keep = proposed_actions(framework, result, HELD_ON, has_executive)[0]
        assert keep.title.startswith("Keep the partnership executive")
    instead = proposed_actions(framework, result, HELD_ON, has_executive=False)[0]
    assert instead.rule_id == "keep_executive" and instead.title.startswith("Set up an executive group")
    assert "kept clearly apart" in instead.why and instead.owner == "Chair of the partnership board"


def test_a_partnership_without_an_executive_is_not_asked_to_review_its_membership(framework):
    # Option 2's eight steps include reviewing the executive's membership; a round that says there is no
    # executive group gets the other seven, and one that says nothing (older rounds) gets all eight.
    with_one = [s.step.id for s in chosen_steps(framework, "targeted", (), True).steps]
    unknown = [s.step.id for s in chosen_steps(framework, "targeted").steps]
    without = [s.step.id for s in chosen_steps(framework, "targeted", (), False).steps]
    assert with_one == unknown and len(unknown) == 8 and "review_executive_membership" in unknown
    assert without == [s for s in unknown if s != "review_executive_membership"]

"""A round's plan after the Board's decision (results.round_plan): the chosen option's steps dated
from the decision and merged with the rules' actions, for a framework option and a hybrid; what is
accepted or dropped is not proposed again; progress by month. Dates and counts worked by hand."""

from __future__ import annotations

import datetime as dt

from assessment.framework import DIMENSIONS
from assessment.models import ActionStatus, Answer, DecisionInput, HybridInput, ItemKind, RoundInput
from assessment.plan import progress_by_month
from assessment.results import read_rounds, round_plan, score_round
from assessment.storage import ActionRow, Store

HELD_ON = dt.date(2010, 1, 29)
DECIDED_ON = dt.date(2010, 3, 19)  # the day Wirral's Children's Trust Board chose option 2


def wirral_like_round(store: Store, framework, has_executive: bool | None = None) -> int:  # noqa: ANN001
    """Two people answer every statement 3 but governance's 2 (governance median 2.0, below 3: keep_executive
    fires), and put every component at stage 4 (no component rule fires)."""
    spec = RoundInput(area="Wirralton", held_on=HELD_ON, pin="2468", has_executive=has_executive)
    round_id = store.rounds.open_round(spec, framework.version).id
    for _ in range(2):
        person, _code = store.responses.join(round_id, "council")
        batch = [
            Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=2 if f.id == "governance" else 3)
            for f in framework.factors
            for s in f.statements
        ]
        batch += [Answer(kind=ItemKind.COMPONENT, item_id=c.id, value=4) for c in framework.components]
        store.responses.save_answers(person.id, batch)
    return round_id


def decide(store: Store, round_id: int, option_id: str = "targeted") -> None:
    store.decisions.record(round_id, DecisionInput(option_id=option_id, decided_on=DECIDED_ON), option_id)


def plan_of(store: Store, framework, round_id: int):  # noqa: ANN001, ANN201
    round_row = store.rounds.get_round(round_id)
    result = score_round(store, framework, round_id)
    return round_plan(store, framework, round_row, read_rounds(store), result)


def test_the_boards_choice_of_targeted_areas_proposes_its_steps_from_the_decision(sqlite_store, framework):
    store = sqlite_store
    round_id = wirral_like_round(store, framework)
    assert [p.key for p in plan_of(store, framework, round_id).proposals] == ["keep_executive"]  # before
    decide(store, round_id)
    plan = plan_of(store, framework, round_id)
    assert plan.decision.option_id == "targeted"
    # keep_executive: 29 January 2010 + 180 days = 28 July 2010. The steps needing governance wait for it.
    assert [(p.priority, p.key, p.due_on) for p in plan.proposals] == [
        (1, "keep_executive", dt.date(2010, 7, 28)),
        (2, "standing_board_item", dt.date(2010, 4, 2)),
        (3, "appoint_lead_commissioners", dt.date(2010, 4, 30)),
        (4, "commissioning_support_team", dt.date(2010, 6, 11)),
        (5, "review_executive_membership", dt.date(2010, 7, 28)),
        (6, "joint_commissioning_groups", dt.date(2010, 7, 28)),
        (7, "section_75_agreement", dt.date(2010, 7, 28)),
        (8, "joint_posts", dt.date(2010, 9, 17)),
        (9, "six_monthly_review", dt.date(2010, 9, 17)),
    ]
    assert plan.proposals[0].title.startswith("Keep the partnership executive")


def test_accepted_and_dropped_proposals_are_not_proposed_again(sqlite_store, framework):
    store = sqlite_store
    round_id = wirral_like_round(store, framework)
    decide(store, round_id)
    proposals = {p.key: p for p in plan_of(store, framework, round_id).proposals}
    store.plan.add(round_id, proposals["keep_executive"].as_input(owner="Chair of the Board"))
    store.plan.add(round_id, proposals["six_monthly_review"].as_input(ActionStatus.DROPPED))
    plan = plan_of(store, framework, round_id)
    assert len(plan.not_yet_in_plan) == 7
    assert {"keep_executive", "six_monthly_review"}.isdisjoint(p.key for p in plan.not_yet_in_plan)
    kept = plan.actions[0]
    assert (kept.owner, kept.rule_id, kept.factor_id, kept.priority) == (
        "Chair of the Board",
        "keep_executive",
        "governance",
        1,
    )
    assert plan.titles()["review_executive_membership"].startswith("Review who sits on")


def test_a_partnership_without_an_executive_is_proposed_one(sqlite_store, framework):
    store = sqlite_store
    plan = plan_of(store, framework, wirral_like_round(store, framework, has_executive=False))
    assert plan.proposals[0].key == "keep_executive"
    assert plan.proposals[0].title.startswith("Set up an executive group")


def test_a_hybrid_chosen_by_the_board_proposes_the_union_of_its_options_steps(sqlite_store, framework):
    store = sqlite_store
    round_id = wirral_like_round(store, framework)
    choices = dict.fromkeys(DIMENSIONS, "virtual") | {"commissioning_support": "targeted"}
    hybrid = store.appraisal.add_hybrid(round_id, HybridInput(name="Virtual with a support team", choices=choices))
    decide(store, round_id, hybrid.option_id)
    plan = plan_of(store, framework, round_id)
    # Option 1's four steps and option 2's eight: option 2's eight, option 1's lead commissioners at 6
    # weeks (option 2's) rather than 8.
    assert len(plan.steps.steps) == 8
    leads = next(p for p in plan.proposals if p.key == "appoint_lead_commissioners")
    assert leads.due_on == dt.date(2010, 4, 30)


def test_a_decision_for_an_option_the_round_no_longer_has_proposes_no_steps(sqlite_store, framework):
    store = sqlite_store
    round_id = wirral_like_round(store, framework)
    decide(store, round_id, "hybrid_99")
    plan = plan_of(store, framework, round_id)
    assert plan.steps is None and [p.key for p in plan.proposals] == ["keep_executive"]


def test_progress_by_month_counts_due_done_open_and_overdue():
    today = dt.date(2010, 8, 15)

    def action(n: int, due: dt.date | None, status: str) -> ActionRow:
        return ActionRow(n, 1, f"action {n}", "", due, status, None, None, None)

    plan_actions = [
        action(1, dt.date(2010, 4, 2), "done"),
        action(2, dt.date(2010, 4, 30), "in progress"),  # open and past due: overdue
        action(3, dt.date(2010, 4, 16), "dropped"),  # dropped: not counted
        action(4, dt.date(2010, 7, 28), "done"),
        action(5, dt.date(2010, 7, 28), "agreed"),  # overdue
        action(6, dt.date(2010, 7, 1), "proposed"),  # overdue
        action(7, dt.date(2010, 9, 17), "agreed"),  # open, not yet due
        action(8, None, "agreed"),  # no due date: not counted
    ]
    table = progress_by_month(plan_actions, today)
    assert table.to_dict("records") == [
        {"month": dt.date(2010, 4, 1), "due": 2, "done": 1, "open": 1, "overdue": 1},
        {"month": dt.date(2010, 7, 1), "due": 3, "done": 1, "open": 2, "overdue": 2},
        {"month": dt.date(2010, 9, 1), "due": 1, "done": 0, "open": 1, "overdue": 0},
    ]
    assert progress_by_month([], today).empty

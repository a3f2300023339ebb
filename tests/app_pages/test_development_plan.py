"""The development plan page, driven through AppTest against a small database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

from assessment.access import Access
from assessment.models import ActionInput, ActionStatus, DecisionInput
from assessment.plan import proposed_actions
from assessment.results import score_round
from tests.app_pages.conftest import answered_round, as_facilitator
from ui import resources, state
from ui.text import plain as escape

PAGE = str(Path(__file__).resolve().parents[2] / "app_pages" / "development_plan.py")
# Every factor median is 2.0 (below 3): all eight factor rules fire. Every component is at stage 2:
# pooled budgets (below 4), support team (below 3), shared data (below 4), voice (below 4), keeping
# providers out of decisions (separation below 3) and joining up posts (management below 3) fire.
FIRING = 8 + 6


def run_page(*, facilitator: bool = True) -> AppTest:
    """The page in a new session; by default one that has given the round's facilitator PIN."""
    at = AppTest.from_file(PAGE, default_timeout=60)
    if facilitator:
        as_facilitator(at, resources.store())
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_proposals_come_from_the_rounds_weakest_scores(app_store, framework):
    round_id = answered_round(app_store, framework)
    at = run_page()
    engine = proposed_actions(framework, score_round(app_store, framework, round_id), dt.date(2026, 3, 10))
    assert len(engine) == FIRING
    labels = [b.label for b in at.button]
    assert f"Accept all {FIRING}" in labels
    assert labels.count("Accept") == FIRING and labels.count("Drop") == FIRING
    captions = [c.value for c in at.caption]
    assert "Addresses: Effective governance · score 2.0 (median), below 3" in captions
    assert "Addresses: Budgets and resources · stage 2.0 (median), below 4" in captions
    # keep_executive comes first, due 10 March 2026 + 180 days
    owner = "The partnership's executive group (e.g. a Children's Trust Executive)"
    assert f"Suggested owner: {owner} · due 6 September 2026" in captions


def test_a_proposals_due_date_reads_as_a_date_in_words(app_store, framework):
    answered_round(app_store, framework)  # held on 10 March 2026
    at = run_page()
    written = [m.value for m in at.markdown] + [c.value for c in at.caption]
    # separate_roles is due in 3 months of 30 days: 10 March + 90 days = 8 June 2026.
    owner = "The partnership's executive group (e.g. a Children's Trust Executive)"
    assert any(line in written for line in (f"Suggested owner: {o} · due 8 June 2026" for o in (owner, escape(owner))))
    assert not [line for line in written if "due 2026-" in line]


def test_accepting_a_proposal_adds_it_to_the_plan_linked_to_its_factor(app_store, framework):
    round_id = answered_round(app_store, framework)
    at = run_page()
    at.button(key="plan_accept_keep_executive").click()
    at.run()
    saved = app_store.plan.for_round(round_id)
    assert [(a.rule_id, a.factor_id, a.status, a.priority) for a in saved] == [
        ("keep_executive", "governance", "agreed", 1)
    ]
    assert saved[0].due_on == dt.date(2026, 3, 10) + dt.timedelta(days=180)
    assert [b.label for b in at.button].count("Accept") == FIRING - 1


def test_accepting_all_proposals(app_store, framework):
    round_id = answered_round(app_store, framework)
    at = run_page()
    at.button(key="plan_accept_all").click()
    at.run()
    saved = app_store.plan.for_round(round_id)
    assert len(saved) == FIRING and [a.priority for a in saved] == list(range(1, FIRING + 1))
    assert any("Every proposal is already in the plan" in s.value for s in at.success)


def test_a_dropped_proposal_is_recorded_and_not_proposed_again(app_store, framework):
    round_id = answered_round(app_store, framework)
    at = run_page()
    at.button(key="plan_drop_pilot_pooled_budgets").click()
    at.run()
    (dropped,) = app_store.plan.for_round(round_id)
    assert (dropped.rule_id, dropped.status) == ("pilot_pooled_budgets", "dropped")
    assert app_store.audit.for_round(round_id)["event"].tolist()[0] == "proposal dropped"
    again = run_page()  # a new session: still not proposed
    keys = [b.key for b in again.button]
    assert "plan_accept_pilot_pooled_budgets" not in keys and "plan_accept_keep_executive" in keys
    assert f"Accept all {FIRING - 1}" in [b.label for b in again.button]


def test_a_proposal_edited_then_accepted_keeps_the_facilitators_words(app_store, framework):
    round_id = answered_round(app_store, framework)
    at = run_page()
    at.text_input(key="plan_owner_separate_roles").input("Head of commissioning")
    at.date_input(key="plan_due_separate_roles").set_value(dt.date(2026, 5, 1))
    form_button = next(b for b in at.button if b.label == "Accept as edited" and "separate_roles" in b.form_id)
    form_button.click()
    at.run()
    (saved,) = app_store.plan.for_round(round_id)
    assert (saved.rule_id, saved.owner, saved.due_on, saved.status) == (
        "separate_roles",
        "Head of commissioning",
        dt.date(2026, 5, 1),
        "agreed",
    )


def test_after_the_boards_decision_the_chosen_options_steps_join_the_list(app_store, framework):
    # Workshop 29 January 2010, every factor 2.0 and every component 2: all 14 rules fire. Option 2 was
    # chosen on 19 March 2010. Its steps carry out name_lead_commissioners and virtual_support_team, so
    # those two are not proposed as well. First come the actions on factors its steps need: governance
    # (keep_executive, due 29 January + 180 days = 28 July), roles (separate_roles, + 90 days = 29 April)
    # and capacity (change_programme, 28 July). Then the eight steps, then the other nine actions: 20.
    round_id = answered_round(app_store, framework, held_on=dt.date(2010, 1, 29))
    app_store.decisions.record(
        round_id, DecisionInput(option_id="targeted", decided_on=dt.date(2010, 3, 19)), "Option 2"
    )
    at = run_page()
    assert f"Accept all {FIRING - 2 + 8}" in [b.label for b in at.button]
    titles = [m.value for m in at.markdown if m.value.startswith("**")]
    assert [t.split(".")[0] for t in titles] == [f"**{n}" for n in range(1, 21)]
    assert titles[0].startswith("**1. Keep the partnership executive")
    assert titles[3].startswith("**4. Make joint commissioning a standing item")  # 2 weeks: 2 April
    assert titles[9].startswith("**10. Write job descriptions for the joint posts")
    captions = [c.value for c in at.caption]
    assert "Suggested owner: Chair of the partnership board · due 2 April 2010" in captions
    # Joint posts: 26 weeks = 17 September 2010, after separate_roles (2), lead commissioners (5) and
    # the section 75 agreement (9, itself waiting for keep_executive until 28 July).
    assert (
        "Suggested owner: Director of Children's Services with the NHS commissioner (ICB) · due 17 September 2010"
        " · waits for 2 (Ask every partner to set out in…), 5 (Name the lead commissioner for each…),"
        " 9 (Draft the section 75 agreement and…)"
    ) in captions
    assert "Option 2" in " ".join(captions)
    at.button(key="plan_accept_joint_posts").click()
    at.run()
    (posts,) = app_store.plan.for_round(round_id)
    assert (posts.step_id, posts.priority, posts.due_on) == ("joint_posts", 10, dt.date(2010, 9, 17))
    assert posts.depends_on == ("separate_roles", "appoint_lead_commissioners", "section_75_agreement")


def test_the_plan_shows_overdue_actions_and_progress_by_month(app_store, framework):
    round_id = answered_round(app_store, framework, held_on=dt.date(2025, 1, 10))
    for title, due, status in (
        ("A", dt.date(2025, 4, 2), ActionStatus.DONE),
        ("B", dt.date(2025, 4, 30), ActionStatus.IN_PROGRESS),  # open and long past: overdue
        ("C", dt.date(2025, 4, 16), ActionStatus.DROPPED),  # left out
        ("D", dt.date(2025, 7, 28), ActionStatus.AGREED),  # overdue
        ("E", dt.date(2099, 7, 1), ActionStatus.AGREED),  # open, not yet due
    ):
        app_store.plan.add(round_id, ActionInput(title=title, due_on=due, status=status))
    at = run_page()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Actions": "5", "Done": "1 (25%)", "In progress": "1", "Overdue": "2"}
    by_month = next(d.value for d in at.dataframe if "Month" in d.value.columns)
    assert by_month.to_dict("records") == [
        {"Month": "April 2025", "Due": 2, "Done": 1, "Open": 1, "Overdue": 1},
        {"Month": "July 2025", "Due": 1, "Done": 0, "Open": 1, "Overdue": 1},
        {"Month": "July 2099", "Due": 1, "Done": 0, "Open": 1, "Overdue": 0},
    ]
    editor = next(d.value for d in at.dataframe if "overdue" in d.value.columns)
    assert editor["overdue"].tolist() == ["", "Overdue", "", "Overdue", ""]  # B and D, in the order added


class Reader(Access):
    """A session that may read the area but not change it (a read-only access, should one be given)."""

    def may_change(self, area_id: int) -> bool:
        return False


def test_a_reader_who_may_not_change_the_plan_sees_the_proposals_without_buttons(app_store, framework):
    answered_round(app_store, framework)
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state[state.ACCESS] = Reader(area_ids=frozenset(a.id for a in app_store.rounds.list_areas()))
    at.run()
    assert not at.exception
    assert not [b for b in at.button if b.label in ("Accept", "Drop")]
    table = next(d.value for d in at.dataframe if "Why" in d.value.columns)
    assert len(table) == FIRING and table["#"].tolist() == list(range(1, FIRING + 1))
    assert table["Due"].tolist()[0] == "6 September 2026"


def test_the_facilitator_adds_an_own_action_linked_to_a_factor(app_store, framework):
    round_id = answered_round(app_store, framework)
    at = run_page()
    at.text_area(key="plan_new_title").input("Hold a joint away day on the vision")
    at.text_input(key="plan_new_owner").input("Chair of the Board")
    at.selectbox(key="plan_new_link").set_value("Factor: An agreed vision for the shape of the system")
    next(b for b in at.button if b.label == "Add the action").click()
    at.run()
    saved = app_store.plan.for_round(round_id)
    assert [(a.title, a.owner, a.factor_id, a.status, a.rule_id) for a in saved] == [
        ("Hold a joint away day on the vision", "Chair of the Board", "vision", "agreed", None)
    ]


def test_an_action_without_words_is_refused(app_store, framework):
    round_id = answered_round(app_store, framework)
    at = run_page()
    next(b for b in at.button if b.label == "Add the action").click()
    at.run()
    assert any("write what will be done" in e.value for e in at.error)
    assert app_store.plan.for_round(round_id) == []


def test_the_next_round_shows_progress_on_the_previous_plan(app_store, framework):
    first = answered_round(app_store, framework, held_on=dt.date(2025, 3, 10))
    for title, status in (("A", ActionStatus.DONE), ("B", ActionStatus.IN_PROGRESS), ("C", ActionStatus.AGREED)):
        app_store.plan.add(first, ActionInput(title=title, due_on=dt.date(2025, 9, 1), status=status))
    answered_round(app_store, framework, held_on=dt.date(2026, 3, 10))
    at = run_page()  # the picker opens on the area's newest round
    assert "Progress on the plan from the previous round, the round of 10 March 2025" in [s.value for s in at.subheader]
    metrics = {m.label: m.value for m in at.metric}
    # 3 actions, 1 done (1 of 3 = 33%), 1 in progress; B and C are open and past 1 September 2025: 2 overdue
    assert metrics == {"Actions": "3", "Done": "1 (33%)", "In progress": "1", "Overdue": "2"}

"""The development plan page, driven through AppTest against a small database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

from assessment.models import ActionInput, ActionStatus
from assessment.plan import proposed_actions
from assessment.results import score_round
from tests.app_pages.conftest import answered_round, as_facilitator
from ui import resources
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
    assert f"Add all {FIRING} to the plan" in labels
    assert labels.count("Add to the plan") == FIRING
    captions = [c.value for c in at.caption]
    assert "Addresses: Effective governance · score 2.0 (median), below 3" in captions
    assert "Addresses: Budgets and resources · stage 2.0 (median), below 4" in captions


def test_a_proposals_due_date_reads_as_a_date_in_words(app_store, framework):
    answered_round(app_store, framework)  # held on 10 March 2026
    written = [m.value for m in run_page().markdown]
    # separate_roles is due in 3 months of 30 days: 10 March + 90 days = 8 June 2026.
    owner = escape("The partnership's executive group (e.g. a Children's Trust Executive)")
    assert f"Suggested owner: {owner} · due 8 June 2026" in written
    assert not [line for line in written if "due 2026-" in line]


def test_accepting_a_proposal_adds_it_to_the_plan_linked_to_its_factor(app_store, framework):
    round_id = answered_round(app_store, framework)
    at = run_page()
    at.button(key="plan_accept_keep_executive").click()
    at.run()
    saved = app_store.plan.for_round(round_id)
    assert [(a.rule_id, a.factor_id, a.status) for a in saved] == [("keep_executive", "governance", "agreed")]
    assert saved[0].due_on == dt.date(2026, 3, 10) + dt.timedelta(days=180)
    assert [b.label for b in at.button].count("Add to the plan") == FIRING - 1


def test_accepting_all_proposals(app_store, framework):
    round_id = answered_round(app_store, framework)
    at = run_page()
    at.button(key="plan_accept_all").click()
    at.run()
    assert len(app_store.plan.for_round(round_id)) == FIRING
    assert any("Every proposal the rules make is already in the plan" in s.value for s in at.success)


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

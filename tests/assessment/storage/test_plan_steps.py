"""Actions of the implementation plan and the executive question, as the store keeps them: the step,
the keys an action waits for and its priority; a dropped proposal; whether the partnership has an
executive group. Older databases and backups gain them empty."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from assessment.models import ActionInput, ActionStatus, RoundInput
from assessment.storage import Store, StoreError
from assessment.storage.backup import backup, restore

POSTS = ActionInput(
    title="Write job descriptions for the joint posts and recruit to them.",
    owner="Director of Children's Services",
    due_on=dt.date(2010, 9, 17),
    status=ActionStatus.AGREED,
    step_id="joint_posts",
    depends_on=("appoint_lead_commissioners", "section_75_agreement"),
    priority=7,
)


def opened(store: Store, framework, has_executive: bool | None = None, area: str = "Testford"):  # noqa: ANN001, ANN201
    spec = RoundInput(pin="2468", area=area, held_on=dt.date(2010, 1, 29), has_executive=has_executive)
    return store.rounds.open_round(spec, framework.version)


def test_an_action_keeps_its_step_what_it_waits_for_and_its_priority(store, framework):
    round_id = opened(store, framework).id
    store.plan.add(round_id, POSTS)
    (saved,) = store.plan.for_round(round_id)
    assert (saved.step_id, saved.depends_on, saved.priority, saved.key) == (
        "joint_posts",
        ("appoint_lead_commissioners", "section_75_agreement"),
        7,
        "joint_posts",
    )


def test_a_dropped_proposal_is_recorded_and_cannot_be_added_twice(store, framework):
    round_id = opened(store, framework).id
    store.plan.add(round_id, POSTS.model_copy(update={"status": ActionStatus.DROPPED}), actor="facilitator")
    with pytest.raises(StoreError, match="already has the proposal 'joint_posts'"):
        store.plan.add(round_id, POSTS)
    assert [a.status for a in store.plan.for_round(round_id)] == ["dropped"]
    assert store.audit.for_round(round_id)["event"].tolist()[0] == "proposal dropped"


def test_a_round_records_whether_the_partnership_has_an_executive_group(store, framework):
    rounds = {answer: opened(store, framework, answer, area=f"Area {answer}") for answer in (True, False, None)}
    assert {a: store.rounds.get_round(r.id).has_executive for a, r in rounds.items()} == {
        True: True,
        False: False,
        None: None,
    }


def test_a_database_made_before_the_plan_steps_gains_the_columns(store, framework):
    before = opened(store, framework)
    store.plan.add(before.id, ActionInput(title="An older action"))
    old_columns = "id, round_id, title, owner, due_on, status, factor_id, component_id, rule_id, created_at, updated_at"
    with store.engine.begin() as conn:  # the actions table as it was, without its constraints
        conn.execute(text(f"CREATE TABLE old_actions AS SELECT {old_columns} FROM actions"))
        conn.execute(text("DROP TABLE actions"))
        conn.execute(text("ALTER TABLE old_actions RENAME TO actions"))
        conn.execute(text("ALTER TABLE rounds DROP COLUMN has_executive"))
    store.dispose()
    upgraded = Store(store.url)
    try:
        (old,) = upgraded.plan.for_round(before.id)
        assert (old.step_id, old.depends_on, old.priority) == (None, (), None)
        assert upgraded.rounds.get_round(before.id).has_executive is None
        upgraded.plan.add(before.id, POSTS)
        with pytest.raises(StoreError):
            upgraded.plan.add(before.id, POSTS)
    finally:
        upgraded.dispose()


def test_backup_and_restore_keep_the_steps_and_the_executive_answer(store, framework, tmp_path):
    source = Store(f"sqlite:///{tmp_path / 'source.db'}")
    round_row = opened(source, framework, has_executive=False)
    source.plan.add(round_row.id, POSTS)
    path = tmp_path / "backup.json.gz"
    backup(source, path)
    source.dispose()
    restore(store, path, framework)
    (restored,) = store.plan.for_round(round_row.id)
    assert (restored.step_id, restored.depends_on, restored.priority) == (POSTS.step_id, POSTS.depends_on, 7)
    assert store.rounds.get_round(round_row.id).has_executive is False

"""The Board's decisions on a round, stored on SQLite and PostgreSQL: recorded, superseded but never
rewritten, ratifications updated in place, every change in the audit trail, kept by backup and restore."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from assessment.models import DecisionInput, Ratification, RatificationStatus, RoundInput
from assessment.storage import Store
from assessment.storage.backup import backup, restore

MARCH_19 = dt.date(2010, 3, 19)


def opened(store: Store, framework) -> int:  # noqa: ANN001
    spec = RoundInput(pin="2468", area="Wirral", held_on=dt.date(2010, 3, 1), title="Self-analysis")
    return store.rounds.open_round(spec, framework.version).id


def chosen(option: str = "targeted", on: dt.date = MARCH_19, **more) -> DecisionInput:  # noqa: ANN003
    return DecisionInput(option_id=option, decided_on=on, **more)


def test_a_decision_is_recorded_with_its_bodies_and_read_back(store, framework):
    round_id = opened(store, framework)
    assert store.decisions.current(round_id) is None
    bodies = (Ratification(body="Council cabinet"), Ratification(body="NHS Wirral board"))
    row = store.decisions.record(
        round_id,
        chosen(meeting="Children's Trust Board", resolution="Option 2 was agreed.", ratifications=bodies),
        "Option 2: Joint commissioning in targeted areas",
        actor="facilitator",
    )
    again = store.decisions.current(round_id)
    assert again == row
    assert (row.option_id, row.decided_on, row.meeting, row.resolution) == (
        "targeted",
        MARCH_19,
        "Children's Trust Board",
        "Option 2 was agreed.",
    )
    assert [(r.body, r.status, r.on) for r in row.ratifications] == [
        ("Council cabinet", "pending", None),
        ("NHS Wirral board", "pending", None),
    ]
    assert row.supersedes is None


def test_a_later_decision_supersedes_the_earlier_which_stays_in_the_history(store, framework):
    round_id = opened(store, framework)
    first = store.decisions.record(round_id, chosen("virtual"), "Option 1", actor="facilitator")
    second = store.decisions.record(round_id, chosen("targeted", dt.date(2010, 6, 2)), "Option 2", actor="facilitator")
    assert store.decisions.current(round_id).id == second.id
    assert second.supersedes == first.id
    history = store.decisions.history(round_id)
    assert [(d.option_id, d.decided_on) for d in history] == [("virtual", MARCH_19), ("targeted", dt.date(2010, 6, 2))]
    assert history[0] == first  # the earlier decision is unchanged


def test_a_ratification_is_set_in_place_and_a_new_body_added(store, framework):
    round_id = opened(store, framework)
    row = store.decisions.record(
        round_id, chosen(ratifications=(Ratification(body="Council cabinet"),)), "Option 2", actor="facilitator"
    )
    store.decisions.set_ratification(
        row.id, Ratification(body="council CABINET", status="ratified", on=dt.date(2010, 4, 6)), actor="facilitator"
    )
    store.decisions.set_ratification(row.id, Ratification(body="NHS Wirral board"), actor="facilitator")
    bodies = store.decisions.current(round_id).ratifications
    assert [(r.body, r.status, r.on) for r in bodies] == [
        ("Council cabinet", RatificationStatus.RATIFIED.value, dt.date(2010, 4, 6)),
        ("NHS Wirral board", "pending", None),
    ]


def test_every_change_goes_to_the_audit_trail(store, framework):
    round_id = opened(store, framework)
    row = store.decisions.record(round_id, chosen(), "Option 2", actor="facilitator")
    store.decisions.record(round_id, chosen("whole_system"), "Option 3", actor="command line")
    store.decisions.set_ratification(
        row.id, Ratification(body="Council cabinet", status="refused"), actor="facilitator"
    )
    trail = store.audit.for_round(round_id)
    events = list(trail[["actor", "event", "detail"]].itertuples(index=False, name=None))
    assert ("facilitator", "decision recorded", "Option 2 on 2010-03-19") in events
    assert ("command line", "decision recorded", f"Option 3 on 2010-03-19 (supersedes decision {row.id})") in events
    assert ("facilitator", "ratification set", "Council cabinet: refused") in events


def test_a_body_listed_twice_or_a_bad_status_is_refused():
    with pytest.raises(ValidationError, match="listed twice"):
        chosen(ratifications=(Ratification(body="Cabinet"), Ratification(body="cabinet")))
    with pytest.raises(ValidationError):
        Ratification(body="Cabinet", status="maybe")
    with pytest.raises(ValidationError):
        chosen(resolution="x" * 2001)


def test_backup_and_restore_keep_decisions_and_their_history(sqlite_store, framework, tmp_path):
    round_id = opened(sqlite_store, framework)
    sqlite_store.decisions.record(round_id, chosen("virtual"), "Option 1", actor="facilitator")
    sqlite_store.decisions.record(
        round_id,
        chosen(ratifications=(Ratification(body="Council cabinet", status="ratified", on=dt.date(2010, 4, 6)),)),
        "Option 2",
        actor="facilitator",
    )
    before = sqlite_store.decisions.history(round_id)
    path = tmp_path / "backup.json.gz"
    backup(sqlite_store, path)
    fresh = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    restore(fresh, path, framework)
    assert fresh.decisions.history(round_id) == before
    fresh.dispose()


def test_the_rounds_stamp_changes_with_a_decision_and_a_ratification(store, framework):
    round_id = opened(store, framework)
    stamps = [store.stamps.round(round_id)]
    row = store.decisions.record(round_id, chosen(), "Option 2", actor="facilitator")
    stamps.append(store.stamps.round(round_id))
    store.decisions.set_ratification(row.id, Ratification(body="Cabinet", status="ratified"), actor="facilitator")
    stamps.append(store.stamps.round(round_id))
    assert len(set(stamps)) == 3

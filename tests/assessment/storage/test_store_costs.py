"""Storage of the partnership's cost estimates, on SQLite and PostgreSQL, and in backups."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest

from assessment.models import CostEstimate, HybridInput, RoundInput
from assessment.storage import NotFound, Store
from assessment.storage.backup import backup, restore
from assessment.storage.rows import StoreError
from tests.assessment.helpers import targeted_estimate

TARGETED = targeted_estimate("Legal advice on a section 75 agreement; two joint posts.")


def open_round(store: Store, area: str = "Testshire") -> int:
    return store.rounds.open_round(RoundInput(pin="2468", area=area, held_on=dt.date(2026, 3, 1)), "2026.1").id


def test_an_estimate_comes_back_as_it_was_saved(store):
    round_id = open_round(store)
    virtual = CostEstimate(option_id="virtual", one_off_low=5_000, one_off_high=10_000)
    store.costs.save(round_id, [TARGETED, virtual], actor="facilitator")
    assert store.costs.for_round(round_id) == {"targeted": TARGETED, "virtual": virtual}
    assert store.costs.for_round(open_round(store, "Elsewhere")) == {}


def test_saving_again_replaces_the_options_estimate_and_an_empty_one_removes_it(store):
    round_id = open_round(store)
    store.costs.save(round_id, [TARGETED])
    smaller = CostEstimate(option_id="targeted", posts_low=1.5, posts_high=2)
    store.costs.save(round_id, [smaller])
    assert store.costs.for_round(round_id) == {"targeted": smaller}
    store.costs.save(round_id, [CostEstimate(option_id="targeted")])
    assert store.costs.for_round(round_id) == {}


def test_every_change_goes_to_the_audit_trail_with_who_and_what(store):
    round_id = open_round(store)
    store.costs.save(round_id, [TARGETED], actor="facilitator")
    store.costs.save(round_id, [CostEstimate(option_id="targeted")], actor="programme")
    trail = store.audit.for_round(round_id)
    saved = trail[trail["event"] == "cost estimate saved"]  # the newest first
    assert saved["actor"].tolist() == ["programme", "facilitator"]
    assert saved["detail"].tolist() == [
        "targeted: removed",
        "targeted: one_off 40000-60000, recurring 120000-150000, posts 2-3, "
        "note 'Legal advice on a section 75 agreement; two joint posts.'",
    ]


def test_an_estimate_for_a_round_that_does_not_exist_is_refused(store):
    with pytest.raises(NotFound):
        store.costs.save(999, [TARGETED])


def test_changing_an_estimate_changes_the_rounds_stamp(store):
    round_id = open_round(store)
    before = store.stamps.round(round_id)
    store.costs.save(round_id, [TARGETED])
    assert store.stamps.round(round_id) != before


def test_deleting_a_hybrid_removes_its_estimate(store, framework):
    round_id = open_round(store)
    hybrid = store.appraisal.add_hybrid(
        round_id, HybridInput(name="Our mix", choices={d.id: "targeted" for d in framework.dimensions})
    )
    store.costs.save(round_id, [TARGETED, CostEstimate(option_id=hybrid.option_id, one_off_low=1_000)])
    store.appraisal.delete_hybrid(hybrid.id)
    assert list(store.costs.for_round(round_id)) == ["targeted"]


def test_a_backup_carries_the_estimates_and_a_tampered_one_is_refused_in_one_line(store, framework, tmp_path):
    round_id = open_round(store)
    store.costs.save(round_id, [TARGETED])
    path = tmp_path / "backup.json.gz"
    assert backup(store, path)["option_costs"] == 1
    restored = Store(f"sqlite:///{tmp_path / 'restored.db'}")
    restore(restored, path, framework)
    assert restored.costs.for_round(round_id) == {"targeted": TARGETED}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        document = json.load(handle)
    document["tables"]["option_costs"][0]["one_off_low"] = 70_000  # above its high figure of 60,000
    with gzip.open(tmp_path / "tampered.json.gz", "wt", encoding="utf-8") as handle:
        json.dump(document, handle)
    with pytest.raises(StoreError) as refused:
        restore(restored, tmp_path / "tampered.json.gz", framework, replace=True)
    assert "table option_costs, row 1: one_off_high 60000: the low figure is above the high figure" in str(
        refused.value
    )
    assert "\n" not in str(refused.value)
    restored.dispose()

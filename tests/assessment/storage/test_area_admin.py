"""Area administration on SQLite and PostgreSQL: renaming, merging and removing an area, with names
unique ignoring case and every change in the audit trail."""

import datetime as dt

import pytest
from sqlalchemy import select

from assessment.models import RoundInput
from assessment.storage import Store, StoreError
from assessment.storage.schema import audit


def _round(store: Store, area: str, day: int = 1, title: str = "Workshop"):
    spec = RoundInput(area=area, held_on=dt.date(2026, 3, day), title=title, pin="1357")
    return store.rounds.open_round(spec, "2026.1")


def _programme_events(store: Store) -> list[tuple[str, str]]:
    query = select(audit.c.event, audit.c.detail).where(audit.c.round_id.is_(None)).order_by(audit.c.id)
    with store.database.read() as conn:
        return [tuple(row) for row in conn.execute(query).all()]


def test_a_name_that_differs_only_in_case_is_the_same_area(store):
    first = store.rounds.ensure_area("Brookmere")
    assert store.rounds.ensure_area("brookmere ") == first
    assert [a.name for a in store.rounds.list_areas()] == ["Brookmere"]


def test_renaming_an_area_keeps_its_rounds_and_is_audited(store):
    row = _round(store, "Brook")
    renamed = store.rounds.rename_area(row.area_id, "Brookside", actor="programme")
    assert (renamed.id, renamed.name) == (row.area_id, "Brookside")
    assert store.rounds.get_round(row.id).area_name == "Brookside"
    trail = store.audit.for_round(row.id)
    assert (trail.loc[0, "event"], trail.loc[0, "detail"]) == ("area renamed", "Brook -> Brookside")


def test_a_rename_onto_another_areas_name_names_that_area(store):
    store.rounds.ensure_area("Brookmere")
    brook = store.rounds.ensure_area("Brook")
    with pytest.raises(StoreError, match="there is already an area called 'Brookmere'"):
        store.rounds.rename_area(brook.id, "BROOKMERE", actor="programme")
    assert store.rounds.rename_area(brook.id, "BROOK", actor="programme").name == "BROOK"  # its own name, recased


def test_merging_moves_every_round_and_removes_the_emptied_area(store):
    brookmere = _round(store, "Brookmere", day=1)
    first, second = _round(store, "Brook", day=2), _round(store, "Brook", day=3)
    into = store.rounds.merge_area(first.area_id, brookmere.area_id, actor="programme")
    assert into.name == "Brookmere"
    assert [a.name for a in store.rounds.list_areas()] == ["Brookmere"]
    moved = store.rounds.list_rounds(brookmere.area_id)
    assert [r.id for r in moved] == [brookmere.id, first.id, second.id]
    trail = store.audit.for_round(second.id)
    assert trail["detail"].tolist()[:2] == ["Brook into Brookmere (2 rounds)", "moved from Brook to Brookmere"]
    assert _programme_events(store)[-1] == ("area merged", "Brook into Brookmere (2 rounds)")


def test_a_merge_that_would_make_two_of_one_round_is_refused(store):
    kept = _round(store, "Brookmere", day=4, title="Spring")
    other = _round(store, "Brook", day=4, title="Spring")
    with pytest.raises(StoreError, match="both 'Brook' and 'Brookmere' have a round '2026-03-04 Spring'"):
        store.rounds.merge_area(other.area_id, kept.area_id, actor="programme")
    assert store.rounds.get_round(other.id).area_name == "Brook"
    with pytest.raises(StoreError, match="cannot be merged into itself"):
        store.rounds.merge_area(kept.area_id, kept.area_id, actor="programme")


def test_only_an_area_without_rounds_can_be_removed(store):
    row = _round(store, "Brookmere")
    with pytest.raises(StoreError, match="'Brookmere' has 1 round, so it cannot be removed"):
        store.rounds.remove_area(row.area_id, actor="programme")
    empty = store.rounds.ensure_area("Brook")
    store.rounds.remove_area(empty.id, actor="programme")
    assert [a.name for a in store.rounds.list_areas()] == ["Brookmere"]
    assert _programme_events(store)[-1] == ("area removed", "Brook")
    assert store.rounds.round_counts() == {row.area_id: 1}


def test_the_programme_stamp_changes_when_an_area_is_renamed_or_removed(store):
    area = store.rounds.ensure_area("Brook")
    before = store.stamps.programme()
    store.rounds.rename_area(area.id, "Brookside", actor="programme")
    renamed = store.stamps.programme()
    assert renamed != before
    store.rounds.remove_area(area.id, actor="programme")
    assert store.stamps.programme() != renamed

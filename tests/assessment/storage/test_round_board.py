"""The Board a round's paper goes to: stored with the round on SQLite and PostgreSQL, added to a
database made before it existed, and kept by backup and restore (an old backup restores it empty)."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest
from pydantic import ValidationError
from sqlalchemy import text

from assessment.models import RoundInput
from assessment.storage import Store
from assessment.storage.backup import backup, restore

BOARD = "Children's Trust Board"


def opened(store: Store, framework, board: str = "", area: str = "Testford"):  # noqa: ANN001, ANN201
    spec = RoundInput(pin="2468", area=area, held_on=dt.date(2026, 2, 3), title="Workshop", board=board)
    return store.rounds.open_round(spec, framework.version)


def test_a_round_keeps_the_board_its_paper_goes_to(store, framework):
    named = opened(store, framework, f"  {BOARD} ")
    unnamed = opened(store, framework, area="Otherton")
    assert store.rounds.get_round(named.id).board == BOARD
    assert store.rounds.get_round(unnamed.id).board == ""
    with store.engine.connect() as conn:
        stored = dict(conn.execute(text("SELECT id, board FROM rounds")).all())
    assert stored == {named.id: BOARD, unnamed.id: None}


def test_a_board_name_is_plain_text_of_at_most_200_characters():
    assert RoundInput(area="A", held_on=dt.date(2026, 2, 3), board="b" * 200).board == "b" * 200
    with pytest.raises(ValidationError):
        RoundInput(area="A", held_on=dt.date(2026, 2, 3), board="b" * 201)
    with pytest.raises(ValidationError):
        RoundInput(area="A", held_on=dt.date(2026, 2, 3), board="Trust\x00Board")


def test_a_database_made_before_the_board_gains_the_column_and_keeps_its_rounds(store, framework):
    before = opened(store, framework)
    with store.engine.begin() as conn:
        conn.execute(text("ALTER TABLE rounds DROP COLUMN board"))
    store.dispose()
    upgraded = Store(store.url)
    try:
        assert upgraded.rounds.get_round(before.id).board == ""
        after = opened(upgraded, framework, BOARD, area="Otherton")
        assert upgraded.rounds.get_round(after.id).board == BOARD
    finally:
        upgraded.dispose()


def test_backup_and_restore_keep_the_board_and_an_old_backup_restores_it_empty(store, framework, tmp_path):
    source = Store(f"sqlite:///{tmp_path / 'source.db'}")
    round_row = opened(source, framework, BOARD)
    path = tmp_path / "backup.json.gz"
    backup(source, path)
    source.dispose()
    restore(store, path, framework)
    assert store.rounds.get_round(round_row.id).board == BOARD
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        document = json.load(handle)
    for row in document["tables"]["rounds"]:
        del row["board"]
    old = tmp_path / "old.json.gz"
    with gzip.open(old, "wt", encoding="utf-8") as handle:
        json.dump(document, handle)
    restore(store, old, framework, replace=True)
    assert store.rounds.get_round(round_row.id).board == ""

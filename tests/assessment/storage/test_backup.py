"""Backup and restore round-trip the whole database, on SQLite and PostgreSQL."""

import gzip

import pytest

from assessment.results import score_round
from assessment.sample import load_sample
from assessment.storage import Store, StoreError
from assessment.storage.backup import backup, integrity_problems, restore


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory, framework) -> Store:
    """The illustrative sample in SQLite, loaded once for this module."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('backup') / 'sample.db'}")
    load_sample(store, framework)
    return store


@pytest.fixture(scope="module")
def sample_backup(sample_store, tmp_path_factory):
    path = tmp_path_factory.mktemp("files") / "backup.json.gz"
    return path, backup(sample_store, path)


def test_backup_counts_every_row(sample_store, sample_backup):
    _path, counts = sample_backup
    assert counts["rounds"] == 15
    assert counts["answers"] == len(sample_store.responses.answers_frame())
    assert counts["participants"] == len(sample_store.responses.participants_frame())


def test_restore_into_an_empty_database_gives_identical_scores(store, framework, sample_store, sample_backup):
    path, counts = sample_backup
    restored = restore(store, path, framework)
    assert restored.counts == counts
    assert restored.note is None
    for round_row in sample_store.rounds.list_rounds():
        before = score_round(sample_store, framework, round_row.id)
        after = score_round(store, framework, round_row.id)
        assert after.sentence == before.sentence
        assert after.factors["median"].equals(before.factors["median"])
        assert after.factors["consensus"].equals(before.factors["consensus"])
        assert len(store.plan.for_round(round_row.id)) == len(sample_store.plan.for_round(round_row.id))
    assert [r.status for r in store.rounds.list_rounds()] == [r.status for r in sample_store.rounds.list_rounds()]
    assert integrity_problems(store) == []


def test_a_restored_database_keeps_working(store, framework, sample_store, sample_backup):
    restore(store, sample_backup[0], framework)
    open_round = next(r for r in store.rounds.list_rounds() if r.status.value == "open")
    participant, code = store.responses.join(open_round.id, "council")
    assert store.responses.resume(code).id == participant.id
    assert participant.id > max(sample_store.responses.participants_frame()["participant_id"])


def test_restore_refuses_a_database_with_data_unless_told_to_replace(store, framework, sample_backup):
    restore(store, sample_backup[0], framework)
    with pytest.raises(StoreError, match="already holds data"):
        restore(store, sample_backup[0], framework)
    assert restore(store, sample_backup[0], framework, replace=True).counts["rounds"] == 15


def test_restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing(store, framework, sample_backup, tmp_path):
    restore(store, sample_backup[0], framework)
    not_backup = tmp_path / "notes.json.gz"
    with gzip.open(not_backup, "wt") as handle:
        handle.write('{"hello": 1}')
    with pytest.raises(StoreError, match="not a backup"):
        restore(store, not_backup, framework, replace=True)
    (tmp_path / "plain.txt").write_text("hello")
    with pytest.raises(StoreError, match="not a backup"):
        restore(store, tmp_path / "plain.txt", framework, replace=True)
    assert len(store.rounds.list_rounds()) == 15

"""Restore checks every row of a backup before it writes: a tampered backup is refused in one line
naming the file, table, row and column, and the database is left exactly as it was."""

import copy
import datetime as dt
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, select

from assessment.__main__ import main
from assessment.models import (
    ActionInput,
    Answer,
    AppraisalScore,
    ConsensusEntry,
    DecisionInput,
    HybridInput,
    ItemKind,
    Ratification,
    RoundInput,
)
from assessment.storage import Store, StoreError, metadata
from assessment.storage.backup import backup, restore
from assessment.storage.backup_rows import check_backup

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def document(tmp_path_factory, framework) -> dict:
    """A small database built by hand and backed up, as the decoded backup file. Its rows, in the
    backup's primary-key order:
    areas      1 Ashvale, 2 Brookmere
    rounds     1 Ashvale spring, 2 Ashvale autumn, 3 Brookmere
    participants 1 council, 2 school (round 1), 3 voluntary (round 3)
    answers    1 (p1 component), 2 (p1 statement = 3), 3 (p2 statement), 4 (p3 statement)
    actions, consensus, hybrid_options, appraisal_scores, decisions, ratifications: one each, in round 1."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('source') / 'source.db'}")
    version = framework.version
    first_statement = framework.factors[0].statements[0].id
    spring = store.rounds.open_round(
        RoundInput(pin="2468", area="Ashvale", held_on=dt.date(2025, 3, 14), title="Spring"), version
    )
    store.rounds.open_round(
        RoundInput(pin="2468", area="Ashvale", held_on=dt.date(2025, 9, 18), title="Autumn"), version
    )
    brookmere = store.rounds.open_round(
        RoundInput(pin="2468", area="Brookmere", held_on=dt.date(2025, 5, 1), title="Annual"), version
    )
    store.responses.add_response(
        spring.id,
        "council",
        [
            Answer(kind=ItemKind.STATEMENT, item_id=first_statement, value=3),
            Answer(kind=ItemKind.COMPONENT, item_id=framework.components[0].id, value=2),
        ],
    )
    store.responses.add_response(
        spring.id, "school", [Answer(kind=ItemKind.STATEMENT, item_id=first_statement, value=1)]
    )
    store.responses.add_response(
        brookmere.id, "voluntary", [Answer(kind=ItemKind.STATEMENT, item_id=first_statement, value=4)]
    )
    entry = ConsensusEntry(kind=ItemKind.FACTOR, item_id=framework.factors[0].id, value=2.5, rationale="agreed")
    store.consensus.record(spring.id, entry, expected_revision=None)
    store.plan.add(spring.id, ActionInput(title="Agree a joint budget", owner="Chair"))
    choices = {dimension.id: framework.options[1].id for dimension in framework.dimensions}
    store.appraisal.add_hybrid(spring.id, HybridInput(name="Our mix", choices=choices))
    score = AppraisalScore(option_id=framework.options[1].id, criterion_id=framework.criteria[0].id, value=3)
    store.appraisal.save_scores(spring.id, [score])
    decision = DecisionInput(
        option_id=framework.options[2].id,
        decided_on=dt.date(2025, 3, 28),
        ratifications=(Ratification(body="Cabinet"),),
    )
    store.decisions.record(spring.id, decision, framework.options[2].name)
    path = tmp_path_factory.mktemp("files") / "good.json.gz"
    backup(store, path)
    store.dispose()
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _write(document: dict, path: Path) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(document, handle)
    return path


def _edited(document: dict, table: str, row: int, column: str, value: object) -> dict:
    edited = copy.deepcopy(document)
    edited["tables"][table][row - 1][column] = value
    return edited


def _snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order: equal snapshots mean an unchanged database."""
    with store.engine.connect() as conn:
        return {
            table.name: [tuple(row) for row in conn.execute(select(table).order_by(*table.primary_key.columns))]
            for table in metadata.sorted_tables
        }


@pytest.fixture
def holding_data(store, framework, document, tmp_path) -> Store:
    """The store under test, already holding the good backup's data."""
    restore(store, _write(document, tmp_path / "good.json.gz"), framework)
    return store


def test_the_hand_built_backup_has_the_rows_the_tests_count_on(document):
    tables = document["tables"]
    assert [len(tables[name]) for name in ("areas", "rounds", "participants", "answers")] == [2, 3, 3, 4]
    assert [row["name"] for row in tables["areas"]] == ["Ashvale", "Brookmere"]
    assert [row["area_id"] for row in tables["rounds"]] == [1, 1, 2]
    assert [(row["participant_id"], row["kind"], row["value"]) for row in tables["answers"]] == [
        (1, "component", 2),
        (1, "statement", 3),
        (2, "statement", 1),
        (3, "statement", 4),
    ]


TAMPERED = [
    pytest.param(
        "ratifications",
        1,
        "status",
        "maybe",
        "status 'maybe' is not one of pending, ratified, deferred, refused",
        id="ratification-status",
    ),
    pytest.param(
        "decisions",
        1,
        "decided_on",
        "2025-13-01",
        "decided_on '2025-13-01' is not a date (YYYY-MM-DD)",
        id="decision-date",
    ),
    pytest.param("rounds", 3, "status", "hacked", "status 'hacked' is not one of open, closed, finalised", id="status"),
    pytest.param(
        "answers",
        4,
        "participant_id",
        999,
        "participant_id 999 refers to a row of participants that is not in the backup",
        id="answer-of-missing-participant",
    ),
    pytest.param(
        "rounds", 2, "area_id", 99, "area_id 99 refers to a row of areas that is not in the backup", id="missing-area"
    ),
    pytest.param(
        "answers",
        2,
        "value",
        7,
        "value 7: must be a whole number from 0 to 4 (or don't know), not 7",
        id="answer-value-7",
    ),
    pytest.param(
        "rounds", 1, "held_on", "2025-02-30", "held_on '2025-02-30' is not a date (YYYY-MM-DD)", id="bad-date"
    ),
    pytest.param("participants", 2, "id", 1, "primary key id 1 is already used by row 1", id="duplicate-key"),
    pytest.param("rounds", 2, "join_code", None, "join_code is null, and a value is required", id="null"),
    pytest.param(
        "areas",
        2,
        "name",
        "B" * 121,
        f"name '{'B' * 39}…' is 121 characters long; the most is 120",
        id="overlong-area-name",
    ),
    pytest.param(
        "actions",
        1,
        "status",
        "maybe",
        "status 'maybe' is not one of proposed, agreed, in progress, done, dropped",
        id="action-status",
    ),
    pytest.param(
        "answers",
        3,
        "kind",
        "bogus",
        "kind 'bogus' is not one of statement, factor, component, priority",
        id="item-kind",
    ),
    pytest.param(
        "appraisal_scores",
        1,
        "scorer",
        "p1",
        "scorer 'p1' does not match participant_id None; it should be 'board'",
        id="scorer-of-nobody",
    ),
    pytest.param(
        "participants",
        1,
        "completed_at",
        "yesterday",
        "completed_at 'yesterday' is not a date and time (YYYY-MM-DDTHH:MM:SS+00:00)",
        id="bad-datetime",
    ),
]


@pytest.mark.parametrize(("table", "row", "column", "value", "problem"), TAMPERED)
def test_a_tampered_backup_is_refused_in_one_line_and_the_database_is_unchanged(
    holding_data, document, tmp_path, capsys, table, row, column, value, problem
):
    before = _snapshot(holding_data)
    path = _write(_edited(document, table, row, column, value), tmp_path / "backup.json.gz")
    status = main(["--database", holding_data.url, "restore", str(path), "--replace"])
    out, err = capsys.readouterr()
    assert status == 1
    assert err == f"error: {path}: table {table}, row {row}: {problem}\n"
    assert out == ""
    assert _snapshot(holding_data) == before


def test_the_command_line_refuses_a_hacked_status_without_a_traceback(document, tmp_path):
    url = f"sqlite:///{tmp_path / 'assessment.db'}"
    env = os.environ | {"ASSESSMENT_DATABASE_URL": url}
    good = _write(document, tmp_path / "good.json.gz")
    bad = _write(_edited(document, "rounds", 3, "status", "hacked"), tmp_path / "hacked.json.gz")

    def cli(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "assessment", *args]
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)

    assert cli("restore", str(good)).returncode == 0
    refused = cli("restore", str(bad), "--replace")
    assert refused.returncode == 1
    assert (
        refused.stderr == f"error: {bad}: table rounds, row 3: status 'hacked' is not one of open, closed, finalised\n"
    )
    listing = cli("areas", "--json")
    assert listing.returncode == 0 and listing.stderr == ""
    assert [r["status"] for a in json.loads(listing.stdout) for r in a["rounds"]] == ["open", "open", "open"]


def test_a_hybrid_choosing_an_option_the_framework_lacks_is_refused(holding_data, document, tmp_path, capsys):
    before = _snapshot(holding_data)
    edited = copy.deepcopy(document)
    edited["tables"]["hybrid_options"][0]["choices"]["governance"] = "mystery"
    path = _write(edited, tmp_path / "backup.json.gz")
    assert main(["--database", holding_data.url, "restore", str(path), "--replace"]) == 1
    assert capsys.readouterr().err == (
        f"error: {path}: table hybrid_options, row 1: choices['governance'] 'mystery' is not an option of the "
        "framework in use (version 2026.1)\n"
    )
    assert _snapshot(holding_data) == before


def test_ids_the_framework_lacks_are_restored_and_named_in_a_note(store, document, tmp_path, capsys):
    edited = _edited(document, "participants", 1, "partner_type", "wizard")
    edited["tables"]["answers"][3]["item_id"] = "no_such_statement"
    path = _write(edited, tmp_path / "backup.json.gz")
    assert main(["--database", store.url, "restore", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines() == [
        f"Restored 3 rounds and 4 answers from {path}",
        f"note: {path}: ids the framework in use (version 2026.1) does not have, kept as they are: "
        "participants.partner_type 'wizard' (1 row); answers.item_id 'no_such_statement' (1 row)",
    ]
    assert store.responses.get_participant(1).partner_type == "wizard"


def test_a_database_error_during_the_restore_is_one_line_and_changes_nothing(
    holding_data, framework, document, tmp_path, capsys, monkeypatch
):
    """Should a row pass the checks and still be refused by the database, the transaction rolls back."""
    import assessment.storage.backup

    def passing_a_duplicate(*args, **kwargs):
        checked = check_backup(*args, **kwargs)
        checked.tables["answers"].append(dict(checked.tables["answers"][0]))
        return checked

    monkeypatch.setattr(assessment.storage.backup, "check_backup", passing_a_duplicate)
    before = _snapshot(holding_data)
    path = _write(document, tmp_path / "backup.json.gz")
    assert main(["--database", holding_data.url, "restore", str(path), "--replace"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}: the database refused the backup, and nothing was changed: ")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert _snapshot(holding_data) == before


def test_a_backup_made_before_a_nullable_column_existed_restores_it_as_empty(store, framework, document, tmp_path):
    edited = copy.deepcopy(document)
    for row in edited["tables"]["participants"]:
        del row["completed_at"]
    restored = restore(store, _write(edited, tmp_path / "older.json.gz"), framework)
    assert restored.counts["participants"] == 3
    assert [store.responses.get_participant(i).completed for i in (1, 2, 3)] == [False, False, False]


def test_a_table_without_rules_of_its_own_is_checked_by_its_column_types(framework):
    schema = MetaData()
    Table(
        "settings",
        schema,
        Column("key", String(40), primary_key=True),
        Column("value", Text, nullable=False),
        Column("attempts", Integer),
        Column("changed_at", DateTime(timezone=True)),
    )
    good = {"settings": [{"key": "theme", "value": "dark", "changed_at": "2026-01-02T03:04:05"}]}
    checked = check_backup(good, framework, "settings.json.gz", schema)
    assert checked.tables["settings"] == [
        {
            "key": "theme",
            "value": "dark",
            "attempts": None,
            "changed_at": dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        }
    ]
    for rows, problem in [
        ([{"key": "a", "value": 5}], "row 1: value 5 is not text"),
        ([{"key": "a", "value": "x", "attempts": "3"}], "row 1: attempts '3' is not a whole number"),
        ([{"key": "a", "value": "x", "attempts": 2**40}], f"row 1: attempts {2**40} is too large for the column"),
        (
            [{"key": "a", "value": "x"}, {"key": "a", "value": "y"}],
            "row 2: primary key key 'a' is already used by row 1",
        ),
        ([{"key": "a"}], "row 1: value is missing, and a value is required"),
        ([{"key": "a", "value": "x", "colour": "red"}], "row 1: unknown columns ['colour']"),
        (["a"], "row 1: is 'a', not an object of column values"),
    ]:
        with pytest.raises(StoreError) as refused:
            check_backup({"settings": rows}, framework, "settings.json.gz", schema)
        assert str(refused.value) == f"settings.json.gz: table settings, {problem}"

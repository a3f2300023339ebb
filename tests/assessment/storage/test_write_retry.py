"""A write that loses a deadlock or a serialisation conflict on PostgreSQL is run again, not shown as an
error (issue 17, "What must hold" 4): caused for real on the server, with two connections."""

from __future__ import annotations

import ast
import datetime as dt
import threading
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url

from assessment.models import Answer, ItemKind, RoundInput
from assessment.storage import Store, StoreError, database
from assessment.storage.database import WriteConflict, log_event, retry_conflicts
from assessment.storage.schema import audit

STORAGE = Path(database.__file__).parent


def _participant(store: Store) -> int:
    spec = RoundInput(area="Deadlockshire", held_on=dt.date(2026, 3, 1), title="Workshop", pin="1357")
    round_row = store.rounds.open_round(spec, "2026.1")
    participant, _code = store.responses.join(round_row.id, "council")
    return participant.id


def _answer(item: str, value: int) -> Answer:
    return Answer(kind=ItemKind.STATEMENT, item_id=item, value=value)


def _psycopg(store: Store) -> psycopg.Connection:
    return psycopg.connect(make_url(store.url).set(drivername="postgresql").render_as_string(hide_password=False))


def _wait_until_blocked(watcher: psycopg.Connection, pid_other: int) -> None:
    """Wait (without a time limit on the result: the test's outcome does not depend on it) until a session
    other than `pid_other` waits on a row lock in this database."""
    query = (
        "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' "
        "and pid <> %s"
    )
    for _ in range(600):
        if watcher.execute(query, (pid_other,)).fetchone()[0]:
            return
        time.sleep(0.05)
    raise AssertionError("the save never came to wait on the other transaction's lock")


@pytest.mark.postgres
def test_a_save_that_loses_a_real_deadlock_is_run_again_and_saved_once(postgres_store):
    store = postgres_store
    participant_id = _participant(store)
    store.responses.save_answers(participant_id, [_answer("vision_1", 1), _answer("vision_2", 1)])
    deadlocks, commits, upserts = [], [], []
    event.listen(
        store.engine,
        "handle_error",
        lambda ctx: deadlocks.append(getattr(ctx.original_exception, "sqlstate", None)),
    )
    event.listen(store.engine, "commit", lambda conn: commits.append(1))

    @event.listens_for(store.engine, "before_cursor_execute")
    def _count(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        if statement.startswith("INSERT INTO answers"):
            upserts.append(1)

    other = _psycopg(store)
    watcher = _psycopg(store)
    watcher.autocommit = True
    # The other transaction never runs PostgreSQL's deadlock check first, so the save is the one rolled back.
    other.execute("set deadlock_timeout = '60s'")
    other.commit()
    other.execute("update answers set value = 2 where participant_id = %s and item_id = 'vision_2'", (participant_id,))
    outcome: dict[str, object] = {}

    def save() -> None:
        try:  # the save takes vision_1's row, then waits on vision_2's, which the other transaction holds
            outcome["written"] = store.responses.save_answers(
                participant_id, [_answer("vision_1", 3), _answer("vision_2", 3)]
            )
        except Exception as exc:  # noqa: BLE001 - the assertion below shows it
            outcome["error"] = exc

    saver = threading.Thread(target=save)
    commits.clear()
    saver.start()
    _wait_until_blocked(watcher, other.info.backend_pid)
    # Now the other transaction asks for vision_1's row, held by the save: a deadlock. PostgreSQL rolls the
    # save back (its check runs first), this update goes through, and the other transaction commits.
    other.execute("update answers set value = 2 where participant_id = %s and item_id = 'vision_1'", (participant_id,))
    other.commit()
    saver.join()
    other.close()
    watcher.close()

    assert "error" not in outcome, outcome.get("error")
    assert outcome["written"] == 2
    assert deadlocks == ["40P01"]  # one attempt lost the deadlock ...
    assert len(upserts) == 2  # ... and was run again once ...
    assert len(commits) == 1  # ... and only the second attempt committed
    mine = store.responses.answers_of(participant_id)
    assert {item: answer.value for (_kind, item), answer in mine.items()} == {"vision_1": 3, "vision_2": 3}


def _raise_sqlstate(conn, sqlstate: str) -> None:  # noqa: ANN001
    """A real server error with this SQLSTATE (as PostgreSQL raises for a serialisation failure)."""
    conn.exec_driver_sql(f"DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '{sqlstate}'; END $$")


def _audit_rows(store: Store, name: str) -> int:
    with store.database.read() as conn:
        return conn.execute(select(func.count()).select_from(audit).where(audit.c.event == name)).scalar()


@pytest.mark.postgres
def test_a_serialisation_failure_is_retried_and_the_work_is_done_once(postgres_store):
    attempts = []

    @retry_conflicts
    def unit(items) -> int:  # noqa: ANN001 - a one-pass iterator: a retry must still see every item
        with postgres_store.database.write() as conn:
            attempts.append(list(items))
            log_event(conn, None, "test", "unit of work", "")
            if len(attempts) < 3:
                _raise_sqlstate(conn, "40001")
        return len(attempts)

    assert unit(iter(["a", "b"])) == 3
    assert attempts == [["a", "b"]] * 3
    assert _audit_rows(postgres_store, "unit of work") == 1  # two attempts rolled back, one committed


@pytest.mark.postgres
def test_a_conflict_that_keeps_coming_back_is_a_plain_store_error_and_changes_nothing(postgres_store, monkeypatch):
    monkeypatch.setattr(database, "CONFLICT_BACKOFF", 0.001)
    attempts = []

    @retry_conflicts
    def unit() -> None:
        with postgres_store.database.write() as conn:
            attempts.append(1)
            log_event(conn, None, "test", "doomed", "")
            _raise_sqlstate(conn, "40P01")

    with pytest.raises(WriteConflict) as raised:
        unit()
    assert isinstance(raised.value, StoreError)
    assert "please try again" in str(raised.value)
    assert len(attempts) == 1 + database.CONFLICT_RETRIES
    assert _audit_rows(postgres_store, "doomed") == 0


@pytest.mark.postgres
def test_other_database_errors_are_not_retried(postgres_store):
    attempts = []

    @retry_conflicts
    def unit() -> None:
        with postgres_store.database.write() as conn:
            attempts.append(1)
            _raise_sqlstate(conn, "57014")  # query_canceled: an operational error, but not a conflict

    with pytest.raises(StoreError) as raised:
        unit()
    assert not isinstance(raised.value, WriteConflict)
    assert attempts == [1]


def _functions_that_write(tree: ast.AST):  # noqa: ANN202
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            writes = [
                call
                for call in ast.walk(node)
                if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "write"
            ]
            if writes:
                yield node


def test_every_function_that_opens_a_write_transaction_is_retried_on_conflicts():
    undecorated = []
    found = 0
    for path in sorted(STORAGE.glob("*.py")):
        if path.name == "database.py":
            continue
        for function in _functions_that_write(ast.parse(path.read_text())):
            found += 1
            names = {d.id for d in function.decorator_list if isinstance(d, ast.Name)}
            if "retry_conflicts" not in names:
                undecorated.append(f"{path.name}:{function.lineno} {function.name}")
    assert found >= 35  # every repository write, restore and delete_all
    assert undecorated == []


@pytest.mark.postgres
def test_the_pool_size_is_a_setting_and_a_bad_one_is_named(monkeypatch, postgres_database):
    monkeypatch.setenv("ASSESSMENT_DATABASE_POOL_SIZE", "12")
    store = Store(postgres_database)
    assert store.engine.pool.size() == 12
    store.dispose()
    monkeypatch.setenv("ASSESSMENT_DATABASE_POOL_SIZE", "lots")
    with pytest.raises(StoreError, match="ASSESSMENT_DATABASE_POOL_SIZE is 'lots'"):
        Store(postgres_database)


def _kill_pooled_connections(store: Store) -> int:
    with _psycopg(store) as admin:
        admin.autocommit = True
        return len(
            admin.execute(
                "select pg_terminate_backend(pid) from pg_stat_activity "
                "where datname = current_database() and pid <> pg_backend_pid()"
            ).fetchall()
        )


@pytest.mark.postgres
def test_a_dead_pooled_connection_is_replaced_before_use(postgres_store):
    participant_id = _participant(postgres_store)
    postgres_store.responses.save_answers(participant_id, [_answer("vision_1", 1)])
    assert _kill_pooled_connections(postgres_store) >= 1  # as a server restart does to idle connections
    assert postgres_store.responses.save_answers(participant_id, [_answer("vision_1", 2)]) == 1
    assert postgres_store.responses.answers_of(participant_id)[(ItemKind.STATEMENT, "vision_1")].value == 2

"""Save latency in a workshop burst: 40 participants saving every step at the same moment.

On each reachable database (SQLite always; PostgreSQL when reachable) the app's save path
(store.responses.save_answers, as the participant pages call it) is timed in a burst of 40 threads, and
against it, in the same run and under the same concurrency, a bare driver insert of the same rows
(psycopg or sqlite3: one connection per thread, the same INSERT ... ON CONFLICT, one commit per step).
Bursts alternate app / bare three times, so both see the same load on the machine; the latencies of the
three bursts are pooled. Targets (issue 17): on PostgreSQL p95 within 3x the bare insert's p95, p50
under 20 ms.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from workshop_load import participant_steps, run_burst

from assessment.framework import Framework, load_framework
from assessment.models import RoundInput
from assessment.storage import Store

PEOPLE = 40
BURSTS = 3
P95_TARGET = 3.0
P50_TARGET_MS = 20.0

_UPSERT = (
    "INSERT INTO answers (participant_id, kind, item_id, value, comment, updated_at) VALUES ({0}) "
    "ON CONFLICT (participant_id, kind, item_id) DO UPDATE SET value = excluded.value, "
    "comment = excluded.comment, updated_at = excluded.updated_at"
)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _open_round(store: Store, framework: Framework, name: str) -> int:
    return store.rounds.open_round(RoundInput(pin="2468", area=name, held_on=dt.date(2026, 1, 1)), framework.version).id


def bare_burst(store: Store, framework: Framework, round_id: int, connect, people: int = PEOPLE) -> list[float]:  # noqa: ANN001
    """The baseline: `people` threads at once, each on its own driver connection (opened before the start),
    upserting the same rows a participant's steps save, one transaction per step; latencies in seconds."""
    round_row = store.rounds.get_round(round_id)
    ids = [store.responses.join(round_id, "council")[0].id for _ in range(people)]
    latencies: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(people)

    def participant(person: int) -> None:
        connection, sql = connect()
        try:
            start.wait()
            for batch in participant_steps(framework, round_row, person):
                began = time.perf_counter()
                now = dt.datetime.now(dt.UTC)
                rows = [(ids[person], a.kind.value, a.item_id, a.value, a.comment, now) for a in batch]
                cursor = connection.cursor()
                if isinstance(connection, sqlite3.Connection):
                    cursor.execute("BEGIN IMMEDIATE")
                cursor.executemany(sql, rows)
                connection.commit()
                cursor.close()
                with lock:
                    latencies.append(time.perf_counter() - began)
        except BaseException as exc:  # reported below
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=participant, args=(n,)) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"the bare burst failed {len(errors)} times; first: {errors[0]!r}")
    return latencies


def _sqlite_connect(path: str):  # noqa: ANN202
    def connect():  # noqa: ANN202
        connection = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        for pragma in ("busy_timeout = 30000", "journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON"):
            connection.execute(f"PRAGMA {pragma}")
        return connection, _UPSERT.format(", ".join("?" * 6))

    return connect


def _postgres_connect(url: str):  # noqa: ANN202
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)

    def connect():  # noqa: ANN202
        return psycopg.connect(conninfo), _UPSERT.format(", ".join(["%s"] * 6))

    return connect


def _measure(store: Store, label: str, connect) -> None:  # noqa: ANN001
    framework = load_framework()
    single = run_burst(store, framework, _open_round(store, framework, "Bench alone"), people=1)
    app: list[float] = []
    bare: list[float] = []
    stored = errors = 0
    for burst in range(BURSTS):
        result = run_burst(store, framework, _open_round(store, framework, f"Bench burst {burst}"), people=PEOPLE)
        if result.errors:
            print(f"{label}: {len(result.errors)} errors, first: {result.errors[0]!r}")
        stored += len(result.participant_ids)
        errors += len(result.errors)
        app += result.latencies
        bare += bare_burst(store, framework, _open_round(store, framework, f"Bench bare {burst}"), connect)
    alone = statistics.median(single.latencies)
    p50, p95 = _percentile(app, 0.5), _percentile(app, 0.95)
    bare50, bare95 = _percentile(bare, 0.5), _percentile(bare, 0.95)
    print(
        f"{label}: {PEOPLE} at once x {BURSTS} bursts, {stored}/{PEOPLE * BURSTS} stored, {errors} errors; "
        f"app save p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms; bare driver insert p50 {bare50 * 1000:.1f} ms, "
        f"p95 {bare95 * 1000:.1f} ms; one participant alone {alone * 1000:.1f} ms"
    )
    target = f"target <= {P95_TARGET:g}x" if label == "postgres" else "reported, no target"
    print(f"save_p95_{label}: ratio {p95 / bare95:.2f}x ({target})")
    print(f"save_p50_{label}: ratio {p50 / bare50:.2f}x (reported, no target)")
    if label == "postgres":
        verdict = "met" if p50 * 1000 < P50_TARGET_MS else "NOT met"
        print(
            f"save_p50_{label}_ms: {p50 * 1000:.1f} ms (target < {P50_TARGET_MS:g} ms on the development machine: {verdict})"
        )


def main() -> None:
    """Print burst save latencies on each reachable database, beside the bare driver's."""
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "bench.db")
        store = Store(f"sqlite:///{path}")
        _measure(store, "sqlite", _sqlite_connect(path))
        store.dispose()
    url = os.environ.get("ASSESSMENT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    name = f"assessment_bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except SQLAlchemyError as exc:
        print(f"postgres: skipped ({type(exc).__name__}: the server at {url} is not reachable)")
        return
    try:
        bench_url = make_url(url).set(database=name).render_as_string(hide_password=False)
        store = Store(bench_url)
        _measure(store, "postgres", _postgres_connect(bench_url))
        store.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()

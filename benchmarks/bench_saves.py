"""Save latency in a workshop burst: 40 participants saving every step at the same moment.

Reports p50 and p95 save latency on SQLite (and PostgreSQL when reachable), each as a ratio to the
median latency of the same save made by one participant alone, measured in the same run.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from workshop_load import run_burst

from assessment.framework import load_framework
from assessment.models import RoundInput
from assessment.storage import Store

PEOPLE = 40


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _measure(store: Store, label: str) -> None:
    framework = load_framework()
    alone = store.rounds.open_round(
        RoundInput(pin="2468", area="Bench alone", held_on=dt.date(2026, 1, 1)), framework.version
    )
    single = run_burst(store, framework, alone.id, people=1)
    burst_round = store.rounds.open_round(
        RoundInput(pin="2468", area="Bench burst", held_on=dt.date(2026, 1, 1)), framework.version
    )
    burst = run_burst(store, framework, burst_round.id, people=PEOPLE)
    if burst.errors:
        print(f"{label}: {len(burst.errors)} errors, first: {burst.errors[0]!r}")
    base = statistics.median(single.latencies)
    p50, p95 = _percentile(burst.latencies, 0.5), _percentile(burst.latencies, 0.95)
    print(
        f"{label}: {PEOPLE} at once, {len(burst.participant_ids)}/{PEOPLE} stored; "
        f"p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms; one participant alone {base * 1000:.1f} ms"
    )
    print(f"save_p50_{label}: ratio {p50 / base:.2f}x; save_p95_{label}: ratio {p95 / base:.2f}x (reported, no target)")


def main() -> None:
    """Print burst save latencies on each reachable database."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{Path(folder) / 'bench.db'}")
        _measure(store, "sqlite")
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
        store = Store(make_url(url).set(database=name).render_as_string(hide_password=False))
        _measure(store, "postgres")
        store.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()

"""The live view's refresh read, with 40 people answering (issue 17): scoring the round again after some
of them saved a step, reading the whole round's answers (as before) against reading only what changed
(results.AnswerTables, as ui.cache does now), in the same run on the same data.

Set-up: an open round where 40 people have answered the whole questionnaire (stamped an hour earlier, as
answers given earlier in the workshop are), and the area's previous round. Then REFRESHES times: 5 people
save their next step, and the answers are read both ways (the order alternates); then REFRESHES times
more, 5 save and the round is scored both ways, as the live view does. Reported: the median time of
each, their ratios (the read's target: faster than reading the whole round), and the answer rows the
incremental read took per refresh.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from workshop_load import participant_steps

from assessment.framework import load_framework
from assessment.models import RoundInput, RoundStatus
from assessment.results import AnswerTables, score_round
from assessment.storage import Store, responses
from assessment.storage.database import utc_now

PEOPLE = 40
REFRESHES = 12
SAVERS = 5


def _answered_rounds(store: Store, framework):  # noqa: ANN001, ANN202
    """The area's previous round (8 people, finalised) and the live round (40 people, every step saved)."""
    earlier = store.rounds.open_round(
        RoundInput(pin="2468", area="Bench live", held_on=dt.date(2025, 1, 1)), framework.version
    )
    for person in range(8):
        joined, _ = store.responses.join(earlier.id, "council")
        for batch in participant_steps(framework, earlier, person):
            store.responses.save_answers(joined.id, batch)
    store.rounds.set_status(earlier.id, RoundStatus.FINALISED)
    live = store.rounds.open_round(
        RoundInput(pin="2468", area="Bench live", held_on=dt.date(2026, 1, 1)), framework.version
    )
    people = [store.responses.join(live.id, "council" if n % 2 else "school")[0].id for n in range(PEOPLE)]
    steps = {n: participant_steps(framework, live, n) for n in range(PEOPLE)}
    for n, participant_id in enumerate(people):
        for batch in steps[n]:
            store.responses.save_answers(participant_id, batch)
    return earlier, live, people, steps


def _measure(store: Store, label: str) -> None:
    framework = load_framework()
    # The set-up's answers were given earlier (the previous round, then the live round's in the hours
    # before): a clock that moves a second per save, ending about an hour ago.
    start = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
    clock = iter(start + dt.timedelta(seconds=s) for s in range(7200))
    responses.utc_now = lambda: next(clock)
    try:
        earlier, live, people, steps = _answered_rounds(store, framework)
    finally:
        responses.utc_now = utc_now
    total = len(store.responses.answers_frame([live.id]))
    tables = AnswerTables()
    score_round(store, framework, live.id, tables)  # the first refresh reads the round whole
    full_times, incremental_times, rows = [], [], []
    read_full, read_incremental = [], []
    ids = [earlier.id, live.id]
    for refresh in range(2 * REFRESHES):  # first the reads alone, then the refreshes (each after fresh saves)
        for k in range(SAVERS):
            n = (refresh * SAVERS + k) % PEOPLE
            store.responses.save_answers(people[n], steps[n][refresh % len(steps[n])])
        order = ("full", "incremental") if refresh % 2 else ("incremental", "full")
        for way in order:
            began = time.perf_counter()
            if refresh < REFRESHES:
                if way == "full":
                    store.responses.answers_frame(ids)
                    read_full.append(time.perf_counter() - began)
                else:
                    tables.frame(store, ids)
                    read_incremental.append(time.perf_counter() - began)
                    rows.append(sum(tables.round(r).rows_read for r in ids))
            elif way == "full":
                full = score_round(store, framework, live.id)
                full_times.append(time.perf_counter() - began)
            else:
                incremental = score_round(store, framework, live.id, tables)
                incremental_times.append(time.perf_counter() - began)
        if refresh >= REFRESHES:
            assert incremental.factors.equals(full.factors), "the incremental read scored differently"
    full_s, incremental_s = statistics.median(full_times), statistics.median(incremental_times)
    print(
        f"{label}: {PEOPLE} people, {total} answers in the round; refresh after {SAVERS} saves: whole-round read "
        f"{full_s * 1000:.1f} ms, incremental {incremental_s * 1000:.1f} ms; answer rows read per refresh "
        f"{min(rows)}-{max(rows)} (whole read: {total} + the previous round's)"
    )
    read_full_s, read_incremental_s = statistics.median(read_full), statistics.median(read_incremental)
    print(
        f"{label}: the answers' read alone: whole {read_full_s * 1000:.1f} ms, "
        f"incremental {read_incremental_s * 1000:.1f} ms"
    )
    print(f"live_refresh_{label}: ratio {incremental_s / full_s:.2f}x (reported, no target: scoring dominates)")
    print(f"live_read_{label}: ratio {read_incremental_s / read_full_s:.2f}x (target <= 1x)")


def main() -> None:
    """Print the live view's refresh time both ways on each reachable database."""
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

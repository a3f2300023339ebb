"""A whole programme on PostgreSQL: 150 areas, ten yearly rounds each, 40 participants answering 60 items
per round (3.6 million answers).

Builds the programme with COPY in a database of its own on the server at ASSESSMENT_TEST_POSTGRES_URL,
then times what a programme team waits for, each against one plain query (psycopg, into pandas) reading
the answers the figures on screen are worked out from, in the same run (the median of three, interleaved;
the export once):

* the area dashboard's first draw after a server start: results.read_programme, then area_dashboard of
  one area's latest round with the sections a first draw reads (benchmark, trend, partner types); the
  plain query reads the answers of that area's ten rounds and of every other area's latest finalised one;
* the compare page across all areas: read_programme, comparison and percentiles; the plain query reads
  the answers of every area's latest finalised round;
* `python -m assessment export --all` (the workbook of every area's latest finalised round), run as the
  command it is; the plain query is the compare page's.

Each is measured on a programme of 15 areas and of 150 (ten rounds each), so that what grows with the
programme's size shows. Run alone with --keep to keep the 150-area database (its name is printed) and
--reuse NAME to time an existing one again without building it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import psycopg
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assessment.framework import Framework, load_framework  # noqa: E402
from assessment.models import ItemKind, RoundStatus  # noqa: E402
from assessment.results import area_dashboard, comparison, comparison_percentiles, read_programme  # noqa: E402
from assessment.results.rounds import latest_finalised  # noqa: E402
from assessment.sample import SEED, programme_frame  # noqa: E402
from assessment.storage import JOIN_CODE_LENGTH, Store, hash_pin, new_code, new_pin  # noqa: E402

AREAS = 150
SMALL = 15  # the smaller programme, for what grows with size
YEARS = 10
PARTICIPANTS = 40
ITEMS = 60
REPEATS = 3  # each first draw and plain query, interleaved; the median is reported
FIRST_YEAR = 2017
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _admin_url() -> str:
    return os.environ.get("ASSESSMENT_TEST_POSTGRES_URL", DEFAULT_URL)


def database_url(name: str) -> str:
    """The SQLAlchemy URL of database `name` on the benchmark's server."""
    return make_url(_admin_url()).set(database=name).render_as_string(hide_password=False)


def _libpq_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _copy(cursor: psycopg.Cursor, table: str, frame: pd.DataFrame) -> None:
    """COPY frame's rows (its columns named as the table's) into table, as CSV (\\N for NULL)."""
    columns = ", ".join(frame.columns)
    data = frame.to_csv(header=False, index=False, na_rep="\\N", lineterminator="\n")
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT csv, NULL '\\N')") as copy:
        copy.write(data.encode())


def _agreed(year: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Each round's agreed factor scores as a room might record them: the median of the participants'
    mean statement scores per factor, rounded down (what the sample's facilitators record)."""
    factor_of = {s.id: f.id for f in framework.factors for s in f.statements}
    statements = year[year["kind"] == ItemKind.STATEMENT.value]
    per_person = (
        statements.assign(factor_id=statements["item_id"].map(factor_of))
        .groupby(["round_id", "participant_id", "factor_id"])["value"]
        .mean()
    )
    agreed = np.floor(per_person.groupby(["round_id", "factor_id"]).median()).dropna()
    return agreed.rename("value").reset_index()


def build_programme(url: str, framework: Framework, areas: int) -> None:
    """Write `areas` areas of YEARS finalised rounds each (PARTICIPANTS people answering ITEMS items, and
    the room's agreed factor scores) into the empty database at url, with COPY."""
    Store(url).dispose()  # creates the tables, as the app does on start
    now = dt.datetime.now(dt.UTC).isoformat()
    own_priorities = [p.id for p in framework.priority_areas]
    asked = sum(len(f.statements) for f in framework.factors) + len(framework.components) + len(own_priorities)
    local = [f"Local priority {n}" for n in range(1, ITEMS - asked + 1)]  # as programme_frame names them
    rng = np.random.default_rng(SEED)
    pin = hash_pin(new_pin())
    codes: set[str] = set()
    while len(codes) < areas * YEARS:
        codes.add(new_code(JOIN_CODE_LENGTH))
    round_ids = np.arange(1, areas * YEARS + 1)
    area_of = (round_ids - 1) % areas + 1
    year_of = (round_ids - 1) // areas
    with psycopg.connect(_libpq_url(url)) as conn, conn.cursor() as cursor:
        _copy(
            cursor,
            "areas",
            pd.DataFrame(
                {
                    "id": np.arange(1, areas + 1),
                    "name": [f"Area {n:03d}" for n in range(1, areas + 1)],
                    "illustrative": True,
                    "created_at": now,
                }
            ),
        )
        _copy(
            cursor,
            "rounds",
            pd.DataFrame(
                {
                    "id": round_ids,
                    "area_id": area_of,
                    "title": "Yearly workshop",
                    "held_on": [
                        dt.date(FIRST_YEAR + int(y), 3, 1) + dt.timedelta(days=int(a) % 90)
                        for y, a in zip(year_of, area_of, strict=True)
                    ],
                    "status": RoundStatus.FINALISED.value,
                    "framework_version": framework.version,
                    "join_code": sorted(codes),
                    "pin_hash": pin,
                    "priority_areas": json.dumps(own_priorities + local),
                    "pin_failures": 0,
                    "created_at": now,
                    "updated_at": now,
                }
            ),
        )
        people = areas * PARTICIPANTS
        for year in range(YEARS):
            frame = programme_frame(framework, areas, PARTICIPANTS, items=ITEMS, seed=SEED + year)
            frame["round_id"] += year * areas
            frame["participant_id"] += year * people
            first = frame.drop_duplicates("participant_id")
            _copy(
                cursor,
                "participants",
                pd.DataFrame(
                    {
                        "id": first["participant_id"].to_numpy(),
                        "round_id": first["round_id"].to_numpy(),
                        "partner_type": first["partner_type"].to_numpy(),
                        "role_title": "",
                        "resume_hash": [
                            hashlib.sha256(f"{rng.random()}-{p}".encode()).hexdigest() for p in first["participant_id"]
                        ],
                        "completed_at": now,
                        "created_at": now,
                    }
                ),
            )
            _copy(
                cursor,
                "answers",
                pd.DataFrame(
                    {
                        "participant_id": frame["participant_id"],
                        "kind": frame["kind"],
                        "item_id": frame["item_id"],
                        "value": frame["value"].astype("Int64"),
                        "comment": "",
                        "updated_at": now,
                    }
                ),
            )
            agreed = _agreed(frame, framework)
            _copy(
                cursor,
                "consensus",
                agreed.assign(
                    kind=ItemKind.FACTOR.value, item_id=agreed["factor_id"], rationale="", revision=1, recorded_at=now
                )[["round_id", "kind", "item_id", "value", "rationale", "revision", "recorded_at"]],
            )
        for table in ("areas", "rounds", "participants"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        conn.commit()
        conn.autocommit = True
        cursor.execute("ANALYZE")


def plain_answers(url: str, round_ids: list[int]) -> float:
    """Seconds for one plain query to read these rounds' answers into pandas (the baseline)."""
    start = time.perf_counter()
    with psycopg.connect(_libpq_url(url)) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT p.round_id, a.participant_id, p.partner_type, a.kind, a.item_id, a.value "
            "FROM answers a JOIN participants p ON p.id = a.participant_id WHERE p.round_id = ANY(%s)",
            (round_ids,),
        )
        frame = pd.DataFrame.from_records(cursor.fetchall(), columns=[c.name for c in cursor.description])
    assert len(frame) == len(round_ids) * PARTICIPANTS * ITEMS, len(frame)
    return time.perf_counter() - start


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def dashboard_first_draw(url: str, framework: Framework, round_id: int) -> None:
    """What the area dashboard's first draw after a server start reads through the read side."""
    store = Store(url)
    try:
        board = area_dashboard(store, framework, round_id, read_programme(store, framework))
        _ = board.benchmark, board.trend, board.partners, board.answer_shares, board.strengths_and_gaps
    finally:
        store.dispose()


def compare_page(url: str, framework: Framework) -> None:
    """What the compare page across all areas reads through the read side."""
    store = Store(url)
    try:
        table = comparison(read_programme(store, framework), framework)
        comparison_percentiles(table, framework)
    finally:
        store.dispose()


def first_page_draw(url: str, page: str, **session: object) -> float:
    """Seconds for a results page's first run through AppTest after a server start (empty caches, a new
    database connection), signed in with the programme passphrase; session: more session-state keys."""
    import streamlit as st
    from streamlit.logger import set_log_level
    from streamlit.testing.v1 import AppTest

    from assessment.access import Access
    from ui import resources, state

    set_log_level("error")  # clearing the caches outside a server warns that there is none
    before = os.environ.get("ASSESSMENT_DATABASE_URL")
    os.environ["ASSESSMENT_DATABASE_URL"] = url
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        at = AppTest.from_file(str(ROOT / "app_pages" / f"{page}.py"), default_timeout=900)
        at.session_state[state.ACCESS] = Access(programme=True)
        for key, value in session.items():
            at.session_state[key] = value
        seconds = _timed(at.run)
        if at.exception:
            raise RuntimeError(f"{page} failed: {at.exception}")
        return seconds
    finally:
        resources.store().dispose()
        st.cache_resource.clear()
        if before is None:
            os.environ.pop("ASSESSMENT_DATABASE_URL", None)
        else:
            os.environ["ASSESSMENT_DATABASE_URL"] = before


def export_all(url: str, folder: str) -> None:
    """`python -m assessment export --all`, run as a command on this database."""
    env = {**os.environ, "ASSESSMENT_DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "-m", "assessment", "export", "--all", "-o", str(Path(folder) / "all.xlsx")],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


@dataclass
class Figures:
    """Seconds for each thing timed on one programme, with its plain-query baseline."""

    dashboard: float
    dashboard_page: float
    dashboard_plain: float
    compare: float
    compare_page: float
    compare_plain: float
    export: float


def measure(url: str, framework: Framework) -> Figures:
    """Time the dashboard's first draw, the compare page and export --all on the programme at url."""
    from ui import state

    store = Store(url)
    rounds = read_rounds_frame(store)
    store.dispose()
    latest = latest_finalised(rounds)
    area_id = int(latest["area_id"].iloc[0])
    own = rounds.loc[rounds["area_id"] == area_id, "round_id"].tolist()
    peers = latest.loc[latest["area_id"] != area_id, "round_id"].tolist()
    round_id = int(latest["round_id"].iloc[0])
    own_and_peers = [int(r) for r in own + peers]
    everyone = [int(r) for r in latest["round_id"]]
    timings: dict[str, list[float]] = {}
    work = {
        "dashboard": lambda: _timed(lambda: dashboard_first_draw(url, framework, round_id)),
        "dashboard_page": lambda: first_page_draw(url, "area_dashboard", **{state.AREA_ID: area_id}),
        "dashboard_plain": lambda: plain_answers(url, own_and_peers),
        "compare": lambda: _timed(lambda: compare_page(url, framework)),
        "compare_page": lambda: first_page_draw(url, "compare_areas", **{state.COMPARE_ALL: True}),
        "compare_plain": lambda: plain_answers(url, everyone),
    }
    for _ in range(REPEATS):  # interleaved, so that a busy machine slows each alike
        for name, timed in work.items():
            timings.setdefault(name, []).append(timed())
    with tempfile.TemporaryDirectory() as folder:
        export = _timed(lambda: export_all(url, folder))
    return Figures(**{name: statistics.median(values) for name, values in timings.items()}, export=export)


def read_rounds_frame(store: Store) -> pd.DataFrame:
    """Every round as the read side tables them."""
    from assessment.results import rounds_frame

    return rounds_frame(store)


def _create(admin, name: str) -> None:  # noqa: ANN001
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))


def _drop(admin, name: str) -> None:  # noqa: ANN001
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _report(areas: int, figures: Figures) -> None:
    answers = areas * YEARS * PARTICIPANTS * ITEMS
    print(
        f"{areas} areas x {YEARS} rounds ({answers:,} answers): dashboard first draw {figures.dashboard:.2f}s "
        f"(the page in AppTest {figures.dashboard_page:.2f}s; plain query {figures.dashboard_plain:.2f}s), "
        f"compare {figures.compare:.2f}s (the page {figures.compare_page:.2f}s; plain query "
        f"{figures.compare_plain:.2f}s), export --all {figures.export:.2f}s",
        flush=True,
    )
    print(f"scale_dashboard_first_draw_{areas}: ratio {figures.dashboard / figures.dashboard_plain:.2f}x (reported)")
    print(f"scale_dashboard_page_{areas}: ratio {figures.dashboard_page / figures.dashboard_plain:.2f}x (reported)")
    print(f"scale_compare_{areas}: ratio {figures.compare / figures.compare_plain:.2f}x (reported)")
    print(f"scale_compare_page_{areas}: ratio {figures.compare_page / figures.compare_plain:.2f}x (reported)")
    print(f"scale_export_all_{areas}: ratio {figures.export / figures.compare_plain:.2f}x (reported)", flush=True)


def main(keep: bool = False, reuse: str | None = None) -> None:
    """Build the 15- and 150-area programmes (or reuse a kept 150-area one), time each and print ratios."""
    framework = load_framework()
    try:
        admin = create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
        admin.connect().close()
    except SQLAlchemyError as exc:
        print(f"programme scale: skipped ({type(exc).__name__}: the server at {_admin_url()} is not reachable)")
        return
    results: dict[int, Figures] = {}
    for areas in (SMALL, AREAS):
        name = reuse if (reuse and areas == AREAS) else f"assessment_scale_{areas}_{uuid.uuid4().hex[:8]}"
        url = database_url(name)
        if name != reuse:
            _create(admin, name)
        try:
            if name != reuse:
                built = _timed(lambda url=url, areas=areas: build_programme(url, framework, areas))
                print(f"built {areas} areas x {YEARS} rounds with COPY in {built:.1f}s", flush=True)
            results[areas] = measure(url, framework)
            _report(areas, results[areas])
        finally:
            if keep and areas == AREAS:
                print(f"kept the {AREAS}-area programme in database {name!r} (--reuse {name})")
            elif name != reuse:
                _drop(admin, name)
    small, large = results[SMALL], results[AREAS]
    for label, a, b in (
        ("dashboard first draw", small.dashboard, large.dashboard),
        ("dashboard page (AppTest)", small.dashboard_page, large.dashboard_page),
        ("compare", small.compare, large.compare),
        ("compare page (AppTest)", small.compare_page, large.compare_page),
        ("export --all", small.export, large.export),
        ("plain query, dashboard rows", small.dashboard_plain, large.dashboard_plain),
        ("plain query, compare rows", small.compare_plain, large.compare_plain),
    ):
        print(f"scale_growth {label}: {AREAS} areas take {b / a:.1f}x the time of {SMALL} ({b:.2f}s vs {a:.2f}s)")
    admin.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the 150-area database and print its name")
    parser.add_argument("--reuse", help="time this kept 150-area database instead of building one")
    arguments = parser.parse_args()
    main(keep=arguments.keep, reuse=arguments.reuse)

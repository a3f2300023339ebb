"""The connection to the database: the engine, transactions and the statements every repository shares.

SQLite (the default, a file under var/) runs in WAL mode with a busy timeout, full fsync and
``BEGIN IMMEDIATE`` write transactions, so a save that returned has reached the disk and
concurrent savers queue rather than fail. PostgreSQL is used when ASSESSMENT_DATABASE_URL names one.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import random
import select as io_select
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ParamSpec, TypeVar

import pandas as pd
from sqlalchemy import (
    Connection,
    Engine,
    Table,
    UniqueConstraint,
    bindparam,
    create_engine,
    event,
    insert,
    inspect,
    select,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    DisconnectionError,
    NoSuchModuleError,
    OperationalError,
    SQLAlchemyError,
)

from assessment.models import RoundStatus
from assessment.settings import SettingError, database_pool_size, database_url
from assessment.storage.rows import DatabaseUnavailable, NotFound, RoundClosed, StoreError
from assessment.storage.schema import audit, metadata, participants, rounds

# SQLSTATEs of a transaction PostgreSQL rolled back because it conflicted with another one: a
# serialisation failure and a deadlock. Running the whole unit of work again is the documented remedy.
CONFLICT_SQLSTATES = frozenset({"40001", "40P01"})
CONFLICT_RETRIES = 4  # attempts after the first
CONFLICT_BACKOFF = 0.02  # seconds: the first retry waits 10-30 ms, doubling each time (jittered)


class WriteConflict(StoreError):
    """A write that lost a deadlock or a serialisation conflict with another one (and was rolled back)."""


P = ParamSpec("P")
R = TypeVar("R")

CONNECT_TIMEOUT = 5  # seconds to wait for a PostgreSQL server to accept a connection


def _make_engine(url: str) -> Engine:
    try:
        pool_size = None if url.startswith("sqlite") else database_pool_size()
    except SettingError as exc:
        raise StoreError(str(exc)) from exc
    try:
        if pool_size is None:
            engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
            path = engine.url.database
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            _configure_sqlite(engine)
            return engine
        # Connections kept open per process (settings.database_pool_size): as many as participants may save
        # at the same moment. A pool of 10 with 30 overflow closed each overflow connection as it came
        # back, so every burst of saves (a room moving to the next step together) paid a new server
        # connection per saver beyond the tenth.
        # A server that does not answer at all (a host gone, a firewall) is given up on after a few
        # seconds, not the system's two minutes: the page says so and tries again.
        timeout = {} if "connect_timeout" in make_url(url).query else {"connect_timeout": CONNECT_TIMEOUT}
        engine = create_engine(url, pool_size=pool_size, max_overflow=0, connect_args=timeout)
        event.listen(engine, "checkout", _check_before_use)
        return engine
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise StoreError(f"cannot use the database URL {url!r}: {exc}") from exc


def _check_before_use(dbapi_connection, _record, _proxy) -> None:  # noqa: ANN001
    """Every pooled PostgreSQL connection is checked as it is taken from the pool, without a round trip:
    an idle connection has nothing to read, so one with something to read (the server's "terminating
    connection" on a restart or an administrator's command, or the end of the stream when the server
    closed it) is dead. SQLAlchemy then drops it and takes another, or opens a new one, so the first save
    after a server restart does not fail. (SQLAlchemy's pool_pre_ping sends a query instead: a round trip
    per checkout, a quarter of a save's time with 40 people saving at once.)"""
    try:
        socket = -1 if dbapi_connection.closed else dbapi_connection.fileno()
        readable = socket < 0 or bool(io_select.select([socket], [], [], 0)[0])
    except (OSError, ValueError):
        readable = True
    if readable:
        raise DisconnectionError("the pooled connection was closed by the server")


def _add_missing_columns(engine: Engine) -> None:
    """Bring a database made by an earlier version up to the schema: add the (nullable) columns it lacks
    and the unique constraints and indexes on them. create_all adds only whole tables."""
    with engine.begin() as conn:
        inspector = inspect(conn)
        for table in metadata.sorted_tables:
            present = {column["name"] for column in inspector.get_columns(table.name)}
            missing = [column for column in table.columns if column.name not in present]
            for column in missing:
                kind = column.type.compile(dialect=conn.dialect)
                conn.exec_driver_sql(f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {kind}')
            if not missing:
                continue
            added = {column.name for column in missing}
            for index in table.indexes:
                if added & {column.name for column in index.columns}:
                    index.create(conn, checkfirst=True)
            for constraint in table.constraints:
                if isinstance(constraint, UniqueConstraint) and added & {c.name for c in constraint.columns}:
                    # DDL text, not an Index(): that would join the shared metadata's table, and every
                    # database created afterwards in this process would get a second object of the name.
                    columns = ", ".join(f'"{c.name}"' for c in constraint.columns)
                    conn.exec_driver_sql(
                        f'CREATE UNIQUE INDEX IF NOT EXISTS "{constraint.name}" ON "{table.name}" ({columns})'
                    )


def _widen_columns(engine: Engine) -> None:
    """Widen the text columns an earlier version made narrower than the schema's (PostgreSQL enforces a
    VARCHAR's length; SQLite does not), such as the audit trail's actor, which may now be an address."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        inspector = inspect(conn)
        for table in metadata.sorted_tables:
            present = {column["name"]: column["type"] for column in inspector.get_columns(table.name)}
            for column in table.columns:
                wanted = getattr(column.type, "length", None)
                stored = getattr(present.get(column.name), "length", None)
                if wanted and stored and stored < wanted:
                    conn.exec_driver_sql(
                        f'ALTER TABLE "{table.name}" ALTER COLUMN "{column.name}" TYPE VARCHAR({wanted})'
                    )


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """An engine with the app's transactions: write() takes SQLite's write lock up front, read() does not."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or database_url()
        self.engine = _make_engine(self.url)
        self._sqlite = self.engine.dialect.name == "sqlite"
        try:
            metadata.create_all(self.engine)
            _add_missing_columns(self.engine)
            _widen_columns(self.engine)
        except SQLAlchemyError as exc:
            self.engine.dispose()
            raise store_error(exc, f"cannot open {describe_database(self.engine.url)}") from exc

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction; on SQLite it takes the write lock up front so it cannot deadlock. A
        deadlock or serialisation failure on PostgreSQL raises WriteConflict: the method that holds the
        transaction is decorated with @retry_conflicts, which runs it again."""
        try:
            with self.engine.connect() as conn:
                if self._sqlite:
                    conn = conn.execution_options(sqlite_begin="IMMEDIATE")
                with conn.begin():
                    yield conn
        except OperationalError as exc:
            if getattr(exc.orig, "sqlstate", None) in CONFLICT_SQLSTATES:
                raise WriteConflict(
                    "the database was saving a conflicting change at the same moment; please try again"
                ) from exc
            raise store_error(exc, "the database could not save this change") from exc

    @contextmanager
    def read(self, *, snapshot: bool = False) -> Iterator[Connection]:
        """A read transaction. With snapshot, every statement in it sees the same committed data
        (PostgreSQL's REPEATABLE READ; SQLite's read transactions always do); without it, PostgreSQL
        gives each statement its own view (READ COMMITTED)."""
        try:
            with self.engine.connect() as conn:
                if snapshot and not self._sqlite:
                    conn = conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin():
                    yield conn
        except OperationalError as exc:
            raise store_error(exc, "the database could not be read") from exc

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def retry_conflicts(unit: Callable[P, R]) -> Callable[P, R]:
    """Run a unit of work (a function holding one Database.write() transaction) again when it lost a
    deadlock or serialisation conflict, a few times with short jittered backoff, so the person saving
    never sees it. The failed attempt was rolled back whole, so the work is done once. Every function
    that calls Database.write() carries this decorator (tests/assessment/storage/test_write_retry.py
    checks); arguments that are one-pass iterators are turned into lists first, so a retry sees them too."""

    @functools.wraps(unit)
    def retried(*args: P.args, **kwargs: P.kwargs) -> R:
        args = tuple(list(a) if isinstance(a, Iterator) else a for a in args)
        kwargs = {k: list(v) if isinstance(v, Iterator) else v for k, v in kwargs.items()}
        for attempt in range(CONFLICT_RETRIES + 1):
            try:
                return unit(*args, **kwargs)
            except WriteConflict:
                if attempt == CONFLICT_RETRIES:
                    raise
                time.sleep(CONFLICT_BACKOFF * 2**attempt * random.uniform(0.5, 1.5))
        raise AssertionError("unreachable")

    return retried


def utc_now() -> dt.datetime:
    """Now, in UTC: everything stored is UTC."""
    return dt.datetime.now(dt.UTC)


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite returns naive datetimes; everything we store is UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


# Built once (like every statement on a save's path): building a statement costs more CPU than running it.
_ROUND_STATUS = select(rounds.c.status).where(rounds.c.id == bindparam("round_id"))
_ROUND_ID = select(rounds.c.id).where(rounds.c.id == bindparam("round_id"))
_PARTICIPANT_ROUND = (
    select(participants.c.round_id, rounds.c.status)
    .join_from(participants, rounds, rounds.c.id == participants.c.round_id)
    .where(participants.c.id == bindparam("participant_id"))
)


def _check_status(round_id: int, status: str | None) -> None:
    if status is None:
        raise NotFound(f"no round with id {round_id}")
    if status != RoundStatus.OPEN.value:
        raise RoundClosed("This round is closed, so answers can no longer be changed.")


def require_open(conn: Connection, round_id: int) -> None:
    """NotFound for a round that does not exist, RoundClosed for one that no longer takes answers."""
    _check_status(round_id, conn.execute(_ROUND_STATUS, {"round_id": round_id}).scalar())


def require_open_participant(conn: Connection, participant_id: int) -> int:
    """The round of a participant whose round still takes answers (one query): NotFound for a participant
    or round that does not exist, RoundClosed for a round that no longer takes answers."""
    row = conn.execute(_PARTICIPANT_ROUND, {"participant_id": participant_id}).first()
    if row is None:
        raise NotFound(f"no participant with id {participant_id}")
    _check_status(row.round_id, row.status)
    return row.round_id


def require_round(conn: Connection, round_id: int) -> None:
    """NotFound for a round that does not exist."""
    if conn.execute(_ROUND_ID, {"round_id": round_id}).first() is None:
        raise NotFound(f"no round with id {round_id}")


def to_frame(result) -> pd.DataFrame:  # noqa: ANN001
    """A query result of plain columns (numbers, text, flags; no dates or JSON, which SQLAlchemy would
    convert) as a DataFrame, from the driver's own rows: building a SQLAlchemy Row per answer, and pandas
    probing each for namedtuple fields, took most of the time of reading a dashboard's 380,000 answers."""
    columns = list(result.keys())
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    return pd.DataFrame.from_records(rows, columns=columns)


def _dialect_insert(conn: Connection):  # noqa: ANN202
    """The dialect's insert() (which has ON CONFLICT); only SQLite and PostgreSQL are supported."""
    dialect = conn.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise StoreError(f"the {dialect} database is not supported; use SQLite or PostgreSQL")
    # Imported here: the PostgreSQL dialect takes a tenth of a second to import, which a SQLite
    # server would otherwise pay on its first page.
    return importlib.import_module(f"sqlalchemy.dialects.{dialect}").insert


# The statements below are built once per dialect and table and shared: statements are immutable (callers'
# .values() makes a copy), and building an ON CONFLICT statement (its `excluded` columns) cost a quarter
# of a save's CPU when it was rebuilt on every save.
@functools.cache
def _insert_or(dialect_insert, table: Table):  # noqa: ANN001, ANN202
    return dialect_insert(table)


@functools.cache
def _upsert(dialect_insert, table: Table, keys: tuple[str, ...]):  # noqa: ANN001, ANN202
    statement = dialect_insert(table)
    changing = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
    return statement.on_conflict_do_update(index_elements=list(keys), set_=changing)


@functools.cache
def _insert_ignore(dialect_insert, table: Table):  # noqa: ANN001, ANN202
    return dialect_insert(table).on_conflict_do_nothing()


def insert_or(conn: Connection, table: Table):  # noqa: ANN202
    """The dialect's INSERT, which has ON CONFLICT; only SQLite and PostgreSQL are supported."""
    return _insert_or(_dialect_insert(conn), table)


def upsert(conn: Connection, table: Table, keys: list[str]):  # noqa: ANN202
    """An INSERT ... ON CONFLICT DO UPDATE for executemany; the same statement object compiles once."""
    return _upsert(_dialect_insert(conn), table, tuple(keys))


def insert_ignore(conn: Connection, table: Table):  # noqa: ANN202
    """An INSERT ... ON CONFLICT DO NOTHING (a row that is already there is left as it is)."""
    return _insert_ignore(_dialect_insert(conn), table)


def log_event(
    conn: Connection, round_id: int | None, actor: str, event_name: str, detail: str = "", *, area_id: int | None = None
) -> None:
    """Add an event to the audit trail within the caller's transaction."""
    values = {"at": utc_now(), "round_id": round_id, "area_id": area_id, "actor": actor, "event": event_name}
    conn.execute(insert(audit).values(detail=detail, **values))


# PostgreSQL's SQLSTATEs of a server that is gone or going: connection exceptions (class 08), and
# admin_shutdown, crash_shutdown and cannot_connect_now (the server is starting or stopping).
_GONE_STATES = ("08", "57P01", "57P02", "57P03")


def server_gone(exc: SQLAlchemyError) -> bool:
    """True when the error says the database server cannot be reached (refused, cut off, shutting down or
    starting up), as opposed to a fault in what was asked of it: the same call may work once it is back."""
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    orig = exc.orig
    if not type(orig).__module__.startswith("psycopg"):
        return False  # SQLite's errors (locked, read-only, disk full) are never "server gone"
    state = getattr(orig, "sqlstate", None)
    # psycopg's connection failures carry no SQLSTATE: the server never answered.
    return state is None or state.startswith(_GONE_STATES)


def store_error(exc: SQLAlchemyError, doing: str) -> StoreError:
    """The StoreError to raise for a database error met while `doing` something: DatabaseUnavailable
    when the server is not answering, worded without the driver's jargon."""
    if server_gone(exc):
        return DatabaseUnavailable(f"{doing}: the database server is not answering")
    detail = plain_error(exc) if isinstance(exc, DBAPIError) else str(exc).splitlines()[0]
    return StoreError(f"{doing}: {detail}")


def describe_database(url: str | URL) -> str:
    """Which database a URL names, for messages and logs (never its password): 'the PostgreSQL database
    "test" on 127.0.0.1:5432' or 'the SQLite file var/assessment.db'."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return "the configured database"
    if parsed.get_backend_name() == "sqlite":
        return f"the SQLite file {parsed.database or '(in memory)'}"
    where = parsed.host or "localhost"
    if parsed.port:
        where = f"{where}:{parsed.port}"
    return f'the PostgreSQL database "{parsed.database}" on {where}'


def plain_error(exc: DBAPIError) -> str:
    message = str(exc.orig) if exc.orig is not None else str(exc)
    if "readonly" in message or "read-only" in message:
        return "the database file is read-only"
    if "disk" in message and "full" in message:
        return "the disk is full"
    if "locked" in message:
        return "the database is busy; please try again"
    return message.splitlines()[0]

"""SQLAlchemy storage: the only module that talks to the database.

SQLite (the default, a file under var/) runs in WAL mode with a busy timeout, full fsync and
``BEGIN IMMEDIATE`` write transactions, so a save that returned has reached the disk and
concurrent savers queue rather than fail. PostgreSQL is used when ASSESSMENT_DATABASE_URL names
one. Answers are upserts keyed by (participant, kind, item), so a retried save never duplicates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import os
import secrets
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError

from assessment.access import AttemptPolicy
from assessment.models import (
    ActionInput,
    Answer,
    AppraisalScore,
    AreaName,
    ConsensusEntry,
    CriterionWeight,
    HybridInput,
    ItemKind,
    RoundInput,
    RoundStatus,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "assessment.db"
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read aloud and type
JOIN_CODE_LENGTH = 6
RESUME_CODE_LENGTH = 10
PIN_LENGTH = 8

_hasher = PasswordHasher()

metadata = MetaData()

areas = Table(
    "areas",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), nullable=False, unique=True),
    Column("illustrative", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

rounds = Table(
    "rounds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("area_id", ForeignKey("areas.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("title", String(200), nullable=False, default=""),
    Column("held_on", Date, nullable=False),
    Column("status", String(12), nullable=False, default=RoundStatus.OPEN.value),
    Column("framework_version", String(40), nullable=False),
    Column("join_code", String(12), nullable=False, unique=True),
    Column("pin_hash", String(200)),
    Column("priority_areas", JSON, nullable=False, default=list),
    Column("pin_failures", Integer, nullable=False, default=0),
    Column("pin_locked_until", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("round_id", ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("partner_type", String(40), nullable=False),
    Column("role_title", String(120), nullable=False, default=""),
    Column("resume_hash", String(64), nullable=False, unique=True),
    Column("completed_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # The offline questionnaire copy a participant came from (None for everyone else): importing the
    # same copy again replaces their answers. A unique index rather than a table constraint, so that
    # an existing database can gain it with CREATE UNIQUE INDEX (SQLite cannot add a constraint).
    Column("response_id", String(32)),
    Index("uq_participant_response", "round_id", "response_id", unique=True),
)

answers = Table(
    "answers",
    metadata,
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(12), nullable=False),
    Column("item_id", String(80), nullable=False),
    Column("value", Integer),
    Column("comment", Text, nullable=False, default=""),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("participant_id", "kind", "item_id"),
)

consensus = Table(
    "consensus",
    metadata,
    Column("round_id", ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(12), nullable=False),
    Column("item_id", String(80), nullable=False),
    Column("value", Float),
    Column("rationale", Text, nullable=False, default=""),
    Column("revision", Integer, nullable=False, default=1),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("round_id", "kind", "item_id"),
)

actions = Table(
    "actions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("round_id", ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("title", Text, nullable=False),
    Column("owner", String(120), nullable=False, default=""),
    Column("due_on", Date),
    Column("status", String(20), nullable=False),
    Column("factor_id", String(40)),
    Column("component_id", String(40)),
    Column("rule_id", String(40)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("round_id", "rule_id", name="uq_action_rule"),
)

# Options appraisal: the weights a round's appraisal uses (framework weights when none are saved), the
# scores given to each option per criterion by the Board ("board") or by a participant ("p<id>"), and
# the round's mix-and-match hybrid options (dimension -> option id).
BOARD_SCORER = "board"


def appraisal_scorer(participant_id: int | None) -> str:
    """Who gave an appraisal score: 'board' for the Board, 'p<id>' for a participant."""
    return BOARD_SCORER if participant_id is None else f"p{participant_id}"


appraisal_weights = Table(
    "appraisal_weights",
    metadata,
    Column("round_id", ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
    Column("criterion_id", String(40), nullable=False),
    Column("weight", Float, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("round_id", "criterion_id"),
)

appraisal_scores = Table(
    "appraisal_scores",
    metadata,
    Column("round_id", ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
    Column("scorer", String(20), nullable=False),
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"), index=True),
    Column("option_id", String(40), nullable=False),
    Column("criterion_id", String(40), nullable=False),
    Column("value", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("round_id", "scorer", "option_id", "criterion_id"),
)

hybrid_options = Table(
    "hybrid_options",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("round_id", ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(80), nullable=False),
    Column("choices", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("round_id", "name", name="uq_hybrid_name"),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("round_id", ForeignKey("rounds.id", ondelete="CASCADE"), index=True),
    Column("area_id", ForeignKey("areas.id", ondelete="CASCADE"), index=True),  # events of a whole area
    Column("actor", String(40), nullable=False),
    Column("event", String(40), nullable=False),
    Column("detail", Text, nullable=False, default=""),
)

# Guarded attempts (a PIN, the programme passphrase, join codes): how many failed since the window began
# and until when further attempts are refused. One row per subject, updated under a row lock.
attempts = Table(
    "attempts",
    metadata,
    Column("subject", String(80), primary_key=True),
    Column("failures", Integer, nullable=False, default=0),
    Column("window_started_at", DateTime(timezone=True)),
    Column("locked_until", DateTime(timezone=True)),
)

# Settings of the whole programme, such as the hash of its passphrase.
settings = Table(
    "settings",
    metadata,
    Column("key", String(80), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


# Statements the results pages run on every rerun, built once (SQLAlchemy caches their compiled form).
_ROUNDS_STAMP = select(
    select(func.count(rounds.c.id)).scalar_subquery().label("rounds"),
    select(func.coalesce(func.max(rounds.c.id), 0)).scalar_subquery().label("last_round"),
    select(func.max(rounds.c.updated_at)).scalar_subquery().label("last_change"),
    select(func.count(areas.c.id)).scalar_subquery().label("areas"),
    select(func.coalesce(func.max(areas.c.id), 0)).scalar_subquery().label("last_area"),
)
_ANSWERS_STAMP = (
    select(func.count(), func.max(answers.c.updated_at))
    .select_from(answers.join(participants, participants.c.id == answers.c.participant_id))
    .where(participants.c.round_id.in_(bindparam("round_ids", expanding=True)))
)


def _latest(table: Table, *columns: str) -> list:
    """Scalar subqueries: the round's row count in table and the latest of each column."""
    where = table.c.round_id == bindparam("round_id")
    return [
        select(func.count()).select_from(table).where(where).scalar_subquery(),
        *(select(func.max(table.c[name])).where(where).scalar_subquery() for name in columns),
    ]


_ROUND_CONTENT_STAMP = select(
    select(rounds.c.status).where(rounds.c.id == bindparam("round_id")).scalar_subquery(),
    select(rounds.c.updated_at).where(rounds.c.id == bindparam("round_id")).scalar_subquery(),
    *_latest(participants, "id", "completed_at"),
    *(
        select(aggregate)
        .select_from(answers.join(participants, participants.c.id == answers.c.participant_id))
        .where(participants.c.round_id == bindparam("round_id"))
        .scalar_subquery()
        for aggregate in (func.count(), func.max(answers.c.updated_at))
    ),
    *_latest(consensus, "recorded_at", "revision"),
    *_latest(appraisal_weights, "updated_at"),
    *_latest(appraisal_scores, "updated_at"),
    *_latest(hybrid_options, "id", "updated_at"),
)
_CONSENSUS_OF_ROUND = select(consensus).where(consensus.c.round_id == bindparam("round_id"))


class StoreError(RuntimeError):
    """A storage problem worded for the person who hit it."""


class NotFound(StoreError):
    """The area, round or participant asked for does not exist."""


class RoundClosed(StoreError):
    """The round no longer accepts answers."""


class ConsensusConflict(StoreError):
    """Someone else recorded this consensus since it was loaded."""


class Locked(StoreError):
    """Too many failed attempts at a guarded secret (a PIN, the passphrase, join codes): refused until `until`."""

    def __init__(self, until: dt.datetime) -> None:
        super().__init__(f"too many failed attempts; refused until {until.isoformat(timespec='seconds')}")
        self.until = until


@dataclass(frozen=True)
class AreaRow:
    id: int
    name: str
    illustrative: bool


@dataclass(frozen=True)
class RoundRow:
    id: int
    area_id: int
    area_name: str
    title: str
    held_on: dt.date
    status: RoundStatus
    framework_version: str
    join_code: str
    priority_areas: tuple[str, ...]
    has_pin: bool
    updated_at: dt.datetime | None = None  # last change of status or details; answers of a finalised round are frozen

    @property
    def label(self) -> str:
        """A short human label such as '2025-03-14 Annual workshop'."""
        return f"{self.held_on.isoformat()} {self.title}".strip()


@dataclass(frozen=True)
class ParticipantRow:
    id: int
    round_id: int
    partner_type: str
    role_title: str
    completed: bool


@dataclass(frozen=True)
class ConsensusRow:
    kind: ItemKind
    item_id: str
    value: float | None
    rationale: str
    revision: int
    recorded_at: dt.datetime


@dataclass(frozen=True)
class HybridRow:
    id: int
    round_id: int
    name: str
    choices: dict[str, str]  # dimension id -> option id

    @property
    def option_id(self) -> str:
        """The id the hybrid goes by in the appraisal, beside the framework's option ids."""
        return f"hybrid_{self.id}"


@dataclass(frozen=True)
class ActionRow:
    id: int
    round_id: int
    title: str
    owner: str
    due_on: dt.date | None
    status: str
    factor_id: str | None
    component_id: str | None
    rule_id: str | None


@dataclass(frozen=True)
class ImportedParticipant:
    """One person's answers arriving from a file (an offline questionnaire or a results workbook)."""

    partner_type: str
    answers: tuple[Answer, ...]
    complete: bool = True
    source: str = ""  # a fingerprint of the file, kept in the audit trail so a re-import can be spotted
    response_id: str | None = None  # an offline questionnaire's own ID: saving it again replaces it


@dataclass(frozen=True)
class SavedImport:
    """What import_batch wrote: the new rounds' ids, and the (round id, response id) of each offline
    response that replaced the answers of an earlier import of the same copy instead of adding a person."""

    round_ids: list[int]
    replaced: frozenset[tuple[int, str]]


@dataclass(frozen=True)
class ImportedRound:
    """A whole round arriving from a results workbook: the round, its people, consensus and plan."""

    spec: RoundInput
    framework_version: str
    status: RoundStatus
    participants: tuple[ImportedParticipant, ...]
    consensus: tuple[ConsensusEntry, ...] = ()
    actions: tuple[ActionInput, ...] = ()
    illustrative: bool = False
    pin_hash: str = ""  # hash_pin of the new round's PIN (or give spec.pin): every round has one


class DuplicateRound(StoreError):
    """A round of the same area, date and title is already in the database."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite returns naive datetimes; everything we store is UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def hash_pin(pin: str) -> str:
    """An argon2id hash of a facilitator PIN (slow on purpose)."""
    return _hasher.hash(pin)


def verify_secret(secret_hash: str, secret: str) -> bool:
    """True when the secret matches an argon2 hash made by hash_pin (False for a damaged hash)."""
    try:
        return _hasher.verify(secret_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


def new_pin() -> str:
    """A random facilitator PIN of PIN_LENGTH unambiguous characters, for rounds opened without one."""
    return new_code(PIN_LENGTH)


def new_code(length: int) -> str:
    """Return a random code of unambiguous capital letters and digits."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(code: str) -> str:
    """Upper-case a typed code and drop spaces and dashes, so 'abc-def' matches 'ABCDEF'."""
    return "".join(ch for ch in code.upper() if ch.isalnum())[:32]


def _resume_hash(code: str) -> str:
    # Resume codes are long random tokens, so a fast hash is enough to keep them unreadable at rest.
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def database_url() -> str:
    """The configured database: ASSESSMENT_DATABASE_URL, or the embedded SQLite file."""
    return os.environ.get("ASSESSMENT_DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def _make_engine(url: str) -> Engine:
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
            path = engine.url.database
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            _configure_sqlite(engine)
            return engine
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=30)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise StoreError(f"cannot use the database URL {url!r}: {exc}") from exc


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
                    Index(constraint.name, *constraint.columns, unique=True).create(conn, checkfirst=True)


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


class Store:
    """The database of areas, rounds, participants, answers, consensus, actions and audit events."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or database_url()
        self.engine = _make_engine(self.url)
        try:
            metadata.create_all(self.engine)
            _add_missing_columns(self.engine)
        except (OperationalError, SQLAlchemyError) as exc:
            raise StoreError(f"cannot open the database {self.engine.url!r}: {exc.orig or exc}") from exc

    # -- transactions --------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A write transaction; on SQLite it takes the write lock up front so it cannot deadlock."""
        try:
            with self.engine.connect() as conn:
                conn = conn.execution_options(sqlite_begin="IMMEDIATE")
                with conn.begin():
                    yield conn
        except OperationalError as exc:
            raise StoreError(f"the database could not save this change: {_plain(exc)}") from exc

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except OperationalError as exc:
            raise StoreError(f"the database could not be read: {_plain(exc)}") from exc

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    # -- areas ---------------------------------------------------------------------------------

    def ensure_area(self, name: str, *, illustrative: bool = False) -> AreaRow:
        """Return the area with this name, creating it first if it is new."""
        name = AreaName(name=name).name
        with self._write() as conn:
            row = conn.execute(select(areas).where(areas.c.name == name)).first()
            if row is None:
                area_id = conn.execute(
                    insert(areas).values(name=name, illustrative=illustrative, created_at=_now())
                ).inserted_primary_key[0]
                return AreaRow(area_id, name, illustrative)
        return AreaRow(row.id, row.name, row.illustrative)

    def list_areas(self) -> list[AreaRow]:
        """All areas in name order."""
        with self._read() as conn:
            rows = conn.execute(select(areas).order_by(areas.c.name)).all()
        return [AreaRow(r.id, r.name, r.illustrative) for r in rows]

    def find_area(self, name: str) -> AreaRow:
        """The area with this name (case-insensitive); NotFound otherwise."""
        with self._read() as conn:
            row = conn.execute(select(areas).where(func.lower(areas.c.name) == name.strip().lower())).first()
        if row is None:
            raise NotFound(f"no area called {name!r}")
        return AreaRow(row.id, row.name, row.illustrative)

    # -- rounds --------------------------------------------------------------------------------

    def open_round(
        self, spec: RoundInput, framework_version: str, *, actor: str = "facilitator", pin_hash: str | None = None
    ) -> RoundRow:
        """Open a new round for an area (created if new) and return it with its join code.

        The PIN in spec is hashed here; pin_hash passes a hash made earlier by hash_pin instead (the
        sample loader hashes its one demo PIN once rather than for every round)."""
        if spec.pin:
            pin_hash = hash_pin(spec.pin)
        if not pin_hash:
            raise StoreError("a round needs a facilitator PIN")
        area = self.ensure_area(spec.area)
        now = _now()
        with self._write() as conn:
            join_code = self._unused_join_code(conn)
            round_id = conn.execute(
                insert(rounds).values(
                    area_id=area.id,
                    title=spec.title,
                    held_on=spec.held_on,
                    status=RoundStatus.OPEN.value,
                    framework_version=framework_version,
                    join_code=join_code,
                    pin_hash=pin_hash,
                    priority_areas=list(spec.priority_areas),
                    pin_failures=0,
                    created_at=now,
                    updated_at=now,
                )
            ).inserted_primary_key[0]
            _log(conn, round_id, actor, "round opened", f"{spec.held_on.isoformat()} {spec.title}".strip())
        return self.get_round(round_id)

    @staticmethod
    def _unused_join_code(conn: Connection) -> str:
        while True:
            code = new_code(JOIN_CODE_LENGTH)
            if conn.execute(select(rounds.c.id).where(rounds.c.join_code == code)).first() is None:
                return code

    def _round_query(self):  # noqa: ANN202
        return select(rounds, areas.c.name.label("area_name")).join(areas, areas.c.id == rounds.c.area_id)

    @staticmethod
    def _round_row(row) -> RoundRow:  # noqa: ANN001
        return RoundRow(
            id=row.id,
            area_id=row.area_id,
            area_name=row.area_name,
            title=row.title,
            held_on=row.held_on,
            status=RoundStatus(row.status),
            framework_version=row.framework_version,
            join_code=row.join_code,
            priority_areas=tuple(row.priority_areas or ()),
            has_pin=row.pin_hash is not None,
            updated_at=_aware(row.updated_at),
        )

    def get_round(self, round_id: int) -> RoundRow:
        """The round with this id; NotFound otherwise."""
        with self._read() as conn:
            row = conn.execute(self._round_query().where(rounds.c.id == round_id)).first()
        if row is None:
            raise NotFound(f"no round with id {round_id}")
        return self._round_row(row)

    def rounds_stamp(self) -> tuple[int, int, int, int, str]:
        """A value, read with one small query, that changes whenever an area or a round is added or a
        round's status changes (everything list_areas and list_rounds show): callers can keep what
        they built from those lists until it changes."""
        with self._read() as conn:
            row = conn.execute(_ROUNDS_STAMP).one()
        return (
            int(row.rounds),
            int(row.last_round),
            int(row.areas),
            int(row.last_area),
            "" if row.last_change is None else str(row.last_change),
        )

    def list_rounds(self, area_id: int | None = None) -> list[RoundRow]:
        """Rounds, oldest first (of one area when area_id is given)."""
        query = self._round_query().order_by(areas.c.name, rounds.c.held_on, rounds.c.id)
        if area_id is not None:
            query = query.where(rounds.c.area_id == area_id)
        with self._read() as conn:
            return [self._round_row(r) for r in conn.execute(query).all()]

    def find_round_by_code(self, join_code: str) -> RoundRow | None:
        """The round a join code opens, or None; the caller words one message for every failure."""
        code = normalise_code(join_code)
        with self._read() as conn:
            row = conn.execute(self._round_query().where(rounds.c.join_code == code)).first()
        return self._round_row(row) if row else None

    def set_status(self, round_id: int, status: RoundStatus, *, actor: str = "facilitator") -> RoundRow:
        """Move a round to open, closed or finalised; re-opening is recorded in the audit log."""
        current = self.get_round(round_id)
        with self._write() as conn:
            conn.execute(update(rounds).where(rounds.c.id == round_id).values(status=status.value, updated_at=_now()))
            event_name = "round re-opened" if status == RoundStatus.OPEN else f"round {status.value}"
            _log(conn, round_id, actor, event_name, f"was {current.status.value}")
        return self.get_round(round_id)

    def area_pin_hashes(self, area_id: int) -> list[str]:
        """The PIN hashes of the area's rounds, newest round first (rounds without a PIN are left out)."""
        query = (
            select(rounds.c.pin_hash)
            .where((rounds.c.area_id == area_id) & rounds.c.pin_hash.is_not(None))
            .order_by(rounds.c.held_on.desc(), rounds.c.id.desc())
        )
        with self._read() as conn:
            return list(conn.execute(query).scalars())

    def set_round_pin(self, round_id: int, pin_hash: str, *, actor: str) -> None:
        """Give a round a new PIN (a hash made by hash_pin)."""
        with self._write() as conn:
            self._require_round(conn, round_id)
            conn.execute(update(rounds).where(rounds.c.id == round_id).values(pin_hash=pin_hash, updated_at=_now()))
            _log(conn, round_id, actor, "facilitator PIN set")

    # -- guarded attempts ----------------------------------------------------------------------

    def reserve_attempt(self, subject: str, policy: AttemptPolicy, *, now: dt.datetime | None = None) -> None:
        """Count one attempt at the subject BEFORE it is checked, under a row lock, so that however many
        attempts arrive at once no more than policy.max_failures are ever checked per lock period.
        Raises Locked while the subject is locked. Settle the attempt with settle_attempt."""
        now = now or _now()
        with self._write() as conn:
            conn.execute(_insert_ignore(conn, attempts).values(subject=subject, failures=0))
            row = conn.execute(select(attempts).where(attempts.c.subject == subject).with_for_update()).one()
            locked_until, started = _aware(row.locked_until), _aware(row.window_started_at)
            if locked_until is not None and locked_until > now:
                raise Locked(locked_until)
            failures = row.failures
            expired = policy.window is not None and started is not None and started + policy.window <= now
            if locked_until is not None or started is None or expired:
                failures, started = 0, now
            failures += 1
            locked_until = None
            if failures >= policy.max_failures:
                locked_until = now + policy.lock if policy.window is None else started + policy.window
            conn.execute(
                update(attempts)
                .where(attempts.c.subject == subject)
                .values(failures=failures, window_started_at=started, locked_until=locked_until)
            )

    def settle_attempt(
        self, subject: str, succeeded: bool, policy: AttemptPolicy, *, now: dt.datetime | None = None
    ) -> dt.datetime | None:
        """Settle an attempt counted by reserve_attempt. A success takes it back (and, for a policy with
        no window such as a PIN's, clears the count and any lock). Returns when the subject is locked
        until, if it is locked now."""
        now = now or _now()
        with self._write() as conn:
            row = conn.execute(select(attempts).where(attempts.c.subject == subject).with_for_update()).first()
            if row is None:
                return None
            locked_until = _aware(row.locked_until)
            if not succeeded:
                return locked_until if locked_until is not None and locked_until > now else None
            if policy.window is None:
                values = {"failures": 0, "window_started_at": None, "locked_until": None}
            else:
                failures = max(0, row.failures - 1)
                keep = locked_until if failures >= policy.max_failures else None
                values = {"failures": failures, "locked_until": keep}
            conn.execute(update(attempts).where(attempts.c.subject == subject).values(**values))
        return None

    def locked_until(self, subject: str, *, now: dt.datetime | None = None) -> dt.datetime | None:
        """When the subject's lock ends, if it is locked now; None otherwise."""
        now = now or _now()
        with self._read() as conn:
            value = conn.execute(select(attempts.c.locked_until).where(attempts.c.subject == subject)).scalar()
        value = _aware(value)
        return value if value is not None and value > now else None

    def clear_attempts(self, subject: str) -> bool:
        """Forget the subject's failed attempts and lift its lock; True when it was locked."""
        now = _now()
        with self._write() as conn:
            row = conn.execute(select(attempts).where(attempts.c.subject == subject).with_for_update()).first()
            if row is None:
                return False
            conn.execute(attempts.delete().where(attempts.c.subject == subject))
        locked = _aware(row.locked_until)
        return locked is not None and locked > now

    # -- settings ------------------------------------------------------------------------------

    def setting(self, key: str) -> str | None:
        """A programme setting's value, or None when it is not set."""
        with self._read() as conn:
            return conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar()

    def set_setting(self, key: str, value: str, *, actor: str, event_name: str) -> None:
        """Set a programme setting (recorded in the audit trail as event_name, without the value)."""
        with self._write() as conn:
            conn.execute(_upsert(conn, settings, ["key"]), [{"key": key, "value": value, "updated_at": _now()}])
            _log(conn, None, actor, event_name)

    def log(
        self, event_name: str, detail: str = "", *, actor: str, round_id: int | None = None, area_id: int | None = None
    ) -> None:
        """Add an event to the audit trail (of a round, of a whole area, or of the programme)."""
        with self._write() as conn:
            _log(conn, round_id, actor, event_name, detail, area_id=area_id)

    # -- participants and answers --------------------------------------------------------------

    def join(self, round_id: int, partner_type: str, role_title: str = "") -> tuple[ParticipantRow, str]:
        """Register a participant in an open round; returns them and their resume code (shown once)."""
        role_title = role_title.strip()[:120].replace("\x00", "")
        with self._write() as conn:
            self._require_open(conn, round_id)
            while True:
                code = new_code(RESUME_CODE_LENGTH)
                digest = _resume_hash(code)
                if conn.execute(select(participants.c.id).where(participants.c.resume_hash == digest)).first() is None:
                    break
            participant_id = conn.execute(
                insert(participants).values(
                    round_id=round_id,
                    partner_type=partner_type,
                    role_title=role_title,
                    resume_hash=digest,
                    created_at=_now(),
                )
            ).inserted_primary_key[0]
        return ParticipantRow(participant_id, round_id, partner_type, role_title, False), code

    def add_response(
        self, round_id: int, partner_type: str, batch: Iterable[Answer], *, complete: bool = True, role_title: str = ""
    ) -> ParticipantRow:
        """Add a whole response (a new participant and all their answers) in one transaction, as an
        offline questionnaire or the sample arrives; returns the participant (no resume code)."""
        now = _now()
        with self._write() as conn:
            self._require_open(conn, round_id)
            participant_id = conn.execute(
                insert(participants).values(
                    round_id=round_id,
                    partner_type=partner_type,
                    role_title=role_title.strip()[:120].replace("\x00", ""),
                    resume_hash=_resume_hash(new_code(RESUME_CODE_LENGTH * 2)),
                    completed_at=now if complete else None,
                    created_at=now,
                )
            ).inserted_primary_key[0]
            rows = [_answer_row(participant_id, a, now) for a in batch]
            if rows:
                conn.execute(_upsert(conn, answers, ["participant_id", "kind", "item_id"]), rows)
        return ParticipantRow(participant_id, round_id, partner_type, role_title, complete)

    def resume(self, resume_code: str, round_id: int | None = None) -> ParticipantRow | None:
        """The participant a resume code belongs to (only within round_id when given), or None."""
        query = select(participants).where(participants.c.resume_hash == _resume_hash(resume_code))
        if round_id is not None:
            query = query.where(participants.c.round_id == round_id)
        with self._read() as conn:
            row = conn.execute(query).first()
        return _participant_row(row) if row else None

    def get_participant(self, participant_id: int) -> ParticipantRow:
        """The participant with this id; NotFound otherwise."""
        with self._read() as conn:
            row = conn.execute(select(participants).where(participants.c.id == participant_id)).first()
        if row is None:
            raise NotFound(f"no participant with id {participant_id}")
        return _participant_row(row)

    @staticmethod
    def _require_open(conn: Connection, round_id: int) -> None:
        status = conn.execute(select(rounds.c.status).where(rounds.c.id == round_id)).scalar()
        if status is None:
            raise NotFound(f"no round with id {round_id}")
        if status != RoundStatus.OPEN.value:
            raise RoundClosed("This round is closed, so answers can no longer be changed.")

    def save_answers(self, participant_id: int, batch: Iterable[Answer]) -> int:
        """Upsert a participant's answers in one transaction; returns how many were written."""
        now = _now()
        rows = [_answer_row(participant_id, a, now) for a in batch]
        with self._write() as conn:
            round_id = conn.execute(select(participants.c.round_id).where(participants.c.id == participant_id)).scalar()
            if round_id is None:
                raise NotFound(f"no participant with id {participant_id}")
            self._require_open(conn, round_id)
            if rows:
                conn.execute(_upsert(conn, answers, ["participant_id", "kind", "item_id"]), rows)
        return len(rows)

    def set_complete(self, participant_id: int, complete: bool = True) -> None:
        """Mark a participant's response as submitted (or back to in progress)."""
        with self._write() as conn:
            round_id = conn.execute(select(participants.c.round_id).where(participants.c.id == participant_id)).scalar()
            if round_id is None:
                raise NotFound(f"no participant with id {participant_id}")
            self._require_open(conn, round_id)
            conn.execute(
                update(participants)
                .where(participants.c.id == participant_id)
                .values(completed_at=_now() if complete else None)
            )

    def answers_of(self, participant_id: int) -> dict[tuple[ItemKind, str], Answer]:
        """One participant's own answers, keyed by (kind, item id)."""
        with self._read() as conn:
            rows = conn.execute(select(answers).where(answers.c.participant_id == participant_id)).all()
        return {
            (ItemKind(r.kind), r.item_id): Answer(
                kind=ItemKind(r.kind), item_id=r.item_id, value=r.value, comment=r.comment
            )
            for r in rows
        }

    def answers_frame(self, round_ids: Iterable[int] | None = None) -> pd.DataFrame:
        """Every answer as one long table: round_id, participant_id, partner_type, complete, kind, item_id,
        value (float, NaN for don't know) and comment; all rounds when round_ids is None."""
        query = select(
            participants.c.round_id,
            answers.c.participant_id,
            participants.c.partner_type,
            participants.c.completed_at.is_not(None).label("complete"),
            answers.c.kind,
            answers.c.item_id,
            answers.c.value,
            answers.c.comment,
        ).join(participants, participants.c.id == answers.c.participant_id)
        if round_ids is not None:
            query = query.where(participants.c.round_id.in_(list(round_ids)))
        with self._read() as conn:
            frame = _frame(conn.execute(query))
        frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
        frame["complete"] = frame["complete"].astype(bool)
        return frame

    def answers_stamp(self, round_ids: Iterable[int]) -> tuple[int, str]:
        """How many answers these rounds hold and when the last was saved: it changes whenever an answer
        is added, changed or removed, so scores cached under it stay right."""
        with self._read() as conn:
            count, last = conn.execute(_ANSWERS_STAMP, {"round_ids": list(round_ids)}).one()
        return int(count), "" if last is None else str(last)

    def round_content_stamp(self, round_id: int) -> tuple:
        """A value, read with one query, that changes whenever anything the round's scores or its options
        appraisal read changes: the round's status and details, its participants and answers, its
        consensus, weights, appraisal scores and hybrids (counts catch removals, latest times changes)."""
        with self._read() as conn:
            row = conn.execute(_ROUND_CONTENT_STAMP, {"round_id": round_id}).one()
        return tuple("" if value is None else str(value) for value in row)

    def participants_frame(self, round_ids: Iterable[int] | None = None) -> pd.DataFrame:
        """Participants (id, round_id, partner_type, complete), including those with no answers yet."""
        query = select(
            participants.c.id.label("participant_id"),
            participants.c.round_id,
            participants.c.partner_type,
            participants.c.completed_at.is_not(None).label("complete"),
        )
        if round_ids is not None:
            query = query.where(participants.c.round_id.in_(list(round_ids)))
        with self._read() as conn:
            frame = _frame(conn.execute(query))
        frame["complete"] = frame["complete"].astype(bool)
        return frame

    # -- consensus -----------------------------------------------------------------------------

    def consensus_for(self, round_id: int) -> dict[tuple[ItemKind, str], ConsensusRow]:
        """The round's consensus records keyed by (kind, item id)."""
        with self._read() as conn:
            rows = conn.execute(_CONSENSUS_OF_ROUND, {"round_id": round_id}).all()
        return {
            (ItemKind(r.kind), r.item_id): ConsensusRow(
                ItemKind(r.kind), r.item_id, r.value, r.rationale, r.revision, _aware(r.recorded_at)
            )
            for r in rows
        }

    def record_consensus(
        self, round_id: int, entry: ConsensusEntry, *, expected_revision: int | None, actor: str = "facilitator"
    ) -> ConsensusRow:
        """Save an agreed score and rationale. expected_revision is the revision the editor loaded (None
        if there was none); if someone saved since, ConsensusConflict is raised and nothing changes.
        A finalised round's consensus cannot change (RoundClosed)."""
        now = _now()
        key = (
            (consensus.c.round_id == round_id)
            & (consensus.c.kind == entry.kind.value)
            & (consensus.c.item_id == entry.item_id)
        )
        with self._write() as conn:
            status = conn.execute(select(rounds.c.status).where(rounds.c.id == round_id)).scalar()
            if status is None:
                raise NotFound(f"no round with id {round_id}")
            if status == RoundStatus.FINALISED.value:
                # What was agreed is part of the finalised result: the results pages rely on it not changing.
                raise RoundClosed("This round is finalised, so what was agreed cannot change. Re-open it first.")
            current = conn.execute(select(consensus.c.revision).where(key)).scalar()
            if current != expected_revision:
                raise ConsensusConflict(
                    "Someone else recorded this consensus after you opened it. Reload to see their version."
                )
            revision = (current or 0) + 1
            values = {"value": entry.value, "rationale": entry.rationale, "revision": revision, "recorded_at": now}
            if current is None:
                conn.execute(
                    insert(consensus).values(round_id=round_id, kind=entry.kind.value, item_id=entry.item_id, **values)
                )
            else:
                conn.execute(update(consensus).where(key).values(**values))
            _log(conn, round_id, actor, "consensus recorded", f"{entry.kind.value} {entry.item_id} = {entry.value}")
        return ConsensusRow(entry.kind, entry.item_id, entry.value, entry.rationale, revision, now)

    # -- development plan ----------------------------------------------------------------------

    def add_action(self, round_id: int, action: ActionInput, *, actor: str = "facilitator") -> int:
        """Add a development-plan action to a round; returns its id."""
        now = _now()
        with self._write() as conn:
            action_id = conn.execute(
                insert(actions).values(round_id=round_id, created_at=now, updated_at=now, **_action_values(action))
            ).inserted_primary_key[0]
            _log(conn, round_id, actor, "action added", action.title[:200])
        return action_id

    def update_action(self, action_id: int, action: ActionInput, *, actor: str = "facilitator") -> None:
        """Replace an action's fields."""
        with self._write() as conn:
            round_id = conn.execute(select(actions.c.round_id).where(actions.c.id == action_id)).scalar()
            if round_id is None:
                raise NotFound(f"no action with id {action_id}")
            conn.execute(
                update(actions).where(actions.c.id == action_id).values(updated_at=_now(), **_action_values(action))
            )
            _log(conn, round_id, actor, "action changed", action.title[:200])

    def actions_for(self, round_id: int) -> list[ActionRow]:
        """A round's development-plan actions in the order they were added."""
        with self._read() as conn:
            rows = conn.execute(select(actions).where(actions.c.round_id == round_id).order_by(actions.c.id)).all()
        return [
            ActionRow(r.id, r.round_id, r.title, r.owner, r.due_on, r.status, r.factor_id, r.component_id, r.rule_id)
            for r in rows
        ]

    # -- options appraisal ---------------------------------------------------------------------

    def weights_for(self, round_id: int) -> dict[str, float]:
        """The round's saved criterion weights (criterion id -> points); empty when none are saved."""
        with self._read() as conn:
            rows = conn.execute(select(appraisal_weights).where(appraisal_weights.c.round_id == round_id)).all()
        return {r.criterion_id: float(r.weight) for r in rows}

    def save_weights(self, round_id: int, weights: Iterable[CriterionWeight], *, actor: str = "facilitator") -> None:
        """Replace the round's criterion weights in one transaction."""
        rows = [
            {"round_id": round_id, "criterion_id": w.criterion_id, "weight": w.weight, "updated_at": _now()}
            for w in weights
        ]
        with self._write() as conn:
            self._require_round(conn, round_id)
            conn.execute(appraisal_weights.delete().where(appraisal_weights.c.round_id == round_id))
            if rows:
                conn.execute(insert(appraisal_weights), rows)
            _log(
                conn,
                round_id,
                actor,
                "appraisal weights saved",
                ", ".join(f"{r['criterion_id']}={r['weight']:g}" for r in rows),
            )

    def save_appraisal_scores(
        self,
        round_id: int,
        batch: Iterable[AppraisalScore],
        *,
        participant_id: int | None = None,
        actor: str = "facilitator",
    ) -> int:
        """Save the Board's scores (participant_id None) or one participant's scores (only while the
        round is open); a value of None removes that score. Returns how many scores were written."""
        batch = list(batch)
        scorer = appraisal_scorer(participant_id)
        now = _now()
        kept = [
            {
                "round_id": round_id,
                "scorer": scorer,
                "participant_id": participant_id,
                "option_id": s.option_id,
                "criterion_id": s.criterion_id,
                "value": s.value,
                "updated_at": now,
            }
            for s in batch
            if s.value is not None
        ]
        cleared = [(s.option_id, s.criterion_id) for s in batch if s.value is None]
        with self._write() as conn:
            self._require_round(conn, round_id)
            if participant_id is not None:
                owner = conn.execute(
                    select(participants.c.round_id).where(participants.c.id == participant_id)
                ).scalar()
                if owner != round_id:
                    raise NotFound(f"no participant with id {participant_id} in round {round_id}")
                self._require_open(conn, round_id)
            for option_id, criterion_id in cleared:
                conn.execute(
                    appraisal_scores.delete().where(
                        (appraisal_scores.c.round_id == round_id)
                        & (appraisal_scores.c.scorer == scorer)
                        & (appraisal_scores.c.option_id == option_id)
                        & (appraisal_scores.c.criterion_id == criterion_id)
                    )
                )
            if kept:
                conn.execute(_upsert(conn, appraisal_scores, ["round_id", "scorer", "option_id", "criterion_id"]), kept)
            if participant_id is None:
                _log(conn, round_id, actor, "appraisal scores saved", f"{len(kept)} scores, {len(cleared)} cleared")
        return len(kept)

    def appraisal_scores_frame(self, round_id: int) -> pd.DataFrame:
        """The round's appraisal scores as a long table: scorer ('board' or 'p<id>'), participant_id
        (None for the Board), option_id, criterion_id and value (0-4)."""
        columns = ["scorer", "participant_id", "option_id", "criterion_id", "value"]
        query = select(*(appraisal_scores.c[name] for name in columns)).where(appraisal_scores.c.round_id == round_id)
        with self._read() as conn:
            frame = pd.DataFrame(conn.execute(query).all(), columns=columns)
        frame["value"] = pd.to_numeric(frame["value"]).astype("float64")
        return frame

    def add_hybrid(self, round_id: int, hybrid: HybridInput, *, actor: str = "facilitator") -> HybridRow:
        """Save a new mix-and-match option with the round; StoreError if the round already has one of that name."""
        now = _now()
        with self._write() as conn:
            self._require_round(conn, round_id)
            self._require_unique_hybrid(conn, round_id, hybrid.name, None)
            hybrid_id = conn.execute(
                insert(hybrid_options).values(
                    round_id=round_id, name=hybrid.name, choices=dict(hybrid.choices), created_at=now, updated_at=now
                )
            ).inserted_primary_key[0]
            _log(conn, round_id, actor, "hybrid option saved", hybrid.name)
        return HybridRow(hybrid_id, round_id, hybrid.name, dict(hybrid.choices))

    def update_hybrid(self, hybrid_id: int, hybrid: HybridInput, *, actor: str = "facilitator") -> HybridRow:
        """Rename a hybrid option or change its choices."""
        with self._write() as conn:
            round_id = conn.execute(select(hybrid_options.c.round_id).where(hybrid_options.c.id == hybrid_id)).scalar()
            if round_id is None:
                raise NotFound(f"no hybrid option with id {hybrid_id}")
            self._require_unique_hybrid(conn, round_id, hybrid.name, hybrid_id)
            conn.execute(
                update(hybrid_options)
                .where(hybrid_options.c.id == hybrid_id)
                .values(name=hybrid.name, choices=dict(hybrid.choices), updated_at=_now())
            )
            _log(conn, round_id, actor, "hybrid option changed", hybrid.name)
        return HybridRow(hybrid_id, round_id, hybrid.name, dict(hybrid.choices))

    def delete_hybrid(self, hybrid_id: int, *, actor: str = "facilitator") -> None:
        """Remove a hybrid option and every appraisal score given to it."""
        with self._write() as conn:
            row = conn.execute(select(hybrid_options).where(hybrid_options.c.id == hybrid_id)).first()
            if row is None:
                raise NotFound(f"no hybrid option with id {hybrid_id}")
            conn.execute(
                appraisal_scores.delete().where(
                    (appraisal_scores.c.round_id == row.round_id)
                    & (appraisal_scores.c.option_id == f"hybrid_{hybrid_id}")
                )
            )
            conn.execute(hybrid_options.delete().where(hybrid_options.c.id == hybrid_id))
            _log(conn, row.round_id, actor, "hybrid option deleted", row.name)

    def hybrids_for(self, round_id: int) -> list[HybridRow]:
        """The round's hybrid options in the order they were saved."""
        query = select(hybrid_options).where(hybrid_options.c.round_id == round_id).order_by(hybrid_options.c.id)
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [HybridRow(r.id, r.round_id, r.name, dict(r.choices)) for r in rows]

    @staticmethod
    def _require_round(conn: Connection, round_id: int) -> None:
        if conn.execute(select(rounds.c.id).where(rounds.c.id == round_id)).first() is None:
            raise NotFound(f"no round with id {round_id}")

    @staticmethod
    def _require_unique_hybrid(conn: Connection, round_id: int, name: str, hybrid_id: int | None) -> None:
        query = select(hybrid_options.c.id).where(
            (hybrid_options.c.round_id == round_id) & (func.lower(hybrid_options.c.name) == name.lower())
        )
        clash = conn.execute(query).scalar()
        if clash is not None and clash != hybrid_id:
            raise StoreError(f"This round already has an option called {name!r}; choose another name.")

    # -- imports -------------------------------------------------------------------------------

    def import_batch(
        self,
        new_rounds: Sequence[ImportedRound] = (),
        additions: Mapping[int, Sequence[ImportedParticipant]] | None = None,
        *,
        actor: str = "import",
    ) -> SavedImport:
        """Write whole new rounds and extra participants of existing open rounds in ONE transaction, so
        either everything is saved or nothing is; returns what was saved.

        A participant with a response_id that the round already has replaces that participant's
        partner type and answers instead of adding a person; the database's unique index decides, so
        two imports of the same copy at once still make one participant."""
        additions = additions or {}
        replaced: set[tuple[int, str]] = set()
        with self._write() as conn:
            for round_id, people in sorted(additions.items()):
                self._require_open(conn, round_id)
                again = self._insert_participants(conn, round_id, people)
                replaced |= {(round_id, response_id) for response_id in again}
                sources = ", ".join(p.source for p in people if p.source)
                count = f"{len(people)} participant{'s' if len(people) != 1 else ''}"
                detail = (
                    f"{count} from Excel"
                    + (f", {len(again)} replacing an earlier import of the same questionnaire" if again else "")
                    + (f"; files {sources}" if sources else "")
                )
                _log(conn, round_id, actor, "answers imported", detail)
            round_ids = [self._insert_round(conn, imported, actor) for imported in new_rounds]
        return SavedImport(round_ids, frozenset(replaced))

    def _insert_round(self, conn: Connection, imported: ImportedRound, actor: str) -> int:
        spec = imported.spec
        pin_hash = imported.pin_hash or (hash_pin(spec.pin) if spec.pin else "")
        if not pin_hash:
            raise StoreError(f"the imported round of {spec.area} needs a facilitator PIN")
        area = conn.execute(select(areas).where(func.lower(areas.c.name) == spec.area.lower())).first()
        if area is None:
            area_id = conn.execute(
                insert(areas).values(name=spec.area, illustrative=imported.illustrative, created_at=_now())
            ).inserted_primary_key[0]
        else:
            area_id = area.id
            same = (rounds.c.area_id == area_id) & (rounds.c.held_on == spec.held_on) & (rounds.c.title == spec.title)
            if conn.execute(select(rounds.c.id).where(same)).first() is not None:
                raise DuplicateRound(
                    f"{area.name} already has a round on {spec.held_on.isoformat()} called {spec.title!r}"
                )
        now = _now()
        round_id = conn.execute(
            insert(rounds).values(
                area_id=area_id,
                title=spec.title,
                held_on=spec.held_on,
                status=imported.status.value,
                framework_version=imported.framework_version,
                join_code=self._unused_join_code(conn),
                pin_hash=pin_hash,
                priority_areas=list(spec.priority_areas),
                pin_failures=0,
                created_at=now,
                updated_at=now,
            )
        ).inserted_primary_key[0]
        self._insert_participants(conn, round_id, imported.participants)
        if imported.consensus:
            conn.execute(
                insert(consensus),
                [
                    {
                        "round_id": round_id,
                        "kind": entry.kind.value,
                        "item_id": entry.item_id,
                        "value": entry.value,
                        "rationale": entry.rationale,
                        "revision": 1,
                        "recorded_at": now,
                    }
                    for entry in imported.consensus
                ],
            )
        for action in imported.actions:
            conn.execute(
                insert(actions).values(round_id=round_id, created_at=now, updated_at=now, **_action_values(action))
            )
        _log(conn, round_id, actor, "round imported", f"{len(imported.participants)} participants from Excel")
        return round_id

    @staticmethod
    def _insert_participants(conn: Connection, round_id: int, people: Sequence[ImportedParticipant]) -> set[str]:
        """Add people with their answers; they get a random resume code that nobody is shown, since
        they answered on paper. Returns the response ids that replaced an earlier import's person."""
        now = _now()
        rows = [
            {
                "round_id": round_id,
                "partner_type": person.partner_type,
                "role_title": "",
                "resume_hash": _resume_hash(new_code(RESUME_CODE_LENGTH)),
                "completed_at": now if person.complete else None,
                "created_at": now,
                "response_id": person.response_id,
            }
            for person in people
        ]
        new = [i for i, person in enumerate(people) if person.response_id is None]
        answer_rows = []
        if new:
            ids = conn.execute(
                insert(participants).returning(participants.c.id, sort_by_parameter_order=True), [rows[i] for i in new]
            )
            for participant_id, i in zip(ids.scalars().all(), new, strict=True):
                answer_rows += [_answer_row(participant_id, answer, now) for answer in people[i].answers]
        if answer_rows:
            conn.execute(insert(answers), answer_rows)
        replaced = set()
        # In response id order, so that two batches holding the same copies cannot deadlock on PostgreSQL.
        responses = sorted(
            ((row, person) for row, person in zip(rows, people, strict=True) if person.response_id is not None),
            key=lambda pair: pair[1].response_id,
        )
        for row, person in responses:
            participant_id, again = _save_response(conn, row)
            if again:
                replaced.add(person.response_id)
            if person.answers:
                conn.execute(insert(answers), [_answer_row(participant_id, a, now) for a in person.answers])
        return replaced

    # -- audit ---------------------------------------------------------------------------------

    def audit_for(self, round_id: int) -> pd.DataFrame:
        """The round's audit trail with its area's own events (such as a PIN lock), newest first: at,
        actor (a role, never a name), event, detail."""
        area_id = select(rounds.c.area_id).where(rounds.c.id == round_id).scalar_subquery()
        query = (
            select(audit.c.at, audit.c.actor, audit.c.event, audit.c.detail)
            .where((audit.c.round_id == round_id) | ((audit.c.area_id == area_id) & audit.c.round_id.is_(None)))
            .order_by(audit.c.id.desc())
        )
        with self._read() as conn:
            result = conn.execute(query)
            return pd.DataFrame(result.all(), columns=list(result.keys()))

    def bulk_load(
        self,
        round_specs: pd.DataFrame,
        answer_rows: pd.DataFrame,
        framework_version: str,
        *,
        illustrative: bool,
        pin_hash: str,
    ) -> list[int]:
        """Write many finished rounds in one transaction (for generated programmes and benchmarks); returns
        the new round ids in the order of round_specs.

        round_specs has one row per round: key, area, held_on, status, title. answer_rows is the long
        table of programme_frame: round_id (a key of round_specs), participant_id (any unique number),
        partner_type, kind, item_id, value (NaN for don't know). Rows go in with executemany, so loading
        a 150-area programme takes seconds rather than the minutes of one save per participant."""
        now = _now()
        with self._write() as conn:
            area_ids = {}
            for name in dict.fromkeys(round_specs["area"]):
                name = AreaName(name=name).name
                existing = conn.execute(select(areas.c.id).where(areas.c.name == name)).scalar()
                area_ids[name] = (
                    existing
                    or conn.execute(
                        insert(areas).values(name=name, illustrative=illustrative, created_at=now)
                    ).inserted_primary_key[0]
                )
            round_ids = {}
            for spec in round_specs.itertuples(index=False):
                round_ids[spec.key] = conn.execute(
                    insert(rounds).values(
                        area_id=area_ids[spec.area.strip()],
                        title=spec.title,
                        held_on=spec.held_on,
                        status=RoundStatus(spec.status).value,
                        framework_version=framework_version,
                        join_code=self._unused_join_code(conn),
                        pin_hash=pin_hash,
                        priority_areas=[],
                        pin_failures=0,
                        created_at=now,
                        updated_at=now,
                    )
                ).inserted_primary_key[0]
            people = answer_rows.drop_duplicates("participant_id")
            participant_ids = {}
            for person in people.itertuples(index=False):
                participant_ids[person.participant_id] = conn.execute(
                    insert(participants).values(
                        round_id=round_ids[person.round_id],
                        partner_type=person.partner_type,
                        role_title="",
                        resume_hash=_resume_hash(new_code(RESUME_CODE_LENGTH * 2)),
                        completed_at=now,
                        created_at=now,
                    )
                ).inserted_primary_key[0]
            values = answer_rows["value"].astype("float64")
            rows = [
                {
                    "participant_id": participant_ids[p],
                    "kind": kind,
                    "item_id": item,
                    "value": None if value != value else int(value),
                    "comment": "",
                    "updated_at": now,
                }
                for p, kind, item, value in zip(
                    answer_rows["participant_id"], answer_rows["kind"], answer_rows["item_id"], values, strict=True
                )
            ]
            if rows:
                conn.execute(insert(answers), rows)
            _log(conn, None, "loader", "programme loaded", f"{len(round_ids)} rounds, {len(participant_ids)} people")
        return [round_ids[key] for key in round_specs["key"]]

    def delete_all(self) -> None:
        """Remove every row of every table (used by `demo --reset`)."""
        with self._write() as conn:
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())


def _answer_row(participant_id: int, answer: Answer, now: dt.datetime) -> dict[str, object]:
    return {
        "participant_id": participant_id,
        "kind": answer.kind.value,
        "item_id": answer.item_id,
        "value": answer.value,
        "comment": answer.comment,
        "updated_at": now,
    }


def _frame(result) -> pd.DataFrame:  # noqa: ANN001
    """A query result as a DataFrame. Rows are turned into plain tuples first: pandas probes each
    SQLAlchemy Row for namedtuple fields, which costs seconds on a programme's 300,000 answers."""
    return pd.DataFrame.from_records([tuple(row) for row in result.all()], columns=list(result.keys()))


def _participant_row(row) -> ParticipantRow:  # noqa: ANN001
    return ParticipantRow(row.id, row.round_id, row.partner_type, row.role_title, row.completed_at is not None)


def _action_values(action: ActionInput) -> dict[str, object]:
    values = action.model_dump()
    values["status"] = action.status.value
    return values


def _insert_or(conn: Connection, table: Table):  # noqa: ANN202
    """The dialect's INSERT, which has ON CONFLICT; only SQLite and PostgreSQL are supported."""
    dialect = conn.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise StoreError(f"the {dialect} database is not supported; use SQLite or PostgreSQL")
    # Imported here: the PostgreSQL dialect takes a tenth of a second to import, which a SQLite
    # server would otherwise pay on its first page.
    return importlib.import_module(f"sqlalchemy.dialects.{dialect}").insert(table)


def _upsert(conn: Connection, table: Table, keys: list[str]):  # noqa: ANN202
    """An INSERT ... ON CONFLICT DO UPDATE for executemany; the same statement object compiles once."""
    statement = _insert_or(conn, table)
    changing = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
    return statement.on_conflict_do_update(index_elements=keys, set_=changing)


def _save_response(conn: Connection, row: dict[str, object]) -> tuple[int, bool]:
    """Insert an offline response's participant, or, when the round already has its response id,
    take over that participant: new partner type and completion, and its answers deleted for the new
    ones. Returns (participant id, True when it replaced one). One statement, so two imports of the
    same copy at once make one participant: the later waits for the earlier and then updates it."""
    statement = _insert_or(conn, participants).values(row)
    statement = statement.on_conflict_do_update(
        index_elements=["round_id", "response_id"],
        set_={"partner_type": statement.excluded.partner_type, "completed_at": statement.excluded.completed_at},
    ).returning(participants.c.id, participants.c.resume_hash)
    saved = conn.execute(statement).one()
    # Our fresh resume hash came back only if our row was the one inserted.
    replaced = saved.resume_hash != row["resume_hash"]
    if replaced:
        conn.execute(delete(answers).where(answers.c.participant_id == saved.id))
    return saved.id, replaced


def _log(
    conn: Connection, round_id: int | None, actor: str, event_name: str, detail: str = "", *, area_id: int | None = None
) -> None:
    values = {"at": _now(), "round_id": round_id, "area_id": area_id, "actor": actor, "event": event_name}
    conn.execute(insert(audit).values(detail=detail, **values))


def _insert_ignore(conn: Connection, table: Table):  # noqa: ANN202
    """An INSERT ... ON CONFLICT DO NOTHING (a row that is already there is left as it is)."""
    dialect = conn.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise StoreError(f"the {dialect} database is not supported; use SQLite or PostgreSQL")
    return importlib.import_module(f"sqlalchemy.dialects.{dialect}").insert(table).on_conflict_do_nothing()


def _plain(exc: OperationalError) -> str:
    message = str(exc.orig) if exc.orig is not None else str(exc)
    if "readonly" in message or "read-only" in message:
        return "the database file is read-only"
    if "disk" in message and "full" in message:
        return "the disk is full"
    if "locked" in message:
        return "the database is busy; please try again"
    return message.splitlines()[0]

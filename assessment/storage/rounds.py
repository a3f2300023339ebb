"""Areas and their rounds: opening, finding, listing and moving a round through its statuses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Connection, func, insert, select, update

from assessment.models import (
    AreaName,
    RoundInput,
    RoundStatus,
)
from assessment.storage.codes import (
    JOIN_CODE_LENGTH,
    hash_pin,
    new_code,
    normalise_code,
)
from assessment.storage.database import (
    Database,
    as_utc,
    log_event,
    utc_now,
)
from assessment.storage.rows import (
    AreaRow,
    NotFound,
    RoundRow,
    StoreError,
)
from assessment.storage.schema import (
    areas,
    rounds,
)


def unused_join_code(conn: Connection) -> str:
    """A join code no round has yet."""
    while True:
        code = new_code(JOIN_CODE_LENGTH)
        if conn.execute(select(rounds.c.id).where(rounds.c.join_code == code)).first() is None:
            return code


def insert_round(
    conn: Connection,
    area_id: int,
    *,
    title: str,
    held_on: dt.date,
    priority_areas: Sequence[str],
    status: RoundStatus,
    framework_version: str,
    pin_hash: str,
    board: str = "",
    has_executive: bool | None = None,
) -> int:
    """Insert one round of an area, with a join code no round has yet; returns its id. board: the Board
    its paper goes to ("" for none)."""
    now = utc_now()
    return conn.execute(
        insert(rounds).values(
            area_id=area_id,
            title=title,
            held_on=held_on,
            status=status.value,
            framework_version=framework_version,
            join_code=unused_join_code(conn),
            pin_hash=pin_hash,
            priority_areas=list(priority_areas),
            pin_failures=0,
            created_at=now,
            updated_at=now,
            board=board or None,
            has_executive=has_executive,
        )
    ).inserted_primary_key[0]


def round_query():  # noqa: ANN202
    """Rounds with their area's name."""
    return select(rounds, areas.c.name.label("area_name")).join(areas, areas.c.id == rounds.c.area_id)


def round_row(row) -> RoundRow:  # noqa: ANN001
    """A stored round as a RoundRow."""
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
        updated_at=as_utc(row.updated_at),
        board=row.board or "",
        has_executive=row.has_executive,
    )


class RoundsRepository:
    """The areas and rounds of the programme."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def ensure_area(self, name: str, *, illustrative: bool = False) -> AreaRow:
        """Return the area with this name, creating it first if it is new."""
        name = AreaName(name=name).name
        with self._db.write() as conn:
            row = conn.execute(select(areas).where(areas.c.name == name)).first()
            if row is None:
                area_id = conn.execute(
                    insert(areas).values(name=name, illustrative=illustrative, created_at=utc_now())
                ).inserted_primary_key[0]
                return AreaRow(area_id, name, illustrative)
        return AreaRow(row.id, row.name, row.illustrative)

    def list_areas(self) -> list[AreaRow]:
        """All areas in name order."""
        with self._db.read() as conn:
            rows = conn.execute(select(areas).order_by(areas.c.name)).all()
        return [AreaRow(r.id, r.name, r.illustrative) for r in rows]

    def find_area(self, name: str) -> AreaRow:
        """The area with this name (case-insensitive); NotFound otherwise."""
        with self._db.read() as conn:
            row = conn.execute(select(areas).where(func.lower(areas.c.name) == name.strip().lower())).first()
        if row is None:
            raise NotFound(f"no area called {name!r}")
        return AreaRow(row.id, row.name, row.illustrative)

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
        with self._db.write() as conn:
            round_id = insert_round(
                conn,
                area.id,
                title=spec.title,
                held_on=spec.held_on,
                priority_areas=spec.priority_areas,
                status=RoundStatus.OPEN,
                framework_version=framework_version,
                pin_hash=pin_hash,
                board=spec.board,
                has_executive=spec.has_executive,
            )
            log_event(conn, round_id, actor, "round opened", f"{spec.held_on.isoformat()} {spec.title}".strip())
        return self.get_round(round_id)

    def get_round(self, round_id: int) -> RoundRow:
        """The round with this id; NotFound otherwise."""
        with self._db.read() as conn:
            row = conn.execute(round_query().where(rounds.c.id == round_id)).first()
        if row is None:
            raise NotFound(f"no round with id {round_id}")
        return round_row(row)

    def list_rounds(self, area_id: int | None = None) -> list[RoundRow]:
        """Rounds, oldest first (of one area when area_id is given)."""
        query = round_query().order_by(areas.c.name, rounds.c.held_on, rounds.c.id)
        if area_id is not None:
            query = query.where(rounds.c.area_id == area_id)
        with self._db.read() as conn:
            return [round_row(r) for r in conn.execute(query).all()]

    def find_round_by_code(self, join_code: str) -> RoundRow | None:
        """The round a join code opens, or None; the caller words one message for every failure."""
        code = normalise_code(join_code)
        with self._db.read() as conn:
            row = conn.execute(round_query().where(rounds.c.join_code == code)).first()
        return round_row(row) if row else None

    def set_status(self, round_id: int, status: RoundStatus, *, actor: str = "facilitator") -> RoundRow:
        """Move a round to open, closed or finalised; re-opening is recorded in the audit log."""
        current = self.get_round(round_id)
        with self._db.write() as conn:
            conn.execute(
                update(rounds).where(rounds.c.id == round_id).values(status=status.value, updated_at=utc_now())
            )
            event_name = "round re-opened" if status == RoundStatus.OPEN else f"round {status.value}"
            log_event(conn, round_id, actor, event_name, f"was {current.status.value}")
        return self.get_round(round_id)

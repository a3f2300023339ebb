"""Areas and their rounds: opening, finding, listing and moving a round through its statuses; renaming,
merging and removing an area."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Connection, delete, func, insert, select, update

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
    insert_ignore,
    log_event,
    utc_now,
)
from assessment.storage.rescores import close_open_pass
from assessment.storage.rows import (
    AreaRow,
    NotFound,
    RoundRow,
    StoreError,
)
from assessment.storage.schema import (
    account_areas,
    areas,
    audit,
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


def _area_named(conn: Connection, name: str):  # noqa: ANN202
    """The stored area whose name is this one ignoring case, or None."""
    return conn.execute(select(areas).where(func.lower(areas.c.name) == name.lower())).first()


def _locked_area(conn: Connection, area_id: int):  # noqa: ANN202
    """The area's row, locked until the transaction ends (on PostgreSQL; SQLite's write lock covers it)."""
    row = conn.execute(select(areas).where(areas.c.id == area_id).with_for_update()).first()
    if row is None:
        raise NotFound(f"no area with id {area_id}")
    return row


def _round_count(conn: Connection, area_id: int) -> int:
    return conn.execute(select(func.count()).select_from(rounds).where(rounds.c.area_id == area_id)).scalar_one()


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
        """Return the area with this name (ignoring case), creating it first if it is new."""
        name = AreaName(name=name).name
        with self._db.write() as conn:
            row = _area_named(conn, name)
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

    def rename_area(self, area_id: int, new_name: str, *, actor: str) -> AreaRow:
        """Give an area a new name, recorded in the audit trail of its rounds. StoreError when another
        area already has the name (ignoring case); changing only the case of its own name is allowed."""
        name = AreaName(name=new_name).name
        with self._db.write() as conn:
            row = _locked_area(conn, area_id)
            other = _area_named(conn, name)
            if other is not None and other.id != area_id:
                raise StoreError(f"there is already an area called {other.name!r}")
            if name != row.name:
                conn.execute(update(areas).where(areas.c.id == area_id).values(name=name))
                log_event(conn, None, actor, "area renamed", f"{row.name} -> {name}", area_id=area_id)
        return AreaRow(area_id, name, row.illustrative)

    def merge_area(self, area_id: int, into_id: int, *, actor: str) -> AreaRow:
        """Move every round of one area (and its area-wide audit events) into another, then remove the
        emptied area; returns the area merged into. StoreError for an area merged into itself, or when a
        round of each area has the same date and title (the merge would make two of one round)."""
        if area_id == into_id:
            raise StoreError("an area cannot be merged into itself")
        with self._db.write() as conn:
            source, target = _locked_area(conn, area_id), _locked_area(conn, into_id)
            theirs = rounds.alias("theirs")
            clash = conn.execute(
                select(rounds.c.held_on, rounds.c.title)
                .join(theirs, (theirs.c.held_on == rounds.c.held_on) & (theirs.c.title == rounds.c.title))
                .where((rounds.c.area_id == area_id) & (theirs.c.area_id == into_id))
                .order_by(rounds.c.held_on)
            ).first()
            if clash is not None:
                what = f"{clash.held_on.isoformat()} {clash.title}".strip()
                raise StoreError(f"both {source.name!r} and {target.name!r} have a round {what!r}")
            moved = conn.execute(select(rounds.c.id).where(rounds.c.area_id == area_id)).scalars().all()
            conn.execute(
                update(rounds).where(rounds.c.area_id == area_id).values(area_id=into_id, updated_at=utc_now())
            )
            conn.execute(update(audit).where(audit.c.area_id == area_id).values(area_id=into_id))
            # whoever had a role over the merged area has it over the area merged into
            holders = conn.execute(select(account_areas.c.account_id).where(account_areas.c.area_id == area_id))
            links = [{"account_id": account_id, "area_id": into_id} for account_id in holders.scalars()]
            if links:
                conn.execute(insert_ignore(conn, account_areas), links)
            conn.execute(delete(areas).where(areas.c.id == area_id))
            for round_id in moved:
                log_event(conn, round_id, actor, "area merged", f"moved from {source.name} to {target.name}")
            detail = f"{source.name} into {target.name} ({len(moved)} round{'s' if len(moved) != 1 else ''})"
            log_event(conn, None, actor, "area merged", detail, area_id=into_id)
        return AreaRow(target.id, target.name, target.illustrative)

    def remove_area(self, area_id: int, *, actor: str) -> None:
        """Remove an area that has no rounds, recorded in the programme's audit trail. StoreError when it
        has rounds (merge it into another area instead, or keep it)."""
        with self._db.write() as conn:
            row = _locked_area(conn, area_id)
            count = _round_count(conn, area_id)
            if count:
                raise StoreError(
                    f"{row.name!r} has {count} round{'s' if count != 1 else ''}, so it cannot be removed; "
                    "merge it into another area instead"
                )
            conn.execute(delete(areas).where(areas.c.id == area_id))
            log_event(conn, None, actor, "area removed", row.name)

    def round_counts(self) -> dict[int, int]:
        """How many rounds each area has, by area id (areas without rounds are left out)."""
        query = select(rounds.c.area_id, func.count()).group_by(rounds.c.area_id)
        with self._db.read() as conn:
            return dict(conn.execute(query).all())

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
        """Move a round to open, closed or finalised; re-opening is recorded in the audit log. Closing or
        finalising closes the round's open re-scoring pass (re-opening the round does not re-open it)."""
        current = self.get_round(round_id)
        with self._db.write() as conn:
            conn.execute(
                update(rounds).where(rounds.c.id == round_id).values(status=status.value, updated_at=utc_now())
            )
            event_name = "round re-opened" if status == RoundStatus.OPEN else f"round {status.value}"
            log_event(conn, round_id, actor, event_name, f"was {current.status.value}")
            if status != RoundStatus.OPEN:
                close_open_pass(conn, round_id, actor, f", when the round was {status.value}")
        return self.get_round(round_id)

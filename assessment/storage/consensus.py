"""The room's consensus: the agreed score of a factor or stage of a continuum item, and why."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import bindparam, insert, select, update

from assessment.models import (
    ConsensusEntry,
    ItemKind,
    RoundStatus,
)
from assessment.storage.database import (
    Database,
    as_utc,
    log_event,
    retry_conflicts,
    to_frame,
    utc_now,
)
from assessment.storage.rows import (
    ConsensusConflict,
    ConsensusRow,
    NotFound,
    RoundClosed,
)
from assessment.storage.schema import (
    consensus,
    rounds,
)

_OF_ROUND = select(consensus).where(consensus.c.round_id == bindparam("round_id"))  # built once: run on every rerun


class ConsensusRepository:
    """Consensus records, each with a revision so that two facilitators cannot overwrite each other."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def for_round(self, round_id: int) -> dict[tuple[ItemKind, str], ConsensusRow]:
        """The round's consensus records keyed by (kind, item id)."""
        with self._db.read() as conn:
            rows = conn.execute(_OF_ROUND, {"round_id": round_id}).all()
        return {
            (ItemKind(r.kind), r.item_id): ConsensusRow(
                ItemKind(r.kind),
                r.item_id,
                r.value,
                r.rationale,
                r.revision,
                as_utc(r.recorded_at),
                r.uncertain_reason or "",
            )
            for r in rows
        }

    @retry_conflicts
    def record(
        self, round_id: int, entry: ConsensusEntry, *, expected_revision: int | None, actor: str = "facilitator"
    ) -> ConsensusRow:
        """Save an agreed score, its rationale and (for an uncertain factor) why the room is still uncertain. expected_revision is the revision the editor loaded (None
        if there was none); if someone saved since, ConsensusConflict is raised and nothing changes.
        A finalised round's consensus cannot change (RoundClosed)."""
        now = utc_now()
        key = (
            (consensus.c.round_id == round_id)
            & (consensus.c.kind == entry.kind.value)
            & (consensus.c.item_id == entry.item_id)
        )
        with self._db.write() as conn:
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
            values = {
                "value": entry.value,
                "rationale": entry.rationale,
                "uncertain_reason": entry.uncertain_reason,
                "revision": revision,
                "recorded_at": now,
            }
            if current is None:
                conn.execute(
                    insert(consensus).values(round_id=round_id, kind=entry.kind.value, item_id=entry.item_id, **values)
                )
            else:
                conn.execute(update(consensus).where(key).values(**values))
            log_event(
                conn, round_id, actor, "consensus recorded", f"{entry.kind.value} {entry.item_id} = {entry.value}"
            )
        return ConsensusRow(
            entry.kind, entry.item_id, entry.value, entry.rationale, revision, now, entry.uncertain_reason
        )

    def agreed_factors(self, round_ids: Iterable[int] | None = None) -> pd.DataFrame:
        """The factor scores rooms agreed, as a table: round_id, factor_id, agreed (0-4); of every round
        when round_ids is None. Items without an agreed value are left out."""
        query = select(
            consensus.c.round_id, consensus.c.item_id.label("factor_id"), consensus.c.value.label("agreed")
        ).where((consensus.c.kind == ItemKind.FACTOR.value) & consensus.c.value.is_not(None))
        if round_ids is not None:
            query = query.where(consensus.c.round_id.in_(list(round_ids)))
        with self._db.read() as conn:
            frame = to_frame(conn.execute(query))
        frame["agreed"] = pd.to_numeric(frame["agreed"]).astype("float64")
        return frame

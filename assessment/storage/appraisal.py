"""The options appraisal: a round's criterion weights, the Board's and participants' scores, and its mix-and-match hybrids."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Connection, func, insert, select, update

from assessment.models import (
    AppraisalScore,
    CriterionWeight,
    HybridInput,
)
from assessment.storage.database import (
    Database,
    log_event,
    require_open,
    require_round,
    retry_conflicts,
    upsert,
    utc_now,
)
from assessment.storage.rows import (
    HybridRow,
    NotFound,
    StoreError,
    appraisal_scorer,
)
from assessment.storage.schema import (
    appraisal_scores,
    appraisal_weights,
    hybrid_options,
    option_costs,
    participants,
)


def require_unique_hybrid(conn: Connection, round_id: int, name: str, hybrid_id: int | None) -> None:
    query = select(hybrid_options.c.id).where(
        (hybrid_options.c.round_id == round_id) & (func.lower(hybrid_options.c.name) == name.lower())
    )
    clash = conn.execute(query).scalar()
    if clash is not None and clash != hybrid_id:
        raise StoreError(f"This round already has an option called {name!r}; choose another name.")


class AppraisalRepository:
    """Weights, appraisal scores and hybrid options of rounds."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def weights(self, round_id: int) -> dict[str, float]:
        """The round's saved criterion weights (criterion id -> points); empty when none are saved."""
        with self._db.read() as conn:
            rows = conn.execute(select(appraisal_weights).where(appraisal_weights.c.round_id == round_id)).all()
        return {r.criterion_id: float(r.weight) for r in rows}

    @retry_conflicts
    def save_weights(self, round_id: int, weights: Iterable[CriterionWeight], *, actor: str = "facilitator") -> None:
        """Replace the round's criterion weights in one transaction."""
        rows = [
            {"round_id": round_id, "criterion_id": w.criterion_id, "weight": w.weight, "updated_at": utc_now()}
            for w in weights
        ]
        with self._db.write() as conn:
            require_round(conn, round_id)
            conn.execute(appraisal_weights.delete().where(appraisal_weights.c.round_id == round_id))
            if rows:
                conn.execute(insert(appraisal_weights), rows)
            log_event(
                conn,
                round_id,
                actor,
                "appraisal weights saved",
                ", ".join(f"{r['criterion_id']}={r['weight']:g}" for r in rows),
            )

    @retry_conflicts
    def save_scores(
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
        now = utc_now()
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
        with self._db.write() as conn:
            require_round(conn, round_id)
            if participant_id is not None:
                owner = conn.execute(
                    select(participants.c.round_id).where(participants.c.id == participant_id)
                ).scalar()
                if owner != round_id:
                    raise NotFound(f"no participant with id {participant_id} in round {round_id}")
                require_open(conn, round_id)
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
                conn.execute(upsert(conn, appraisal_scores, ["round_id", "scorer", "option_id", "criterion_id"]), kept)
            if participant_id is None:
                log_event(
                    conn, round_id, actor, "appraisal scores saved", f"{len(kept)} scores, {len(cleared)} cleared"
                )
        return len(kept)

    def scores_frame(self, round_id: int) -> pd.DataFrame:
        """The round's appraisal scores as a long table: scorer ('board' or 'p<id>'), participant_id
        (None for the Board), option_id, criterion_id and value (0-4)."""
        columns = ["scorer", "participant_id", "option_id", "criterion_id", "value"]
        query = select(*(appraisal_scores.c[name] for name in columns)).where(appraisal_scores.c.round_id == round_id)
        with self._db.read() as conn:
            frame = pd.DataFrame(conn.execute(query).all(), columns=columns)
        frame["value"] = pd.to_numeric(frame["value"]).astype("float64")
        return frame

    @retry_conflicts
    def add_hybrid(self, round_id: int, hybrid: HybridInput, *, actor: str = "facilitator") -> HybridRow:
        """Save a new mix-and-match option with the round; StoreError if the round already has one of that name."""
        now = utc_now()
        with self._db.write() as conn:
            require_round(conn, round_id)
            require_unique_hybrid(conn, round_id, hybrid.name, None)
            hybrid_id = conn.execute(
                insert(hybrid_options).values(
                    round_id=round_id, name=hybrid.name, choices=dict(hybrid.choices), created_at=now, updated_at=now
                )
            ).inserted_primary_key[0]
            log_event(conn, round_id, actor, "hybrid option saved", hybrid.name)
        return HybridRow(hybrid_id, round_id, hybrid.name, dict(hybrid.choices))

    @retry_conflicts
    def update_hybrid(self, hybrid_id: int, hybrid: HybridInput, *, actor: str = "facilitator") -> HybridRow:
        """Rename a hybrid option or change its choices."""
        with self._db.write() as conn:
            round_id = conn.execute(select(hybrid_options.c.round_id).where(hybrid_options.c.id == hybrid_id)).scalar()
            if round_id is None:
                raise NotFound(f"no hybrid option with id {hybrid_id}")
            require_unique_hybrid(conn, round_id, hybrid.name, hybrid_id)
            conn.execute(
                update(hybrid_options)
                .where(hybrid_options.c.id == hybrid_id)
                .values(name=hybrid.name, choices=dict(hybrid.choices), updated_at=utc_now())
            )
            log_event(conn, round_id, actor, "hybrid option changed", hybrid.name)
        return HybridRow(hybrid_id, round_id, hybrid.name, dict(hybrid.choices))

    @retry_conflicts
    def delete_hybrid(self, hybrid_id: int, *, actor: str = "facilitator") -> None:
        """Remove a hybrid option, every appraisal score given to it and its cost estimate."""
        with self._db.write() as conn:
            row = conn.execute(select(hybrid_options).where(hybrid_options.c.id == hybrid_id)).first()
            if row is None:
                raise NotFound(f"no hybrid option with id {hybrid_id}")
            for table in (appraisal_scores, option_costs):
                conn.execute(
                    table.delete().where(
                        (table.c.round_id == row.round_id) & (table.c.option_id == f"hybrid_{hybrid_id}")
                    )
                )
            conn.execute(hybrid_options.delete().where(hybrid_options.c.id == hybrid_id))
            log_event(conn, row.round_id, actor, "hybrid option deleted", row.name)

    def hybrids(self, round_id: int) -> list[HybridRow]:
        """The round's hybrid options in the order they were saved."""
        query = select(hybrid_options).where(hybrid_options.c.round_id == round_id).order_by(hybrid_options.c.id)
        with self._db.read() as conn:
            rows = conn.execute(query).all()
        return [HybridRow(r.id, r.round_id, r.name, dict(r.choices)) for r in rows]

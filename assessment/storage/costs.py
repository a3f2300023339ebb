"""A round's cost estimates: the partnership's own figures for what each option would cost."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from assessment.models import COST_FIGURES, COST_RANGES, CostEstimate
from assessment.storage.database import Database, log_event, require_round, retry_conflicts, upsert, utc_now
from assessment.storage.schema import option_costs


def _detail(estimate: CostEstimate) -> str:
    """An estimate for the audit trail, as stored: 'targeted: one_off 40000-60000, posts 2-3'."""
    ranges = [
        f"{name} {getattr(estimate, f'{name}_low'):g}-{getattr(estimate, f'{name}_high'):g}"
        for name in COST_RANGES
        if getattr(estimate, f"{name}_low") is not None
    ]
    if estimate.note.strip():
        ranges.append(f"note {estimate.note.strip()[:80]!r}")
    return f"{estimate.option_id}: {', '.join(ranges) or 'removed'}"


class CostsRepository:
    """Cost estimates of rounds' options, one per option."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @retry_conflicts
    def save(self, round_id: int, estimates: Iterable[CostEstimate], *, actor: str = "facilitator") -> None:
        """Save estimates of the round's options in one transaction, each replacing the option's earlier
        one; an empty estimate (no figure, no note) removes it. Every change goes to the audit trail."""
        estimates = list(estimates)
        now = utc_now()
        kept = [
            {"round_id": round_id, "updated_at": now, **estimate.model_dump()}
            for estimate in estimates
            if not estimate.empty
        ]
        with self._db.write() as conn:
            require_round(conn, round_id)
            for estimate in estimates:
                if estimate.empty:
                    conn.execute(
                        option_costs.delete().where(
                            (option_costs.c.round_id == round_id) & (option_costs.c.option_id == estimate.option_id)
                        )
                    )
            if kept:
                conn.execute(upsert(conn, option_costs, ["round_id", "option_id"]), kept)
            for estimate in estimates:
                log_event(conn, round_id, actor, "cost estimate saved", _detail(estimate))

    def for_round(self, round_id: int) -> dict[str, CostEstimate]:
        """The round's estimates by option id (framework options and 'hybrid_<id>'), in option id order."""
        query = select(option_costs).where(option_costs.c.round_id == round_id).order_by(option_costs.c.option_id)
        with self._db.read() as conn:
            rows = conn.execute(query).mappings().all()
        return {
            row["option_id"]: CostEstimate(
                option_id=row["option_id"], note=row["note"], **{name: row[name] for name in COST_FIGURES}
            )
            for row in rows
        }

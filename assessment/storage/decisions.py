"""The Board's decisions on rounds' options, and the bodies that must ratify them.

A decision is never rewritten: recording another for the round supersedes it (the new row names the one
it replaces), so the round's history keeps every earlier decision. Only a ratifying body's status and
date change in place, each change in the audit trail.
"""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from assessment.models import DecisionInput, Ratification
from assessment.storage.database import Database, log_event, require_round, utc_now
from assessment.storage.rows import DecisionRow, NotFound, RatificationRow, StoreError
from assessment.storage.schema import ACTOR_LENGTH, decisions, ratifications


def _ratification_rows(decision_id: int, items: tuple[Ratification, ...]) -> list[dict[str, object]]:
    now = utc_now()
    return [
        {
            "decision_id": decision_id,
            "position": position,
            "body": r.body,
            "status": r.status.value,
            "decided_on": r.on,
            "updated_at": now,
        }
        for position, r in enumerate(items)
    ]


def _ratification_detail(r: Ratification) -> str:
    return f"{r.body}: {r.status.value}" + (f" on {r.on.isoformat()}" if r.on else "")


class DecisionsRepository:
    """Decisions of rounds, oldest first; the round's decision is its newest."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def record(
        self, round_id: int, decision: DecisionInput, option_name: str, *, actor: str = "facilitator"
    ) -> DecisionRow:
        """Record the Board's decision for a round, superseding the round's decision if it has one.
        Checking the option and the round's status is the caller's rule (assessment.decisions)."""
        try:
            with self._db.write() as conn:
                require_round(conn, round_id)
                current = self._current_id(conn, round_id)
                decision_id = conn.execute(
                    insert(decisions).values(
                        round_id=round_id,
                        option_id=decision.option_id,
                        option_name=option_name,
                        decided_on=decision.decided_on,
                        meeting=decision.meeting,
                        resolution=decision.resolution,
                        conditions=decision.conditions,
                        supersedes=current,
                        recorded_at=utc_now(),
                        recorded_by=actor[:ACTOR_LENGTH],
                    )
                ).inserted_primary_key[0]
                if decision.ratifications:
                    conn.execute(insert(ratifications), _ratification_rows(decision_id, decision.ratifications))
                detail = f"{option_name} on {decision.decided_on.isoformat()}"
                if current is not None:
                    detail += f" (supersedes decision {current})"
                log_event(conn, round_id, actor, "decision recorded", detail)
        except IntegrityError as exc:
            raise StoreError(
                "Another decision was recorded for this round at the same moment; reload to see it, then record yours again."
            ) from exc
        return self.get(decision_id)

    def set_ratification(self, decision_id: int, ratification: Ratification, *, actor: str = "facilitator") -> None:
        """Set where one ratifying body has got to (adding the body if the decision did not list it)."""
        with self._db.write() as conn:
            round_id = conn.execute(select(decisions.c.round_id).where(decisions.c.id == decision_id)).scalar()
            if round_id is None:
                raise NotFound(f"no decision with id {decision_id}")
            existing = conn.execute(
                select(ratifications.c.id, ratifications.c.body).where(ratifications.c.decision_id == decision_id)
            ).all()
            match = next((row.id for row in existing if row.body.casefold() == ratification.body.casefold()), None)
            values = {"status": ratification.status.value, "decided_on": ratification.on, "updated_at": utc_now()}
            if match is None:
                row = _ratification_rows(decision_id, (ratification,))[0] | {"position": len(existing)}
                conn.execute(insert(ratifications).values(**row))
            else:
                conn.execute(update(ratifications).where(ratifications.c.id == match).values(**values))
            log_event(conn, round_id, actor, "ratification set", _ratification_detail(ratification))

    def get(self, decision_id: int) -> DecisionRow:
        with self._db.read() as conn:
            found = self._rows(conn, decisions.c.id == decision_id)
        if not found:
            raise NotFound(f"no decision with id {decision_id}")
        return found[0]

    def history(self, round_id: int) -> list[DecisionRow]:
        """Every decision recorded for the round, oldest first (the last is the round's decision)."""
        with self._db.read() as conn:
            return self._rows(conn, decisions.c.round_id == round_id)

    def current(self, round_id: int) -> DecisionRow | None:
        """The round's decision: the one no later decision supersedes; None when none is recorded."""
        history = self.history(round_id)
        return history[-1] if history else None

    @staticmethod
    def _current_id(conn: Connection, round_id: int) -> int | None:
        return conn.execute(
            select(decisions.c.id).where(decisions.c.round_id == round_id).order_by(decisions.c.id.desc()).limit(1)
        ).scalar()

    @staticmethod
    def _rows(conn: Connection, where) -> list[DecisionRow]:  # noqa: ANN001
        rows = conn.execute(select(decisions).where(where).order_by(decisions.c.id)).all()
        if not rows:
            return []
        bodies: dict[int, list[RatificationRow]] = {}
        found = conn.execute(
            select(ratifications)
            .where(ratifications.c.decision_id.in_([r.id for r in rows]))
            .order_by(ratifications.c.decision_id, ratifications.c.position)
        ).all()
        for r in found:
            bodies.setdefault(r.decision_id, []).append(RatificationRow(r.body, r.status, r.decided_on))
        return [
            DecisionRow(
                r.id,
                r.round_id,
                r.option_id,
                r.option_name,
                r.decided_on,
                r.meeting,
                r.resolution,
                r.conditions,
                r.supersedes,
                r.recorded_at,
                r.recorded_by,
                tuple(bodies.get(r.id, ())),
            )
            for r in rows
        ]

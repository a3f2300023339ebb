"""A round's development plan: its actions."""

from __future__ import annotations

from sqlalchemy import insert, select, update

from assessment.models import (
    ActionInput,
    ActionStatus,
)
from assessment.storage.database import (
    Database,
    log_event,
    retry_conflicts,
    utc_now,
)
from assessment.storage.rows import (
    ActionRow,
    NotFound,
    StoreError,
)
from assessment.storage.schema import (
    actions,
)


def action_values(action: ActionInput) -> dict[str, object]:
    values = action.model_dump()
    values["status"] = action.status.value
    values["depends_on"] = list(action.depends_on) or None
    return values


class PlanRepository:
    """Development-plan actions."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @retry_conflicts
    def add(self, round_id: int, action: ActionInput, *, actor: str = "facilitator") -> int:
        """Add a development-plan action to a round; returns its id. A dropped one records a proposal the
        facilitator turned down. StoreError when the plan already has an action of the same rule or step
        (a proposal accepted or dropped twice, as by a double click)."""
        now = utc_now()
        with self._db.write() as conn:
            for column, key in ((actions.c.rule_id, action.rule_id), (actions.c.step_id, action.step_id)):
                if (
                    key
                    and conn.execute(select(actions.c.id).where(actions.c.round_id == round_id, column == key)).first()
                ):
                    raise StoreError(f"the plan already has the proposal '{key}'")
            action_id = conn.execute(
                insert(actions).values(round_id=round_id, created_at=now, updated_at=now, **action_values(action))
            ).inserted_primary_key[0]
            event = "proposal dropped" if action.status == ActionStatus.DROPPED else "action added"
            log_event(conn, round_id, actor, event, action.title[:200])
        return action_id

    @retry_conflicts
    def update(self, action_id: int, action: ActionInput, *, actor: str = "facilitator") -> None:
        """Replace an action's fields."""
        with self._db.write() as conn:
            round_id = conn.execute(select(actions.c.round_id).where(actions.c.id == action_id)).scalar()
            if round_id is None:
                raise NotFound(f"no action with id {action_id}")
            conn.execute(
                update(actions).where(actions.c.id == action_id).values(updated_at=utc_now(), **action_values(action))
            )
            log_event(conn, round_id, actor, "action changed", action.title[:200])

    def for_round(self, round_id: int) -> list[ActionRow]:
        """A round's development-plan actions in the order they were added."""
        with self._db.read() as conn:
            rows = conn.execute(select(actions).where(actions.c.round_id == round_id).order_by(actions.c.id)).all()
        return [
            ActionRow(
                r.id,
                r.round_id,
                r.title,
                r.owner,
                r.due_on,
                r.status,
                r.factor_id,
                r.component_id,
                r.rule_id,
                r.step_id,
                tuple(r.depends_on or ()),
                r.priority,
            )
            for r in rows
        ]

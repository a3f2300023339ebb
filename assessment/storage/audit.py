"""The audit trail: who changed what and when, by role, never by name."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from assessment.storage.database import (
    Database,
    log_event,
)
from assessment.storage.schema import (
    audit,
    rounds,
)


class AuditRepository:
    """Audit events of rounds, areas and the programme."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def log(
        self, event_name: str, detail: str = "", *, actor: str, round_id: int | None = None, area_id: int | None = None
    ) -> None:
        """Add an event to the audit trail (of a round, of a whole area, or of the programme)."""
        with self._db.write() as conn:
            log_event(conn, round_id, actor, event_name, detail, area_id=area_id)

    def record_event(
        self, event: str, *, actor: str, detail: str = "", area_id: int | None = None, round_id: int | None = None
    ) -> None:
        """Add an event of a session to the audit trail, such as a sign-in, a refused access or a download
        (assessment.accounts.AuditEvent), with who did it (Access.actor: the account when signed in)."""
        self.log(event, detail, actor=actor, round_id=round_id, area_id=area_id)

    def programme_events(self, limit: int = 200) -> pd.DataFrame:
        """The newest events of the programme itself (not of one round or area), newest first: at, actor,
        event, detail."""
        query = (
            select(audit.c.at, audit.c.actor, audit.c.event, audit.c.detail)
            .where(audit.c.round_id.is_(None) & audit.c.area_id.is_(None))
            .order_by(audit.c.id.desc())
            .limit(limit)
        )
        with self._db.read() as conn:
            result = conn.execute(query)
            return pd.DataFrame(result.all(), columns=list(result.keys()))

    def for_round(self, round_id: int) -> pd.DataFrame:
        """The round's audit trail with its area's own events (such as a PIN lock), newest first: at,
        actor (a role, never a name), event, detail."""
        area_id = select(rounds.c.area_id).where(rounds.c.id == round_id).scalar_subquery()
        query = (
            select(audit.c.at, audit.c.actor, audit.c.event, audit.c.detail)
            .where((audit.c.round_id == round_id) | ((audit.c.area_id == area_id) & audit.c.round_id.is_(None)))
            .order_by(audit.c.id.desc())
        )
        with self._db.read() as conn:
            result = conn.execute(query)
            return pd.DataFrame(result.all(), columns=list(result.keys()))

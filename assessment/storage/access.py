"""What guards access: the rounds' PIN hashes, counted attempts at a secret, and programme settings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from assessment.access import AttemptPolicy
from assessment.storage.database import (
    Database,
    as_utc,
    insert_ignore,
    log_event,
    require_round,
    upsert,
    utc_now,
)
from assessment.storage.rows import (
    Locked,
)
from assessment.storage.schema import (
    attempts,
    rounds,
    settings,
)


class AccessRepository:
    """PIN hashes, guarded attempts (reserved under a row lock) and settings."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def area_pin_hashes(self, area_id: int) -> list[str]:
        """The PIN hashes of the area's rounds, newest round first (rounds without a PIN are left out)."""
        query = (
            select(rounds.c.pin_hash)
            .where((rounds.c.area_id == area_id) & rounds.c.pin_hash.is_not(None))
            .order_by(rounds.c.held_on.desc(), rounds.c.id.desc())
        )
        with self._db.read() as conn:
            return list(conn.execute(query).scalars())

    def set_round_pin(self, round_id: int, pin_hash: str, *, actor: str) -> None:
        """Give a round a new PIN (a hash made by hash_pin)."""
        with self._db.write() as conn:
            require_round(conn, round_id)
            conn.execute(update(rounds).where(rounds.c.id == round_id).values(pin_hash=pin_hash, updated_at=utc_now()))
            log_event(conn, round_id, actor, "facilitator PIN set")

    def reserve_attempt(self, subject: str, policy: AttemptPolicy, *, now: dt.datetime | None = None) -> None:
        """Count one attempt at the subject BEFORE it is checked, under a row lock, so that however many
        attempts arrive at once no more than policy.max_failures are ever checked per lock period.
        Raises Locked while the subject is locked. Settle the attempt with settle_attempt."""
        now = now or utc_now()
        with self._db.write() as conn:
            conn.execute(insert_ignore(conn, attempts).values(subject=subject, failures=0))
            row = conn.execute(select(attempts).where(attempts.c.subject == subject).with_for_update()).one()
            locked_until, started = as_utc(row.locked_until), as_utc(row.window_started_at)
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
        now = now or utc_now()
        with self._db.write() as conn:
            row = conn.execute(select(attempts).where(attempts.c.subject == subject).with_for_update()).first()
            if row is None:
                return None
            locked_until = as_utc(row.locked_until)
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
        now = now or utc_now()
        with self._db.read() as conn:
            value = conn.execute(select(attempts.c.locked_until).where(attempts.c.subject == subject)).scalar()
        value = as_utc(value)
        return value if value is not None and value > now else None

    def clear_attempts(self, subject: str) -> bool:
        """Forget the subject's failed attempts and lift its lock; True when it was locked."""
        now = utc_now()
        with self._db.write() as conn:
            row = conn.execute(select(attempts).where(attempts.c.subject == subject).with_for_update()).first()
            if row is None:
                return False
            conn.execute(attempts.delete().where(attempts.c.subject == subject))
        locked = as_utc(row.locked_until)
        return locked is not None and locked > now

    def setting(self, key: str) -> str | None:
        """A programme setting's value, or None when it is not set."""
        with self._db.read() as conn:
            return conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar()

    def keep_first_setting(self, key: str, value: str) -> str:
        """Set a programme setting unless it is set already (whoever sets it first wins); returns its value.
        Not audited: for values the server makes itself, such as keys."""
        with self._db.write() as conn:
            conn.execute(insert_ignore(conn, settings).values(key=key, value=value, updated_at=utc_now()))
            return conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar_one()

    def set_setting(self, key: str, value: str, *, actor: str, event_name: str, detail: str = "") -> None:
        """Set a programme setting (recorded in the audit trail as event_name with detail, never the value)."""
        with self._db.write() as conn:
            conn.execute(upsert(conn, settings, ["key"]), [{"key": key, "value": value, "updated_at": utc_now()}])
            log_event(conn, None, actor, event_name, detail)

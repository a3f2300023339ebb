"""Hosted mode's accounts: each address's role and areas; every change goes to the audit trail."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, delete, func, insert, select, update

from assessment.accounts import Account, AuditEvent, Role, check_areas, normalise_email
from assessment.storage.database import Database, log_event, utc_now
from assessment.storage.rows import NotFound, StoreError
from assessment.storage.schema import account_areas, accounts, areas


class LastAdmin(StoreError):
    """The change would leave the programme with no admin."""


def _areas_named(conn: Connection, area_ids: Iterable[int]) -> str:
    ids = sorted(set(area_ids))
    if not ids:
        return "no area"
    names = conn.execute(select(areas.c.name).where(areas.c.id.in_(ids)).order_by(areas.c.name)).scalars()
    return ", ".join(names)


def _described(conn: Connection, role: Role, area_ids: Iterable[int]) -> str:
    return "every area" if role == Role.ADMIN else _areas_named(conn, area_ids)


class AccountsRepository:
    """Accounts (by normalised e-mail address), their role and their areas."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, email: str) -> Account | None:
        """The account of the address (matched trimmed and casefolded); None when there is none, or when
        the text is not an address at all."""
        try:
            address = normalise_email(email)
        except ValueError:
            return None
        with self._db.read() as conn:
            row = conn.execute(select(accounts.c.id, accounts.c.role).where(accounts.c.email == address)).first()
            if row is None:
                return None
            ids = conn.execute(select(account_areas.c.area_id).where(account_areas.c.account_id == row.id)).scalars()
            return Account(address, Role(row.role), frozenset(ids))

    def list(self) -> list[Account]:
        """Every account, by address."""
        with self._db.read() as conn:
            rows = conn.execute(select(accounts.c.id, accounts.c.email, accounts.c.role).order_by(accounts.c.email))
            rows = rows.all()
            links = conn.execute(select(account_areas.c.account_id, account_areas.c.area_id)).all()
        areas_of: dict[int, set[int]] = {}
        for account_id, area_id in links:
            areas_of.setdefault(account_id, set()).add(area_id)
        return [Account(row.email, Role(row.role), frozenset(areas_of.get(row.id, ()))) for row in rows]

    def add(self, email: str, role: Role | str, area_ids: Iterable[int] = (), *, actor: str) -> Account:
        """Add the account, or change its role and areas (an admin's areas are not kept: they have every
        area). ValueError for a text that is not an address or a role; NotFound for an area id that does not
        exist, and ValueError for a lead or viewer with no area; LastAdmin when it would take the programme's only admin's role away. Audited with the actor:
        the role change as such."""
        address = normalise_email(email)
        role = Role(role)
        wanted = frozenset() if role == Role.ADMIN else frozenset(int(area_id) for area_id in area_ids)
        check_areas(role, wanted)
        now = utc_now()
        with self._db.write() as conn:
            known = set(conn.execute(select(areas.c.id).where(areas.c.id.in_(sorted(wanted)))).scalars())
            if missing := sorted(wanted - known):
                raise NotFound(f"no area with id {', '.join(str(area_id) for area_id in missing)}")
            row = conn.execute(
                select(accounts.c.id, accounts.c.role).where(accounts.c.email == address).with_for_update()
            ).first()
            if row is None:
                account_id = conn.execute(
                    insert(accounts).values(email=address, role=role.value, created_at=now, updated_at=now)
                ).inserted_primary_key[0]
                detail = f"{address}: {role.value} of {_described(conn, role, wanted)}"
                log_event(conn, None, actor, AuditEvent.ACCOUNT_ADDED, detail)
            else:
                account_id = row.id
                before = Role(row.role)
                if before == Role.ADMIN and role != Role.ADMIN:
                    self._keep_an_admin(conn, address)
                had = frozenset(
                    conn.execute(select(account_areas.c.area_id).where(account_areas.c.account_id == account_id))
                    .scalars()
                    .all()
                )
                if before != role:
                    conn.execute(
                        update(accounts).where(accounts.c.id == account_id).values(role=role.value, updated_at=now)
                    )
                    detail = f"{address}: {before.value} -> {role.value} of {_described(conn, role, wanted)}"
                    log_event(conn, None, actor, AuditEvent.ROLE_CHANGED, detail)
                elif had != wanted:
                    conn.execute(update(accounts).where(accounts.c.id == account_id).values(updated_at=now))
                    detail = f"{address}: {role.value} of {_described(conn, role, wanted)}"
                    log_event(conn, None, actor, AuditEvent.ACCOUNT_CHANGED, detail)
                conn.execute(delete(account_areas).where(account_areas.c.account_id == account_id))
            if wanted:
                conn.execute(insert(account_areas), [{"account_id": account_id, "area_id": a} for a in sorted(wanted)])
        return Account(address, role, wanted)

    def remove(self, email: str, *, actor: str) -> None:
        """Remove the account (audited with the actor). NotFound when the address has none; LastAdmin when
        it is the programme's only admin."""
        address = normalise_email(email)
        with self._db.write() as conn:
            row = conn.execute(
                select(accounts.c.id, accounts.c.role).where(accounts.c.email == address).with_for_update()
            ).first()
            if row is None:
                raise NotFound(f"no account for {address}")
            if row.role == Role.ADMIN:
                self._keep_an_admin(conn, address)
            conn.execute(delete(accounts).where(accounts.c.id == row.id))
            log_event(conn, None, actor, AuditEvent.ACCOUNT_REMOVED, f"{address}: was {row.role}")

    @staticmethod
    def _keep_an_admin(conn: Connection, address: str) -> None:
        others = conn.execute(
            select(func.count()).where((accounts.c.role == Role.ADMIN.value) & (accounts.c.email != address))
        ).scalar()
        if not others:
            raise LastAdmin(f"{address} is the programme's only admin; make another account admin first")

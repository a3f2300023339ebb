"""Accounts in hosted mode: who has which role over which areas, and what that lets a session open.

The roles:

* A programme admin opens every area, manages people and roles and sets whether named comparison is
  agreed.
* An area lead opens, sets up and runs the rounds of their areas.
* A viewer (a Board member, say) reads their areas' results and changes nothing.

A lead or a viewer sees other areas only as an anonymous benchmark, unless the programme has agreed
named comparison (the setting NAMED_COMPARISON_SETTING, off by default, set by an admin).
Workshop mode (no sign-in) has no accounts: see assessment.access.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assessment.access import Access
    from assessment.storage import Store


class Role(StrEnum):
    ADMIN = "admin"
    LEAD = "lead"
    VIEWER = "viewer"


ROLE_NAMES = {Role.ADMIN: "programme admin", Role.LEAD: "area lead", Role.VIEWER: "viewer"}


def a_role(role: Role) -> str:
    """The role's name with its article: 'a programme admin', 'an area lead', 'a viewer'."""
    name = ROLE_NAMES[role]
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


NAMED_COMPARISON_SETTING = "named_comparison"  # "1": the programme agreed to compare areas by name


class AuditEvent(StrEnum):
    """Events of hosted mode in the audit trail (each with the account as its actor)."""

    SIGNED_IN = "signed in"
    SIGNED_OUT = "signed out"
    ACCESS_REFUSED = "access refused"
    WORKBOOK_DOWNLOADED = "workbook downloaded"
    PAPER_DOWNLOADED = "paper downloaded"
    ACCOUNT_ADDED = "account added"
    ACCOUNT_CHANGED = "account changed"
    ROLE_CHANGED = "role changed"
    ACCOUNT_REMOVED = "account removed"
    NAMED_COMPARISON_SET = "named comparison set"


EMAIL_MAX_LENGTH = 254
_EMAIL = re.compile(r"[^@\s]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*")


@dataclass(frozen=True)
class Account:
    """A person who signs in: their address (normalised), role and the areas the role applies to (an
    admin's areas are every area, whatever is stored)."""

    email: str
    role: Role
    area_ids: frozenset[int]


def normalise_email(text: str) -> str:
    """The address trimmed and casefolded, as accounts are kept and matched. ValueError naming the problem
    when it is not an e-mail address."""
    address = str(text).strip().casefold()
    if not address:
        raise ValueError("The e-mail address is empty.")
    if len(address) > EMAIL_MAX_LENGTH:
        raise ValueError(
            f"The e-mail address is {len(address)} characters long; at most {EMAIL_MAX_LENGTH} are allowed."
        )
    if address.count("@") != 1:
        raise ValueError(f"{address!r} is not an e-mail address: it needs exactly one '@'.")
    if not _EMAIL.fullmatch(address):
        raise ValueError(f"{address!r} is not an e-mail address like name@council.gov.uk.")
    return address


def parse_role(text: str) -> Role:
    """The role named (admin, lead or viewer, any case). ValueError naming the choices otherwise."""
    try:
        return Role(str(text).strip().casefold())
    except ValueError:
        choices = ", ".join(role.value for role in Role)
        raise ValueError(f"{text!r} is not a role; the roles are {choices}.") from None


def check_areas(role: Role, area_ids: frozenset[int]) -> None:
    """ValueError when a lead or viewer is given no area (an admin has every area, so needs none named)."""
    if role != Role.ADMIN and not area_ids:
        raise ValueError(f"{a_role(role).capitalize()} needs at least one area.")


def whom_to_ask(accounts: list[Account], area_ids: frozenset[int]) -> list[str]:
    """Who can change the areas' results, to name to a viewer: the areas' leads, then the programme's admins."""
    leads = [a.email for a in accounts if a.role == Role.LEAD and a.area_ids & area_ids]
    return leads + [a.email for a in accounts if a.role == Role.ADMIN]


def access_for(account: Account, *, named_comparison: bool = False) -> Access:
    """What a session signed in as the account may open: an admin every area; a lead their areas, to read
    and change; a viewer their areas, to read. named_comparison: whether other areas are shown by name."""
    from assessment.access import Access  # access imports Role from here

    if account.role == Role.ADMIN:
        return Access(programme=True, account=account.email, role=account.role, named_comparison=True)
    return Access(
        area_ids=frozenset(account.area_ids),
        account=account.email,
        role=account.role,
        named_comparison=named_comparison,
    )


def named_comparison_agreed(store: Store) -> bool:
    """Whether the programme has agreed that leads and viewers see other areas by name (off until set)."""
    return store.access.setting(NAMED_COMPARISON_SETTING) == "1"


def set_named_comparison(store: Store, agreed: bool, *, actor: str) -> None:
    """Record whether named comparison is agreed (audited with the actor, and whether it is on or off)."""
    store.access.set_setting(
        NAMED_COMPARISON_SETTING,
        "1" if agreed else "0",
        actor=actor,
        event_name=AuditEvent.NAMED_COMPARISON_SET,
        detail="named" if agreed else "anonymous",
    )


def access_of(store: Store, email: str) -> Access | None:
    """What a session signed in with the address may open; None when the address has no account (the
    page then says whom to ask). ValueError when it is not an e-mail address."""
    account = store.accounts.get(email)
    if account is None:
        return None
    return access_for(account, named_comparison=named_comparison_agreed(store))

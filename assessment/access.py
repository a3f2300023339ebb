"""Who may see what, and in workshop mode the guarded secrets that decide it.

In hosted mode a session's Access comes from its account instead (assessment.accounts.access_for): it
names the account and its role, a viewer changes nothing, and other areas may be shown only anonymously.

The rules:

* An anonymous visitor may open only the join page, the About page and the accessibility statement.
* A round's facilitator PIN opens every round of that round's area (reading, and the facilitator's
  changes). Every round has a PIN: one is generated when none is given.
* The programme passphrase (set with `python -m assessment passphrase`, stored as an argon2 hash)
  opens every area, the comparison of areas, new areas, imports of results workbooks and unlocking.
* A PIN is checked against the area's rounds. Every attempt is counted before it is checked, under a
  row lock, so that however many arrive at once at most PIN_POLICY.max_failures wrong PINs of an area
  are ever checked per lock period; the failure that reaches it locks the area's PIN for
  PIN_POLICY.lock. The passphrase, or `python -m assessment unlock AREA`, lifts the lock; a session
  that has already given the PIN keeps its access.
* Passphrase attempts and join or resume codes are limited per server (every process shares the
  database's count), not per browser session: a new session per guess gains nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol, TypeVar

from assessment.accounts import Role


class _HasId(Protocol):
    id: int


T = TypeVar("T", bound=_HasId)


@dataclass(frozen=True)
class AttemptPolicy:
    """How many failed attempts a subject allows, and what happens then.

    window None: failures add up until a success clears them; the failure that reaches max_failures
    locks the subject for `lock`. window set: failures are counted per window (from the first failure);
    reaching max_failures refuses every attempt until the window ends, and a success takes its own
    count back."""

    max_failures: int
    lock: dt.timedelta = dt.timedelta(0)
    window: dt.timedelta | None = None


PIN_POLICY = AttemptPolicy(max_failures=5, lock=dt.timedelta(minutes=15))
PASSPHRASE_POLICY = AttemptPolicy(max_failures=10, window=dt.timedelta(minutes=1))
CODE_POLICY = AttemptPolicy(max_failures=30, window=dt.timedelta(minutes=1))

# The PIN lockout in words, for every screen and help text that states it.
PIN_LOCKOUT = (
    f"After {PIN_POLICY.max_failures} wrong PINs an area's PIN is locked for "
    f"{int(PIN_POLICY.lock.total_seconds() // 60)} minutes"
)

PASSPHRASE_SETTING = "programme_passphrase_hash"
PASSPHRASE_MIN_LENGTH = 12
PASSPHRASE_SUBJECT = "passphrase"
CODE_SUBJECT = "join codes"  # join and resume codes, server-wide
UNKNOWN_AREA_SUBJECT = "unknown area names"  # PINs given for an area that does not exist, server-wide
SERVER_SUBJECTS = (PASSPHRASE_SUBJECT, CODE_SUBJECT, UNKNOWN_AREA_SUBJECT)

PROGRAMME_ACTOR = "programme (passphrase)"
FACILITATOR_ACTOR = "facilitator (PIN)"


def pin_subject(area_id: int) -> str:
    """The name under which an area's wrong PINs are counted."""
    return f"area PIN {area_id}"


@dataclass(frozen=True)
class Access:
    """What one browser session may open: every area (the programme passphrase was given, or an admin
    signed in) or some areas (their PIN was given, or a lead's or viewer's areas). The default, anonymous,
    opens nothing.

    account and role are None in workshop mode. named_comparison: whether areas the session may not open
    are shown by name where areas are compared (True in workshop mode, where comparing needs the
    programme passphrase)."""

    programme: bool = False
    area_ids: frozenset[int] = field(default_factory=frozenset)
    account: str | None = None
    role: Role | None = None
    named_comparison: bool = True

    @property
    def anonymous(self) -> bool:
        """True when the session has given neither a PIN nor the passphrase, and is signed in as no one."""
        return not self.programme and not self.area_ids and self.account is None

    @property
    def admin(self) -> bool:
        """True for a programme admin signed in (who manages people and roles)."""
        return self.role == Role.ADMIN

    @property
    def read_only(self) -> bool:
        """True for a viewer: reads their areas, changes nothing."""
        return self.role == Role.VIEWER

    def may_open(self, area_id: int) -> bool:
        """True when the session may read the area's rounds."""
        return self.programme or area_id in self.area_ids

    def may_change(self, area_id: int) -> bool:
        """True when the session may change the area's rounds: whoever may open them, except a viewer."""
        return not self.read_only and self.may_open(area_id)

    def sees_by_name(self, area_id: int) -> bool:
        """True when the area may be named to this session where areas are compared: its own areas, and
        every area when named comparison is agreed (or the session opens the whole programme)."""
        return self.programme or self.named_comparison or area_id in self.area_ids

    def readable(self, areas: Sequence[T]) -> list[T]:
        """The areas the session may open, in the order given."""
        return [area for area in areas if self.may_open(area.id)]

    def with_area(self, area_id: int) -> Access:
        """This access and one more area."""
        return replace(self, area_ids=self.area_ids | {area_id})

    @property
    def actor(self) -> str:
        """How the audit trail names a change made with this access: the account's address when signed in."""
        if self.account is not None:
            return self.account
        return PROGRAMME_ACTOR if self.programme else FACILITATOR_ACTOR

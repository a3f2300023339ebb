"""Who may see what in workshop mode, and the guarded secrets that decide it.

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
import functools
from dataclasses import dataclass, field

from assessment.store import (
    PIN_LENGTH,
    AreaRow,
    AttemptPolicy,
    Locked,
    NotFound,
    ParticipantRow,
    RoundRow,
    Store,
    hash_pin,
    new_code,
    verify_secret,
)

PIN_POLICY = AttemptPolicy(max_failures=5, lock=dt.timedelta(minutes=15))
PASSPHRASE_POLICY = AttemptPolicy(max_failures=10, window=dt.timedelta(minutes=1))
CODE_POLICY = AttemptPolicy(max_failures=30, window=dt.timedelta(minutes=1))

PASSPHRASE_SETTING = "programme_passphrase_hash"
PASSPHRASE_MIN_LENGTH = 12
PASSPHRASE_SUBJECT = "passphrase"
CODE_SUBJECT = "join codes"  # join and resume codes, server-wide
UNKNOWN_AREA_SUBJECT = "unknown area names"  # PINs given for an area that does not exist, server-wide
SERVER_SUBJECTS = (PASSPHRASE_SUBJECT, CODE_SUBJECT, UNKNOWN_AREA_SUBJECT)

PROGRAMME_ACTOR = "programme (passphrase)"
FACILITATOR_ACTOR = "facilitator (PIN)"


@functools.cache
def _decoy_hash() -> str:
    """A hash no PIN matches, checked when the area named does not exist so that the answer takes as long."""
    return hash_pin(new_code(PIN_LENGTH * 4))


def pin_subject(area_id: int) -> str:
    """The name under which an area's wrong PINs are counted."""
    return f"area PIN {area_id}"


@dataclass(frozen=True)
class Access:
    """What one browser session may open: every area (the programme passphrase was given) or the areas
    whose PIN it gave. The default, anonymous, opens nothing."""

    programme: bool = False
    area_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def anonymous(self) -> bool:
        """True when the session has given neither a PIN nor the passphrase."""
        return not self.programme and not self.area_ids

    def may_open(self, area_id: int) -> bool:
        """True when the session may read and change the area's rounds."""
        return self.programme or area_id in self.area_ids

    def may_change(self, area_id: int) -> bool:
        """True when the session may change the area's rounds (in workshop mode, whoever may open them)."""
        return self.may_open(area_id)

    def readable(self, areas: list[AreaRow] | tuple[AreaRow, ...]) -> list[AreaRow]:
        """The areas the session may open, in the order given."""
        return [area for area in areas if self.may_open(area.id)]

    def with_area(self, area_id: int) -> Access:
        """This access and one more area."""
        return Access(self.programme, self.area_ids | {area_id})

    @property
    def actor(self) -> str:
        """How the audit trail names a change made with this access."""
        return PROGRAMME_ACTOR if self.programme else FACILITATOR_ACTOR


class SignInRefused(Exception):
    """A PIN or passphrase that did not open anything, worded for the person who typed it."""


def sign_in_with_pin(
    store: Store, access: Access, area_name: str, pin: str, *, now: dt.datetime | None = None
) -> Access:
    """The session's access with the named area added, when the PIN is one of that area's rounds' PINs.

    Raises Locked while the area's PIN is locked, and SignInRefused (one message whether the area or the
    PIN was wrong, and as slow, so that area names cannot be probed) otherwise. Names that are no area
    count against a server-wide limit of their own."""
    try:
        area = store.find_area(area_name)
    except NotFound:
        _guarded(store, UNKNOWN_AREA_SUBJECT, PASSPHRASE_POLICY, lambda: verify_secret(_decoy_hash(), pin), now)
        raise SignInRefused("That area and PIN do not match.") from None
    subject = pin_subject(area.id)
    ok, locked_until = _guarded(
        store, subject, PIN_POLICY, lambda: any(verify_secret(h, pin) for h in store.area_pin_hashes(area.id)), now
    )
    if ok:
        return access.with_area(area.id)
    if locked_until is not None:
        store.log("facilitator PIN locked", f"{PIN_POLICY.max_failures} wrong PINs", actor="system", area_id=area.id)
        raise Locked(locked_until)
    raise SignInRefused("That area and PIN do not match.")


def sign_in_with_passphrase(store: Store, access: Access, passphrase: str, *, now: dt.datetime | None = None) -> Access:
    """Programme access, when the passphrase is right; Locked or SignInRefused otherwise."""
    stored = store.setting(PASSPHRASE_SETTING)
    ok, locked_until = _guarded(
        store,
        PASSPHRASE_SUBJECT,
        PASSPHRASE_POLICY,
        lambda: stored is not None and verify_secret(stored, passphrase),
        now,
    )
    if ok:
        return Access(True, access.area_ids)
    if locked_until is not None:
        raise Locked(locked_until)
    if stored is None:
        raise SignInRefused("No programme passphrase has been set on this server, so none can be given.")
    raise SignInRefused("That passphrase is not right.")


def has_passphrase(store: Store) -> bool:
    """True when a programme passphrase has been set."""
    return store.setting(PASSPHRASE_SETTING) is not None


def set_passphrase(store: Store, passphrase: str, *, actor: str) -> None:
    """Store the programme passphrase (hashed); ValueError when it is too short."""
    if len(passphrase.strip()) < PASSPHRASE_MIN_LENGTH:
        raise ValueError(f"the passphrase needs at least {PASSPHRASE_MIN_LENGTH} characters")
    store.set_setting(PASSPHRASE_SETTING, hash_pin(passphrase), actor=actor, event_name="programme passphrase set")


def unlock_area(store: Store, area: AreaRow, *, actor: str) -> bool:
    """Lift the lock on the area's PIN (and forget its wrong PINs); True when it was locked."""
    was_locked = store.clear_attempts(pin_subject(area.id))
    store.log("facilitator PIN unlocked", "", actor=actor, area_id=area.id)
    return was_locked


def area_locked_until(store: Store, area_id: int) -> dt.datetime | None:
    """When the lock on the area's PIN ends, if it is locked now."""
    return store.locked_until(pin_subject(area_id))


def open_join_code(store: Store, code: str, *, now: dt.datetime | None = None) -> RoundRow | None:
    """The round an open join code belongs to, or None; Locked while the server refuses codes."""
    found: list[RoundRow] = []

    def check() -> bool:
        row = store.find_round_by_code(code)
        if row is not None and row.status.value == "open":
            found.append(row)
        return bool(found)

    ok, _locked = _guarded(store, CODE_SUBJECT, CODE_POLICY, check, now)
    return found[0] if ok else None


def open_resume_code(
    store: Store, code: str, join_code: str | None = None, *, now: dt.datetime | None = None
) -> ParticipantRow | None:
    """The participant a resume code belongs to (within the join code's round, when given), or None;
    Locked while the server refuses codes."""
    found: list[ParticipantRow] = []

    def check() -> bool:
        round_id = None
        if join_code:
            row = store.find_round_by_code(join_code)
            if row is None:
                return False
            round_id = row.id
        participant = store.resume(code, round_id)
        if participant is not None:
            found.append(participant)
        return bool(found)

    ok, _locked = _guarded(store, CODE_SUBJECT, CODE_POLICY, check, now)
    return found[0] if ok else None


def _guarded(
    store: Store,
    subject: str,
    policy: AttemptPolicy,
    check,
    now: dt.datetime | None = None,  # noqa: ANN001
) -> tuple[bool, dt.datetime | None]:
    """Run check() as one counted attempt at subject: (succeeded, locked until after a failure).
    Raises Locked, without running check, while the subject is locked."""
    store.reserve_attempt(subject, policy, now=now)
    ok = bool(check())
    return ok, store.settle_attempt(subject, ok, policy, now=now)

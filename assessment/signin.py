"""Signing in: checking a PIN, the passphrase or a code as one counted attempt (see assessment.access)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import re
import secrets

from assessment.access import (
    CODE_POLICY,
    CODE_SUBJECT,
    PASSPHRASE_MIN_LENGTH,
    PASSPHRASE_POLICY,
    PASSPHRASE_SETTING,
    PASSPHRASE_SUBJECT,
    PIN_POLICY,
    UNKNOWN_AREA_SUBJECT,
    Access,
    AttemptPolicy,
    pin_subject,
)
from assessment.storage import (
    PIN_LENGTH,
    AreaRow,
    Locked,
    NotFound,
    ParticipantRow,
    RoundRow,
    Store,
    hash_pin,
    new_code,
    verify_secret,
)

SIGN_IN_KEY_SETTING = "sign_in_key"  # the server's key that signs what a browser keeps of a sign-in
REMEMBER_SIGN_IN = dt.timedelta(hours=12)  # a workshop day: a reload within it asks for nothing again
_TOKEN = re.compile(r"(?P<programme>[01])\.(?P<areas>\d+(?:-\d+)*|)\.(?P<until>\d{1,12})\.(?P<signature>[0-9a-f]{64})")


@functools.cache
def _decoy_hash() -> str:
    """A hash no PIN matches, checked when the area named does not exist so that the answer takes as long."""
    return hash_pin(new_code(PIN_LENGTH * 4))


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
        area = store.rounds.find_area(area_name)
    except NotFound:
        _guarded(store, UNKNOWN_AREA_SUBJECT, PASSPHRASE_POLICY, lambda: verify_secret(_decoy_hash(), pin), now)
        raise SignInRefused("That area and PIN do not match.") from None
    subject = pin_subject(area.id)
    ok, locked_until = _guarded(
        store,
        subject,
        PIN_POLICY,
        lambda: any(verify_secret(h, pin) for h in store.access.area_pin_hashes(area.id)),
        now,
    )
    if ok:
        return access.with_area(area.id)
    if locked_until is not None:
        store.audit.log(
            "facilitator PIN locked", f"{PIN_POLICY.max_failures} wrong PINs", actor="system", area_id=area.id
        )
        raise Locked(locked_until)
    raise SignInRefused("That area and PIN do not match.")


def sign_in_with_passphrase(store: Store, access: Access, passphrase: str, *, now: dt.datetime | None = None) -> Access:
    """Programme access, when the passphrase is right; Locked or SignInRefused otherwise."""
    stored = store.access.setting(PASSPHRASE_SETTING)
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
    return store.access.setting(PASSPHRASE_SETTING) is not None


def set_passphrase(store: Store, passphrase: str, *, actor: str) -> None:
    """Store the programme passphrase (hashed); ValueError when it is too short."""
    if len(passphrase.strip()) < PASSPHRASE_MIN_LENGTH:
        raise ValueError(f"the passphrase needs at least {PASSPHRASE_MIN_LENGTH} characters")
    store.access.set_setting(
        PASSPHRASE_SETTING, hash_pin(passphrase), actor=actor, event_name="programme passphrase set"
    )


def unlock_area(store: Store, area: AreaRow, *, actor: str) -> bool:
    """Lift the lock on the area's PIN (and forget its wrong PINs); True when it was locked."""
    was_locked = store.access.clear_attempts(pin_subject(area.id))
    store.audit.log("facilitator PIN unlocked", "", actor=actor, area_id=area.id)
    return was_locked


def area_locked_until(store: Store, area_id: int) -> dt.datetime | None:
    """When the lock on the area's PIN ends, if it is locked now."""
    return store.access.locked_until(pin_subject(area_id))


def open_join_code(store: Store, code: str, *, now: dt.datetime | None = None) -> RoundRow | None:
    """The round an open join code belongs to, or None; Locked while the server refuses codes."""
    found: list[RoundRow] = []

    def check() -> bool:
        row = store.rounds.find_round_by_code(code)
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
            row = store.rounds.find_round_by_code(join_code)
            if row is None:
                return False
            round_id = row.id
        participant = store.responses.resume(code, round_id)
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
    store.access.reserve_attempt(subject, policy, now=now)
    ok = bool(check())
    return ok, store.access.settle_attempt(subject, ok, policy, now=now)


def remembered_sign_in(store: Store, access: Access, *, now: dt.datetime | None = None) -> str:
    """What a browser keeps so that a reload stays signed in: the access and when it ends
    (REMEMBER_SIGN_IN from now), signed with the server's key, e.g. '0.3-5.1796000000.<64 hex>'."""
    until = int(((now or dt.datetime.now(dt.UTC)) + REMEMBER_SIGN_IN).timestamp())
    body = f"{int(access.programme)}.{'-'.join(str(a) for a in sorted(access.area_ids))}.{until}"
    return f"{body}.{_signature(store, body)}"


def access_from_sign_in(store: Store, token: str | None, *, now: dt.datetime | None = None) -> Access | None:
    """The access a kept sign-in gives, or None when it is missing, damaged, forged or out of date."""
    match = _TOKEN.fullmatch(token) if isinstance(token, str) else None
    if match is None:
        return None
    body = token.rsplit(".", 1)[0]
    if not hmac.compare_digest(_signature(store, body), match["signature"]):
        return None
    if int(match["until"]) <= (now or dt.datetime.now(dt.UTC)).timestamp():
        return None
    areas = frozenset(int(a) for a in match["areas"].split("-") if a)
    access = Access(match["programme"] == "1", areas)
    return None if access.anonymous else access


def _signature(store: Store, body: str) -> str:
    key = store.access.setting(SIGN_IN_KEY_SETTING)
    if key is None:
        # Whoever makes the key first wins: two processes signing their first sign-in at once agree on it.
        key = store.access.keep_first_setting(SIGN_IN_KEY_SETTING, secrets.token_hex(32))
    return hmac.new(key.encode(), body.encode(), hashlib.sha256).hexdigest()

"""Who may open what in workshop mode: PINs open their area, the passphrase opens everything, and every
guarded secret is counted per server, under a lock, whatever the concurrency (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import insert

from assessment import signin as access_module
from assessment.access import CODE_POLICY, PIN_POLICY, Access
from assessment.models import RoundInput, RoundStatus
from assessment.signin import (
    SignInRefused,
    area_locked_until,
    open_join_code,
    open_resume_code,
    set_passphrase,
    sign_in_with_passphrase,
    sign_in_with_pin,
    unlock_area,
)
from assessment.storage import Locked, StoreError
from assessment.storage.schema import rounds

NOW = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)
ANYONE = Access()


def _round(store, area="Testshire", pin="1357", held_on=dt.date(2026, 3, 1)):
    return store.rounds.open_round(RoundInput(area=area, held_on=held_on, title="Workshop", pin=pin), "2026.1")


def test_a_pin_of_any_round_opens_every_round_of_its_area_and_no_other(store):
    older = _round(store, pin="1111", held_on=dt.date(2025, 3, 1))
    _round(store, pin="2222")
    other = _round(store, area="Otherby", pin="3333")
    granted = sign_in_with_pin(store, ANYONE, "testshire", "1111")
    assert granted.may_open(older.area_id)
    assert not granted.may_open(other.area_id)
    assert not granted.programme
    with pytest.raises(SignInRefused, match="That area and PIN do not match"):
        sign_in_with_pin(store, ANYONE, "Testshire", "3333")  # Otherby's PIN does not open Testshire


def test_a_round_stored_without_a_pin_admits_no_pin(store):
    """Finding 3: a round with no hash (an old import) used to admit any PIN at all."""
    area = store.rounds.ensure_area("Nopinshire")
    with store.engine.begin() as conn:
        conn.execute(
            insert(rounds).values(
                area_id=area.id,
                title="",
                held_on=dt.date(2026, 1, 1),
                status="open",
                framework_version="2026.1",
                join_code="NOPIN2",
                pin_hash=None,
                priority_areas=[],
                pin_failures=0,
                created_at=NOW,
                updated_at=NOW,
            )
        )
    for guess in ("", "0000", "anything"):
        with pytest.raises(SignInRefused):
            sign_in_with_pin(store, ANYONE, "Nopinshire", guess, now=NOW)


def test_a_round_cannot_be_opened_without_a_pin(store):
    with pytest.raises(StoreError, match="needs a facilitator PIN"):
        _round(store, pin=None)


def test_an_unknown_area_is_refused_with_the_same_words_as_a_wrong_pin(store):
    _round(store)
    with pytest.raises(SignInRefused) as unknown:
        sign_in_with_pin(store, ANYONE, "Nowhere", "1357")
    with pytest.raises(SignInRefused) as wrong:
        sign_in_with_pin(store, ANYONE, "Testshire", "9999")
    assert str(unknown.value) == str(wrong.value)


def test_five_wrong_pins_lock_the_area_for_fifteen_minutes(store):
    row = _round(store)
    assert sign_in_with_pin(store, ANYONE, "Testshire", "1357", now=NOW).may_open(row.area_id)
    for _ in range(4):
        with pytest.raises(SignInRefused):
            sign_in_with_pin(store, ANYONE, "Testshire", "0000", now=NOW)
    with pytest.raises(Locked) as fifth:  # the fifth wrong PIN is checked, and locks
        sign_in_with_pin(store, ANYONE, "Testshire", "0000", now=NOW)
    assert fifth.value.until == NOW + dt.timedelta(minutes=15)
    with pytest.raises(Locked):  # even the right PIN is not checked while locked
        sign_in_with_pin(store, ANYONE, "Testshire", "1357", now=NOW + dt.timedelta(minutes=14))
    assert sign_in_with_pin(store, ANYONE, "Testshire", "1357", now=NOW + dt.timedelta(minutes=16)).may_open(
        row.area_id
    )


def test_the_right_pin_clears_the_count_of_wrong_ones(store):
    _round(store)
    for _ in range(4):
        with pytest.raises(SignInRefused):
            sign_in_with_pin(store, ANYONE, "Testshire", "0000", now=NOW)
    sign_in_with_pin(store, ANYONE, "Testshire", "1357", now=NOW)
    for _ in range(4):  # four more wrong ones do not lock: the count started again
        with pytest.raises(SignInRefused):
            sign_in_with_pin(store, ANYONE, "Testshire", "0000", now=NOW)


@pytest.mark.parametrize("guesses", [40])
def test_forty_simultaneous_wrong_pins_are_checked_at_most_five_times(store, monkeypatch, guesses):
    """Finding 4: on PostgreSQL the failure count was read, then written, without a lock."""
    _round(store)
    checked = []
    real_verify = access_module.verify_secret

    def counting_verify(secret_hash, secret):
        checked.append(secret)
        return real_verify(secret_hash, secret)

    monkeypatch.setattr(access_module, "verify_secret", counting_verify)
    start = threading.Barrier(guesses)
    outcomes: list[str] = []

    def guess(number: int) -> None:
        start.wait()
        try:
            sign_in_with_pin(store, ANYONE, "Testshire", f"wrong{number}")
            outcomes.append("admitted")
        except SignInRefused:
            outcomes.append("refused")
        except Locked:
            outcomes.append("locked")
        except Exception as exc:  # noqa: BLE001 - any other failure is a finding of its own
            outcomes.append(f"error {exc!r}")

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) == PIN_POLICY.max_failures == 5
    assert set(outcomes) <= {"locked", "refused"}, outcomes
    # 35 were refused unchecked; the five checked ones say "locked" when the lock came before they finished
    assert outcomes.count("locked") >= guesses - 5


def test_the_passphrase_opens_every_area_and_lifts_a_lock_that_anyone_could_cause(store):
    """Finding 5: five wrong PINs from anyone locked the facilitator out, again and again."""
    row = _round(store)
    set_passphrase(store, "a long programme passphrase", actor="test")
    for _ in range(5):
        with pytest.raises((SignInRefused, Locked)):
            sign_in_with_pin(store, ANYONE, "Testshire", "0000")
    assert area_locked_until(store, row.area_id) is not None
    programme = sign_in_with_passphrase(store, ANYONE, "a long programme passphrase")
    assert programme.programme and programme.may_open(row.area_id)
    assert unlock_area(store, store.rounds.find_area("Testshire"), actor=programme.actor)
    assert area_locked_until(store, row.area_id) is None
    assert sign_in_with_pin(store, ANYONE, "Testshire", "1357").may_open(row.area_id)
    events = store.audit.for_round(row.id)["event"].tolist()
    assert events[:2] == ["facilitator PIN unlocked", "facilitator PIN locked"]


def test_a_wrong_or_unset_passphrase_is_refused(store):
    with pytest.raises(SignInRefused, match="No programme passphrase has been set"):
        sign_in_with_passphrase(store, ANYONE, "anything at all here")
    with pytest.raises(ValueError, match="at least 12 characters"):
        set_passphrase(store, "short", actor="test")
    set_passphrase(store, "a long programme passphrase", actor="test")
    with pytest.raises(SignInRefused, match="not right"):
        sign_in_with_passphrase(store, ANYONE, "a wrong programme passphrase")


def test_join_codes_are_limited_per_server_not_per_browser_session(store):
    """Finding 8: a fresh browser session per guess made 65 guesses a second, never slowed. Each call
    here is what a fresh session does: nothing about the caller is remembered between calls."""
    row = _round(store)
    for number in range(CODE_POLICY.max_failures):
        assert open_join_code(store, f"WRONG{number}", now=NOW) is None
    with pytest.raises(Locked) as refused:  # every code is refused for the rest of the minute, the right one too
        open_join_code(store, row.join_code, now=NOW + dt.timedelta(seconds=30))
    assert refused.value.until == NOW + dt.timedelta(minutes=1)
    with pytest.raises(Locked):
        open_resume_code(store, "ABCDEFGHJK", now=NOW + dt.timedelta(seconds=30))
    assert open_join_code(store, row.join_code, now=NOW + dt.timedelta(seconds=61)).id == row.id


def test_right_join_codes_do_not_count_against_the_server(store):
    row = _round(store)
    for _ in range(CODE_POLICY.max_failures * 2):
        assert open_join_code(store, row.join_code, now=NOW).id == row.id


def test_a_closed_rounds_join_code_opens_nothing(store):
    row = _round(store)
    store.rounds.set_status(row.id, RoundStatus.CLOSED)
    assert open_join_code(store, row.join_code, now=NOW) is None

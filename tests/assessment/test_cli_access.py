"""The command line's part in access: every round gets a PIN, the passphrase is set hashed, and a
locked area is unlocked, all run as a user would (python -m assessment ...)."""

from __future__ import annotations

import json

import pytest

from assessment.access import Access
from assessment.sample import SAMPLE_PASSPHRASE
from assessment.signin import SignInRefused, area_locked_until, sign_in_with_passphrase, sign_in_with_pin
from assessment.storage import CODE_ALPHABET, Locked, Store
from tests.assessment.test_cli import _cli


@pytest.fixture
def demo_database(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    loaded = _cli("demo", database=url)
    assert loaded.returncode == 0, loaded.stderr
    assert f"The programme passphrase is '{SAMPLE_PASSPHRASE}'" in loaded.stdout
    return url


def test_open_round_without_a_pin_generates_one_prints_it_once_and_it_opens_the_area(demo_database):
    """Finding 3: `open-round` without --pin made a round that any PIN opened."""
    result = _cli("open-round", "Pinless Place", "--date", "2026-12-01", "--json", database=demo_database)
    assert result.returncode == 0, result.stderr
    opened = json.loads(result.stdout)
    pin = opened["pin"]
    assert len(pin) == 8 and set(pin) <= set(CODE_ALPHABET)
    store = Store(demo_database)
    try:
        with pytest.raises(SignInRefused):
            sign_in_with_pin(store, Access(), "Pinless Place", "")
        area = store.rounds.find_area("Pinless Place")
        assert sign_in_with_pin(store, Access(), "Pinless Place", pin).may_open(area.id)
    finally:
        store.dispose()
    text = _cli("open-round", "Pinless Place", "--date", "2026-12-02", database=demo_database)
    assert "Facilitator PIN: " in text.stdout and "shown only this once" in text.stdout


def test_a_pin_given_on_the_command_line_is_not_printed_back(demo_database):
    result = _cli("open-round", "Chosen Pin", "--pin", "97531", "--json", database=demo_database)
    assert json.loads(result.stdout)["pin"] is None and "97531" not in result.stdout


def test_passphrase_is_set_from_stdin_and_stored_hashed(demo_database):
    result = _cli("passphrase", "--stdin", database=demo_database, stdin="our own programme phrase\n")
    assert result.returncode == 0, result.stderr
    store = Store(demo_database)
    try:
        assert sign_in_with_passphrase(store, Access(), "our own programme phrase").programme
        with pytest.raises(SignInRefused):
            sign_in_with_passphrase(store, Access(), SAMPLE_PASSPHRASE)
        assert "our own programme phrase" not in str(store.access.setting("programme_passphrase_hash"))
    finally:
        store.dispose()
    short = _cli("passphrase", "--stdin", database=demo_database, stdin="short\n")
    assert short.returncode == 1 and short.stderr.strip() == (
        "error: the passphrase needs at least 12 characters; nothing was changed"
    )


def test_unlock_lifts_an_areas_pin_lock(demo_database):
    store = Store(demo_database)
    try:
        area = store.rounds.find_area("Ashvale")
        for _ in range(5):
            with pytest.raises((SignInRefused, Locked)):
                sign_in_with_pin(store, Access(), "Ashvale", "0000")
        assert area_locked_until(store, area.id) is not None
        round_id = store.rounds.list_rounds(area.id)[0].id
        result = _cli("unlock", "Ashvale", "--round", str(round_id), database=demo_database)
        assert result.returncode == 0, result.stderr
        assert "was locked and is now unlocked" in result.stdout
        assert area_locked_until(store, area.id) is None
        assert sign_in_with_pin(store, Access(), "Ashvale", "2468").may_open(area.id)
    finally:
        store.dispose()
    wrong_round = _cli("unlock", "Ashvale", "--round", "9999", database=demo_database)
    assert wrong_round.returncode == 1 and len(wrong_round.stderr.strip().splitlines()) == 1
    assert _cli("unlock", database=demo_database).returncode == 2

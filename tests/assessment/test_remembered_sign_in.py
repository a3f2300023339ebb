"""What a browser keeps of a sign-in, so that a reload within a workshop day asks for nothing again."""

from __future__ import annotations

import datetime as dt

from assessment.access import Access
from assessment.signin import REMEMBER_SIGN_IN, access_from_sign_in, remembered_sign_in

NOW = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)


def test_a_kept_sign_in_gives_back_the_same_areas_until_twelve_hours_later(store):
    token = remembered_sign_in(store, Access(False, frozenset({5, 3})), now=NOW)
    # 1 March 2026 22:00 UTC is 1 772 402 400 seconds after 1970.
    assert token.startswith("0.3-5.1772402400.")
    assert dt.timedelta(hours=12) == REMEMBER_SIGN_IN
    assert access_from_sign_in(store, token, now=NOW + dt.timedelta(hours=11, minutes=59)) == Access(
        False, frozenset({3, 5})
    )
    assert access_from_sign_in(store, token, now=NOW + dt.timedelta(hours=12)) is None


def test_the_programme_passphrase_is_kept_too(store):
    token = remembered_sign_in(store, Access(True, frozenset()), now=NOW)
    assert access_from_sign_in(store, token, now=NOW) == Access(True, frozenset())


def test_a_changed_area_or_a_later_end_is_refused(store):
    token = remembered_sign_in(store, Access(False, frozenset({3})), now=NOW)
    programme, areas, until, signature = token.split(".")
    assert access_from_sign_in(store, f"1.{areas}.{until}.{signature}", now=NOW) is None
    assert access_from_sign_in(store, f"{programme}.4.{until}.{signature}", now=NOW) is None
    assert access_from_sign_in(store, f"{programme}.{areas}.{int(until) + 3600}.{signature}", now=NOW) is None


def test_nothing_or_rubbish_gives_no_access(store):
    for token in (None, "", "0..1772402400." + "0" * 64, "admin", "1.2.3.<script>"):
        assert access_from_sign_in(store, token, now=NOW) is None


def test_two_processes_making_the_first_key_at_once_agree_on_it(tmp_path):
    """Two stores (two app processes) on one database: each finds no key; the first to store one wins and
    the other's sign-in is still accepted by both."""
    from assessment.access import Access
    from assessment.signin import access_from_sign_in, remembered_sign_in
    from assessment.storage import Store

    url = f"sqlite:///{tmp_path / 'shared.db'}"
    first, second = Store(url), Store(url)
    first_kept = remembered_sign_in(first, Access(programme=True))
    # The second process read the setting before the first stored its key: it too finds none.
    real_setting = second.access.setting
    second.access.setting = lambda key: None if key == "sign_in_key" else real_setting(key)
    second_kept = remembered_sign_in(second, Access(programme=True))
    assert access_from_sign_in(second, first_kept) == Access(programme=True)
    assert access_from_sign_in(first, second_kept) == Access(programme=True)

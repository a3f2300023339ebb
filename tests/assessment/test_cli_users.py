"""python -m assessment users and comparison: accounts and the named-comparison setting from the command line."""

from __future__ import annotations

import json

import pytest

from assessment.__main__ import main
from assessment.accounts import Account, Role
from assessment.storage import Store


@pytest.fixture
def database(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'users.db'}"
    store = Store(url)
    for name in ("Brookmere", "Calderwick", "Dunmoor"):
        store.rounds.ensure_area(name)
    store.dispose()
    return url


def _run(capsys, database: str, *args: str) -> tuple[int, str, str]:
    try:
        status = main(["--database", database, *args])
    except SystemExit as exc:  # argparse refusing an argument
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


def _accounts(database: str) -> list[Account]:
    store = Store(database)
    try:
        return store.accounts.list()
    finally:
        store.dispose()


def test_the_first_admin_is_added_from_the_command_line_then_leads_and_viewers(capsys, database):
    assert _run(capsys, database, "users", "list")[1] == (
        "No accounts yet. Add the first admin with: python -m assessment users add EMAIL --role admin\n"
    )
    assert _run(capsys, database, "users", "add", " Admin@Programme.org", "--role", "admin") == (
        0,
        "admin@programme.org is a programme admin (every area).\n",
        "",
    )
    status, out, _ = _run(
        capsys,
        database,
        "users",
        "add",
        "jo@brookmere.gov.uk",
        "--role",
        "LEAD",
        "--area",
        "dunmoor ",
        "--area",
        "Brookmere",
    )
    assert (status, out) == (0, "jo@brookmere.gov.uk is an area lead of Brookmere, Dunmoor.\n")
    _run(capsys, database, "users", "add", "board@brookmere.gov.uk", "--role", "viewer", "--area", "Brookmere")
    assert _run(capsys, database, "users", "list")[1] == (
        "admin@programme.org is a programme admin (every area)\n"
        "board@brookmere.gov.uk is a viewer of Brookmere\n"
        "jo@brookmere.gov.uk is an area lead of Brookmere, Dunmoor\n"
    )
    assert json.loads(_run(capsys, database, "users", "list", "--json")[1]) == [
        {"email": "admin@programme.org", "role": "admin", "areas": []},
        {"email": "board@brookmere.gov.uk", "role": "viewer", "areas": ["Brookmere"]},
        {"email": "jo@brookmere.gov.uk", "role": "lead", "areas": ["Brookmere", "Dunmoor"]},
    ]
    assert _run(capsys, database, "users", "remove", "Board@Brookmere.gov.uk") == (
        0,
        "The account board@brookmere.gov.uk was removed.\n",
        "",
    )
    assert [account.email for account in _accounts(database)] == ["admin@programme.org", "jo@brookmere.gov.uk"]


def test_an_unknown_area_is_named_and_nothing_is_changed(capsys, database):
    _run(capsys, database, "users", "add", "jo@x.org", "--role", "viewer", "--area", "Brookmere")
    status, _, err = _run(
        capsys, database, "users", "add", "jo@x.org", "--role", "lead", "--area", "Calderwick", "--area", "brook"
    )
    assert status == 1
    assert err == "error: there is no area called 'brook'; did you mean 'Brookmere'? Nothing was changed.\n"
    status, _, err = _run(capsys, database, "users", "add", "new@x.org", "--role", "lead", "--area", "Zetland")
    assert (status, err) == (1, "error: there is no area called 'Zetland'. Nothing was changed.\n")
    assert _accounts(database) == [Account("jo@x.org", Role.VIEWER, frozenset({1}))]


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (
            ("users", "add", "jo", "--role", "admin"),
            1,
            "error: 'jo' is not an e-mail address: it needs exactly one '@'.",
        ),
        (("users", "add", "jo@x.org", "--role", "lead"), 1, "error: An area lead needs at least one area."),
        (("users", "add", "jo@x.org", "--role", "admin", "--area", "Dunmoor"), 2, "error: an admin has every area"),
        (
            ("users", "add", "jo@x.org", "--role", "chair"),
            2,
            "'chair' is not a role; the roles are admin, lead, viewer.",
        ),
        (("users", "remove", "nobody@x.org"), 1, "error: no account for nobody@x.org"),
    ],
)
def test_bad_input_is_refused_in_one_line_and_changes_nothing(capsys, database, args, status, message):
    result = _run(capsys, database, *args)
    assert result[0] == status
    assert message in result[2]
    assert _accounts(database) == []


def test_the_only_admin_is_not_removed(capsys, database):
    _run(capsys, database, "users", "add", "admin@x.org", "--role", "admin")
    status, _, err = _run(capsys, database, "users", "remove", "admin@x.org")
    assert (status, err) == (1, "error: admin@x.org is the programme's only admin; make another account admin first\n")


def test_named_comparison_is_off_until_set_and_set_either_way(capsys, database):
    anonymous = "Areas are compared anonymously: area leads and viewers see other areas as Area A, Area B ...\n"
    named = "Named comparison is agreed: area leads and viewers see every area by name.\n"
    assert _run(capsys, database, "comparison")[1] == anonymous
    assert _run(capsys, database, "comparison", "named")[1] == named
    assert _run(capsys, database, "comparison")[1] == named
    assert _run(capsys, database, "comparison", "anonymous")[1] == anonymous

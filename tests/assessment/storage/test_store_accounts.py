"""store.accounts: accounts kept by address with their role and areas; every change audited."""

from __future__ import annotations

import pytest

from assessment.accounts import (
    Account,
    AuditEvent,
    Role,
    access_of,
    named_comparison_agreed,
    set_named_comparison,
)
from assessment.storage import LastAdmin, NotFound, Store


def _events(store: Store) -> list[tuple[str, str, str]]:
    frame = store.audit.programme_events()
    return list(zip(frame["actor"], frame["event"], frame["detail"], strict=True))[::-1]


def test_an_account_is_added_listed_changed_and_removed_with_each_change_audited(store):
    barnet = store.rounds.ensure_area("Barnet")
    wirral = store.rounds.ensure_area("Wirral")
    store.accounts.add("admin@programme.org", Role.ADMIN, actor="command line")
    added = store.accounts.add(" Lead@Barnet.gov.uk ", "viewer", [barnet.id], actor="admin@programme.org")
    assert added == Account("lead@barnet.gov.uk", Role.VIEWER, frozenset({barnet.id}))
    store.accounts.add("lead@barnet.gov.uk", Role.LEAD, [barnet.id, wirral.id], actor="admin@programme.org")
    store.accounts.add("lead@barnet.gov.uk", Role.LEAD, [wirral.id], actor="admin@programme.org")
    store.accounts.add("lead@barnet.gov.uk", Role.LEAD, [wirral.id], actor="admin@programme.org")  # no change
    assert store.accounts.get("LEAD@barnet.gov.uk") == Account("lead@barnet.gov.uk", Role.LEAD, frozenset({wirral.id}))
    assert [account.email for account in store.accounts.list()] == ["admin@programme.org", "lead@barnet.gov.uk"]
    store.accounts.remove("lead@barnet.gov.uk", actor="admin@programme.org")
    assert store.accounts.get("lead@barnet.gov.uk") is None
    assert _events(store) == [
        ("command line", AuditEvent.ACCOUNT_ADDED, "admin@programme.org: admin of every area"),
        ("admin@programme.org", AuditEvent.ACCOUNT_ADDED, "lead@barnet.gov.uk: viewer of Barnet"),
        ("admin@programme.org", AuditEvent.ROLE_CHANGED, "lead@barnet.gov.uk: viewer -> lead of Barnet, Wirral"),
        ("admin@programme.org", AuditEvent.ACCOUNT_CHANGED, "lead@barnet.gov.uk: lead of Wirral"),
        ("admin@programme.org", AuditEvent.ACCOUNT_REMOVED, "lead@barnet.gov.uk: was lead"),
    ]


def test_an_admin_keeps_no_areas_and_a_bad_address_or_area_changes_nothing(store):
    barnet = store.rounds.ensure_area("Barnet")
    assert store.accounts.add("a@x.org", Role.ADMIN, [barnet.id], actor="t").area_ids == frozenset()
    with pytest.raises(ValueError, match="exactly one '@'"):
        store.accounts.add("nobody", Role.LEAD, [barnet.id], actor="t")
    with pytest.raises(NotFound, match="no area with id 999"):
        store.accounts.add("b@x.org", Role.LEAD, [barnet.id, 999], actor="t")
    with pytest.raises(ValueError):
        store.accounts.add("b@x.org", "chair", [barnet.id], actor="t")
    with pytest.raises(ValueError, match="A viewer needs at least one area"):
        store.accounts.add("b@x.org", Role.VIEWER, [], actor="t")
    assert [account.email for account in store.accounts.list()] == ["a@x.org"]
    assert store.accounts.get("not an address") is None
    with pytest.raises(NotFound, match="no account for b@x.org"):
        store.accounts.remove("b@x.org", actor="t")


def test_the_only_admin_can_be_neither_removed_nor_demoted(store):
    barnet = store.rounds.ensure_area("Barnet")
    store.accounts.add("a@x.org", Role.ADMIN, actor="t")
    with pytest.raises(LastAdmin, match="a@x.org is the programme's only admin"):
        store.accounts.remove("a@x.org", actor="t")
    with pytest.raises(LastAdmin):
        store.accounts.add("a@x.org", Role.VIEWER, [barnet.id], actor="t")
    store.accounts.add("b@x.org", Role.ADMIN, actor="t")
    store.accounts.remove("a@x.org", actor="b@x.org")
    assert [account.email for account in store.accounts.list()] == ["b@x.org"]


def test_an_area_removed_leaves_every_account_and_an_area_merged_passes_its_roles_on(store):
    barnet = store.rounds.ensure_area("Barnet")
    wirral = store.rounds.ensure_area("Wirral")
    empty = store.rounds.ensure_area("Emptyshire")
    store.accounts.add("lead@x.org", Role.LEAD, [barnet.id, empty.id], actor="t")
    store.accounts.add("both@x.org", Role.VIEWER, [barnet.id, wirral.id], actor="t")
    store.rounds.remove_area(empty.id, actor="t")
    assert store.accounts.get("lead@x.org").area_ids == {barnet.id}
    store.rounds.merge_area(barnet.id, wirral.id, actor="t")
    assert store.accounts.get("lead@x.org").area_ids == {wirral.id}
    assert store.accounts.get("both@x.org").area_ids == {wirral.id}


def test_access_of_an_address_follows_its_account_and_the_named_comparison_setting(store):
    barnet = store.rounds.ensure_area("Barnet")
    store.accounts.add("lead@x.org", Role.LEAD, [barnet.id], actor="t")
    assert access_of(store, "nobody@x.org") is None
    assert not named_comparison_agreed(store)
    access = access_of(store, "Lead@X.org")
    assert access.account == "lead@x.org" and access.may_change(barnet.id) and not access.named_comparison
    set_named_comparison(store, True, actor="admin@x.org")
    assert named_comparison_agreed(store)
    assert access_of(store, "lead@x.org").named_comparison
    assert _events(store)[-1] == ("admin@x.org", AuditEvent.NAMED_COMPARISON_SET, "named")


def test_a_session_event_is_recorded_with_the_account(store):
    long_address = "a.very.long.name.of.someone.in.the.council@childrens-services.example-borough.gov.uk"
    store.audit.record_event(AuditEvent.SIGNED_IN, actor=long_address)
    store.audit.record_event(AuditEvent.WORKBOOK_DOWNLOADED, actor=long_address, detail="programme workbook")
    assert _events(store) == [
        (long_address, "signed in", ""),
        (long_address, "workbook downloaded", "programme workbook"),
    ]


def test_a_postgresql_database_of_an_earlier_version_gets_room_for_an_address_as_actor(postgres_store):
    with postgres_store.engine.begin() as conn:
        conn.exec_driver_sql('ALTER TABLE "audit" ALTER COLUMN "actor" TYPE VARCHAR(40)')
    reopened = Store(postgres_store.url)
    try:
        reopened.audit.record_event(AuditEvent.SIGNED_IN, actor="someone.with.a.long.name@childrens-services.gov.uk")
        assert _events(reopened)[-1][0] == "someone.with.a.long.name@childrens-services.gov.uk"
    finally:
        reopened.dispose()

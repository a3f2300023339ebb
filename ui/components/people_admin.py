"""The programme admin's people and roles: who may sign in, as what, for which areas; and whether areas
are compared by name. Every change goes to the audit trail with the admin's account."""

from __future__ import annotations

import streamlit as st

from assessment.accounts import ROLE_NAMES, Account, Role, a_role, named_comparison_agreed, set_named_comparison
from assessment.storage import Store, StoreError
from ui import state
from ui.text import plain

PEOPLE_EVENTS = ("account added", "account changed", "role changed", "account removed", "named comparison set")


def people_table(accounts: list[Account], names: dict[int, str]) -> list[dict[str, str]]:
    """One row per account: its address, role and areas, as the admin reads them."""
    return [
        {
            "Account": account.email,
            "Role": ROLE_NAMES[account.role],
            "Areas": "Every area"
            if account.role == Role.ADMIN
            else ", ".join(sorted(names[area_id] for area_id in account.area_ids if area_id in names)),
        }
        for account in accounts
    ]


def show(store: Store, key: str = "people") -> None:
    """The list of people, the form to add or change one, removing one, and the comparison setting."""
    access = state.access()
    message = state.pop_flash(key)
    if message:
        st.success(plain(message))
    names = {area.id: area.name for area in store.rounds.list_areas()}
    accounts = store.accounts.list()
    st.subheader("People")
    if accounts:
        st.dataframe(people_table(accounts, names), hide_index=True, key=f"{key}_table")
    else:
        st.info("Nobody has an account yet.")
    _add_or_change(store, names, access.actor, key)
    if accounts:
        _remove(store, accounts, access.actor, key)
    _comparison(store, access.actor, key)
    _recent(store)


def _add_or_change(store: Store, names: dict[int, str], actor: str, key: str) -> None:
    st.subheader("Add someone, or change their role")
    with st.form(f"{key}_add", clear_on_submit=False):
        email = st.text_input("E-mail address (as they sign in)", max_chars=254, key=f"{key}_email")
        role = st.radio("Role", list(Role), format_func=ROLE_NAMES.get, horizontal=True, index=1, key=f"{key}_role")
        areas = st.multiselect(
            "Their areas (for an area lead or viewer)", list(names), format_func=names.get, key=f"{key}_areas"
        )
        saved = st.form_submit_button("Save", type="primary")
    st.caption(
        "A programme admin has every area and manages people. An area lead runs their areas' workshops and "
        "records their results. A viewer reads their areas' results and changes nothing."
    )
    if not saved:
        return
    try:
        account = store.accounts.add(email, role, [] if role == Role.ADMIN else areas, actor=actor)
    except (ValueError, StoreError) as problem:
        st.error(f"Nothing was saved: {plain(str(problem))}")
        return
    state.flash(key, f"Saved: {account.email} is now {a_role(account.role)}.")
    st.rerun()


def _remove(store: Store, accounts: list[Account], actor: str, key: str) -> None:
    st.subheader("Remove someone")
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    email = left.selectbox("Account", [a.email for a in accounts], index=None, key=f"{key}_remove_email")
    if not right.button("Remove", disabled=email is None, key=f"{key}_remove"):
        return
    try:
        store.accounts.remove(email, actor=actor)
    except StoreError as problem:
        st.error(f"Nothing was removed: {plain(str(problem))}")
        return
    state.flash(key, f"Removed: {email} can no longer sign in to anything.")
    st.rerun()


def _comparison(store: Store, actor: str, key: str) -> None:
    st.subheader("Comparing areas")
    agreed = named_comparison_agreed(store)
    chosen = st.toggle(
        "Area leads and viewers see other areas by name",
        value=agreed,
        key=f"{key}_named",
        help="Off: they see their own areas by name and the others as Area A, Area B ...",
    )
    if chosen != agreed:
        set_named_comparison(store, chosen, actor=actor)
        state.flash(key, "Areas are now compared by name." if chosen else "Areas are now compared anonymously.")
        st.rerun()


def _recent(store: Store) -> None:
    events = store.audit.programme_events()
    events = events[events["event"].isin(PEOPLE_EVENTS)].head(20)
    if events.empty:
        return
    with st.expander("Recent changes to people and roles"):
        st.dataframe(
            events.rename(columns={"at": "When (UTC)", "actor": "By", "event": "What", "detail": "Detail"}),
            hide_index=True,
        )

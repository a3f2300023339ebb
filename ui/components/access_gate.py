"""The sign-in in front of every page but the join page and the help pages.

In hosted mode (an [auth] section in secrets.toml: ui.auth) that is the organisation's account, drawn by
ui.components.account_gate, and the PIN forms are not offered. In workshop mode, a round's facilitator
PIN opens every round of its area; the programme passphrase opens every area.
What a browser session has given is kept in the session (ui.state.access) and, signed by the server, in
a cookie for REMEMBER_SIGN_IN: a reload or a second tab within a workshop day asks for nothing again.
Signing out forgets both.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from assessment.access import PIN_LOCKOUT, PIN_POLICY, Access
from assessment.accounts import AuditEvent, a_role, whom_to_ask
from assessment.signin import (
    REMEMBER_SIGN_IN,
    SignInRefused,
    access_from_sign_in,
    area_locked_until,
    has_passphrase,
    remembered_sign_in,
    sign_in_with_passphrase,
    sign_in_with_pin,
    unlock_area,
)
from assessment.storage import AreaRow, Locked, Store, StoreError
from ui import auth, state
from ui.components import account_gate, device_memory
from ui.text import plain

PARTICIPANT_REFUSED = (
    "This browser is answering a workshop as a participant, so it cannot open the facilitator's pages. "
    "Leave the workshop on this device first (your answers stay saved)."
)
WHO_SEES_WHAT = (
    "A partnership's results are open only to people who give a facilitator PIN of one of its rounds "
    "(that opens every round of that area) or the programme passphrase (that opens every area). "
    f"What you give is remembered in this browser for {REMEMBER_SIGN_IN.seconds // 3600} hours, or until you "
    "sign out."
)
COOKIE = "facilitator_sign_in"


def require_area(store: Store, area_name: str, key: str = "sign_in") -> Access:
    """The session's access when it may open the area the address names (by name, as typed: a name that
    is no area gets the same sign-in, so that names cannot be probed); otherwise draws the sign-in for
    that area, its name filled in, and stops."""
    _refuse_participants()
    access = _restored(store)
    if access.programme or any(
        a.name.casefold() == area_name.strip().casefold() for a in access.readable(store.rounds.list_areas())
    ):
        return access
    if access.account is not None:
        account_gate.refuse(store, access, f"Your account does not open the area named in this address, {area_name}.")
    _sign_in_page(store, key, area_name=area_name)
    st.stop()


def require_any(store: Store, key: str = "sign_in") -> Access:
    """The session's access when it may open at least one area; otherwise draws the sign-in and stops."""
    _refuse_participants()
    access = _restored(store)
    if access.anonymous:
        _sign_in_page(store, key)
        st.stop()
    return access


def require_programme(store: Store, why: str, key: str = "sign_in_programme") -> Access:
    """The session's access when the programme passphrase was given; otherwise says why it is needed,
    offers the passphrase and stops."""
    _refuse_participants()
    access = _restored(store)
    if not access.programme and access.account is not None:
        account_gate.refuse(store, access, why)
    if not access.programme:
        st.title("Programme passphrase needed")
        st.write(why)
        _passphrase_form(store, key)
        st.stop()
    return access


def viewer_refusal(store: Store, area_id: int | None = None) -> str:
    """What a viewer is told where a change would be made: they may read, and whom to ask."""
    areas = frozenset({area_id}) if area_id is not None else state.access().area_ids
    ask = whom_to_ask(store.accounts.list(), areas)
    who = f"ask {', '.join(ask)}" if ask else "ask the programme's admin"
    return f"You can read this partnership's results; changing them needs an area lead or programme admin: {who}."


def read_only_note(store: Store, area_id: int, workshop_words: str) -> str:
    """Why this session sees a result it cannot change: a viewer's refusal, or the workshop's own words."""
    return viewer_refusal(store, area_id) if state.access().read_only else workshop_words


def require_change(store: Store, page: str, area_id: int | None = None) -> Access:
    """The session's access when it may change the area (or, without one, some area); otherwise a plain
    refusal for a viewer (recorded in the audit trail with the account, and the page named), and the
    page stops."""
    access = state.access()
    allowed = not access.read_only if area_id is None else access.may_change(area_id)
    if not allowed:
        if access.account is not None:
            store.audit.record_event(
                AuditEvent.ACCESS_REFUSED, actor=access.actor, detail=f"{page} (read only)", area_id=area_id
            )
        st.title("You can read, not change", anchor=False)
        st.info(viewer_refusal(store, area_id))
        st.stop()
    return access


def require_comparison(store: Store, why: str, key: str = "sign_in_programme") -> Access:
    """The session's access when it may compare areas: with the programme passphrase, or signed in with an
    account (a lead or viewer sees other areas anonymously unless named comparison is agreed); otherwise
    as require_programme."""
    access = _restored(store)
    if access.account is not None and not state.is_participant_session():
        return access
    return require_programme(store, why, key)


def sidebar_status(store: Store) -> None:
    """Say in the sidebar what this session has opened, with a button to sign out; have the browser keep
    (or forget) the sign-in this session gave."""
    hosted = auth.settings()
    if hosted is not None:  # never draws the sign-in here: the help pages open without it
        access = account_gate.current(store, hosted) or state.ANONYMOUS
    else:
        access = _restored(store)
        # Drawn on every run once there is something to keep: an element that came and went would reset
        # the page's open tab on the next run.
        keep = state.sign_in_to_keep()
        if keep is not None:
            device_memory.write_cookie(COOKIE, keep, int(REMEMBER_SIGN_IN.total_seconds()), key="facilitator_sign_in")
    if access.anonymous or state.is_participant_session():
        return
    if access.account is not None and access.role is not None:
        areas = (
            "every area" if access.programme else ", ".join(a.name for a in access.readable(store.rounds.list_areas()))
        )
        st.sidebar.caption(plain(f"Signed in as {access.account}, {a_role(access.role)} of {areas}."))
        if hosted is not None:
            account_gate.sign_out_button()
        return
    if access.programme:
        what = "every area, with the programme passphrase"
    else:
        what = (
            ", ".join(plain(area.name) for area in access.readable(store.rounds.list_areas()))
            + ", with a facilitator PIN"
        )
    st.sidebar.caption(f"Signed in to {what}.")
    if st.sidebar.button("Sign out", key="sign_out", icon=":material/logout:"):
        state.sign_out()
        st.rerun()


def unlock_control(store: Store, area: AreaRow, key: str) -> None:
    """For a programme session: say when the area's PIN is locked and offer to unlock it."""
    access = state.access()
    locked_until = area_locked_until(store, area.id)
    if not access.programme or locked_until is None:
        return
    st.warning(
        f"The facilitator PIN of {plain(area.name)} is locked after {PIN_POLICY.max_failures} wrong PINs "
        f"({_wait(locked_until)}). You signed in with the programme passphrase, so you can unlock it."
    )
    if st.button("Unlock the PIN", key=f"{key}_unlock"):
        unlock_area(store, area, actor=access.actor)
        st.rerun()


def _refuse_participants() -> None:
    if state.is_participant_session():
        st.error(PARTICIPANT_REFUSED)
        st.stop()


def _restored(store: Store) -> Access:
    """The session's access: in hosted mode the signed-in account's (or the sign-in is drawn and the page
    stops); in workshop mode after reading (once per session) the sign-in this browser kept."""
    hosted = auth.settings()
    if hosted is not None:
        return account_gate.require_account(store, hosted)
    if not state.sign_in_checked():
        state.mark_sign_in_checked()
        kept = access_from_sign_in(store, st.context.cookies.get(COOKIE))
        if kept is not None and state.access().anonymous:
            state.grant(kept)
    return state.access()


def _sign_in_page(store: Store, key: str, *, area_name: str | None = None) -> None:
    access = state.access()
    st.title(f"Sign in to {plain(area_name)}" if area_name else "Sign in", anchor=False)
    if area_name and not access.anonymous:
        held = ", ".join(a.name for a in access.readable(store.rounds.list_areas()))
        st.text(
            f"You are signed in to {held}. This address is for {area_name}: give a facilitator PIN of "
            f"{area_name} to open it as well, or go back to {held}."
        )
        st.button(f"Go back to {plain(held)}", key=f"{key}_back", on_click=_forget_address_area)
    st.write(WHO_SEES_WHAT)
    # A plain link, not st.page_link: a participant's session registers only the join page.
    st.markdown(
        ":material/how_to_reg: Taking part in a workshop? [Join it](/join) with the code your facilitator gives you."
    )
    pin_tab, passphrase_tab = st.tabs(["Facilitator PIN", "Programme passphrase"])
    with pin_tab:
        _pin_form(store, key, area_name or "")
    with passphrase_tab:
        _passphrase_form(store, f"{key}_passphrase")


def _forget_address_area() -> None:
    """Drop the area and round from the address, so that the page shows an area this session holds."""
    for name in ("area", "round"):
        st.query_params.pop(name, None)


def _pin_form(store: Store, key: str, asked_for: str) -> None:
    with st.form(f"{key}_pin_form"):
        area_name = st.text_input("Area or partnership", value=asked_for, max_chars=120, key=f"{key}_area")
        pin = st.text_input("PIN", type="password", max_chars=64, key=f"{key}_pin")
        entered = st.form_submit_button("Open the area", type="primary")
    st.caption(f"{PIN_LOCKOUT}; the programme passphrase can unlock it.")
    if entered:
        _attempt(store, lambda: sign_in_with_pin(store, state.access(), area_name, pin), "PIN")


def _passphrase_form(store: Store, key: str) -> None:
    if not has_passphrase(store):
        st.info(
            "No programme passphrase is set on this server. Whoever runs it can set one with "
            "`python -m assessment passphrase`."
        )
        return
    with st.form(f"{key}_form"):
        passphrase = st.text_input("Programme passphrase", type="password", max_chars=200, key=f"{key}_passphrase")
        entered = st.form_submit_button("Open every area", type="primary")
    if entered:
        _attempt(store, lambda: sign_in_with_passphrase(store, state.access(), passphrase), "passphrase")


def _attempt(store: Store, sign_in, what: str) -> None:  # noqa: ANN001
    """Run a sign-in; on success remember the access and rerun, otherwise say plainly why not."""
    try:
        granted = sign_in()
    except Locked as locked:
        st.error(f"Too many wrong attempts, so this {what} cannot be checked now: {_wait(locked.until)}.")
        return
    except SignInRefused as refused:
        st.error(str(refused))
        return
    except StoreError as problem:
        st.error(f"The {what} could not be checked: {plain(str(problem))}")
        return
    state.grant(granted)
    state.keep_sign_in(remembered_sign_in(store, granted))
    st.rerun()


def _wait(until: dt.datetime) -> str:
    """'try again in 12 minutes' (or seconds, under a minute)."""
    seconds = max(1, int((until - dt.datetime.now(dt.UTC)).total_seconds()))
    if seconds < 60:
        return f"try again in {seconds} seconds"
    minutes = -(-seconds // 60)
    return f"try again in {minutes} minute{'s' if minutes != 1 else ''}"

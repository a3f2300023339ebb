"""The sign-in in front of every page but the join page and the help pages.

A round's facilitator PIN opens every round of its area; the programme passphrase opens every area.
What a browser session has given is kept for that session only (ui.state.access): a reload asks again.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from assessment.access import PIN_LOCKOUT, PIN_POLICY, Access
from assessment.signin import (
    SignInRefused,
    area_locked_until,
    has_passphrase,
    sign_in_with_passphrase,
    sign_in_with_pin,
    unlock_area,
)
from assessment.storage import AreaRow, Locked, Store, StoreError
from ui import state
from ui.text import plain

PARTICIPANT_REFUSED = (
    "This browser is answering a workshop as a participant, so it cannot open the facilitator's pages. "
    "Leave the workshop on this device first (your answers stay saved)."
)
WHO_SEES_WHAT = (
    "A partnership's results are open only to people who give a facilitator PIN of one of its rounds "
    "(that opens every round of that area) or the programme passphrase (that opens every area). "
    "What you give is remembered in this browser tab until you sign out or reload the page."
)


def require_any(store: Store, key: str = "sign_in") -> Access:
    """The session's access when it may open at least one area; otherwise draws the sign-in and stops."""
    _refuse_participants()
    access = state.access()
    if access.anonymous:
        _sign_in_page(store, key, programme_only=False)
        st.stop()
    return access


def require_programme(store: Store, why: str, key: str = "sign_in_programme") -> Access:
    """The session's access when the programme passphrase was given; otherwise says why it is needed,
    offers the passphrase and stops."""
    _refuse_participants()
    access = state.access()
    if not access.programme:
        st.title("Programme passphrase needed")
        st.write(why)
        _passphrase_form(store, key)
        st.stop()
    return access


def sidebar_status(store: Store) -> None:
    """Say in the sidebar what this session has opened, with a button to sign out."""
    access = state.access()
    if access.anonymous or state.is_participant_session():
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


def _sign_in_page(store: Store, key: str, *, programme_only: bool) -> None:
    st.title("Sign in")
    st.write(WHO_SEES_WHAT)
    # A plain link, not st.page_link: a participant's session registers only the join page.
    st.markdown(
        ":material/how_to_reg: Taking part in a workshop? [Join it](/join) with the code your facilitator gives you."
    )
    pin_tab, passphrase_tab = st.tabs(["Facilitator PIN", "Programme passphrase"])
    with pin_tab:
        _pin_form(store, key)
    with passphrase_tab:
        _passphrase_form(store, f"{key}_passphrase")


def _pin_form(store: Store, key: str) -> None:
    with st.form(f"{key}_pin_form"):
        area_name = st.text_input("Area or partnership", max_chars=120, key=f"{key}_area")
        pin = st.text_input("PIN", type="password", max_chars=64, key=f"{key}_pin")
        entered = st.form_submit_button("Open the area", type="primary")
    st.caption(f"{PIN_LOCKOUT}; the programme passphrase can unlock it.")
    if entered:
        _attempt(lambda: sign_in_with_pin(store, state.access(), area_name, pin), "PIN")


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
        _attempt(lambda: sign_in_with_passphrase(store, state.access(), passphrase), "passphrase")


def _attempt(sign_in, what: str) -> None:  # noqa: ANN001
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
    st.rerun()


def _wait(until: dt.datetime) -> str:
    """'try again in 12 minutes' (or seconds, under a minute)."""
    seconds = max(1, int((until - dt.datetime.now(dt.UTC)).total_seconds()))
    if seconds < 60:
        return f"try again in {seconds} seconds"
    minutes = -(-seconds // 60)
    return f"try again in {minutes} minute{'s' if minutes != 1 else ''}"

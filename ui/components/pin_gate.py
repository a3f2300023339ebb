"""The facilitator's PIN gate: asks once per browser session for the PIN of the round shown."""

from __future__ import annotations

import streamlit as st

from assessment.store import PinLocked, RoundRow, Store, StoreError
from ui import state
from ui.text import plain

PARTICIPANT_REFUSED = (
    "This browser is answering a workshop as a participant, so it cannot open the facilitator's pages. "
    "Leave the workshop on this device first (your answers stay saved)."
)


def show(store: Store, round_row: RoundRow, key: str = "pin_gate") -> bool:
    """True when this session may see the round's facilitator view; otherwise draws the PIN form
    (or the locked message) and returns False."""
    if state.is_participant_session():
        st.error(PARTICIPANT_REFUSED)
        return False
    if state.is_facilitator_of(round_row.id):
        return True
    st.subheader("Facilitator PIN")
    st.write(
        f"The facilitator view of **{plain(round_row.area_name)}, {plain(round_row.label)}** is protected by "
        "the PIN chosen when the round was opened. You need it once per browser session."
    )
    with st.form(f"{key}_{round_row.id}"):
        pin = st.text_input("PIN", type="password", max_chars=64, key=f"{key}_pin_{round_row.id}")
        entered = st.form_submit_button("Open the facilitator view", type="primary")
    if not entered:
        return False
    try:
        admitted = store.check_pin(round_row.id, pin)
    except PinLocked as locked:
        st.error(f"{locked} The facilitator view of this round is locked after five wrong PINs.")
        return False
    except StoreError as problem:
        st.error(f"The PIN could not be checked: {plain(problem)}")
        return False
    if not admitted:
        st.error("That PIN is not right. After five wrong PINs the round is locked for 15 minutes.")
        return False
    state.admit_facilitator(round_row.id)
    st.rerun()
    return True


def unlock_editing(store: Store, round_row: RoundRow, key: str) -> bool:
    """True when this session may change the round's data (it has entered the round's PIN); otherwise
    offers the PIN form in a closed expander, so reading the page stays open to everyone."""
    if state.is_facilitator_of(round_row.id) and not state.is_participant_session():
        return True
    with st.expander("To change anything here, enter the round's facilitator PIN", icon=":material/lock:"):
        show(store, round_row, key=key)
    return False

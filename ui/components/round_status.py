"""Closing, finalising and re-opening a round, and the round's audit trail."""

from __future__ import annotations

import streamlit as st

from assessment.models import RoundStatus
from assessment.storage import RoundRow, Store, StoreError
from ui import state
from ui.text import plain

MEANINGS = {
    RoundStatus.OPEN: "Open: participants can join and change their answers.",
    RoundStatus.CLOSED: "Closed: no more answers. The room can still record its agreed scores.",
    RoundStatus.FINALISED: "Finalised: the result is settled and is used in benchmarks against other areas.",
}


def show(store: Store, round_row: RoundRow, key: str = "round_status") -> None:
    """Draw the round's status, the buttons that move it on, and the audit trail."""
    st.write(f"**Status now.** {MEANINGS[round_row.status]}")
    if round_row.status == RoundStatus.OPEN:
        st.write("Close the round when everyone has answered. Participants then see that it is closed.")
        if st.button("Close the round", type="primary", key=f"{key}_close"):
            _move(store, round_row, RoundStatus.CLOSED)
    elif round_row.status == RoundStatus.CLOSED:
        st.write("Finalise the round once the room has agreed its scores. Or re-open it for more answers.")
        finalise, reopen = st.columns(2)
        if finalise.button("Finalise the round", type="primary", key=f"{key}_finalise"):
            _move(store, round_row, RoundStatus.FINALISED)
        if reopen.button("Re-open for answers", key=f"{key}_reopen_closed"):
            _move(store, round_row, RoundStatus.OPEN)
    else:
        st.write(
            "Re-opening a finalised round takes it out of the benchmarks until it is finalised again. "
            "The re-opening is recorded in the audit trail below."
        )
        sure = st.checkbox("I understand: re-open this finalised round", key=f"{key}_sure")
        if st.button("Re-open the round", disabled=not sure, key=f"{key}_reopen"):
            _move(store, round_row, RoundStatus.OPEN)
    with st.expander("Audit trail: what happened to this round, and when"):
        trail = store.audit.for_round(round_row.id)
        st.dataframe(
            trail.rename(columns={"at": "When (UTC)", "actor": "Who", "event": "What", "detail": "Detail"}),
            hide_index=True,
            placeholder="-",
        )


def _move(store: Store, round_row: RoundRow, status: RoundStatus) -> None:
    try:
        store.rounds.set_status(round_row.id, status, actor=state.access().actor)
    except StoreError as problem:
        st.error(f"The round's status could not be changed: {plain(problem)}")
        return
    st.rerun()

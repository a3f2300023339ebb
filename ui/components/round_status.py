"""Closing, finalising and re-opening a round, and the round's audit trail. Closing and finalising each
ask for a second click, saying which items the room has not agreed yet."""

from __future__ import annotations

import streamlit as st

from assessment.framework import Framework
from assessment.models import ItemKind, RoundStatus
from assessment.storage import RoundRow, Store, StoreError
from assessment.workshop import ConsensusItem, consensus_items, unagreed_items
from ui import cache, state
from ui.text import plain

MEANINGS = {
    RoundStatus.OPEN: "Open: participants can join and change their answers.",
    RoundStatus.CLOSED: "Closed: no more answers. The room can still record its agreed scores.",
    RoundStatus.FINALISED: "Finalised: the result is settled and is used in benchmarks against other areas.",
}
NEXT = {RoundStatus.OPEN: RoundStatus.CLOSED, RoundStatus.CLOSED: RoundStatus.FINALISED}  # the moves that ask
KIND_HEADINGS = {
    ItemKind.FACTOR: "Success factors",
    ItemKind.COMPONENT: "Continuum",
    ItemKind.PRIORITY: "Priority areas",
}
# What each confirmation says the move does, and its button; only the moves that ask are listed.
CONFIRMING = {
    RoundStatus.CLOSED: (
        "Close the round?",
        "Participants will no longer be able to join or change their answers. The room can go on agreeing "
        "scores, and you can re-open the round if someone still needs to answer.",
        "Yes, close the round",
    ),
    RoundStatus.FINALISED: (
        "Finalise the round?",
        "The result is settled: what was agreed can no longer change, and the round is used in benchmarks "
        "against other areas. Re-opening it later is recorded in the audit trail.",
        "Yes, finalise the round",
    ),
}


def show(store: Store, framework: Framework, round_row: RoundRow, key: str = "round_status") -> None:
    """Draw the round's status, the buttons that move it on (closing and finalising ask to confirm), and
    the audit trail."""
    st.write(f"**Status now.** {MEANINGS[round_row.status]}")
    asked = state.status_to_confirm(round_row.id)
    if asked is not None and asked == NEXT.get(round_row.status):
        _confirm(store, framework, round_row, asked, key)
    elif round_row.status == RoundStatus.OPEN:
        st.write("Close the round when everyone has answered. Participants then see that it is closed.")
        _ask_button("Close the round", round_row, RoundStatus.CLOSED, f"{key}_close")
    elif round_row.status == RoundStatus.CLOSED:
        st.write("Finalise the round once the room has agreed its scores. Or re-open it for more answers.")
        finalise, reopen = st.columns(2)
        with finalise:
            _ask_button("Finalise the round", round_row, RoundStatus.FINALISED, f"{key}_finalise")
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


def _ask_button(label: str, round_row: RoundRow, status: RoundStatus, key: str) -> None:
    st.button(label, type="primary", key=key, on_click=state.ask_to_confirm_status, args=(round_row.id, status))


def _confirm(store: Store, framework: Framework, round_row: RoundRow, status: RoundStatus, key: str) -> None:
    """The second step: what the move does, what the room has not agreed yet, and Yes or Cancel."""
    question, consequence, yes = CONFIRMING[status]
    items = consensus_items(cache.round_result(store, round_row.id), framework, round_row)
    missing = unagreed_items(items, store.consensus.for_round(round_row.id))
    with st.container(border=True):
        st.subheader(question)
        st.write(consequence)
        _say_unagreed(items, missing, warn=status == RoundStatus.FINALISED)
        confirm, cancel = st.columns(2)
        if confirm.button(yes, type="primary", key=f"{key}_confirm"):
            state.ask_to_confirm_status(round_row.id, None)
            _move(store, round_row, status)
        cancel.button("Cancel", key=f"{key}_cancel", on_click=state.ask_to_confirm_status, args=(round_row.id, None))


def _say_unagreed(items: list[ConsensusItem], missing: list[ConsensusItem], *, warn: bool) -> None:
    if not missing:
        st.success(f"The room has agreed all {len(items)} items.")
        return
    verb = "has" if len(missing) == 1 else "have"
    (st.warning if warn else st.info)(f"{len(missing)} of {len(items)} items {verb} no agreed score or stage yet:")
    lines = []
    for kind, heading in KIND_HEADINGS.items():
        names = [plain(item.name) for item in missing if item.kind == kind]
        if names:
            lines.append(f"- **{heading}:** " + ", ".join(names))
    st.markdown("\n".join(lines))


def _move(store: Store, round_row: RoundRow, status: RoundStatus) -> None:
    try:
        store.rounds.set_status(round_row.id, status, actor=state.access().actor)
    except StoreError as problem:
        st.error(f"The round's status could not be changed: {plain(problem)}")
        return
    st.rerun()

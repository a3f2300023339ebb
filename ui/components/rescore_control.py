"""The facilitator's re-score control on the live view: open a re-score on chosen success factors (the
split ones to start with), follow who has re-scored or kept their answer, and close it. A round takes
up to three re-scores, and only while it is open for answers."""

from __future__ import annotations

import streamlit as st

from assessment.dashboard import split_factor_ids
from assessment.framework import Framework
from assessment.models import FIRST_PASS, MAX_RESCORES, RoundStatus
from assessment.passes import pass_words
from assessment.results import rescore_progress
from assessment.scoring import RoundResult
from assessment.storage import RescoreRow, RoundRow, Store, StoreError
from ui import database_wait, state
from ui.text import plain

PROGRESS_REFRESH_SECONDS = 5


def show(store: Store, framework: Framework, round_row: RoundRow, result: RoundResult, key: str = "rescore") -> None:
    """Draw the re-score section of an open round: the open re-score's progress and its Close button, or
    the form that opens the next one, or why the round cannot be re-scored again."""
    if round_row.status != RoundStatus.OPEN:
        return
    st.subheader("Re-score after discussion")
    passes = store.rescores.passes(round_row.id)
    current = next((row for row in passes if row.is_open), None)
    if current is not None:
        _open_pass(store, framework, round_row, current, key)
    elif len(passes) >= MAX_RESCORES:
        st.info(
            f"This round has been re-scored {MAX_RESCORES} times, the most it can be, so it cannot be re-scored again."
        )
    else:
        _open_form(store, framework, round_row, result, len(passes) + 1, key)


def which(number: int) -> str:
    """'re-score 1 of at most 3 (the second pass)' for pass 2, and so on."""
    return f"re-score {number - FIRST_PASS} of at most {MAX_RESCORES} (the {pass_words(number)})"


def _open_form(
    store: Store, framework: Framework, round_row: RoundRow, result: RoundResult, rescore: int, key: str
) -> None:
    st.caption(
        "When the room has talked a factor through, each person can score it again on their own device, "
        "or keep their answer. They see their own earlier answer and how many people chose each level, "
        "never anyone else's answer. The factors the room is split on are chosen to start with."
    )
    number = FIRST_PASS + rescore
    with st.form(f"{key}_open_{number}"):
        chosen = st.multiselect(
            "Factors to re-score",
            [factor.id for factor in framework.factors],
            default=split_factor_ids(result),
            format_func=lambda factor_id: framework.factor(factor_id).name,
            placeholder="Choose the factors the room has discussed",
            key=f"{key}_factors_{number}",
        )
        st.caption(f"This will be {which(number)}; the first answers stay on record.")
        opened = st.form_submit_button("Open a re-score", type="primary")
    if not opened:
        return
    try:
        store.rescores.open(round_row.id, chosen, actor=state.access().actor, framework=framework)
    except StoreError as problem:
        st.error(f"The re-score was not opened: {plain(problem)}")
        return
    st.rerun()


def _open_pass(store: Store, framework: Framework, round_row: RoundRow, current: RescoreRow, key: str) -> None:
    names = ", ".join(framework.factor(factor_id).name for factor_id in current.factor_ids)
    st.success(
        f"{which(current.number).capitalize()} is open on: {plain(names)}. Participants see only these "
        "factors until you close it."
    )
    st.fragment(database_wait.refreshing(_progress), run_every=PROGRESS_REFRESH_SECONDS)(store, framework, round_row.id)
    if st.button("Close the re-score", type="primary", key=f"{key}_close_{current.number}"):
        try:
            store.rescores.close(round_row.id, actor=state.access().actor)
        except StoreError as problem:
            st.error(f"The re-score was not closed: {plain(problem)}")
            return
        st.rerun()


def _progress(store: Store, framework: Framework, round_id: int) -> None:
    """Each factor's progress: a bar of the people asked who have re-scored it or kept their answer."""
    progress = rescore_progress(store, framework, round_id)
    if progress is None:
        return
    for factor in progress.factors:
        share = (factor.rescored + factor.kept) / factor.asked if factor.asked else 0.0
        st.progress(
            share,
            text=f"{plain(factor.name)}: {factor.rescored} re-scored, {factor.kept} kept, {factor.to_do} to do "
            f"(of {factor.asked} {'person' if factor.asked == 1 else 'people'})",
        )
    st.caption(
        f"These counts update every {PROGRESS_REFRESH_SECONDS} seconds. Only people who answered a factor "
        "before the re-score are asked to re-score it."
    )

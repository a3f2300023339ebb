"""How a participant gets into a workshop and moves through it: a join or resume code (typed or in the
link) checked against the server-wide limit on codes, the slower tries after wrong ones, leaving, being
registered, and saving each step as it is left. The participant's page draws; this decides and moves."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from typing import NoReturn

import streamlit as st

from assessment.models import Answer, ItemKind
from assessment.signin import open_join_code, open_resume_code
from assessment.storage import Locked, NotFound, RoundClosed, RoundRow, Store, StoreError
from assessment.workshop import Step, join_wait_seconds, seconds_to_wait, server_wait_seconds, step_to_show
from ui import state
from ui.components.questionnaire_step import StepOutcome
from ui.text import plain

WRONG_CODE = (
    "That code did not open a workshop that is taking answers. It may be mistyped, or the workshop may "
    "have closed. Check the code with your facilitator."
)
CLOSED = "This workshop is closed, so answers can no longer be given or changed. Thank you for taking part."


def wait_seconds() -> int:
    """Seconds this browser session must still wait before trying another code."""
    return seconds_to_wait(state.join_blocked_until(), time.time())


def show_wait() -> int:
    """Say how long this session must wait after too many wrong codes, if it must; returns the seconds."""
    waiting = wait_seconds()
    if waiting:
        st.warning(f"Too many codes that did not work. Please wait {waiting} seconds, then try again.")
    return waiting


def follow_link(store: Store) -> None:
    """Use ?resume= and ?join= from the address once; a wrong code is dropped from the address."""
    if state.participant_id() is not None or wait_seconds():
        return
    resume, join = st.query_params.get("resume"), st.query_params.get("join")
    try:
        if resume:
            if not _accept_resume_code(store, resume, join):
                st.query_params.clear()
                st.error("That link did not bring back any answers. " + WRONG_CODE)
        elif join and state.participant_round() is None and not _accept_join_code(store, join):
            st.query_params.clear()
            st.error(WRONG_CODE)
    except Locked as locked:
        _server_busy(locked)  # the link stays in the address, so a reload after the wait uses it


def join(store: Store, code: str) -> None:
    """A typed join code: into its round (rerun) when it opens one, otherwise one message for every
    failure; stops the page while this session must wait."""
    if wait_seconds():
        st.stop()
    try:
        if _accept_join_code(store, code):
            st.rerun()
        st.error(WRONG_CODE)
    except Locked as locked:
        _server_busy(locked)
    show_wait()


def resume(store: Store, code: str) -> None:
    """A typed resume code: back to the participant's answers (rerun) when it is theirs, otherwise say
    it did not work; nothing while this session must wait."""
    if wait_seconds():
        return
    try:
        if _accept_resume_code(store, code, None):
            st.rerun()
        st.error("That resume code did not bring back any answers. Check it and try again.")
    except Locked as locked:
        _server_busy(locked)


def leave() -> NoReturn:
    """Forget the workshop on this device and draw the page afresh (answers stay saved; the resume code
    brings them back)."""
    state.set_participant(None, None)
    state.set_participant_step(None)
    st.query_params.clear()
    st.rerun()


def joined_round(store: Store, round_id: int) -> RoundRow:
    """The round this session joined; when it no longer exists, the session leaves it."""
    try:
        return store.rounds.get_round(round_id)
    except NotFound:
        leave()


def start(store: Store, round_row: RoundRow, partner: str | None, role: str) -> None:
    """Register the participant in the round with their partner type (and role) and show the first step
    with their new resume code (rerun); a message when no partner type was chosen or it failed."""
    if partner is None:
        st.error("Choose your partner type to start.")
        return
    try:
        participant, code = store.responses.join(round_row.id, partner, role)
    except RoundClosed:
        st.error(CLOSED)
        return
    except StoreError as problem:
        st.error(f"You could not be registered: {plain(problem)}. Please try again.")
        return
    state.set_participant(round_row.id, participant.id)
    state.set_participant_step(0)
    state.set_new_resume_code(code)
    st.query_params["join"] = round_row.join_code
    st.query_params["resume"] = code
    st.rerun()


def current_step(steps: list[Step], answers: Mapping[tuple[ItemKind, str], Answer]) -> int:
    """The step to show (len(steps) is the review step); just after resuming, the first one not fully
    answered, remembered from then on."""
    chosen = state.participant_step()
    step = step_to_show(chosen, steps, answers)
    if chosen is None:
        state.set_participant_step(step)
    return step


def go_to_step(step: int) -> NoReturn:
    """Show another step of the questionnaire (rerun)."""
    state.set_participant_step(step)
    st.rerun()


def save_step(store: Store, participant_id: int, step: int, outcome: StepOutcome) -> None:
    """When the participant pressed Back or Next: save the step's answers and show the step before or
    after (rerun); a message, and no move, when they could not be saved."""
    if outcome.action and _saved(store, participant_id, outcome):
        go_to_step(step - 1 if outcome.action == "back" else step + 1)


def submit(store: Store, participant_id: int) -> bool:
    """Mark the participant's answers as submitted (rerun); False, with a message, when they could not be."""
    try:
        store.responses.set_complete(participant_id)
    except RoundClosed:
        st.error(CLOSED)
        return False
    except StoreError as problem:
        st.error(f"Your answers are saved, but could not be marked as submitted: {plain(problem)}. Please try again.")
        return False
    st.rerun()


def _saved(store: Store, participant_id: int, outcome: StepOutcome) -> bool:
    """Save the step's answers; False (with a message) when they could not be saved."""
    if outcome.comment_without_answer:
        st.error("You wrote a comment without choosing an answer. Choose an answer (or 'Don't know') to keep it.")
        return False
    try:
        store.responses.save_answers(participant_id, outcome.answers)
    except RoundClosed:
        st.error(CLOSED)
        return False
    except StoreError as problem:
        st.error(f"Your answers on this page were not saved: {plain(problem)}. Please press the button again.")
        return False
    return True


def _accept_join_code(store: Store, code: str) -> bool:
    """Remember the round a join code opens, if it is open; Locked while the server refuses codes."""
    round_row = open_join_code(store, code)
    if round_row is None:
        _refuse_code()
        return False
    state.set_participant(round_row.id, None)
    st.query_params["join"] = round_row.join_code
    return True


def _accept_resume_code(store: Store, code: str, join_code: str | None) -> bool:
    """Bring back the participant a resume code belongs to (within the join code's round, if given);
    Locked while the server refuses codes."""
    participant = open_resume_code(store, code, join_code)
    if participant is None:
        _refuse_code()
        return False
    state.set_participant(participant.round_id, participant.id)
    state.set_participant_step(None)
    st.query_params["join"] = store.rounds.get_round(participant.round_id).join_code
    st.query_params["resume"] = code.strip().upper()
    return True


def _refuse_code() -> None:
    """Count a wrong code against this session and slow down the next try."""
    state.record_join_failure(time.time() + join_wait_seconds(state.join_failures() + 1))


def _server_busy(locked: Locked) -> None:
    """Say that the server is refusing codes for a while (too many wrong ones from anywhere)."""
    seconds = server_wait_seconds(locked.until, dt.datetime.now(dt.UTC))
    st.warning(
        f"Too many codes that did not work have been tried on this server in the last minute. "
        f"Please wait {seconds} seconds, then try again."
    )

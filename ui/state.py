"""The one typed owner of st.session_state: every per-user value the app keeps lives behind these names.

Pages and components never write st.session_state["..."] directly; they call these functions, so a
key is spelled once and its type is known.
"""

from __future__ import annotations

import streamlit as st

AREA_ID = "selected_area_id"
ROUND_ID = "selected_round_id"


def selected_area_id() -> int | None:
    """The area chosen in the sidebar, if any."""
    return st.session_state.get(AREA_ID)


def selected_round_id() -> int | None:
    """The round chosen in the sidebar, if any."""
    return st.session_state.get(ROUND_ID)


def select_round(area_id: int | None, round_id: int | None) -> None:
    """Remember the chosen area and round for this browser session."""
    st.session_state[AREA_ID] = area_id
    st.session_state[ROUND_ID] = round_id


# -- the workshop ------------------------------------------------------------------------------------

FACILITATOR_ROUNDS = "workshop_facilitator_rounds"
OPENED_ROUND = "workshop_opened_round"
PRESENTATION_SLIDE = "workshop_presentation_slide"
CONSENSUS_REVISIONS = "workshop_consensus_revisions"
PARTICIPANT_ID = "workshop_participant_id"
PARTICIPANT_ROUND = "workshop_participant_round"
PARTICIPANT_STEP = "workshop_participant_step"
NEW_RESUME_CODE = "workshop_new_resume_code"
JOIN_FAILURES = "workshop_join_failures"
JOIN_BLOCKED_UNTIL = "workshop_join_blocked_until"


def is_facilitator_of(round_id: int) -> bool:
    """True once this browser session has given the right PIN for the round."""
    return round_id in st.session_state.get(FACILITATOR_ROUNDS, set())


def admit_facilitator(round_id: int) -> None:
    """Remember, for this browser session only, that the PIN for this round was given."""
    st.session_state[FACILITATOR_ROUNDS] = st.session_state.get(FACILITATOR_ROUNDS, set()) | {round_id}


def opened_round() -> int | None:
    """The round this session has just opened on the set-up page (its join code is shown)."""
    return st.session_state.get(OPENED_ROUND)


def set_opened_round(round_id: int | None) -> None:
    """Remember (or forget) the round just opened on the set-up page."""
    st.session_state[OPENED_ROUND] = round_id


def presentation_slide() -> int:
    """The index of the chart shown in presentation mode."""
    return st.session_state.get(PRESENTATION_SLIDE, 0)


def set_presentation_slide(index: int) -> None:
    """Show another chart in presentation mode."""
    st.session_state[PRESENTATION_SLIDE] = index


def loaded_revision(round_id: int, kind: str, item_id: str) -> tuple[bool, int | None]:
    """(known, revision): the consensus revision the facilitator's form was drawn from, if remembered."""
    revisions = st.session_state.get(CONSENSUS_REVISIONS, {})
    key = (round_id, kind, item_id)
    return (key in revisions, revisions.get(key))


def remember_revision(round_id: int, kind: str, item_id: str, revision: int | None) -> None:
    """Remember which consensus revision the facilitator is editing (None: nothing recorded yet)."""
    revisions = dict(st.session_state.get(CONSENSUS_REVISIONS, {}))
    revisions[(round_id, kind, item_id)] = revision
    st.session_state[CONSENSUS_REVISIONS] = revisions


def forget_revision(round_id: int, kind: str, item_id: str) -> None:
    """Drop the remembered revision so that the next drawing loads the stored one afresh."""
    revisions = dict(st.session_state.get(CONSENSUS_REVISIONS, {}))
    revisions.pop((round_id, kind, item_id), None)
    st.session_state[CONSENSUS_REVISIONS] = revisions


def participant_id() -> int | None:
    """The participant this browser session answers as, once they have joined or resumed."""
    return st.session_state.get(PARTICIPANT_ID)


def participant_round() -> int | None:
    """The round this browser session is joining or answering, once its join code was accepted."""
    return st.session_state.get(PARTICIPANT_ROUND)


def set_participant(round_id: int | None, participant: int | None) -> None:
    """Remember the round and participant this browser session answers as (None, None to leave)."""
    st.session_state[PARTICIPANT_ROUND] = round_id
    st.session_state[PARTICIPANT_ID] = participant


def is_participant_session() -> bool:
    """True when this browser session is joining or answering a workshop as a participant."""
    return participant_round() is not None


def participant_step() -> int | None:
    """The questionnaire step shown (None: not chosen yet, so the first unanswered one)."""
    return st.session_state.get(PARTICIPANT_STEP)


def set_participant_step(step: int | None) -> None:
    """Move the participant to another questionnaire step."""
    st.session_state[PARTICIPANT_STEP] = step


def take_new_resume_code() -> str | None:
    """The participant's new resume code, returned once and then forgotten."""
    return st.session_state.pop(NEW_RESUME_CODE, None)


def peek_new_resume_code() -> str | None:
    """The new resume code if it has not been shown yet."""
    return st.session_state.get(NEW_RESUME_CODE)


def set_new_resume_code(code: str) -> None:
    """Keep a just-issued resume code until it has been shown once."""
    st.session_state[NEW_RESUME_CODE] = code


def join_failures() -> int:
    """Wrong join or resume codes typed in this browser session."""
    return st.session_state.get(JOIN_FAILURES, 0)


def record_join_failure(blocked_until: float) -> None:
    """Count a wrong code and block further tries until the given time (seconds since the epoch)."""
    st.session_state[JOIN_FAILURES] = join_failures() + 1
    st.session_state[JOIN_BLOCKED_UNTIL] = blocked_until


def join_blocked_until() -> float:
    """When this session may try another code (seconds since the epoch; 0 when it may now)."""
    return st.session_state.get(JOIN_BLOCKED_UNTIL, 0.0)

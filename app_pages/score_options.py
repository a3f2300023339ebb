"""Score the options: a participant scores each structural option against the appraisal criteria; the
options page ranks them on the room's median when the facilitator chooses to."""

import streamlit as st

from assessment.store import RoundClosed
from ui import resources, state
from ui.components import option_scoring
from ui.text import plain as escape

PAGE = "score_options"

framework = resources.framework()
store = resources.store()

st.title("Score the options")
st.caption(
    "Your own view first: score each option from 0 (very poor) to 4 (very good) on each criterion. "
    "The facilitator sees only the room's median, never one person's scores."
)
message = state.pop_flash(PAGE)
if message:
    st.success(message)


def sign_in() -> None:
    """Let a participant come back with their resume code, or join the round with its join code."""
    back, new = st.tabs(["I have a resume code", "Join with the round's code"])
    with back, st.form("score_options_resume"):
        code = st.text_input("Your resume code", max_chars=32, key="score_options_resume_code")
        if st.form_submit_button("Continue", type="primary"):
            participant = store.resume(code)
            if participant is None:
                st.error("That resume code was not recognised. Check it and try again.")
            else:
                state.set_scoring_participant(participant.round_id, participant.id)
                st.rerun()
    with new, st.form("score_options_join"):
        join_code = st.text_input("The round's join code", max_chars=32, key="score_options_join_code")
        partner = st.selectbox(
            "Which partner do you come from?",
            [p.id for p in framework.partner_types],
            format_func=framework.partner_name,
            key="score_options_partner",
        )
        if st.form_submit_button("Join", type="primary"):
            round_row = store.find_round_by_code(join_code)
            if round_row is None:
                st.error("That join code does not open a round. Check it with the facilitator.")
                return
            try:
                participant, resume = store.join(round_row.id, partner)
            except RoundClosed as error:
                st.error(str(error))
                return
            state.set_scoring_participant(round_row.id, participant.id)
            state.flash(PAGE, f"You have joined. Your resume code is {resume}: write it down to come back later.")
            st.rerun()


entry = state.scoring_entry()
if not entry:
    sign_in()
    st.stop()
round_id, participant_id = entry
round_row = store.get_round(round_id)
st.markdown(f"**{escape(round_row.area_name)}** · {escape(round_row.label)}")
if st.button("Sign out", key="score_options_sign_out"):
    state.set_scoring_participant(None, None)
    st.rerun()

option_scoring.show(store, framework, round_id, participant_id, page=PAGE, key="score_options_grid")

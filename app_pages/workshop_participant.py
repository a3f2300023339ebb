"""Join a workshop: a participant opens the join link or types the code, says which partner they come
from, and answers one step at a time. Every step is saved when it is left; a resume code brings the
answers back. A participant sees only their own answers."""

import datetime as dt
import math
import time

import streamlit as st

from assessment.disclosure import small_groups_sentence
from assessment.models import RoundStatus
from assessment.signin import open_join_code, open_resume_code
from assessment.storage import Locked, NotFound, RoundClosed, RoundRow, StoreError
from assessment.workshop import first_open_step, join_wait_seconds, progress, questionnaire_steps, unanswered_steps
from ui import resources, state
from ui.components import option_scoring, questionnaire_step
from ui.text import plain

WRONG_CODE = (
    "That code did not open a workshop that is taking answers. It may be mistyped, or the workshop may "
    "have closed. Check the code with your facilitator."
)
PAGE = "workshop_participant"
CLOSED = "This workshop is closed, so answers can no longer be given or changed. Thank you for taking part."

st.set_page_config(layout="centered")  # a narrow column reads better than a wide one, on any screen
framework = resources.framework()
store = resources.store()


def wait_seconds() -> int:
    """Seconds this browser session must still wait before trying another code."""
    return max(0, math.ceil(state.join_blocked_until() - time.time()))


def refuse_code() -> None:
    """Count a wrong code against this session and slow down the next try."""
    failures = state.join_failures() + 1
    state.record_join_failure(time.time() + join_wait_seconds(failures))


def server_busy(locked: Locked) -> None:
    """Say that the server is refusing codes for a while (too many wrong ones from anywhere)."""
    seconds = max(1, math.ceil((locked.until - dt.datetime.now(dt.UTC)).total_seconds()))
    st.warning(
        f"Too many codes that did not work have been tried on this server in the last minute. "
        f"Please wait {seconds} seconds, then try again."
    )


def accept_join_code(code: str) -> bool:
    """Remember the round a join code opens, if it is open; one message for every failure."""
    round_row = open_join_code(store, code)  # Locked while the server refuses codes
    if round_row is None:
        refuse_code()
        return False
    state.set_participant(round_row.id, None)
    st.query_params["join"] = round_row.join_code
    return True


def accept_resume_code(code: str, join_code: str | None) -> bool:
    """Bring back the participant a resume code belongs to (within the join code's round, if given)."""
    participant = open_resume_code(store, code, join_code)  # Locked while the server refuses codes
    if participant is None:
        refuse_code()
        return False
    state.set_participant(participant.round_id, participant.id)
    state.set_participant_step(None)
    st.query_params["join"] = store.rounds.get_round(participant.round_id).join_code
    st.query_params["resume"] = code.strip().upper()
    return True


def follow_link() -> None:
    """Use ?resume= and ?join= from the address once; a wrong code is dropped from the address."""
    if state.participant_id() is not None or wait_seconds():
        return
    resume, join = st.query_params.get("resume"), st.query_params.get("join")
    try:
        if resume:
            if not accept_resume_code(resume, join):
                st.query_params.clear()
                st.error("That link did not bring back any answers. " + WRONG_CODE)
        elif join and state.participant_round() is None and not accept_join_code(join):
            st.query_params.clear()
            st.error(WRONG_CODE)
    except Locked as locked:
        server_busy(locked)  # the link stays in the address, so a reload after the wait uses it


def leave() -> None:
    """Forget the workshop on this device (answers stay saved; the resume code brings them back)."""
    state.set_participant(None, None)
    state.set_participant_step(None)
    st.query_params.clear()


def entry() -> None:
    """The join form and the resume form, slowed down after repeated wrong codes."""
    st.title("Join a workshop")
    st.write(
        "Your facilitator gives you a join code or a link. You answer on your own. We do not ask for your "
        "name: the room sees answers only put together, and the facilitator's results list them by partner "
        f"type, never for a group of fewer than {framework.suppression_k} people."
    )
    waiting = wait_seconds()
    if waiting:
        st.warning(f"Too many codes that did not work. Please wait {waiting} seconds, then try again.")
    with st.form("join_code"):
        code = st.text_input("Join code", max_chars=12, placeholder="For example ABC234")
        joined = st.form_submit_button("Join", type="primary", disabled=bool(waiting))
    if joined:
        if wait_seconds():
            st.stop()
        try:
            if accept_join_code(code):
                st.rerun()
            st.error(WRONG_CODE)
        except Locked as locked:
            server_busy(locked)
        if wait_seconds():
            st.warning(f"Too many codes that did not work. Please wait {wait_seconds()} seconds, then try again.")
    with st.expander("Coming back? Use your resume code"):
        with st.form("resume_code", border=False):
            resume = st.text_input("Resume code", max_chars=20, placeholder="The 10-character code you were given")
            resumed = st.form_submit_button("Bring back my answers", disabled=bool(waiting))
        if resumed and not wait_seconds():
            try:
                if accept_resume_code(resume, None):
                    st.rerun()
                st.error("That resume code did not bring back any answers. Check it and try again.")
            except Locked as locked:
                server_busy(locked)


def about_you(round_row: RoundRow) -> None:
    """Ask which partner the participant comes from (and optionally their role), then register them."""
    st.title("About you")
    st.caption(f"{plain(round_row.area_name)} · {plain(round_row.label)}")
    st.write(
        "Which partner organisation do you come from? We use this only to count who has answered and to "
        f"compare partner types. {small_groups_sentence(framework)} We never ask for your name."
    )
    partner_ids = [p.id for p in framework.partner_types]
    with st.form("about_you"):
        partner = st.radio("Partner type", partner_ids, index=None, format_func=framework.partner_name)
        role = st.text_input("Your role (optional)", max_chars=120, placeholder="For example: Head of commissioning")
        started = st.form_submit_button("Start", type="primary")
    if st.button("This is not my workshop"):
        leave()
        st.rerun()
    if not started:
        return
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


def show_resume_code() -> None:
    """Show the participant's new resume code, once."""
    code = state.take_new_resume_code()
    if code:
        st.success(
            f"Your resume code is **{code}**. Write it down: with it you can come back to your answers on any "
            "device. It is also in this page's address, so you can bookmark the page."
        )


def save_step(participant_id: int, outcome: questionnaire_step.StepOutcome) -> bool:
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


def review(round_row: RoundRow, participant_id: int, steps, answers) -> None:  # noqa: ANN001
    """The last step: what is still unanswered, and Submit."""
    participant = store.responses.get_participant(participant_id)
    st.header("Check and submit")
    missing = unanswered_steps(steps, answers)
    if missing:
        st.warning(
            f"{len(missing)} page(s) have questions without an answer. You can still submit, or go back to them."
        )
        target = st.selectbox("Pages with questions left", range(len(missing)), format_func=lambda i: missing[i].title)
        if st.button("Go to that page", icon=":material/edit:"):
            state.set_participant_step(steps.index(missing[target]))
            st.rerun()
    else:
        st.write("You have answered every question.")
    if participant.completed:
        st.success(
            "Thank you: your answers are submitted. You can still change them until the facilitator closes the round."
        )
    back, submit = st.columns(2)
    if back.button("Back", icon=":material/arrow_back:", width="stretch"):
        state.set_participant_step(len(steps) - 1)
        st.rerun()
    label = "Submit again" if participant.completed else "Submit my answers"
    if submit.button(label, type="primary", width="stretch"):
        try:
            store.responses.set_complete(participant_id)
        except RoundClosed:
            st.error(CLOSED)
            return
        except StoreError as problem:
            st.error(
                f"Your answers are saved, but could not be marked as submitted: {plain(problem)}. Please try again."
            )
            return
        st.rerun()
    if participant.completed:
        # The structural options are scored by the same people in the same session: no second sign-in.
        st.header("Optional: score the structural options")
        st.caption(
            "Your own view: score each option from 0 (very poor) to 4 (very good) on each criterion. "
            "The facilitator sees only the room's median, never one person's scores."
        )
        message = state.pop_flash(PAGE)
        if message:
            st.success(plain(message))
        option_scoring.show(store, framework, round_row.id, participant_id, page=PAGE, key="participant_options")
    st.divider()
    if st.button(
        "Leave this workshop on this device", help="Your answers stay saved. Your resume code brings them back."
    ):
        leave()
        st.rerun()


def questionnaire(round_row: RoundRow, participant_id: int) -> None:
    """The questionnaire, one step at a time, with a progress bar."""
    st.caption(f"{plain(round_row.area_name)} · {plain(round_row.label)}")
    show_resume_code()
    steps = questionnaire_steps(framework, round_row)
    answers = store.responses.answers_of(participant_id)
    step = state.participant_step()
    if step is None:
        step = first_open_step(steps, answers)
        state.set_participant_step(step)
    step = max(0, min(step, len(steps)))
    done = progress(steps, answers)
    st.progress(done, text=f"Page {step + 1} of {len(steps) + 1} · {done:.0%} answered")
    if step == len(steps):
        review(round_row, participant_id, steps, answers)
        return
    outcome = questionnaire_step.show(
        steps[step], framework, answers, participant_id=participant_id, is_first=step == 0
    )
    if outcome.action and save_step(participant_id, outcome):
        state.set_participant_step(step - 1 if outcome.action == "back" else step + 1)
        st.rerun()


follow_link()
round_id, participant_id = state.participant_round(), state.participant_id()
if round_id is None:
    entry()
    st.stop()
try:
    round_row = store.rounds.get_round(round_id)
except NotFound:
    leave()
    st.rerun()
if round_row.status != RoundStatus.OPEN:
    st.title("Workshop closed")
    st.info(CLOSED)
    if st.button("Leave this workshop on this device"):
        leave()
        st.rerun()
    st.stop()
if participant_id is None:
    about_you(round_row)
else:
    questionnaire(round_row, participant_id)

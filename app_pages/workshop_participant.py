"""Join a workshop: a participant opens the join link or types the code, says which partner they come
from, and answers one step at a time. Every step is saved when it is left; a resume code brings the
answers back. While the facilitator has a re-score open, someone who answered sees only its factors,
one at a time, to re-score or keep. A participant sees only their own answers."""

import streamlit as st

from assessment.dates import round_name
from assessment.disclosure import small_groups_sentence
from assessment.models import RoundStatus
from assessment.results import RescoreView, rescore_view
from assessment.storage import RoundRow
from assessment.workshop import answered_count, progress, questionnaire_steps, unanswered_steps
from ui import cache, resources, state
from ui.components import device_memory, option_scoring, participant_flow, questionnaire_step, rescore_step
from ui.text import plain

PAGE = "workshop_participant"

st.set_page_config(layout="centered")  # a narrow column reads better than a wide one, on any screen
framework = resources.framework()
store = resources.store()


def entry() -> None:
    """The join form and the resume form, slowed down after repeated wrong codes."""
    st.title("Join a workshop")
    st.write(
        "Your facilitator gives you a join code or a link. You answer on your own. We do not ask for your "
        "name: the room sees answers only put together, and the facilitator's results list them by partner "
        f"type, never for a group of fewer than {framework.suppression_k} people."
    )
    forget = state.take_forget_on_device()
    if forget:
        device_memory.forget(forget)
    counting = bool(participant_flow.wait_seconds())

    # While this session must wait, the forms redraw every second: the wait counts down, and the Join
    # button comes back by itself when it is over (a code typed meanwhile stays in its box).
    @st.fragment(run_every=1 if counting else None)
    def codes() -> None:
        code_forms(counting)

    codes()


def code_forms(counting: bool) -> None:
    """The join form and the resume form, disabled while this session must wait."""
    waiting = participant_flow.show_wait()
    if counting and not waiting:
        st.rerun()  # the wait is over: draw the whole page again, which stops the countdown
    with st.form("join_code"):
        code = st.text_input("Join code", max_chars=12, placeholder="For example ABC234")
        joined = st.form_submit_button("Join", type="primary", disabled=bool(waiting))
    if joined:
        participant_flow.join(store, code)
    with st.expander("Coming back? Use your resume code"):
        with st.form("resume_code", border=False):
            resume = st.text_input("Resume code", max_chars=20, placeholder="The 10-character code you were given")
            resumed = st.form_submit_button("Bring back my answers", disabled=bool(waiting))
        if resumed:
            participant_flow.resume(store, resume)


def welcome_back(round_row: RoundRow, code: str) -> None:
    """This browser joined the round before: continue with those answers, or start as someone else."""
    st.title("Welcome back")
    st.caption(f"{plain(round_row.area_name)} · {plain(round_name(round_row))}")
    st.write(
        "You have already joined this workshop on this device. Continue with your answers, so that you are "
        "counted once. If you are someone else using the same device, join as a new participant."
    )
    if st.button(f"Continue with your answers (resume code {code})", type="primary"):
        participant_flow.continue_with(store, round_row, code)
        return
    if st.button("I am someone else: join as a new participant"):
        participant_flow.someone_else(round_row)
    if st.button("This is not my workshop"):
        participant_flow.leave()
    st.stop()


def about_you(round_row: RoundRow) -> None:
    """Ask which partner the participant comes from (and optionally their role), then register them;
    when this browser joined the round before, offer to continue with those answers instead."""
    remembered = participant_flow.remembered_code(round_row)
    if remembered:
        welcome_back(round_row, remembered)
    st.title("About you")
    st.caption(f"{plain(round_row.area_name)} · {plain(round_name(round_row))}")
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
        participant_flow.leave()
    if started:
        participant_flow.start(store, round_row, partner, role)


def show_resume_code() -> None:
    """Show the participant's new resume code, once."""
    code = state.take_new_resume_code()
    if code:
        st.success(
            f"Your resume code is **{code}**. Write it down: with it you can come back to your answers on any "
            "device. It is also in this page's address, so you can bookmark the page."
        )


def review(round_row: RoundRow, participant_id: int, steps, answers, open_pass: int | None) -> None:  # noqa: ANN001
    """The last step: what is still unanswered, and Submit. open_pass: the re-score open now, if any."""
    participant = store.responses.get_participant(participant_id)
    st.header("Check and submit")
    missing = unanswered_steps(steps, answers)
    if missing:
        st.warning(
            f"{len(missing)} page(s) have questions without an answer. You can still submit, or go back to them."
        )
        target = st.selectbox("Pages with questions left", range(len(missing)), format_func=lambda i: missing[i].title)
        if st.button("Go to that page", icon=":material/edit:"):
            participant_flow.go_to_step(steps.index(missing[target]))
    else:
        st.write("You have answered every question.")
    if participant.completed:
        st.success(
            "Thank you: your answers are submitted. You can still change them until the facilitator closes the round."
        )
    back, submit = st.columns(2)
    if back.button("Back", icon=":material/arrow_back:", width="stretch"):
        participant_flow.go_to_step(len(steps) - 1)
    label = "Submit again" if participant.completed else "Submit my answers"
    if submit.button(label, type="primary", width="stretch") and not participant_flow.submit(store, participant_id):
        return
    if participant.completed:
        # The structural options are scored by the same people in the same session: no second sign-in.
        st.header("Optional: score the structural options")
        st.caption(
            "Your own view: choose an option, then score it from 0 (very poor) to 4 (very good) on each "
            "criterion. "
            "The facilitator sees only the room's median, never one person's scores."
        )
        message = state.pop_flash(PAGE)
        if message:
            st.success(plain(message))
        option_scoring.show(store, framework, round_row.id, participant_id, page=PAGE, key="participant_options")
    participant_flow.watch_rescore(store, round_row.id, open_pass)  # a re-score opened: show it
    leave_button()


def leave_button() -> None:
    st.divider()
    if st.button(
        "Leave this workshop on this device", help="Your answers stay saved. Your resume code brings them back."
    ):
        participant_flow.leave()


def rescore(round_row: RoundRow, participant_id: int, view: RescoreView) -> None:
    """The open re-score: each factor they are asked about, one at a time, then the page saying it is saved."""
    asked = view.asked
    step = participant_flow.rescore_step(round_row, view)
    st.progress(
        view.done / len(asked),
        text=f"Re-score after discussion · {view.done} of {len(asked)} "
        f"{'factor' if len(asked) == 1 else 'factors'} done",
    )
    if step == len(asked):
        rescore_step.done(view)
        if st.button("Back", icon=":material/arrow_back:"):
            participant_flow.go_to_step(step - 1)
        participant_flow.watch_rescore(store, round_row.id, view.number)  # closed: back to their answers
        leave_button()
        return
    factor = asked[step]
    outcome = rescore_step.show(
        factor, framework, participant_id=participant_id, number=view.number, is_first=step == 0
    )
    participant_flow.save_rescore(store, participant_id, view.number, factor.factor_id, step, outcome)


def questionnaire(round_row: RoundRow, participant_id: int) -> None:
    """The questionnaire, one step at a time, with a progress bar; or the open re-score, once the
    participant has been through the questionnaire and is asked to re-score some of its factors."""
    st.caption(f"{plain(round_row.area_name)} · {plain(round_name(round_row))}")
    show_resume_code()
    resume_code = state.participant_resume_code()
    if resume_code:
        device_memory.remember(round_row.join_code, resume_code)
    steps = questionnaire_steps(framework, round_row)
    answers = participant_flow.own_answers(store, participant_id)
    current = participant_flow.open_rescore(store, round_row.id)
    if current and participant_flow.rescore_now(current.number, steps, answers):
        view = participant_flow.read_or_last(
            f"rescore_view_{participant_id}_{current.number}",
            lambda: rescore_view(store, framework, participant_id, cache.room_spread(round_row.id, current.number)),
        )
        if view is not None and view.asked:
            rescore(round_row, participant_id, view)
            return
    step = participant_flow.current_step(round_row, steps, answers)
    answered, total = answered_count(steps, answers)
    share = progress(steps, answers)
    st.progress(
        share,
        text=f"Page {step + 1} of {len(steps) + 1} · you have answered {answered} of all {total} questions "
        f"({share:.0%})",
    )
    if step == len(steps):
        review(round_row, participant_id, steps, answers, current.number if current else None)
        return
    outcome = questionnaire_step.show(
        steps[step], framework, answers, participant_id=participant_id, is_first=step == 0
    )
    cut = participant_flow.cut_message()
    if cut:
        st.warning(cut)  # beside the button just pressed, where the page stays scrolled
    participant_flow.save_step(store, participant_id, step, outcome)


participant_flow.follow_link(store)
round_id, participant_id = state.participant_round(), state.participant_id()
if round_id is None:
    entry()
    st.stop()
round_row = participant_flow.joined_round(store, round_id)
if round_row.status != RoundStatus.OPEN:
    st.title("Workshop closed")
    st.info(participant_flow.CLOSED)
    if st.button("Leave this workshop on this device"):
        participant_flow.leave()
    st.stop()
if participant_id is None:
    about_you(round_row)
else:
    questionnaire(round_row, participant_id)

"""How a participant gets into a workshop and moves through it: a join or resume code (typed or in the
link) checked against the server-wide limit on codes, the slower tries after wrong ones, leaving, being
registered, and saving each step as it is left. The participant's page draws; this decides and moves.

The address owns where a participant is: ?join=<round>&resume=<their code>&step=<page number>, and during
a re-score ?join=<round>&resume=<their code>&rescore=<pass>&step=<page of the re-score>. Streamlit
pushes a browser history entry each time a run changes the address (and replaces the entry instead
during a run that Back or Forward started), so every entry of a participant's history carries their
resume code: Back shows the page before, and a reload after it brings back the same participant. A
session that knows its participant writes them back into an address that lacks them (Back to the bare
join link, for instance), and this browser remembers each round's resume code (device_memory), so the
join link alone offers to continue rather than registering someone new."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NoReturn, TypeVar

import streamlit as st

from assessment.models import MAX_COMMENT, Answer, ItemKind
from assessment.results.rescoring import RescoreView
from assessment.signin import open_join_code, open_resume_code
from assessment.storage import (
    RESUME_CODE_LENGTH,
    DatabaseUnavailable,
    Locked,
    NotFound,
    RescoreRow,
    RoundClosed,
    RoundRow,
    Store,
    StoreError,
    new_code,
)
from assessment.storage.codes import normalise_code
from assessment.workshop import Step, join_wait_seconds, seconds_to_wait, server_wait_seconds, step_to_show
from ui import state
from ui.components import device_memory, questionnaire_step
from ui.components.questionnaire_step import StepOutcome
from ui.components.rescore_step import RescoreOutcome
from ui.text import plain

WRONG_CODE = (
    "That code did not open a workshop that is taking answers. It may be mistyped, or the workshop may "
    "have closed. Check the code with your facilitator."
)
CLOSED = "This workshop is closed, so answers can no longer be given or changed. Thank you for taking part."
RESCORE_WATCH_SECONDS = 10  # how often a device waiting on a finished page looks for a re-score opened or closed
CUT = "comment_cut"  # the flash message saying that a comment was cut to the limit
REFUSED = "code_refused"  # the flash message saying why the code that began a wait was refused
SAVE_RETRY_SECONDS = 3  # how often answers not saved yet are tried again while the database is away
NOT_SAVED_YET = (
    "Not saved yet: the database is not answering. Your answers on this page are kept here and will be "
    "saved as soon as it is back, so you do not need to choose or type them again. Retrying..."
)
NOT_REGISTERED_YET = (
    "You are not registered yet: the database is not answering. Your choice is kept here; please press "
    "Start again in a moment."
)

T = TypeVar("T")


@dataclass(frozen=True)
class PendingSave:
    """A step's answers that could not be saved because the database was not answering: tried again
    until they are saved, then the participant moves on to `to_step` as they asked (steps from 0). In a
    re-score (`rescore`: its pass), the answers to the factor `factor_id`, or keeping their answer to it."""

    participant_id: int
    step: int
    to_step: int
    answers: tuple[Answer, ...]
    cut: tuple[str, ...] = ()
    cut_boxes: tuple[str, ...] = ()
    rescore: int | None = None
    factor_id: str = ""
    keep: bool = False

    def save(self, store: Store) -> None:
        """Save (again: every save here is an upsert, so a save repeated after one that was in fact
        written leaves one row per answer)."""
        if self.rescore is None:
            store.responses.save_answers(self.participant_id, self.answers)
        elif self.keep:
            store.rescores.keep(self.participant_id, self.rescore, [self.factor_id])
        else:
            store.rescores.save_answers(self.participant_id, self.rescore, self.answers)


def wait_seconds() -> int:
    """Seconds this browser session must still wait before trying another code."""
    return seconds_to_wait(state.join_blocked_until(), time.time())


def show_wait() -> int:
    """Say why the code that began a wait was refused, and how long this session must wait after too
    many wrong codes, if it must; returns the seconds."""
    refused, waiting = state.pop_flash(REFUSED), wait_seconds()
    if refused:
        st.error(refused)
        if waiting:
            state.flash(REFUSED, refused)  # kept while the countdown redraws the page
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
        _refused(WRONG_CODE)
    except Locked as locked:
        _server_busy(locked)


def resume(store: Store, code: str) -> None:
    """A typed resume code: back to the participant's answers (rerun) when it is theirs, otherwise say
    it did not work; nothing while this session must wait."""
    if wait_seconds():
        return
    try:
        if _accept_resume_code(store, code, None):
            st.rerun()
        _refused("That resume code did not bring back any answers. Check it and try again.")
    except Locked as locked:
        _server_busy(locked)


def leave() -> NoReturn:
    """Forget the workshop on this device and draw the page afresh (answers stay saved; the resume code
    brings them back)."""
    join_code = st.query_params.get("join")
    if join_code:
        state.forget_on_device(join_code)
    state.set_participant(None, None)
    state.set_participant_resume_code(None)
    st.query_params.clear()
    st.rerun()


def remembered_code(round_row: RoundRow) -> str | None:
    """The resume code this browser keeps for the round, unless the person said they are someone else."""
    if state.someone_else_in(round_row.id):
        return None
    return device_memory.remembered(round_row.join_code)


def continue_with(store: Store, round_row: RoundRow, code: str) -> None:
    """Bring back the participant whose resume code this browser kept (rerun); when it no longer brings
    anyone back, forget it on this browser and say so (the page then asks who they are)."""
    try:
        if _accept_resume_code(store, code, round_row.join_code):
            st.rerun()
    except Locked as locked:
        _server_busy(locked)
        return
    device_memory.forget(round_row.join_code)
    state.set_someone_else_in(round_row.id)
    st.error("The answers this device kept did not come back. Please say which partner you come from to start.")


def someone_else(round_row: RoundRow) -> NoReturn:
    """The person at this device is not the one who joined on it before: ask who they are (rerun)."""
    state.set_someone_else_in(round_row.id)
    st.rerun()


def joined_round(store: Store, round_id: int) -> RoundRow:
    """The round this session joined; when it no longer exists, the session leaves it."""
    try:
        return read_or_last(f"round_{round_id}", lambda: store.rounds.get_round(round_id))
    except NotFound:
        leave()


def own_answers(store: Store, participant_id: int) -> dict[tuple[ItemKind, str], Answer]:
    """The participant's saved answers (while the database is not answering: as last read)."""
    return read_or_last(f"answers_{participant_id}", lambda: store.responses.answers_of(participant_id))


def open_rescore(store: Store, round_id: int) -> RescoreRow | None:
    """The re-score open in the round, if any (while the database is not answering: as last read)."""
    return read_or_last(f"rescore_{round_id}", lambda: store.rescores.current(round_id))


def read_or_last(name: str, read: Callable[[], T]) -> T:
    """What `read` returns, kept for this session under `name`; while the database is not answering, what
    it returned last time, so the page (and what the participant chose on it) stays as it was.
    DatabaseUnavailable when this session never read it."""
    try:
        value = read()
    except DatabaseUnavailable:
        known, value = state.last_read(name)
        if not known:
            raise
        return value
    state.keep_read(name, value)
    return value


def start(store: Store, round_row: RoundRow, partner: str | None, role: str) -> None:
    """Register the participant in the round with their partner type (and role) and show the first step
    with their new resume code (rerun); a message when no partner type was chosen or it failed."""
    if partner is None:
        st.error("Choose your partner type to start.")
        return
    code = state.join_resume_code(round_row.id, lambda: new_code(RESUME_CODE_LENGTH))
    try:
        participant, code = store.responses.join(round_row.id, partner, role, resume_code=code)
    except RoundClosed:
        st.error(CLOSED)
        return
    except DatabaseUnavailable:
        st.warning(NOT_REGISTERED_YET, icon=":material/cloud_off:")
        return
    except StoreError as problem:
        state.forget_join_resume_code()
        st.error(f"You could not be registered: {plain(problem)}. Please try again.")
        return
    state.forget_join_resume_code()
    state.set_participant(round_row.id, participant.id)
    state.set_participant_resume_code(code)
    state.set_new_resume_code(code)
    st.query_params.from_dict({"join": round_row.join_code, "resume": code, "step": "1"})
    st.rerun()


def current_step(round_row: RoundRow, steps: list[Step], answers: Mapping[tuple[ItemKind, str], Answer]) -> int:
    """The step to show (len(steps) is the review step): the one in the address, kept between the first
    and the review step; without one (just resumed by a typed code), the first one not fully answered.
    The address is then made to say it, with the join and resume codes."""
    step = step_to_show(_address_step(), steps, answers)
    keep_address(round_row, step)
    return step


def rescore_now(number: int, steps: list[Step], answers: Mapping[tuple[ItemKind, str], Answer]) -> bool:
    """True when the participant is to see the open re-score (pass `number`) rather than the
    questionnaire: the address is on that re-score, or they have come to the questionnaire's last page.
    Someone still answering a page goes on with it, so that what they chose on it is saved."""
    if st.query_params.get("rescore") == str(number) and _address_step(rescore=number) is not None:
        return True
    return step_to_show(_address_step(), steps, answers) == len(steps)


def rescore_step(round_row: RoundRow, view: RescoreView) -> int:
    """The re-score page to show (len(view.asked) is the page saying it is saved): the one in the address
    when the address is of this re-score, otherwise the first factor not done yet. The address is then
    made to say it, with the pass."""
    step = _address_step(rescore=view.number)
    step = view.first_to_do if step is None else max(0, min(step, len(view.asked)))
    keep_address(round_row, step, rescore=view.number)
    return step


def keep_address(round_row: RoundRow, step: int, rescore: int | None = None) -> None:
    """Make the address say the round, this participant's resume code, the re-score (its pass number),
    if any, and the step (a page number from 1), so that a reload or a bookmark comes back here;
    unchanged when it already says so."""
    code = state.participant_resume_code()
    wanted = {
        "join": round_row.join_code,
        **({"resume": code} if code else {}),
        **({"rescore": str(rescore)} if rescore else {}),
        "step": str(step + 1),
    }
    if code is None and "resume" in st.query_params:
        wanted["resume"] = st.query_params["resume"]
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def go_to_step(step: int) -> NoReturn:
    """Show another step of the questionnaire (rerun); the browser keeps the step left in its history."""
    st.query_params["step"] = str(step + 1)
    st.rerun()


def save_step(store: Store, participant_id: int, step: int, outcome: StepOutcome) -> None:
    """When the participant pressed Back or Next: save the step's answers and show the step before or
    after (rerun); a message, and no move, when they could not be saved. When a comment was cut to the
    limit, the step is saved and shown again with the cut text and a message saying so. Answers not
    saved because the database was not answering are kept and tried again every SAVE_RETRY_SECONDS, and
    the participant moves on once they are saved."""
    just_failed = False
    if outcome.action:
        to_step = step - 1 if outcome.action == "back" else step + 1
        pending = PendingSave(participant_id, step, to_step, tuple(outcome.answers), outcome.cut, outcome.cut_boxes)
        if _saved(store, pending, outcome.comment_without_answer):
            _move_on(pending)
        just_failed = True
    _retry_pending(store, participant_id, step, just_failed)


def _move_on(saved: PendingSave) -> NoReturn:
    """After the step was saved: show it again when a comment was cut (with the message), otherwise the
    step the participant asked for."""
    if saved.cut:
        state.flash(CUT, _cut_message(saved.cut))
        for box in saved.cut_boxes:
            questionnaire_step.forget_box(box)
        st.rerun()
    go_to_step(saved.to_step)


def _retry_pending(store: Store, participant_id: int, step: int, just_failed: bool, rescore: int | None = None) -> None:
    """While this step's answers wait to be saved: say so, and try again every SAVE_RETRY_SECONDS
    (not at once after a try that just failed); once saved, move on as the participant asked."""
    pending = state.pending_save()
    if pending is None or (pending.participant_id, pending.rescore, pending.step) != (participant_id, rescore, step):
        return
    tried_at = time.monotonic() if just_failed else 0.0

    @st.fragment(run_every=SAVE_RETRY_SECONDS)
    def retry() -> None:
        waiting = state.pending_save()
        if waiting is None:
            return
        if time.monotonic() - tried_at >= 1:
            try:
                waiting.save(store)
            except DatabaseUnavailable:
                pass
            except RoundClosed:
                state.set_pending_save(None)
                st.rerun(scope="app")  # the page says the workshop is closed
            except StoreError as problem:
                state.set_pending_save(None)
                st.error(f"Your answers on this page were not saved: {plain(problem)}. Please press the button again.")
                return
            else:
                state.set_pending_save(None)
                _move_on(waiting)  # st.rerun() in a fragment runs the whole page again
        st.warning(NOT_SAVED_YET, icon=":material/cloud_off:")
        st.caption(f"Last tried at {time.strftime('%H:%M:%S')}.")

    retry()


def cut_message() -> str | None:
    """The message saying which comments were cut to the limit, once, after the step was saved."""
    return state.pop_flash(CUT)


def _cut_message(cut: tuple[str, ...]) -> str:
    where = ", ".join(cut)
    return (
        f"A comment can be at most {MAX_COMMENT:,} characters long, so we kept the first {MAX_COMMENT:,} "
        f"characters of your comment on {where} and saved them. Check how it ends in its box above, then press "
        "Save and next again."
    )


def save_rescore(
    store: Store, participant_id: int, number: int, factor_id: str, step: int, outcome: RescoreOutcome
) -> None:
    """When the participant pressed a button of a re-score page: keep their answer to the factor or save
    their new one and show the next page, or show the page before (nothing saved); a message, and no
    move, when it could not be saved. Kept and tried again, as on the questionnaire, when the database
    was not answering."""
    if outcome.action == "back":
        go_to_step(step - 1)
    just_failed = False
    if outcome.action:
        pending = PendingSave(
            participant_id,
            step,
            step + 1,
            tuple(outcome.answers),
            rescore=number,
            factor_id=factor_id,
            keep=outcome.action == "keep",
        )
        try:
            pending.save(store)
        except RoundClosed as closed:
            st.error(plain(closed))
            return
        except DatabaseUnavailable:
            state.set_pending_save(pending)
            just_failed = True
        except StoreError as problem:
            st.error(f"Your re-score was not saved: {plain(problem)}. Please press the button again.")
            return
        else:
            _forget_pending(pending)
            go_to_step(step + 1)
    _retry_pending(store, participant_id, step, just_failed, rescore=number)


def watch_rescore(store: Store, round_id: int, number: int | None) -> None:
    """Draw the page afresh when the facilitator opens or closes a re-score (the open pass is no longer
    `number`; None: none open when the page was drawn). Checked every RESCORE_WATCH_SECONDS, on pages
    where the participant has nothing left to do; nothing is drawn."""

    @st.fragment(run_every=RESCORE_WATCH_SECONDS)
    def watch() -> None:
        try:
            current = store.rescores.current(round_id)
        except DatabaseUnavailable:
            return  # looked at again on the next tick
        if (current.number if current else None) != number:
            st.rerun(scope="app")

    watch()


def _address_step(rescore: int | None = None) -> int | None:
    """The step the address names (counted from 0), when the address is this participant's and of this
    re-score (rescore: its pass; None: the questionnaire): Back and Forward change the address and rerun
    the page with the session as it was."""
    code = state.participant_resume_code()
    resume = st.query_params.get("resume")
    if code is not None and (resume is None or normalise_code(resume) != code):
        return None
    if st.query_params.get("rescore") != (None if rescore is None else str(rescore)):
        return None
    try:
        return int(st.query_params.get("step", "")) - 1
    except ValueError:
        return None


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


def _saved(store: Store, answers: PendingSave, comment_without_answer: list[str]) -> bool:
    """Save a step's answers; False (with a message) when they could not be saved, and kept to be tried
    again when that is because the database is not answering."""
    if comment_without_answer:
        st.error("You wrote a comment without choosing an answer. Choose an answer (or 'Don't know') to keep it.")
        return False
    try:
        answers.save(store)
    except RoundClosed:
        st.error(CLOSED)
        return False
    except DatabaseUnavailable:
        state.set_pending_save(answers)
        return False
    except StoreError as problem:
        st.error(f"Your answers on this page were not saved: {plain(problem)}. Please press the button again.")
        return False
    _forget_pending(answers)
    return True


def _forget_pending(saved: PendingSave) -> None:
    """What was just saved replaces what waited to be saved on the same page."""
    pending = state.pending_save()
    if pending is not None and (pending.participant_id, pending.rescore, pending.step) == (
        saved.participant_id,
        saved.rescore,
        saved.step,
    ):
        state.set_pending_save(None)


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
    resume_code = normalise_code(code)
    state.set_participant(participant.round_id, participant.id)
    state.set_participant_resume_code(resume_code)
    st.query_params.update({"join": store.rounds.get_round(participant.round_id).join_code, "resume": resume_code})
    return True


def _refuse_code() -> None:
    """Count a wrong code against this session and slow down the next try."""
    state.record_join_failure(time.time() + join_wait_seconds(state.join_failures() + 1))


def _refused(message: str) -> None:
    """Say that a typed code was refused; when the refusal began a wait, draw the page again first, so
    that its forms are disabled and the wait counts down."""
    if wait_seconds():
        state.flash(REFUSED, message)
        st.rerun()
    st.error(message)


def _server_busy(locked: Locked) -> None:
    """Say that the server is refusing codes for a while (too many wrong ones from anywhere)."""
    seconds = server_wait_seconds(locked.until, dt.datetime.now(dt.UTC))
    st.warning(
        f"Too many codes that did not work have been tried on this server in the last minute. "
        f"Please wait {seconds} seconds, then try again."
    )

"""The one typed owner of st.session_state: every per-user value the app keeps lives behind these names.

Pages and components never write st.session_state["..."] directly; they call these functions, so a
key is spelled once and its type is known.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

from assessment.access import Access

if TYPE_CHECKING:
    from assessment.appraisal import ScoreSource

ANONYMOUS = Access()

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


PICKED_BY_HAND = "round_picker_by_hand"  # True when the pickers were just changed: they, not the address, decide


def mark_picked_by_hand() -> None:
    """Note that the area or round was just chosen with the pickers (called from their callbacks)."""
    st.session_state[PICKED_BY_HAND] = True


def take_picked_by_hand() -> bool:
    """True, once, after the area or round was chosen with the pickers."""
    return st.session_state.pop(PICKED_BY_HAND, False)


def picked(key: str) -> Any:
    """The value a picker widget with this key holds now (None before it is first drawn)."""
    return st.session_state.get(key)


def set_picked(key: str, value: Any) -> None:
    """Make a picker widget show this value on its next drawing (called before it is drawn in a run, or in
    a callback): the address, not the widget, says which area and round a page shows."""
    st.session_state[key] = value


# -- options appraisal and development plan ------------------------------------------------------------

SCORE_SOURCE = "options_score_source"  # an appraisal.ScoreSource: whose scores the ranking uses
FLASH = "flash_messages"  # page name -> message to show once after a save and rerun


def score_source() -> ScoreSource:
    """Whose appraisal scores to rank on: the Board's (default) or the room's median."""
    # Imported here: the appraisal's libraries would otherwise load before the app's menu is drawn.
    from assessment.appraisal import ScoreSource

    return ScoreSource(st.session_state.get(SCORE_SOURCE, ScoreSource.BOARD))


def flash(page: str, message: str) -> None:
    """Keep a message to show on the page's next run (a save is followed by a rerun)."""
    st.session_state.setdefault(FLASH, {})[page] = message


def pop_flash(page: str) -> str | None:
    """The message kept for this page, removed so it shows once."""
    return st.session_state.get(FLASH, {}).pop(page, None)


# -- the Board paper ---------------------------------------------------------------------------------

BOARD_PAPER = "board_paper"  # the paper this session last wrote: ui.components.paper_download.PaperFiles


def board_paper(round_id: int, stamp: tuple) -> Any | None:
    """The paper this session wrote for the round, while the round is as it was then (same stamp)."""
    paper = st.session_state.get(BOARD_PAPER)
    return paper if paper is not None and (paper.round_id, paper.stamp) == (round_id, stamp) else None


def keep_board_paper(paper: Any) -> None:
    """Keep the paper just written (one per session: the newest replaces the last)."""
    st.session_state[BOARD_PAPER] = paper


# Keys of the results pages' widgets: the widgets own their values, so these need no getters.
DASHBOARD_SECTION = "dashboard_section"  # the open section (tab) of the area dashboard
OPTIONS_SECTION = "options_section"  # the open section (tab) of the structural options page
COMPARE_SECTION = "compare_section"  # the open section (tab) of compare areas
COMPARE_AREAS = "compare_areas"  # the areas picked to compare (area ids)
COMPARE_ALL = "compare_all_areas"  # compare every area instead
COMPARE_PERIOD = "compare_period"  # latest finalised rounds, or a date range
COMPARE_DATES = "compare_dates"  # the date range
COMPARE_SORT = "compare_sort"  # the column to sort and filter by
COMPARE_RANGE = "compare_range"  # prefix of the filter sliders, one per column
COMPARE_RADAR = "compare_radar_areas"  # the (up to three) areas on the radar
DECISION_FORM = "decision_form"  # prefix of the Board's decision form's widgets (one set per round)
RATIFICATION_FORM = "ratification_form"  # prefix of the ratifying bodies' form (one per decision)


def compare_range_key(metric: str) -> str:
    """The key of the compare page's filter slider for one metric (each metric keeps its own range)."""
    return f"{COMPARE_RANGE}_{metric}"


IMPORT_GENERATION = "excel_import_generation"
IMPORT_REPORT = "excel_import_report"


def import_generation() -> int:
    """A counter in the Excel upload's widget key: raising it empties the uploader after an import."""
    return st.session_state.get(IMPORT_GENERATION, 0)


def clear_upload() -> None:
    """Empty the Excel uploader, so that a saved batch cannot be imported twice by a second click."""
    st.session_state[IMPORT_GENERATION] = import_generation() + 1


def import_report() -> list[str] | None:
    """The lines describing the last successful import, shown once after the page reruns."""
    return st.session_state.get(IMPORT_REPORT)


def set_import_report(lines: list[str] | None) -> None:
    """Remember (or forget) what the last import saved."""
    st.session_state[IMPORT_REPORT] = lines


# -- the workshop ------------------------------------------------------------------------------------

ACCESS = "access"  # assessment.access.Access: the areas (or the whole programme) this session may open
OPENED_ROUND = "workshop_opened_round"
PRESENTATION_SLIDE = "workshop_presentation_slide"
CONSENSUS_REVISIONS = "workshop_consensus_revisions"
CONSENSUS_MOVES = "workshop_consensus_moves"  # picker key -> the item it shows on its next drawing
PARTICIPANT_ID = "workshop_participant_id"
PARTICIPANT_ROUND = "workshop_participant_round"
NEW_RESUME_CODE = "workshop_new_resume_code"
JOIN_FAILURES = "workshop_join_failures"
JOIN_BLOCKED_UNTIL = "workshop_join_blocked_until"


def access() -> Access:
    """What this browser session may open (anonymous until a PIN or the passphrase is given)."""
    return st.session_state.get(ACCESS, ANONYMOUS)


def grant(granted: Access) -> None:
    """Remember, for this browser session only, what it may now open."""
    st.session_state[ACCESS] = granted


def sign_out() -> None:
    """Forget every PIN and passphrase this session gave (or the account it signed in as), and ask for
    them to be forgotten by the browser."""
    st.session_state[ACCESS] = ANONYMOUS
    st.session_state[SIGN_IN_TO_KEEP] = ""
    st.session_state.pop(AUDITED_SIGN_IN, None)


AUDITED_SIGN_IN = "audited_sign_in"  # hosted mode: the account whose sign-in this session has audited
AUDITED_REFUSALS = "audited_refusals"  # hosted mode: (actor, what) refusals this session has audited


def audited_sign_in() -> str | None:
    """The account whose sign-in this session has put in the audit trail (once per session)."""
    return st.session_state.get(AUDITED_SIGN_IN)


def mark_audited_sign_in(account: str) -> None:
    """Note that this session's sign-in as the account is in the audit trail."""
    st.session_state[AUDITED_SIGN_IN] = account


def mark_audited_refusal(actor: str, what: str) -> bool:
    """Note a refusal to audit; True the first time this session meets it (audit it then, not on every rerun)."""
    seen = st.session_state.setdefault(AUDITED_REFUSALS, set())
    if (actor, what) in seen:
        return False
    seen.add((actor, what))
    return True


SIGN_IN_CHECKED = "sign_in_checked"  # True once the sign-in this browser kept was read (once per session)
SIGN_IN_TO_KEEP = "sign_in_to_keep"  # what the browser should keep of the sign-in ("": forget it)


def sign_in_checked() -> bool:
    """True once this session has read the sign-in its browser kept (read once: sign-out must not undo)."""
    return st.session_state.get(SIGN_IN_CHECKED, False)


def mark_sign_in_checked() -> None:
    """Note that the sign-in the browser kept has been read for this session."""
    st.session_state[SIGN_IN_CHECKED] = True


def keep_sign_in(token: str) -> None:
    """Have the browser keep this sign-in (ui.components.access_gate writes it on every run)."""
    st.session_state[SIGN_IN_TO_KEEP] = token


def sign_in_to_keep() -> str | None:
    """What the browser should keep of this session's sign-in ("" to forget it); None: the session gave
    nothing new (written on every run, so that the page's elements stay the same from run to run)."""
    return st.session_state.get(SIGN_IN_TO_KEEP)


def opened_round() -> int | None:
    """The round this session has just opened on the set-up page (its join code is shown)."""
    return st.session_state.get(OPENED_ROUND)


def set_opened_round(round_id: int | None) -> None:
    """Remember (or forget) the round just opened on the set-up page."""
    st.session_state[OPENED_ROUND] = round_id


STATUS_TO_CONFIRM = "workshop_status_to_confirm"  # (round id, RoundStatus): a close or finalise awaiting "yes"
PENDING_ROUND = "workshop_pending_round"  # a RoundInput whose area name is close to an existing area's


def status_to_confirm(round_id: int) -> Any | None:
    """The status (an assessment.models.RoundStatus) this session asked to move the round to, awaiting
    confirmation; None when nothing is asked."""
    asked = st.session_state.get(STATUS_TO_CONFIRM)
    return asked[1] if asked is not None and asked[0] == round_id else None


def ask_to_confirm_status(round_id: int, status: Any | None) -> None:
    """Ask (or, with None, stop asking) to confirm moving the round to this status."""
    st.session_state[STATUS_TO_CONFIRM] = None if status is None else (round_id, status)


def pending_round() -> Any | None:
    """The round (an assessment.models.RoundInput) the set-up form asked to open, held while the
    facilitator says whether its area is the existing one it is close to; None when none is held."""
    return st.session_state.get(PENDING_ROUND)


def set_pending_round(spec: Any | None) -> None:
    """Hold (or, with None, drop) the round waiting for the area to be chosen."""
    st.session_state[PENDING_ROUND] = spec


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


def consensus_item_key(key: str, round_id: int) -> str:
    """The key of the consensus form's item picker (the picker owns its value: one per round)."""
    return f"{key}_item_{round_id}"


def move_consensus_to(key: str, round_id: int, item: str) -> None:
    """Ask the consensus form's picker to show this item on its next drawing (Previous, Next, after Record)."""
    st.session_state.setdefault(CONSENSUS_MOVES, {})[consensus_item_key(key, round_id)] = item


def apply_consensus_move(key: str, round_id: int, items: list[str]) -> None:
    """Before the picker is drawn: point it at the item asked for, if any, and never at an item that is
    no longer on its list (the first item then)."""
    picker = consensus_item_key(key, round_id)
    wanted = st.session_state.get(CONSENSUS_MOVES, {}).pop(picker, None)
    if wanted in items:
        st.session_state[picker] = wanted
    elif items and st.session_state.get(picker) not in items:
        st.session_state[picker] = items[0]


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


def take_new_resume_code() -> str | None:
    """The participant's new resume code, returned once and then forgotten."""
    return st.session_state.pop(NEW_RESUME_CODE, None)


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


# -- the participant's address and device ------------------------------------------------------------
# The step a participant is on lives in the page's address (?step=), not here: see participant_flow.

PARTICIPANT_RESUME_CODE = "workshop_participant_resume_code"
FORGET_ON_DEVICE = "workshop_forget_on_device"
SOMEONE_ELSE_IN = "workshop_someone_else_in"


def participant_resume_code() -> str | None:
    """The resume code of the participant this session answers as (written back into the address)."""
    return st.session_state.get(PARTICIPANT_RESUME_CODE)


def set_participant_resume_code(code: str | None) -> None:
    """Remember (or forget) the resume code of this session's participant."""
    st.session_state[PARTICIPANT_RESUME_CODE] = code


def forget_on_device(join_code: str) -> None:
    """Ask the next drawing of the page to forget this round's participant on this browser."""
    st.session_state[FORGET_ON_DEVICE] = join_code


def take_forget_on_device() -> str | None:
    """The join code whose participant this browser should forget, returned once."""
    return st.session_state.pop(FORGET_ON_DEVICE, None)


def someone_else_in(round_id: int) -> bool:
    """True when the person at this browser said they are not the one who joined the round on it before."""
    return st.session_state.get(SOMEONE_ELSE_IN) == round_id


def set_someone_else_in(round_id: int) -> None:
    """Remember that the person at this browser is someone new to the round."""
    st.session_state[SOMEONE_ELSE_IN] = round_id


# -- while the database is not answering ---------------------------------------------------------------
PENDING_SAVE = "workshop_pending_save"  # ui.components.participant_flow.PendingSave: answers not saved yet
LAST_READ = "workshop_last_read"  # name -> what this session last read of it (shown while the database is away)
JOIN_RESUME_CODE = "workshop_join_resume_code"  # (round id, code): the resume code a registration tries with


def pending_save() -> Any | None:
    """The participant's answers that could not be saved yet (the database was not answering), if any."""
    return st.session_state.get(PENDING_SAVE)


def set_pending_save(pending: Any | None) -> None:
    """Keep answers to save when the database is back (None once they are saved, or replaced)."""
    if pending is None:
        st.session_state.pop(PENDING_SAVE, None)
    else:
        st.session_state[PENDING_SAVE] = pending


def last_read(name: str) -> tuple[bool, Any]:
    """(True, value) when this session has read `name` before, (False, None) otherwise."""
    kept = st.session_state.get(LAST_READ, {})
    return (name in kept, kept.get(name))


def keep_read(name: str, value: Any) -> None:
    """Remember what was just read of `name`, to show it again while the database is not answering."""
    st.session_state.setdefault(LAST_READ, {})[name] = value


def join_resume_code(round_id: int, make: Any) -> str:
    """The resume code this session registers with in the round: made once (by `make`) and kept until the
    registration is saved, so a try repeated after the database came back registers one participant."""
    kept = st.session_state.get(JOIN_RESUME_CODE)
    if kept is None or kept[0] != round_id:
        kept = (round_id, make())
        st.session_state[JOIN_RESUME_CODE] = kept
    return kept[1]


def forget_join_resume_code() -> None:
    """The registration was saved: the next one (someone else on this device) gets a new code."""
    st.session_state.pop(JOIN_RESUME_CODE, None)

"""The Board's decision on a round's options: what was decided, who must ratify it and where they have
got to, the decisions it superseded; and, for the round's facilitator, the forms that record them.

The rules (a finalised round, a known option, a date on or after the workshop; never rewritten) are
assessment.decisions'; this draws them.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st
from pydantic import ValidationError

from assessment.dates import british_date
from assessment.decisions import STATUS_WORDS, DecisionError, option_names, record_decision
from assessment.framework import Framework
from assessment.models import DEFAULT_RATIFIERS, DecisionInput, Ratification, RatificationStatus, RoundStatus
from assessment.results import RoundDecision, round_decision
from assessment.storage import RoundRow, Store, StoreError
from ui import state
from ui.components import access_gate
from ui.text import plain

STATUSES = [s.value for s in RatificationStatus]
FIELDS = {
    "option_id": "Option",
    "decided_on": "Date of the decision",
    "meeting": "Meeting",
    "resolution": "Resolution",
    "conditions": "Conditions",
    "ratifications": "Bodies that must ratify it",
}


def summary(view: RoundDecision) -> None:
    """The decision in a few lines, for the dashboard: the sentence and where ratification stands."""
    if view.current is None:
        return
    st.markdown(f"**{plain(view.sentence)}**")
    if view.ratification_lines:
        st.caption("Ratification: " + plain("; ".join(view.ratification_lines)) + ".")


def show(
    store: Store, framework: Framework, round_row: RoundRow, *, may_edit: bool, recommended: str, page: str
) -> None:
    """The round's decision, its ratification and history; the facilitator's forms to record them."""
    view = round_decision(store, round_row)
    if view.current is None:
        st.info("No decision has been recorded for this round yet.")
    else:
        details(view)
    if not may_edit:
        st.caption(
            access_gate.read_only_note(
                store,
                round_row.area_id,
                "The area's facilitator records the Board's decision (sign in with the round's PIN).",
            )
        )
        return
    if round_row.status != RoundStatus.FINALISED:
        st.info(
            "Finalise the round (Run the workshop, Close and finalise) before recording the Board's decision: "
            "the Board decides on findings the room has finalised."
        )
        return
    if view.current is not None:
        ratification_form(store, view, page)
    decision_form(store, framework, round_row, view, recommended, page)


def details(view: RoundDecision) -> None:
    """What the Board decided, in full."""
    current = view.current
    st.subheader(plain(view.sentence))
    if current.meeting:
        st.markdown(f"**Meeting:** {plain(current.meeting)}")
    if current.resolution:
        st.markdown("**Resolution as worded**")
        st.markdown(plain(current.resolution))
    if current.conditions:
        st.markdown("**Conditions**")
        st.markdown(plain(current.conditions))
    if current.ratifications:
        rows = [
            {"Body": r.body, "Status": STATUS_WORDS.get(r.status, r.status), "Date": british_date(r.on) or "-"}
            for r in current.ratifications
        ]
        st.markdown("**Who must ratify it**")
        st.dataframe(rows, hide_index=True, width="stretch")
    st.caption(
        f"Recorded on {british_date(current.recorded_at.date())} by the {plain(current.recorded_by)}. "
        "The chosen option's implementation steps are proposed on the Development plan page, for the "
        "facilitator to accept, edit or drop."
    )
    if view.earlier:
        with st.expander(f"Earlier decisions ({len(view.earlier)}, superseded)"):
            for line in view.superseded_lines:
                st.markdown("- " + plain(line))


def ratification_form(store: Store, view: RoundDecision, page: str) -> None:
    """Where each ratifying body has got to, changed in place (the decision itself is not)."""
    current = view.current
    with st.expander("Update ratification"), st.form(f"{state.RATIFICATION_FORM}_{current.id}", border=False):
        entered = []
        for index, r in enumerate(current.ratifications):
            left, middle, right = st.columns([3, 2, 2], vertical_alignment="bottom")
            left.markdown(f"**{plain(r.body)}**")
            status = middle.selectbox(
                f"Status: {r.body}", STATUSES, index=STATUSES.index(r.status), format_func=STATUS_WORDS.get,
                key=f"rat_status_{current.id}_{index}",
            )  # fmt: skip
            on = right.date_input(
                f"Date: {r.body}", value=r.on, format="DD/MM/YYYY", key=f"rat_on_{current.id}_{index}"
            )
            entered.append((r.body, status, on))
        added = st.text_input("Add another body that must ratify it (optional)", max_chars=120)
        submitted = st.form_submit_button("Save ratification")
    if not submitted:
        return
    try:
        changes = [Ratification(body=b, status=s, on=o) for b, s, o in entered]
        if added.strip():
            changes.append(Ratification(body=added))
    except ValidationError as error:
        st.error(f"Nothing was saved. {plain(error.errors()[0]['msg'])}")
        return
    known = {(r.body, r.status, r.on) for r in current.ratifications}
    for change in changes:
        if (change.body, change.status.value, change.on) not in known:
            store.decisions.set_ratification(current.id, change, actor=state.access().actor)
    state.flash(page, "Ratification saved.")
    st.rerun()


def decision_form(
    store: Store, framework: Framework, round_row: RoundRow, view: RoundDecision, recommended: str, page: str
) -> None:
    """Record the Board's decision; a second one supersedes the first, which stays in the history."""
    names = option_names(framework, store.appraisal.hybrids(round_row.id))
    ids = list(names)
    default = next((i for i, option in enumerate(ids) if names[option] == recommended), 0)
    heading = "Record the Board's decision" if view.current is None else "Record a new decision (supersedes this one)"
    with (
        st.expander(heading, expanded=view.current is None),
        st.form(f"{state.DECISION_FORM}_{round_row.id}", border=False),
    ):
        option = st.selectbox(
            "Option the Board chose", ids, index=default, format_func=names.get,
            help="A mix-and-match hybrid saved on the Mix and match tab can be chosen too.",
        )  # fmt: skip
        decided_on = st.date_input("Date of the decision", value=dt.date.today(), format="DD/MM/YYYY")
        meeting = st.text_input("Meeting", placeholder="e.g. Children's Trust Board", max_chars=200)
        resolution = st.text_area(
            "Resolution, as worded in the minutes", placeholder="e.g. The Board agreed Option 2.", max_chars=2000
        )
        conditions = st.text_area("Conditions the Board attached (optional)", max_chars=2000)
        bodies = st.text_area(
            "Bodies that must ratify it, one per line",
            value="\n".join(DEFAULT_RATIFIERS),
            help="Each starts as 'not yet ratified'; update them as each body decides.",
        )
        submitted = st.form_submit_button("Record the decision", type="primary")
    if not submitted:
        return
    try:
        decision = DecisionInput(
            option_id=option,
            decided_on=decided_on,
            meeting=meeting,
            resolution=resolution,
            conditions=conditions,
            ratifications=tuple(Ratification(body=b) for b in bodies.splitlines() if b.strip()),
        )
        record_decision(store, framework, round_row, decision, actor=state.access().actor)
    except ValidationError as error:
        first = error.errors()[0]
        where = FIELDS.get(str(first["loc"][0]), str(first["loc"][0])) if first["loc"] else "the decision"
        st.error(f"The decision was not recorded. {plain(where)}: {plain(first['msg'].removeprefix('Value error, '))}")
        return
    except (DecisionError, StoreError) as error:
        st.error(f"The decision was not recorded: {plain(error)}.")
        return
    state.flash(page, "The Board's decision is recorded.")
    st.rerun()

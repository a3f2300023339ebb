"""Development plan: actions proposed from the round's weakest factors and components, the facilitator's
plan (accepted, edited or added actions) and progress on the previous round's plan."""

import datetime as dt

import pyarrow as pa
import streamlit as st
from pydantic import ValidationError

from assessment.dates import british_date, round_name
from assessment.models import ActionInput, ActionStatus
from assessment.plan import linked_to
from assessment.results import round_plan
from assessment.scoring import AGREED
from ui import cache, resources, state
from ui.components import action_editor, round_picker
from ui.text import plain as escape

PAGE = "development_plan"

framework = resources.framework()
store = resources.store()
rounds = cache.programme(store).rounds
round_row = round_picker.page(store, "Development plan", flash=PAGE, rounds=rounds)
may_edit = state.access().may_change(round_row.area_id)
result = cache.round_result(store, round_row.id)
plan = round_plan(store, framework, round_row, rounds, result)


def show_actions(actions, key: str, button: str = "Save changes") -> list[tuple[int, ActionInput]] | None:  # noqa: ANN001
    """The actions as an editor for the facilitator, or as a read-only table for everyone else."""
    if may_edit:
        return action_editor.show(actions, framework, key=key, button=button)
    rows = [
        {
            "Status": a.status,
            "Action": a.title,
            "Due": a.due_on,
            "Owner": a.owner,
            "Linked to": action_editor.link_label(framework, a.factor_id, a.component_id),
        }
        for a in actions
    ]
    # Straight to Arrow, which st.dataframe sends as it is (rows of dicts it would turn into pandas first).
    st.dataframe(pa.Table.from_pylist(rows), hide_index=True, placeholder="-")
    return None


def save_changes(changes: list[tuple[int, ActionInput]] | None, what: str) -> None:
    """Save edited actions, then show how many changed."""
    if changes is None:
        return
    for action_id, values in changes:
        store.plan.update(action_id, values, actor=state.access().actor)
    state.flash(PAGE, f"{len(changes)} {what} saved." if changes else "No changes to save.")
    st.rerun()


today = dt.date.today()
if plan.previous is not None:
    earlier = plan.previous_actions
    st.subheader(f"Progress on the plan from the previous round, {escape(round_name(plan.previous))}")
    if not earlier:
        st.caption("The previous round's plan had no actions.")
    else:
        done = plan.previous_progress(today)
        row = st.container(horizontal=True, gap="medium")  # wraps two by two on a phone
        row.metric("Actions", done.total)
        row.metric(
            "Done", f"{done.by_status['done']}" + ("" if done.done_share is None else f" ({done.done_share:.0%})")
        )
        row.metric("In progress", done.by_status["in progress"])
        row.metric("Overdue", done.overdue, help="Not done or dropped, and past the due date.")
        st.caption("Update the status of the previous round's actions here as the partnership reports progress.")
        save_changes(show_actions(earlier, key="plan_previous", button="Save progress"), "actions updated")
else:
    st.caption("This is the area's first round, so there is no earlier plan to review.")

st.subheader("This round's plan")
if plan.actions:
    save_changes(show_actions(plan.actions, key="plan_current"), "actions updated")
else:
    st.info("No actions yet. Add the ones the framework proposes below, or write your own.")

proposals = plan.not_yet_in_plan
st.subheader("Proposed from this round's weakest scores")
st.caption(
    "Each comes from a recommendation rule in the framework: it fires when a success factor's score (0-4) or a "
    "continuum component's stage (1-6) is below the rule's threshold. The agreed score is used where the room "
    "recorded one, otherwise the median. Due dates count each month as 30 days from the workshop."
)
if result.respondents == 0:
    st.info("Nobody has answered this round yet, so there is nothing to propose.")
elif not proposals:
    st.success("Every proposal the rules make is already in the plan.")
elif not may_edit:
    st.markdown("\n".join(f"- **{escape(p.title)}** (suggested owner: {escape(p.owner)})" for p in proposals))
else:
    if st.button(f"Add all {len(proposals)} to the plan", key="plan_accept_all"):
        for proposal in proposals:
            store.plan.add(round_row.id, proposal.as_input(ActionStatus.AGREED), actor=state.access().actor)
        state.flash(PAGE, f"{len(proposals)} actions added to the plan.")
        st.rerun()
    for proposal in proposals:
        with st.container(border=True):
            scale = "stage" if proposal.component_id else "score"
            st.markdown(f"**{escape(proposal.title)}**")
            st.caption(
                f"Addresses: {linked_to(proposal, framework)} · {scale} {proposal.value:.1f} "
                f"({'agreed' if proposal.source == AGREED else 'median'}), below {proposal.below:g}"
            )
            st.write(f"Why: {escape(proposal.why)}")
            st.write(f"Suggested owner: {escape(proposal.owner)} · due {british_date(proposal.due_on)}")
            if st.button("Add to the plan", key=f"plan_accept_{proposal.rule_id}"):
                store.plan.add(round_row.id, proposal.as_input(ActionStatus.AGREED), actor=state.access().actor)
                state.flash(PAGE, "Action added to the plan. You can edit its owner, date and status above.")
                st.rerun()

if not may_edit:
    st.stop()
st.subheader("Add your own action")
with st.form("plan_new_action", clear_on_submit=True):
    title = st.text_area("Action", max_chars=2000, key="plan_new_title")
    left, right = st.columns(2)
    owner = left.text_input("Owner", max_chars=120, key="plan_new_owner")
    due_on = right.date_input("Due", value=None, key="plan_new_due")
    link = left.selectbox("Linked to", list(action_editor.link_labels(framework)), key="plan_new_link")
    status = right.selectbox("Status", [s.value for s in ActionStatus], index=1, key="plan_new_status")
    added = st.form_submit_button("Add the action", type="primary")
if added:
    factor_id, component_id = action_editor.link_labels(framework)[link]
    try:
        action = ActionInput(
            title=title, owner=owner, due_on=due_on, status=status, factor_id=factor_id, component_id=component_id
        )
    except ValidationError:
        st.error("The action was not added: write what will be done in the 'Action' box.")
    else:
        store.plan.add(round_row.id, action, actor=state.access().actor)
        state.flash(PAGE, "Action added to the plan.")
        st.rerun()

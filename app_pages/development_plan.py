"""Development plan: one prioritised list of proposals (actions from the round's weakest factors and
components and, once the Board has decided, the chosen option's implementation steps) that the facilitator
accepts, edits or drops; the plan's actions with progress by month; progress on the previous round's plan."""

import datetime as dt

import pyarrow as pa
import streamlit as st
from pydantic import ValidationError

from assessment.charts.plan import progress_by_month_figure
from assessment.dates import british_date, round_name
from assessment.decisions import decision_sentence
from assessment.models import ActionInput, ActionStatus
from assessment.plan import is_overdue, progress
from assessment.results import round_plan
from assessment.storage import StoreError
from ui import cache, resources, state
from ui.components import access_gate, action_editor, figure, proposal_list, round_picker
from ui.text import plain as escape

PAGE = "development_plan"

framework = resources.framework()
store = resources.store()
rounds = cache.programme(store).rounds
round_row = round_picker.page(store, "Development plan", flash=PAGE, rounds=rounds)
may_edit = state.access().may_change(round_row.area_id)
result = cache.round_result(store, round_row.id)
plan = round_plan(store, framework, round_row, rounds, result)
today = dt.date.today()


def show_actions(actions, key: str, button: str = "Save changes") -> list[tuple[int, ActionInput]] | None:  # noqa: ANN001
    """The actions as an editor for the facilitator, or as a read-only table for everyone else."""
    titles = plan.titles() | {a.key: a.title for a in actions if a.key}
    if may_edit:
        return action_editor.show(actions, framework, key=key, button=button, titles=titles, today=today)
    rows = [
        {
            "#": a.priority,
            "Status": a.status,
            "Overdue?": "Overdue" if is_overdue(a, today) else "",
            "Action": a.title,
            "Due": british_date(a.due_on),
            "Owner": a.owner,
            "Waits for": action_editor.waits_for(a, titles),
            "Linked to": action_editor.link_label(framework, a.factor_id, a.component_id),
        }
        for a in actions
    ]
    # Columns no action fills in are left out, and the long ones narrowed, so the plan fits a laptop.
    filled = [c for c in rows[0] if any(row[c] not in (None, "") for row in rows)] if rows else None
    text = st.column_config.TextColumn
    # Straight to Arrow, which st.dataframe sends as it is (rows of dicts it would turn into pandas first).
    st.dataframe(
        pa.Table.from_pylist(rows),
        hide_index=True,
        placeholder="-",
        row_height=action_editor.WRAPPING_ROW_HEIGHT,
        column_order=filled,
        column_config={
            "Action": text(width=action_editor.ACTION_WIDTH),
            **{name: text(width=action_editor.NAME_WIDTH) for name in ("Owner", "Waits for", "Linked to")},
        },
    )
    return None


def save_changes(changes: list[tuple[int, ActionInput]] | None, what: str) -> None:
    """Save edited actions, then show how many changed."""
    if changes is None:
        return
    for action_id, values in changes:
        store.plan.update(action_id, values, actor=state.access().actor)
    state.flash(PAGE, f"{len(changes)} {what} saved." if changes else "No changes to save.")
    st.rerun()


def progress_metrics(actions) -> None:  # noqa: ANN001
    """Counts of the actions by status, and how many are overdue today."""
    done = progress(actions, today)
    row = st.container(horizontal=True, gap="medium")  # wraps two by two on a phone
    row.metric("Actions", done.total)
    row.metric("Done", f"{done.by_status['done']}" + ("" if done.done_share is None else f" ({done.done_share:.0%})"))
    row.metric("In progress", done.by_status["in progress"])
    row.metric("Overdue", done.overdue, help="Not done or dropped, and past the due date.")


def take(choice: proposal_list.Choice) -> None:
    """Save the facilitator's choice: each proposal accepted (as edited) or dropped, then say so."""
    status = ActionStatus.AGREED if choice.kind == "accept" else ActionStatus.DROPPED
    try:
        for proposal in choice.proposals:
            store.plan.add(round_row.id, proposal.as_input(status, **choice.changes), actor=state.access().actor)
    except ValidationError:
        st.error("The proposal was not accepted: write what will be done in the 'Action' box.")
        return
    except StoreError as error:
        st.error(f"Not saved: {escape(error)}. Reload the page to see the plan as it is.")
        return
    count = len(choice.proposals)
    if choice.kind == "drop":
        state.flash(PAGE, "Proposal dropped: it will not be proposed again. It stays in the plan as dropped.")
    else:
        state.flash(PAGE, f"{count} {'action' if count == 1 else 'actions'} added to the plan.")
    st.rerun()


if plan.previous is not None:
    earlier = plan.previous_actions
    st.subheader(f"Progress on the plan from the previous round, {escape(round_name(plan.previous))}")
    if not earlier:
        st.caption("The previous round's plan had no actions.")
    else:
        progress_metrics(earlier)
        st.caption("Update the status of the previous round's actions here as the partnership reports progress.")
        save_changes(show_actions(earlier, key="plan_previous", button="Save progress"), "actions updated")
else:
    st.caption("This is the area's first round, so there is no earlier plan to review.")

st.subheader("This round's plan")
if plan.actions:
    progress_metrics(plan.actions)
    save_changes(show_actions(plan.actions, key="plan_current"), "actions updated")
    by_month = plan.by_month(today)
    if not by_month.empty:
        st.markdown("**Progress by month**")
        figure.chart(progress_by_month_figure(by_month), key="plan_by_month")
        figure.table(
            "progress by month",
            by_month.assign(month=[f"{m:%B %Y}" for m in by_month["month"]]).rename(
                columns={"month": "Month", "due": "Due", "done": "Done", "open": "Open", "overdue": "Overdue"}
            ),
        )
        st.caption(
            "Each month counts the actions due in it (dropped ones left out): done, still open, and open past "
            f"their due date on {british_date(today)}."
        )
else:
    st.info("No actions yet. Accept the proposals below, or write your own.")

proposals = plan.not_yet_in_plan
st.subheader("Proposed for this round")
if plan.decision is not None:
    st.caption(escape(decision_sentence(plan.decision, round_row)))
    if plan.steps is None:
        st.warning("The option the Board chose is no longer among this round's options, so it proposes no steps.")
st.caption(
    "In order of priority. Actions answer the round's weakest scores: a success factor's score (0-4) or a "
    "component's stage (1-6) below a rule's threshold, due the rule's months (of 30 days) after the workshop. "
    "Once the Board's decision is recorded, the chosen option's steps join them, due their weeks after the "
    "decision and never before what they wait for, after the actions on factors the option needs. The steps "
    "come from the source papers; their owners, weeks and order are this tool's defaults: edit them before "
    "accepting."
)
if result.respondents == 0 and not proposals:
    st.info("Nobody has answered this round yet, so there is nothing to propose.")
elif not proposals:
    st.success("Every proposal is already in the plan, accepted or dropped.")
else:
    priorities = {p.key: p.priority for p in plan.proposals}
    choice = proposal_list.show(proposals, framework, priorities=priorities, titles=plan.titles(), may_edit=may_edit)
    if choice is not None:
        take(choice)

if not may_edit:
    st.caption(
        access_gate.read_only_note(store, round_row.area_id, "Changing the plan needs a facilitator PIN of this area.")
    )
    st.stop()
st.subheader("Add your own action")
with st.form("plan_new_action", clear_on_submit=True):
    title = st.text_area("Action", max_chars=2000, key="plan_new_title")
    left, right = st.columns(2)
    owner = left.text_input("Owner", max_chars=120, key="plan_new_owner")
    due_on = right.date_input("Due", value=None, format="DD/MM/YYYY", key="plan_new_due")
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

"""An editable table of development-plan actions: title, linked factor or component, owner, due date, status;
with, read-only, the priority it was proposed at, what it waits for and whether it is overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from assessment.framework import Framework
from assessment.models import ActionInput, ActionStatus
from assessment.plan import is_overdue
from assessment.storage import ActionRow
from ui.components.score_grid import WRAPPING_ROW_HEIGHT
from ui.text import plain as escape

NO_LINK = "(not linked)"
# Pixels for the action's title and for the owner, link and what it waits for: every column of the plan
# then fits a laptop's main area (1366 pixels wide, sidebar open). Rows of WRAPPING_ROW_HEIGHT show a
# title on two lines; a cell's full text shows when clicked.
ACTION_WIDTH = 280
NAME_WIDTH = 130


def link_labels(framework: Framework) -> dict[str, tuple[str | None, str | None]]:
    """Label shown in the 'Linked to' column -> (factor id, component id)."""
    labels: dict[str, tuple[str | None, str | None]] = {NO_LINK: (None, None)}
    labels |= {f"Factor: {f.name}": (f.id, None) for f in framework.factors}
    labels |= {f"Component: {c.name}": (None, c.id) for c in framework.components}
    return labels


def link_label(framework: Framework, factor_id: str | None, component_id: str | None) -> str:
    """The 'Linked to' label of a factor or component id."""
    for label, ids in link_labels(framework).items():
        if ids == (factor_id, component_id) and (factor_id or component_id):
            return label
    return NO_LINK


def waits_for(action: ActionRow, titles: Mapping[str, str]) -> str:
    """The titles of the actions it waits for, shortened, joined by '; ' ('' for none)."""
    return "; ".join(short(titles.get(key, key)) for key in action.depends_on)


def short(title: str, length: int = 36) -> str:
    """The title cut at a word to about length characters, with '…' where it was cut."""
    if len(title) <= length:
        return title
    return title[:length].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _unused(frame: pd.DataFrame) -> set[str]:
    """The read-only columns no action fills in."""
    return {c for c in ("priority", "waits_for") if not frame[c].notna().any() or not frame[c].astype(bool).any()}


def as_input(row: pd.Series, action: ActionRow, framework: Framework) -> ActionInput:
    """One edited row as a validated action, keeping what the table does not show (the rule, the step,
    what it waits for and its priority); ValidationError when a value is wrong."""
    factor_id, component_id = link_labels(framework).get(row["linked"] or NO_LINK, (None, None))
    due = row["due_on"]
    if due is not None and not pd.isna(due) and not isinstance(due, dt.date):
        due = pd.Timestamp(due).date()
    return ActionInput(
        title=str(row["title"] or ""),
        owner=str(row["owner"] or ""),
        due_on=None if due is None or pd.isna(due) else due,
        status=ActionStatus(row["status"]),
        factor_id=factor_id,
        component_id=component_id,
        rule_id=action.rule_id,
        step_id=action.step_id,
        depends_on=action.depends_on,
        priority=action.priority,
    )


def show(
    actions: Sequence[ActionRow],
    framework: Framework,
    key: str,
    button: str = "Save changes",
    *,
    titles: Mapping[str, str] | None = None,
    today: dt.date | None = None,
) -> list[tuple[int, ActionInput]] | None:
    """Draw the actions as an editable table; when saved, return (action id, new values) for each row
    that changed. Rows with a wrong value are named in an error and nothing is returned. titles: rule or
    step id -> title, to name what an action waits for; today: flags the actions overdue."""
    today = today or dt.date.today()
    frame = pd.DataFrame(
        {
            "priority": [a.priority for a in actions],
            "overdue": ["Overdue" if is_overdue(a, today) else "" for a in actions],
            "status": [a.status for a in actions],
            "title": [a.title for a in actions],
            "due_on": [a.due_on for a in actions],
            "owner": [a.owner for a in actions],
            "linked": [link_label(framework, a.factor_id, a.component_id) for a in actions],
            "waits_for": [waits_for(a, titles or {}) for a in actions],
        }
    )
    with st.form(key, border=False):
        edited = st.data_editor(
            frame,
            hide_index=True,
            num_rows="fixed",
            row_height=WRAPPING_ROW_HEIGHT,
            placeholder="-",  # instead of "None" in an empty cell
            disabled=["priority", "overdue", "waits_for"],
            # An action's place in the proposed list and what it waits for, only where some action has them.
            column_order=[c for c in frame.columns if c not in _unused(frame)],
            column_config={
                "priority": st.column_config.NumberColumn("#", help="Its place in the proposed list", width="small"),
                "overdue": st.column_config.TextColumn(
                    "Overdue?", help="Still open and past its due date", width="small"
                ),
                "title": st.column_config.TextColumn("Action", width=ACTION_WIDTH, required=True, max_chars=2000),
                "due_on": st.column_config.DateColumn("Due", format="D MMM YYYY"),
                "owner": st.column_config.TextColumn("Owner", max_chars=120, width=NAME_WIDTH),
                "linked": st.column_config.SelectboxColumn(
                    "Linked to", options=list(link_labels(framework)), width=NAME_WIDTH
                ),
                "status": st.column_config.SelectboxColumn(
                    "Status", options=[s.value for s in ActionStatus], required=True, width="small"
                ),
                "waits_for": st.column_config.TextColumn("Waits for", width=NAME_WIDTH),
            },
            key=f"{key}_table",
        )
        pressed = st.form_submit_button(button, type="primary")
    if not pressed:
        return None
    changes, problems = [], []
    for position, (action, (_index, row)) in enumerate(zip(actions, edited.iterrows(), strict=True), start=1):
        try:
            value = as_input(row, action, framework)
        except (ValidationError, ValueError):
            problems.append(f"row {position} ('{str(row['title'])[:60]}'): the action needs a title and a valid status")
            continue
        before = as_input(frame.iloc[position - 1], action, framework)
        if value != before:
            changes.append((action.id, value))
    if problems:
        st.error("Nothing was saved. Please correct:\n\n" + "\n".join(f"- {escape(p)}" for p in problems))
        return None
    return changes

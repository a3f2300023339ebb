"""The prioritised proposals of a round's plan: for the facilitator, one card each to accept, edit then
accept, or drop, and a button to accept them all; for everyone else, a read-only table. Returns what the
facilitator chose; the page saves it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import pyarrow as pa
import streamlit as st

from assessment.dates import british_date
from assessment.framework import Framework
from assessment.plan import PlanProposal, linked_to
from assessment.scoring import AGREED
from ui.components.action_editor import short
from ui.text import plain as escape


@dataclass(frozen=True)
class Choice:
    """What the facilitator pressed: accept or drop some proposals, with the edits of an edited one."""

    kind: Literal["accept", "drop"]
    proposals: tuple[PlanProposal, ...]
    changes: dict[str, object] = field(default_factory=dict)  # title, owner, due_on


def waits_for(proposal: PlanProposal, priorities: Mapping[str, int], titles: Mapping[str, str]) -> str:
    """'1 (Keep the partnership executive…), 6 (…)': what it waits for, by priority and the start of its
    title, accepted or not ('' for nothing)."""
    return ", ".join(f"{priorities.get(k, '')} ({short(titles.get(k, k))})".lstrip() for k in proposal.depends_on)


def source(proposal: PlanProposal, framework: Framework) -> str:
    """Where the proposal comes from, in a line."""
    if proposal.step_id:
        return "A step of the option the Board chose"
    rule = proposal.rule
    scale = "stage" if rule.component_id else "score"
    agreed = "agreed" if rule.source == AGREED else "median"
    return f"Addresses: {linked_to(rule, framework)} · {scale} {rule.value:.1f} ({agreed}), below {rule.below:g}"


def show(
    proposals: Sequence[PlanProposal],
    framework: Framework,
    *,
    priorities: Mapping[str, int],
    titles: Mapping[str, str],
    may_edit: bool,
    key: str = "plan",
) -> Choice | None:
    """Draw the proposals; return the facilitator's choice when a button was pressed, else None.
    priorities and titles: rule or step id -> priority and title, for every proposal of the plan and
    every action in it, to name what a proposal waits for."""
    if not may_edit:
        rows = [
            {
                "#": p.priority,
                "Action": p.title,
                "Suggested owner": p.owner,
                "Due": british_date(p.due_on),
                "Waits for": waits_for(p, priorities, titles),
                "Why": p.why,
            }
            for p in proposals
        ]
        st.dataframe(pa.Table.from_pylist(rows), hide_index=True, placeholder="-")
        return None
    if st.button(f"Accept all {len(proposals)}", key=f"{key}_accept_all", type="primary"):
        return Choice("accept", tuple(proposals))
    for proposal in proposals:
        choice = _card(proposal, framework, priorities, titles, key)
        if choice is not None:
            return choice
    return None


def _card(
    proposal: PlanProposal, framework: Framework, priorities: Mapping[str, int], titles: Mapping[str, str], key: str
) -> Choice | None:
    with st.container(border=True):
        st.markdown(f"**{proposal.priority}. {escape(proposal.title)}**")
        after = waits_for(proposal, priorities, titles)
        st.caption(
            f"Suggested owner: {escape(proposal.owner)} · due {british_date(proposal.due_on)}"
            + (f" · waits for {after}" if after else "")
        )
        st.caption(source(proposal, framework))  # the framework's own words and numbers
        st.write(f"Why: {escape(proposal.why)}")
        buttons = st.container(horizontal=True)
        if buttons.button("Accept", key=f"{key}_accept_{proposal.key}"):
            return Choice("accept", (proposal,))
        if buttons.button("Drop", key=f"{key}_drop_{proposal.key}", help="Not for this plan: it is not proposed again"):
            return Choice("drop", (proposal,))
        with st.expander("Edit, then accept"), st.form(f"{key}_edit_{proposal.key}", border=False):
            title = st.text_area("Action", value=proposal.title, max_chars=2000, key=f"{key}_title_{proposal.key}")
            left, right = st.columns(2)
            owner = left.text_input("Owner", value=proposal.owner, max_chars=120, key=f"{key}_owner_{proposal.key}")
            due_on = right.date_input(
                "Due", value=proposal.due_on, format="DD/MM/YYYY", key=f"{key}_due_{proposal.key}"
            )
            if st.form_submit_button("Accept as edited"):
                return Choice("accept", (proposal,), {"title": title, "owner": owner, "due_on": due_on})
    return None

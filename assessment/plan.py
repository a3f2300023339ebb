"""The development plan: actions proposed by the framework's recommendation rules from a round's weakest
factors and continuum components, and the progress of the previous round's actions. No streamlit here.

A rule fires when its factor's score (0-4) or its component's stage (1-6) is below the rule's threshold.
A factor's score is scoring's one rule (the room's agreed score where it recorded one, otherwise the
median); a component's stage likewise. A proposed action is due the rule's number of months (counted as 30 days each)
after the round's workshop date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from assessment.framework import Framework
from assessment.models import ActionInput, ActionStatus, ItemKind
from assessment.scoring import AGREED, MEDIAN, RoundResult
from assessment.storage import ActionRow

OPEN_STATUSES = (ActionStatus.PROPOSED, ActionStatus.AGREED, ActionStatus.IN_PROGRESS)


@dataclass(frozen=True)
class ProposedAction:
    """An action a recommendation rule proposes for a round, with the score that triggered it."""

    rule_id: str
    title: str
    why: str
    owner: str
    due_on: dt.date
    factor_id: str | None
    component_id: str | None
    value: float  # the factor score (0-4) or component stage (1-6) that fired the rule
    below: float  # the rule's threshold
    source: str  # "agreed" or "median"

    def as_input(self, status: ActionStatus = ActionStatus.PROPOSED) -> ActionInput:
        """The action as the store saves it."""
        return ActionInput(
            title=self.title,
            owner=self.owner,
            due_on=self.due_on,
            status=status,
            factor_id=self.factor_id,
            component_id=self.component_id,
            rule_id=self.rule_id,
        )


def rule_value(result: RoundResult, factor_id: str | None, component_id: str | None) -> tuple[float, str] | None:
    """The value a rule reads, with where it comes from ("agreed" or "median"); None when the round has
    none. A factor's is its score (scoring's one rule: agreed, else the median); a component's is its
    agreed stage where the room recorded one, else the median of the stages chosen."""
    if factor_id:
        if factor_id not in result.factors.index or pd.isna(result.factors.loc[factor_id, "score"]):
            return None
        row = result.factors.loc[factor_id]
        return float(row["score"]), str(row["score_source"])
    key = (ItemKind.COMPONENT.value, component_id)
    if key not in result.items.index:
        return None
    row = result.items.loc[key]
    for column, source in (("consensus", AGREED), ("median", MEDIAN)):
        value = row.get(column)
        if value is not None and not pd.isna(value):
            return float(value), source
    return None


def proposed_actions(framework: Framework, result: RoundResult, held_on: dt.date) -> list[ProposedAction]:
    """The actions the framework's recommendation rules propose for this round, in the rules' order."""
    proposals = []
    for rule in framework.recommendations:
        found = rule_value(result, rule.when.factor, rule.when.component)
        if found is None or found[0] >= rule.when.below:
            continue
        value, source = found
        proposals.append(
            ProposedAction(
                rule_id=rule.id,
                title=rule.action,
                why=rule.why,
                owner=rule.suggested_owner,
                due_on=held_on + dt.timedelta(days=30 * rule.months),
                factor_id=rule.when.factor,
                component_id=rule.when.component,
                value=value,
                below=rule.when.below,
                source=source,
            )
        )
    return proposals


def not_yet_in_plan(proposals: Sequence[ProposedAction], actions: Sequence[ActionRow]) -> list[ProposedAction]:
    """The proposals whose rule has no action in the round's plan yet."""
    taken = {a.rule_id for a in actions if a.rule_id}
    return [p for p in proposals if p.rule_id not in taken]


def linked_to(action: ActionRow | ProposedAction, framework: Framework) -> str:
    """The name of the factor or component an action addresses ('' when it is linked to neither)."""
    if action.factor_id and action.factor_id in {f.id for f in framework.factors}:
        return framework.factor(action.factor_id).name
    if action.component_id and action.component_id in {c.id for c in framework.components}:
        return framework.component(action.component_id).name
    return ""


@dataclass(frozen=True)
class Progress:
    """How a round's actions stand: counts by status, how many are overdue, and the share done."""

    total: int
    by_status: dict[str, int]
    overdue: int
    done_share: float | None  # done / (all but dropped); None when there is nothing to do


def progress(actions: Sequence[ActionRow], today: dt.date) -> Progress:
    """Counts of a plan's actions by status, the overdue ones (still open past their due date) and the
    share done, leaving dropped actions out of that share."""
    counts = Counter(a.status for a in actions)
    by_status = {s.value: counts.get(s.value, 0) for s in ActionStatus}
    open_values = {s.value for s in OPEN_STATUSES}
    overdue = sum(1 for a in actions if a.status in open_values and a.due_on is not None and a.due_on < today)
    live = len(actions) - by_status[ActionStatus.DROPPED.value]
    done_share = by_status[ActionStatus.DONE.value] / live if live else None
    return Progress(len(actions), by_status, overdue, done_share)

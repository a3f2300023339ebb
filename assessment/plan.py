"""The development plan: actions proposed by the framework's recommendation rules from a round's weakest
factors and continuum components, the implementation steps of the option the Board chose merged with
them into one prioritised list, and the progress of a plan's actions. No streamlit here.

A rule fires when its factor's score (0-4) or its component's stage (1-6) is below the rule's threshold.
A factor's score is scoring's one rule (the room's agreed score where it recorded one, otherwise the
median); a component's stage likewise. A proposed action is due the rule's number of months (counted as 30 days each)
after the round's workshop date.

After a decision, the chosen option's steps (a hybrid's: those of every option its dimensions chose) are
due their weeks after the decision, or with the latest action they wait for when that is later. The list
runs: the rules' actions on factors the option needs (below its prerequisite, or needed by a step), the
steps in the order their dependencies allow (then by due date, then the framework's order), then the
other rules' actions. A step that carries out a rule (it "covers" it) is proposed instead of that rule.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from assessment.appraisal import hybrid_prerequisites
from assessment.framework import DIMENSIONS, Framework, ImplementationStep
from assessment.models import ActionInput, ActionStatus, ItemKind
from assessment.scoring import AGREED, MEDIAN, RoundResult
from assessment.storage import ActionRow, HybridRow

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


def proposed_actions(
    framework: Framework, result: RoundResult, held_on: dt.date, has_executive: bool | None = None
) -> list[ProposedAction]:
    """The actions the framework's recommendation rules propose for this round, in the rules' order.
    Where the round records that the partnership has no executive group (has_executive False), a rule
    with wording for that case proposes it instead; unknown (None) reads as having one."""
    proposals = []
    for rule in framework.recommendations:
        found = rule_value(result, rule.when.factor, rule.when.component)
        if found is None or found[0] >= rule.when.below:
            continue
        value, source = found
        wording = rule.without_executive if has_executive is False and rule.without_executive else rule
        proposals.append(
            ProposedAction(
                rule_id=rule.id,
                title=wording.action,
                why=wording.why,
                owner=wording.suggested_owner,
                due_on=held_on + dt.timedelta(days=30 * rule.months),
                factor_id=rule.when.factor,
                component_id=rule.when.component,
                value=value,
                below=rule.when.below,
                source=source,
            )
        )
    return proposals


@dataclass(frozen=True)
class PlannedStep:
    """An implementation step of the chosen option: at its weeks after the decision, after the steps
    it depends on."""

    step: ImplementationStep
    weeks: int
    depends_on: tuple[str, ...]


@dataclass(frozen=True)
class ChosenSteps:
    """What the option a Board chose asks of the plan: its steps and the factor levels it needs."""

    steps: tuple[PlannedStep, ...]
    prerequisites: dict[str, int]


def chosen_steps(
    framework: Framework, option_id: str, hybrids: Sequence[HybridRow] = (), has_executive: bool | None = None
) -> ChosenSteps | None:
    """The steps and prerequisites of a framework option, or of a hybrid (option_id 'hybrid_<id>' among
    the round's hybrids): the union of the steps of the options its dimensions chose, each step once at
    its earliest weeks, waiting for what it waits for in any of them, in the framework's order of steps;
    and the highest prerequisite any of them sets. None when no option or hybrid has that id. A round
    that says the partnership has no executive group (has_executive False) gets no step about one."""
    hybrid = next((h for h in hybrids if h.option_id == option_id), None)
    if hybrid is not None:
        try:
            prerequisites = hybrid_prerequisites(framework, hybrid.choices)
        except ValueError:  # a restored hybrid naming options this framework lacks
            return None
        option_ids = {hybrid.choices[d] for d in DIMENSIONS}
    elif option_id in {o.id for o in framework.options}:
        option_ids, prerequisites = {option_id}, dict(framework.option(option_id).prerequisites)
    else:
        return None
    weeks: dict[str, int] = {}
    depends: dict[str, set[str]] = {}
    for option in framework.options:
        if option.id not in option_ids:
            continue
        for entry in option.implementation:
            weeks[entry.step] = min(entry.weeks, weeks.get(entry.step, entry.weeks))
            depends.setdefault(entry.step, set()).update(entry.depends_on)
    left_out = {s.id for s in framework.implementation_steps if s.needs_executive and has_executive is False}
    steps = tuple(
        PlannedStep(step, weeks[step.id], tuple(sorted(depends[step.id] - left_out)))
        for step in framework.implementation_steps
        if step.id in weeks and step.id not in left_out
    )
    return ChosenSteps(steps, prerequisites)


@dataclass(frozen=True)
class PlanProposal:
    """One entry of the prioritised list the facilitator accepts, edits or drops: a rule's action or an
    implementation step, keyed by the rule's or the step's id."""

    key: str
    priority: int  # 1 comes first
    title: str
    why: str
    owner: str
    due_on: dt.date
    depends_on: tuple[str, ...] = ()  # keys of the proposals it waits for
    step_id: str | None = None  # set for an implementation step
    rule: ProposedAction | None = field(default=None)  # the rule's proposal (a step: the rule it carries out)
    covers: tuple[str, ...] = ()  # a step's: the rules it carries out

    @property
    def rule_id(self) -> str | None:
        """The recommendation rule a rule's action comes from; None for a step."""
        return None if self.step_id else self.key

    @property
    def factor_id(self) -> str | None:
        return self.rule.factor_id if self.rule else None

    @property
    def component_id(self) -> str | None:
        return self.rule.component_id if self.rule else None

    def as_input(self, status: ActionStatus = ActionStatus.AGREED, **changes: object) -> ActionInput:
        """The proposal as the store saves it, with the facilitator's changes (title, owner, due_on)."""
        values = {"title": self.title, "owner": self.owner, "due_on": self.due_on} | changes
        return ActionInput(
            **values,
            status=status,
            factor_id=self.factor_id,
            component_id=self.component_id,
            rule_id=self.rule_id,
            step_id=self.step_id,
            depends_on=self.depends_on,
            priority=self.priority,
        )


def _rule_proposal(rule: ProposedAction) -> dict[str, object]:
    return {"key": rule.rule_id, "title": rule.title, "why": rule.why, "owner": rule.owner, "rule": rule}


def plan_proposals(
    rules: Sequence[ProposedAction], chosen: ChosenSteps | None = None, decided_on: dt.date | None = None
) -> list[PlanProposal]:
    """The one prioritised list (module docstring): without a decision, the rules' actions in the rules'
    order; with one, the rules' actions the chosen option needs, its steps, then the other rules' actions.
    Nothing comes before what it depends on."""
    steps = chosen.steps if chosen and decided_on else ()
    covering = {rule_id: s.step.id for s in steps for rule_id in s.step.covers}
    needed = {f for s in steps for f in s.step.needs}
    prerequisites = chosen.prerequisites if steps else {}
    first, rest = [], []
    for rule in rules:
        if rule.rule_id in covering:
            continue
        factor = rule.factor_id
        if factor and (factor in needed or (factor in prerequisites and rule.value < prerequisites[factor])):
            first.append(rule)
        else:
            rest.append(rule)
    entries = [_rule_proposal(r) | {"due_on": r.due_on} for r in first]
    entries += _ordered_steps(steps, rules, covering, decided_on, {r.rule_id: r.due_on for r in first})
    entries += [_rule_proposal(r) | {"due_on": r.due_on} for r in rest]
    return [PlanProposal(priority=n, **entry) for n, entry in enumerate(entries, start=1)]


def _ordered_steps(
    steps: Sequence[PlannedStep],
    rules: Sequence[ProposedAction],
    covering: Mapping[str, str],
    decided_on: dt.date | None,
    first_due: Mapping[str, dt.date],
) -> list[dict[str, object]]:
    """The steps as proposals in an order their dependencies allow, ties by due date then framework order.
    A step also waits for the action of every weak factor it needs (the step carrying it out, if any)."""
    if not steps:
        return []
    fired = {r.rule_id: r for r in rules}
    depends: dict[str, tuple[str, ...]] = {}
    for s in steps:
        weak = [covering.get(r.rule_id, r.rule_id) for r in rules if r.factor_id in s.step.needs]
        depends[s.step.id] = tuple(dict.fromkeys([*(k for k in weak if k != s.step.id), *s.depends_on]))
    due: dict[str, dt.date] = dict(first_due)
    by_id = {s.step.id: s for s in steps}

    def due_on(step_id: str) -> dt.date:
        if step_id not in due:
            own = decided_on + dt.timedelta(weeks=by_id[step_id].weeks)
            due[step_id] = max([own, *(due_on(k) for k in depends[step_id])])
        return due[step_id]

    order = {s.step.id: n for n, s in enumerate(steps)}
    placed: list[str] = []
    waiting = [s.step.id for s in steps]
    while waiting:
        ready = [k for k in waiting if all(d in first_due or d in placed for d in depends[k])]
        chosen = min(ready, key=lambda k: (due_on(k), order[k]))
        placed.append(chosen)
        waiting.remove(chosen)
    entries = []
    for step_id in placed:
        step = by_id[step_id].step
        carried = next((fired[r] for r in step.covers if r in fired), None)
        entries.append(
            {
                "key": step_id,
                "title": step.title,
                "why": step.why,
                "owner": step.suggested_owner,
                "due_on": due_on(step_id),
                "depends_on": depends[step_id],
                "step_id": step_id,
                "rule": carried,
                "covers": step.covers,
            }
        )
    return entries


def not_yet_in_plan(proposals: Sequence[PlanProposal], actions: Sequence[ActionRow]) -> list[PlanProposal]:
    """The proposals the facilitator has neither accepted nor dropped: no action of the round's plan has
    their key, and, for a step, none comes from a rule the step carries out."""
    taken = {a.rule_id for a in actions if a.rule_id} | {a.step_id for a in actions if a.step_id}
    return [p for p in proposals if p.key not in taken and not taken & set(p.covers)]


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


def is_overdue(action: ActionRow, today: dt.date) -> bool:
    """True when the action is still open (proposed, agreed or in progress) and its due date has passed."""
    return action.status in {s.value for s in OPEN_STATUSES} and action.due_on is not None and action.due_on < today


def progress(actions: Sequence[ActionRow], today: dt.date) -> Progress:
    """Counts of a plan's actions by status, the overdue ones (still open past their due date) and the
    share done, leaving dropped actions out of that share."""
    counts = Counter(a.status for a in actions)
    by_status = {s.value: counts.get(s.value, 0) for s in ActionStatus}
    overdue = sum(1 for a in actions if is_overdue(a, today))
    live = len(actions) - by_status[ActionStatus.DROPPED.value]
    done_share = by_status[ActionStatus.DONE.value] / live if live else None
    return Progress(len(actions), by_status, overdue, done_share)


PROGRESS_COLUMNS = ("month", "due", "done", "open", "overdue")


def progress_by_month(actions: Sequence[ActionRow], today: dt.date) -> pd.DataFrame:
    """One row per month in which an action not dropped is due, in order: the month (its first day), how
    many actions are due in it, how many of those are done, how many are still open, and how many of the
    open ones are overdue (past their due date today). Actions without a due date are left out."""
    open_values = {s.value for s in OPEN_STATUSES}
    counts: dict[dt.date, list[int]] = {}
    for action in actions:
        if action.due_on is None or action.status == ActionStatus.DROPPED.value:
            continue
        row = counts.setdefault(action.due_on.replace(day=1), [0, 0, 0, 0])
        row[0] += 1
        row[1] += action.status == ActionStatus.DONE.value
        row[2] += action.status in open_values
        row[3] += is_overdue(action, today)
    rows = [(month, *counts[month]) for month in sorted(counts)]
    return pd.DataFrame(rows, columns=PROGRESS_COLUMNS).astype({c: int for c in PROGRESS_COLUMNS[1:]})

"""A round's development plan as the plan page, the workbook and the Board paper read it: its actions,
what the framework's rules propose from its scores, merged after the Board's decision with the chosen
option's implementation steps, and progress on the previous round's plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from assessment.framework import Framework
from assessment.plan import (
    ChosenSteps,
    PlanProposal,
    Progress,
    ProposedAction,
    chosen_steps,
    not_yet_in_plan,
    plan_proposals,
    progress,
    progress_by_month,
    proposed_actions,
)
from assessment.results.rounds import Rounds
from assessment.scoring import RoundResult
from assessment.storage import ActionRow, DecisionRow, RoundRow, Store


@dataclass(frozen=True)
class RoundPlan:
    """One round's plan (read-only)."""

    round: RoundRow
    actions: list[ActionRow]
    proposed: list[ProposedAction]  # every action the rules propose from the round's scores
    previous: RoundRow | None  # the round before (results.rounds' rule)
    previous_actions: list[ActionRow]
    decision: DecisionRow | None = None  # the Board's decision of the round, when one is recorded
    steps: ChosenSteps | None = None  # the chosen option's steps; None without a decision or for an unknown option
    proposals: tuple[PlanProposal, ...] = ()  # the one prioritised list: the rules' actions and the steps

    @property
    def not_yet_in_plan(self) -> list[PlanProposal]:
        """The proposals the facilitator has neither accepted nor dropped, in priority order."""
        return not_yet_in_plan(self.proposals, self.actions)

    def titles(self) -> dict[str, str]:
        """Rule or step id -> the title an action or proposal of that key goes by (the action's wins)."""
        return {p.key: p.title for p in self.proposals} | {a.key: a.title for a in self.actions if a.key}

    def previous_progress(self, today: dt.date) -> Progress | None:
        """How the previous round's actions stand today; None when there is no previous round."""
        return None if self.previous is None else progress(self.previous_actions, today)

    def by_month(self, today: dt.date) -> pd.DataFrame:
        """This round's actions by the month they are due: due, done, open and overdue (plan.progress_by_month)."""
        return progress_by_month(self.actions, today)


def round_plan(
    store: Store, framework: Framework, round_row: RoundRow, rounds: Rounds, result: RoundResult
) -> RoundPlan:
    """The round's plan, with the proposals of its result (the one every screen shows) merged with the
    steps of the option the Board chose, once its decision is recorded."""
    previous = rounds.previous(round_row.id)
    rules = (
        proposed_actions(framework, result, round_row.held_on, round_row.has_executive) if result.respondents else []
    )
    decision = store.decisions.current(round_row.id)
    steps = None
    if decision is not None:
        hybrids = store.appraisal.hybrids(round_row.id)
        steps = chosen_steps(framework, decision.option_id, hybrids, round_row.has_executive)
    return RoundPlan(
        round=round_row,
        actions=store.plan.for_round(round_row.id),
        proposed=rules,
        previous=previous,
        previous_actions=store.plan.for_round(previous.id) if previous else [],
        decision=decision,
        steps=steps,
        proposals=tuple(plan_proposals(rules, steps, decision.decided_on if decision else None)),
    )

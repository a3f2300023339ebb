"""A round's development plan as the plan page, the workbook and the Board paper read it: its actions,
what the framework's rules propose from its scores, and progress on the previous round's plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from assessment.framework import Framework
from assessment.plan import Progress, ProposedAction, not_yet_in_plan, progress, proposed_actions
from assessment.results.rounds import Rounds
from assessment.scoring import RoundResult
from assessment.storage import ActionRow, RoundRow, Store


@dataclass(frozen=True)
class RoundPlan:
    """One round's plan (read-only)."""

    round: RoundRow
    actions: list[ActionRow]
    proposed: list[ProposedAction]  # every action the rules propose from the round's scores
    previous: RoundRow | None  # the round before (results.rounds' rule)
    previous_actions: list[ActionRow]

    @property
    def not_yet_in_plan(self) -> list[ProposedAction]:
        """The proposals whose rule has no action in the round's plan yet."""
        return not_yet_in_plan(self.proposed, self.actions)

    def previous_progress(self, today: dt.date) -> Progress | None:
        """How the previous round's actions stand today; None when there is no previous round."""
        return None if self.previous is None else progress(self.previous_actions, today)


def round_plan(
    store: Store, framework: Framework, round_row: RoundRow, rounds: Rounds, result: RoundResult
) -> RoundPlan:
    """The round's plan, with the proposals of its result (the one every screen shows)."""
    previous = rounds.previous(round_row.id)
    return RoundPlan(
        round=round_row,
        actions=store.plan.for_round(round_row.id),
        proposed=proposed_actions(framework, result, round_row.held_on) if result.respondents else [],
        previous=previous,
        previous_actions=store.plan.for_round(previous.id) if previous else [],
    )

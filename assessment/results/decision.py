"""A round's decision as every screen, the workbook, the Board paper and the command line read it."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.decisions import decision_as_data, decision_sentence, ratification_lines, superseded_sentence
from assessment.storage import DecisionRow, RoundRow, Store


@dataclass(frozen=True)
class RoundDecision:
    """The round's decision (None until one is recorded) and the decisions it superseded."""

    round: RoundRow
    current: DecisionRow | None
    history: list[DecisionRow]  # every decision recorded for the round, oldest first

    @property
    def earlier(self) -> list[DecisionRow]:
        """The superseded decisions, newest first."""
        return [d for d in reversed(self.history) if self.current is None or d.id != self.current.id]

    @property
    def sentence(self) -> str | None:
        """'The partnership board decided on 19 March 2010 to adopt ...'; None until a decision is recorded."""
        return None if self.current is None else decision_sentence(self.current, self.round)

    @property
    def ratification_lines(self) -> list[str]:
        return [] if self.current is None else ratification_lines(self.current)

    @property
    def superseded_lines(self) -> list[str]:
        return [superseded_sentence(d) for d in self.earlier]

    def as_data(self) -> dict | None:
        return decision_as_data(self.current, self.history, self.round)


def round_decision(store: Store, round_row: RoundRow) -> RoundDecision:
    """The round's decision and its history."""
    history = store.decisions.history(round_row.id)
    return RoundDecision(round_row, history[-1] if history else None, history)

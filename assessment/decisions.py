"""The Board's decision on a round's structural options: the rules for recording one, and its wording.
No streamlit here.

Rules
* A decision is recorded against a finalised round (the Board decides on findings the room has
  finalised), for one of the framework's options or one of the round's mix-and-match hybrids.
* It is dated on or after the round's workshop.
* It is never rewritten: recording another supersedes it, and the earlier one stays in the history.
* The bodies that must ratify it (a council cabinet, an NHS board) each carry a status and a date.
"""

from __future__ import annotations

from collections.abc import Sequence

from assessment.dates import british_date
from assessment.framework import Framework
from assessment.models import DEFAULT_BOARD, DecisionInput, RatificationStatus, RoundStatus
from assessment.storage import DecisionRow, HybridRow, RoundRow, Store


class DecisionError(ValueError):
    """A decision that cannot be recorded; the message says why in one line."""


def option_names(framework: Framework, hybrids: Sequence[HybridRow]) -> dict[str, str]:
    """Every option a Board can choose for a round, by id: the framework's, then the round's hybrids."""
    return {o.id: o.name for o in framework.options} | {h.option_id: h.name for h in hybrids}


def check_decision(
    framework: Framework, round_row: RoundRow, hybrids: Sequence[HybridRow], decision: DecisionInput
) -> str:
    """The chosen option's name, or DecisionError naming what is wrong."""
    if round_row.status != RoundStatus.FINALISED:
        raise DecisionError(
            f"round {round_row.id} of {round_row.area_name} (held {british_date(round_row.held_on)}) is "
            f"{round_row.status.value}, not "
            "finalised: finalise the round before recording the Board's decision on it"
        )
    names = option_names(framework, hybrids)
    if decision.option_id not in names:
        raise DecisionError(f"unknown option {decision.option_id!r}; the options are: {', '.join(names)}")
    if decision.decided_on < round_row.held_on:
        raise DecisionError(
            f"the decision date {british_date(decision.decided_on)} is before the round's workshop "
            f"on {british_date(round_row.held_on)}"
        )
    return names[decision.option_id]


def record_decision(
    store: Store, framework: Framework, round_row: RoundRow, decision: DecisionInput, *, actor: str
) -> DecisionRow:
    """Check the decision (check_decision) and record it, superseding the round's earlier decision."""
    name = check_decision(framework, round_row, store.appraisal.hybrids(round_row.id), decision)
    return store.decisions.record(round_row.id, decision, name, actor=actor)


def board_name(round_row: RoundRow) -> str:
    """The Board the round reports to, as a sentence's subject: 'The Children's Trust Board', 'The
    partnership board' (models.DEFAULT_BOARD when the round names none)."""
    board = round_row.board or DEFAULT_BOARD
    return "The " + (board[4:] if board.lower().startswith("the ") else board)


def decision_sentence(decision: DecisionRow, round_row: RoundRow) -> str:
    """'The partnership board decided on 19 March 2010 to adopt Option 2: Joint commissioning in targeted
    areas.'"""
    return f"{board_name(round_row)} decided on {british_date(decision.decided_on)} to adopt {decision.option_name}."


STATUS_WORDS = {
    RatificationStatus.PENDING.value: "not yet ratified",
    RatificationStatus.RATIFIED.value: "ratified",
    RatificationStatus.DEFERRED.value: "deferred",
    RatificationStatus.REFUSED.value: "refused",
}


def ratification_lines(decision: DecisionRow) -> list[str]:
    """One line per ratifying body: 'Council cabinet: ratified on 6 April 2010'."""
    lines = []
    for r in decision.ratifications:
        words = STATUS_WORDS.get(r.status, r.status)
        lines.append(f"{r.body}: {words}" + (f" on {british_date(r.on)}" if r.on else ""))
    return lines


def ratified(decision: DecisionRow) -> bool | None:
    """True when every listed body has ratified, False when any refused, None while any is pending or
    deferred, or none is listed."""
    statuses = {r.status for r in decision.ratifications}
    if RatificationStatus.REFUSED.value in statuses:
        return False
    if statuses and statuses == {RatificationStatus.RATIFIED.value}:
        return True
    return None


def superseded_sentence(earlier: DecisionRow) -> str:
    """How an earlier decision is listed under the current one."""
    return (
        f"Superseded: the decision of {british_date(earlier.decided_on)} to adopt {earlier.option_name} "
        f"(recorded {british_date(earlier.recorded_at.date())})."
    )


def decision_as_data(decision: DecisionRow | None, history: Sequence[DecisionRow], round_row: RoundRow) -> dict | None:
    """The decision as plain data for `summary --json` and `decide --json`; None when none is recorded."""
    if decision is None:
        return None
    return {
        "id": decision.id,
        "option": decision.option_id,
        "option_name": decision.option_name,
        "decided_on": decision.decided_on.isoformat(),
        "meeting": decision.meeting,
        "resolution": decision.resolution,
        "conditions": decision.conditions,
        "ratifications": [
            {"body": r.body, "status": r.status, "on": r.on.isoformat() if r.on else None}
            for r in decision.ratifications
        ],
        "sentence": decision_sentence(decision, round_row),
        "recorded_by": decision.recorded_by,
        "supersedes": decision.supersedes,
        "earlier": [
            {"id": d.id, "option": d.option_id, "decided_on": d.decided_on.isoformat()}
            for d in history
            if d.id != decision.id
        ],
    }

"""The facilitated workshop: the participant's steps, the facilitator's counts and discussion order.

Plain Python over the framework, the store's tables and the scored round (assessment.scoring); the
workshop pages call these so that no page works a number out for itself.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from assessment.framework import Framework
from assessment.models import Answer, ItemKind
from assessment.scoring import RoundResult
from assessment.storage import RoundRow

MAX_EXTRA_AREA = 80
JOIN_FREE_GUESSES = 3
JOIN_MAX_WAIT_SECONDS = 300


@dataclass(frozen=True)
class Step:
    """One page of the questionnaire: a success factor's statements, a component, or the priority areas."""

    kind: ItemKind
    key: str
    title: str
    items: tuple[str, ...]


def questionnaire_steps(framework: Framework, round_row: RoundRow) -> list[Step]:
    """The steps a participant answers, in order: the eight factors, each continuum component, then
    the round's priority areas (one step, left out when the round chose none)."""
    steps = [
        Step(ItemKind.STATEMENT, factor.id, factor.name, tuple(s.id for s in factor.statements))
        for factor in framework.factors
    ]
    steps += [Step(ItemKind.COMPONENT, c.id, c.name, (c.id,)) for c in framework.components]
    if round_row.priority_areas:
        steps.append(Step(ItemKind.PRIORITY, "priority", "Priority areas", tuple(round_row.priority_areas)))
    return steps


def answered_items(step: Step, answers: Mapping[tuple[ItemKind, str], Answer]) -> int:
    """How many of the step's items have an answer (a level, a stage or "don't know")."""
    return sum((step.kind, item) in answers for item in step.items)


def progress(steps: list[Step], answers: Mapping[tuple[ItemKind, str], Answer]) -> float:
    """The share of all questionnaire items answered so far, 0.0 to 1.0."""
    total = sum(len(step.items) for step in steps)
    return 0.0 if total == 0 else sum(answered_items(step, answers) for step in steps) / total


def first_open_step(steps: list[Step], answers: Mapping[tuple[ItemKind, str], Answer]) -> int:
    """The index of the first step not fully answered (the review step, len(steps), when all are)."""
    return next((i for i, step in enumerate(steps) if answered_items(step, answers) < len(step.items)), len(steps))


def unanswered_steps(steps: list[Step], answers: Mapping[tuple[ItemKind, str], Answer]) -> list[Step]:
    """The steps that still have at least one item without an answer."""
    return [step for step in steps if answered_items(step, answers) < len(step.items)]


def step_to_show(chosen: int | None, steps: list[Step], answers: Mapping[tuple[ItemKind, str], Answer]) -> int:
    """The step a participant sees: the one they moved to, kept between the first step and the review
    step (len(steps)); the first step not fully answered when they have not moved yet (just resumed)."""
    step = first_open_step(steps, answers) if chosen is None else chosen
    return max(0, min(step, len(steps)))


def round_priority_areas(chosen: list[str], extra_text: str, framework: Framework) -> tuple[str, ...]:
    """The round's priority areas: the framework ids chosen plus the round's own areas, one per line of
    extra_text, without repeats. Raises ValueError naming the line that is too long."""
    known = {p.id for p in framework.priority_areas}
    unknown = [area for area in chosen if area not in known]
    if unknown:
        raise ValueError(f"unknown priority areas: {', '.join(unknown)}")
    areas = list(dict.fromkeys(chosen))
    taken = {framework.priority_name(a).casefold() for a in areas} | {a.casefold() for a in areas}
    for number, line in enumerate(extra_text.splitlines(), start=1):
        name = " ".join(line.split())
        if not name:
            continue
        if len(name) > MAX_EXTRA_AREA:
            raise ValueError(
                f"Line {number} of your own priority areas is {len(name)} characters long; "
                f"keep each to {MAX_EXTRA_AREA} characters."
            )
        if name.casefold() not in taken:
            areas.append(name)
            taken.add(name.casefold())
    return tuple(areas)


def join_wait_seconds(failures: int) -> int:
    """How long a browser session must wait before trying another code after `failures` wrong ones:
    nothing for the first few typing slips, then 5, 10, 20 ... seconds, at most five minutes."""
    if failures < JOIN_FREE_GUESSES:
        return 0
    return min(JOIN_MAX_WAIT_SECONDS, 5 * 2 ** (failures - JOIN_FREE_GUESSES))


def seconds_to_wait(blocked_until: float, now: float) -> int:
    """Whole seconds a browser session must still wait before its next code (0: it may try now); both
    times in seconds since the epoch."""
    return max(0, math.ceil(blocked_until - now))


def server_wait_seconds(until: dt.datetime, now: dt.datetime) -> int:
    """Whole seconds until the server takes codes again after refusing them, never fewer than 1 (it
    refused one just now)."""
    return max(1, math.ceil((until - now).total_seconds()))


# -- the facilitator's view ------------------------------------------------------------------------


def partner_counts(participants: pd.DataFrame, answers: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Per partner type (framework order, only types present): joined, answering (at least one answer
    saved) and submitted; plus a 'Total' row. Inputs are Store.participants_frame / answers_frame."""
    answering_ids = set(answers["participant_id"]) if not answers.empty else set()
    table = pd.DataFrame(
        {
            "partner_type": participants["partner_type"],
            "joined": 1,
            "answering": participants["participant_id"].isin(answering_ids).astype(int),
            "submitted": participants["complete"].astype(int),
        }
    )
    counts = table.groupby("partner_type")[["joined", "answering", "submitted"]].sum()
    order = [p.id for p in framework.partner_types if p.id in counts.index]
    order += sorted(set(counts.index) - set(order))
    counts = counts.reindex(order)
    counts.insert(0, "partner", [framework.partner_name(p) for p in counts.index])
    total = pd.DataFrame(
        {"partner": ["Total"], **{c: [int(counts[c].sum())] for c in ("joined", "answering", "submitted")}},
        index=pd.Index(["total"], name="partner_type"),
    )
    return pd.concat([counts, total]).astype({"joined": int, "answering": int, "submitted": int})


def discussion_order(factors: pd.DataFrame) -> list[str]:
    """Factor ids, the ones to discuss first at the top: split factors, then the widest spread (share
    of scores far from the median, then interquartile range), then the lowest median; factors
    nobody has scored come last."""
    table = factors.assign(
        _split=factors["agreement"].eq("split"),
        _scored=factors["median"].notna(),
        _outside=factors["outside_share"].fillna(0.0),
        _iqr=factors["iqr"].fillna(0.0),
        _median=factors["median"].fillna(99.0),
    )
    ranked = table.sort_values(
        ["_scored", "_split", "_outside", "_iqr", "_median"],
        ascending=[False, False, False, False, True],
        kind="stable",
    )
    return ranked.index.tolist()


def factor_spread_table(result: RoundResult, order: list[str], people: pd.DataFrame | None = None) -> pd.DataFrame:
    """The strip plot as a table, one row per factor in discussion order: Factor, Median, Lowest,
    Highest, Middle half (q1 to q3), People scored, Don't know and Room (Split / Agreement). Lowest and
    Highest are one person's each, taken from people (the dots drawn: disclosure.shown_factor_scores);
    without people (presentation mode) they are left out."""
    factors = result.factors.reindex(order)
    middle = [
        "-" if pd.isna(q1) else f"{q1:.1f} to {q3:.1f}" for q1, q3 in zip(factors["q1"], factors["q3"], strict=True)
    ]
    table = pd.DataFrame(
        {
            "Factor": factors["name"].to_numpy(),
            "Median": factors["median"].to_numpy(dtype=float),
            "Middle half": middle,
            "People scored": factors["n"].to_numpy(),
            "Don't know": factors["dont_know"].to_numpy(dtype=float),
            "Room": factors["agreement"].map(_room_word).to_numpy(),
        }
    )
    if people is not None:
        grouped = people.dropna(subset=["score"]).groupby("factor_id", observed=True)["score"]
        table.insert(2, "Lowest", grouped.min().reindex(order).to_numpy(dtype=float))
        table.insert(3, "Highest", grouped.max().reindex(order).to_numpy(dtype=float))
    return table


def _room_word(agreement: str) -> str:
    return {"split": "Split: discuss", "agreement": "Broad agreement"}.get(agreement, "No scores yet")


def continuum_counts(result: RoundResult, kind: ItemKind) -> pd.DataFrame:
    """For the round's components (or priority areas): name, median stage, people who chose a stage,
    and how many chose each stage (columns 1..6), from the scored items' shares."""
    columns = ["name", "median", "n", 1, 2, 3, 4, 5, 6]
    items = result.items
    if items.empty or kind.value not in items.index.get_level_values("kind"):
        return pd.DataFrame(columns=columns)
    rows = items.xs(kind.value, level="kind")
    table = pd.DataFrame({"name": rows["name"], "median": rows["median"], "n": rows["n"].astype(int)})
    for stage in range(1, 7):
        table[stage] = (rows[f"stage_{stage}"].fillna(0.0) * rows["n"]).round().astype(int)
    return table[columns]


@dataclass(frozen=True)
class ConsensusItem:
    """Something the room agrees a value for: a factor (0-4), a component or a priority area (1-6)."""

    kind: ItemKind
    item_id: str
    name: str
    median: float | None
    split: bool

    @property
    def scale(self) -> tuple[int, ...]:
        """The values the room can agree: levels 0-4 for a factor, stages 1-6 otherwise."""
        return (0, 1, 2, 3, 4) if self.kind == ItemKind.FACTOR else (1, 2, 3, 4, 5, 6)


def consensus_items(result: RoundResult, framework: Framework, round_row: RoundRow) -> list[ConsensusItem]:
    """What the facilitator records consensus on: factors in discussion order, then every continuum
    component, then the round's priority areas; each with the room's median beside it."""
    factors = result.factors
    items = [
        ConsensusItem(
            ItemKind.FACTOR,
            factor_id,
            factors.loc[factor_id, "name"],
            _number(factors.loc[factor_id, "median"]),
            factors.loc[factor_id, "agreement"] == "split",
        )
        for factor_id in discussion_order(factors)
    ]
    for kind, ids in (
        (ItemKind.COMPONENT, [c.id for c in framework.components]),
        (ItemKind.PRIORITY, list(round_row.priority_areas)),
    ):
        for item_id in ids:
            key = (kind.value, item_id)
            median = _number(result.items.loc[key, "median"]) if key in result.items.index else None
            name = framework.component(item_id).name if kind == ItemKind.COMPONENT else framework.priority_name(item_id)
            items.append(ConsensusItem(kind, item_id, name, median, False))
    return items


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


# -- words explained on first use ------------------------------------------------------------------

GLOSSARY = {
    "section 75": "A section 75 agreement uses a power in the NHS Act 2006 that lets the council and the NHS "
    "pool their budgets, or let one of them commission services for both.",
    "lead commissioner": "A lead commissioner is the one senior person accountable for commissioning in an "
    "area (for example SEND) on behalf of all partners.",
    "contestability": "Contestability means testing whether a service should be provided in-house or bought "
    "from another provider: the 'make or buy' decision.",
    "continuum": "The continuum runs in six stages from each body commissioning on its own (stage 1) to one "
    "organisation commissioning for all partners (stage 6).",
}


def step_text(step: Step, framework: Framework) -> str:
    """All the words a participant reads on a step (titles, statements and descriptors), in lower case."""
    parts = [step.title]
    if step.kind == ItemKind.STATEMENT:
        factor = framework.factor(step.key)
        parts += [factor.description]
        for statement in factor.statements:
            parts += [statement.text, *statement.levels.values()]
    elif step.kind == ItemKind.COMPONENT:
        component = framework.component(step.key)
        parts += [component.description, *component.stages.values()]
    else:
        parts += [stage.name + " " + stage.description for stage in framework.stages]
    return " ".join(parts).lower()


def terms_on_step(step: Step, framework: Framework) -> list[tuple[str, str]]:
    """The glossary terms (term, explanation) that appear in the step's words, in glossary order."""
    text = step_text(step, framework)
    return [(term, meaning) for term, meaning in GLOSSARY.items() if term in text]

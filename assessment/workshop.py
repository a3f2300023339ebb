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

from assessment.dashboard import whole_percent
from assessment.disclosure import Disclosure
from assessment.framework import Framework
from assessment.models import MAX_COMMENT, Answer, ConsensusEntry, ItemKind
from assessment.passes import pass_words
from assessment.rounding import STAGE_DECIMALS, half_up, score_text
from assessment.scoring import RoundResult
from assessment.storage import ConsensusRow, RoundRow

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


def answered_count(steps: list[Step], answers: Mapping[tuple[ItemKind, str], Answer]) -> tuple[int, int]:
    """(answered, total): how many of all the questionnaire's questions (statements, components and
    priority areas) have an answer so far, and how many there are."""
    return sum(answered_items(step, answers) for step in steps), sum(len(step.items) for step in steps)


def progress(steps: list[Step], answers: Mapping[tuple[ItemKind, str], Answer]) -> float:
    """The share of all questionnaire items answered so far, 0.0 to 1.0."""
    answered, total = answered_count(steps, answers)
    return 0.0 if total == 0 else answered / total


def fit_comment(text: str) -> tuple[str, int]:
    """A comment as it can be kept: stripped, and cut to the first MAX_COMMENT characters when longer;
    with the length it had before any cut (so a page can say what was cut)."""
    stripped = text.strip()
    return stripped[:MAX_COMMENT], len(stripped)


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
        "-" if pd.isna(q1) else f"{score_text(q1)} to {score_text(q3)}"
        for q1, q3 in zip(factors["q1"], factors["q3"], strict=True)
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


def movement_table(moved: pd.DataFrame) -> pd.DataFrame:
    """How the room moved (passes.movement) as a table: Factor, the first answers' median and shares at
    and within one level of it (whole percentages), the same after re-scoring with the pass it comes from,
    and Now (no longer split, still split, uncertain or not split)."""
    table = pd.DataFrame({"Factor": moved["name"].to_numpy()})
    for prefix, words in (("first", "First answers"), ("latest", "After re-scoring")):
        table[f"{words}: median"] = moved[f"{prefix}_median"].astype(float).round(1).to_numpy()
        table[f"{words}: % at the median"] = whole_percent(moved[f"{prefix}_at_median"]).to_numpy()
        table[f"{words}: % within one level"] = whole_percent(moved[f"{prefix}_within_one"]).to_numpy()
    table.insert(4, "Re-scored in", moved["latest"].map(pass_words).to_numpy())
    table["Now"] = moved["status"].to_numpy()
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


def continuum_headline(counts: pd.DataFrame, what: str) -> str:
    """A headline for continuum_counts (what: 'component' or 'priority area'): the items with the highest
    median stage and those with the lowest, ties named together, e.g. 'Furthest along: Budgets (stage 3).
    Least far: Data and information (stage 1).'; one sentence when every item's median is the same."""
    medians = counts.set_index("name")["median"].dropna().astype(float)
    if medians.empty:
        return f"No {what} has been placed on the continuum yet."
    high, low = medians.max(), medians.min()
    if high == low:
        return f"Every {what} sits at stage {high:g} (the median answer)."

    def named(stage: float) -> str:
        return " and ".join(str(name) for name in medians.index[medians == stage]) + f" (stage {stage:g})"

    return f"Furthest along: {named(high)}. Least far: {named(low)}."


@dataclass(frozen=True)
class ConsensusItem:
    """Something the room agrees a value for: a factor (0-4), a component or a priority area (1-6)."""

    kind: ItemKind
    item_id: str
    name: str
    median: float | None
    split: bool
    uncertain: bool = False  # a factor still split after its last re-score (see assessment.passes)

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
            bool(factors.loc[factor_id, "uncertain"]) if "uncertain" in factors else False,
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


def unagreed_items(
    items: list[ConsensusItem], records: Mapping[tuple[ItemKind, str], ConsensusRow]
) -> list[ConsensusItem]:
    """The items (of consensus_items) the room has not agreed a value for yet, in the same order."""
    return [item for item in items if getattr(records.get((item.kind, item.item_id)), "value", None) is None]


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def scale_figure(value: float | None) -> str:
    """A median or agreed value as precise as the scales support: one decimal at most (halves up),
    with no trailing '.0': 1.7917 -> '1.8', 2.25 -> '2.3', 4.0 -> '4'; '-' when there is none. The
    levels (0-4) and stages (1-6) are whole numbers, so a second decimal would claim a precision no
    answer has."""
    if value is None or pd.isna(value):
        return "-"
    return f"{half_up(value, STAGE_DECIMALS):.{STAGE_DECIMALS}f}".removesuffix(".0")


def next_unagreed(
    items: list[ConsensusItem], records: Mapping[tuple[ItemKind, str], ConsensusRow], current: int
) -> int | None:
    """The position of the first item after `current` (wrapping round to the top) that the room has not
    agreed yet (unagreed_items); None when every other item is agreed."""
    waiting = {(item.kind, item.item_id) for item in unagreed_items(items, records)}
    for step in range(1, len(items)):
        position = (current + step) % len(items)
        if (items[position].kind, items[position].item_id) in waiting:
            return position
    return None


def consensus_entry(item: ConsensusItem, value: int, rationale: str, uncertain_reason: str) -> ConsensusEntry:
    """The entry to record for the item. An uncertain factor needs the reason the room is still uncertain
    (ValueError, in words for the facilitator, when it is blank); other items keep none."""
    reason = uncertain_reason.strip() if item.uncertain else ""
    if item.uncertain and not reason:
        raise ValueError(f"Say why the room is still uncertain about {item.name} before recording it.")
    return ConsensusEntry(
        kind=item.kind, item_id=item.item_id, value=float(value), rationale=rationale, uncertain_reason=reason
    )


@dataclass(frozen=True)
class ItemComment:
    """A participant's comment on a consensus item, with nothing that names them."""

    text: str
    about: str | None  # the statement it was left on (a factor's comments), else None
    group: str | None  # the partner type it may be shown under (disclosure rules), else None


def item_comments(
    answers: pd.DataFrame, framework: Framework, disclosure: Disclosure, kind: ItemKind, item_id: str
) -> list[ItemComment]:
    """The comments participants left on a consensus item: on a factor's statements (in the framework's
    order), or on the component or priority area itself. answers: Store.answers_frame rows of the round.
    A comment carries its partner type only where the round's disclosure shows the person under it and
    does not withhold that group on the item; blank comments are left out. Within a statement the
    comments are in alphabetical order, so their order says nothing about who wrote which."""
    if kind == ItemKind.FACTOR:
        statements = framework.factor(item_id).statements
        wanted = [(ItemKind.STATEMENT.value, s.id, s.text) for s in statements]
    else:
        wanted = [(kind.value, item_id, None)]
    texts = answers["comment"].fillna("").astype(str).str.strip()
    comments = []
    for answer_kind, answer_item, about in wanted:
        rows = answers[(answers["kind"] == answer_kind) & (answers["item_id"] == answer_item) & (texts != "")]
        found = []
        for participant_id, text in zip(rows["participant_id"], texts[rows.index], strict=True):
            group = disclosure.label(participant_id)
            if group is not None and disclosure.withholds(group, answer_kind, answer_item):
                group = None
            found.append(ItemComment(text, about, None if group is None else framework.partner_name(group)))
        comments += sorted(found, key=lambda comment: (comment.text, comment.group or ""))
    return comments


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

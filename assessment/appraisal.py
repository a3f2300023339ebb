"""The options appraisal: weighted scores, ranking, sensitivity of the ranking to each weight, the room's
aggregated scores, mix-and-match hybrid options and the plain-words recommendation. No streamlit here.

Rules, in the words a facilitator would use:

* Each option is scored against each criterion from 0 (very poor) to 4 (very good), the same 0-4 range
  as the success factors, so that 2 is the middle of the scale and 0 means "does nothing for this".
* Weights are points from 0 to 100 per criterion; only their proportions matter (a criterion's share is
  its weight divided by the total). A criterion with weight 0 is ignored, and needs no scores; one that
  nobody has scored either (such as "cost of change", at 0 until a Board gives it a weight) is idle and
  left out of the recommendation's weights. If every weight is 0 there is nothing to rank on, and
  AppraisalError says so.
* An option's weighted score is the weighted mean of its scores, so it stays on the 0-4 scale. An option
  missing a score on a criterion that counts is "not fully scored" and is left out of the ranking.
* Ranking: highest weighted score first; options with equal scores (to 9 decimal places) share a rank
  (1, 1, 3) and are listed in the framework's order.
* Sensitivity: for each criterion, holding the other weights where they are, the lowest and highest
  weight at which the ranking stays as it is. At the boundary two options tie; past it they swap. It is
  exact: two options a and b swap when sum_c w_c (s_ac - s_bc) changes sign, which is linear in each w_c.
  A criterion (of weight 0) that a ranked option has no score on is left out: raising its weight would
  leave that option unranked, not move it.
* The room's scores: when participants score the options too, each option's score on a criterion is the
  median of the participants' scores, with the same agreement rule as the success factors.
* Hybrid options (mix and match): the Board picks, per dimension, which option's arrangement to adopt.
  The hybrid's implied stage is the median of the five chosen arrangements' stages, rounded half down
  (the status quo counts as the partnership's current stage; it is left out while there is no position
  yet). Its prerequisites are every chosen option's prerequisites at the highest level any of them needs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import pandas as pd

from assessment.agreement import AGREEMENT, SPLIT, is_split
from assessment.framework import DIMENSIONS, Framework, Option
from assessment.models import APPRAISAL_MAX, MAX_WEIGHT
from assessment.rounding import score_text, stage_text
from assessment.scoring import OptionAssessment, RoundResult, assess_options
from assessment.storage.rows import BOARD_SCORER, HybridRow


class ScoreSource(StrEnum):
    """Whose option scores the ranking uses: the Board's, or the median of the room's."""

    BOARD = "board"
    ROOM = "room"


SCORE_LABELS = {0: "Very poor", 1: "Poor", 2: "Fair", 3: "Good", 4: "Very good"}
TIE_DECIMALS = 9


class AppraisalError(ValueError):
    """An appraisal that cannot be worked out; the message says what is wrong and how to fix it."""


# -- weights ---------------------------------------------------------------------------------------


def criterion_short_names(framework: Framework) -> dict[str, str]:
    """A one-word label per criterion for charts on small screens ('Outcomes' for 'outcomes')."""
    return {c.id: c.id.replace("_", " ").capitalize() for c in framework.criteria}


def weights_for_round(framework: Framework, saved: Mapping[str, float]) -> dict[str, float]:
    """The weights a round uses: its saved weight for each criterion, else the framework's."""
    return {c.id: float(saved.get(c.id, c.weight)) for c in framework.criteria}


def check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """The weights as floats; AppraisalError when one is negative or not a number, or all are zero."""
    checked = {}
    for criterion_id, weight in weights.items():
        value = float(weight)
        if math.isnan(value) or math.isinf(value) or value < 0:
            raise AppraisalError(f"The weight for '{criterion_id}' must be a number of 0 or more, not {weight}.")
        checked[criterion_id] = value
    if not checked or sum(checked.values()) <= 0:
        raise AppraisalError(
            "Every criterion has a weight of 0, so the options cannot be ranked. "
            "Give at least one criterion a weight above 0."
        )
    return checked


def weight_shares(weights: Mapping[str, float]) -> dict[str, float]:
    """Each criterion's share of the total weight (the shares add up to 1)."""
    checked = check_weights(weights)
    total = sum(checked.values())
    return {criterion_id: weight / total for criterion_id, weight in checked.items()}


# -- weighted scores and ranking -------------------------------------------------------------------


def score_matrix(scores: pd.DataFrame, option_ids: Sequence[str], criterion_ids: Sequence[str]) -> pd.DataFrame:
    """Options (rows) by criteria (columns) from a long table of option_id, criterion_id, value; NaN
    where an option has no score."""
    if scores.empty:
        return pd.DataFrame(np.nan, index=list(option_ids), columns=list(criterion_ids))
    wide = scores.pivot_table(index="option_id", columns="criterion_id", values="value", aggfunc="first")
    return wide.reindex(index=list(option_ids), columns=list(criterion_ids)).astype("float64")


def rank_options(matrix: pd.DataFrame, weights: Mapping[str, float]) -> pd.DataFrame:
    """Per option (in the matrix's order): score (weighted mean, 0-4), percent (of the best possible),
    rank (1 = best; ties share a rank; NaN when not fully scored), tied (shares its rank), complete, and
    missing (the criteria that count but have no score)."""
    shares = pd.Series(weight_shares(weights)).reindex(matrix.columns).fillna(0.0)
    counting = shares[shares > 0].index
    missing = matrix[counting].isna()
    complete = ~missing.any(axis=1)
    score = (matrix[counting].fillna(0.0) * shares[counting]).sum(axis=1).where(complete)
    rounded = score.round(TIE_DECIMALS)
    rank = rounded.rank(method="min", ascending=False)
    tied = rank.notna() & rank.duplicated(keep=False)
    table = pd.DataFrame(
        {
            "score": score,
            "percent": 100 * score / APPRAISAL_MAX,
            "rank": rank,
            "tied": tied,
            "complete": complete,
            "missing": [tuple(c for c in counting if missing.loc[o, c]) for o in matrix.index],
        },
        index=matrix.index,
    )
    table.index.name = "option_id"
    return table


def ranked(table: pd.DataFrame) -> list[str]:
    """The fully scored options best first; ties keep the table's (the framework's) order."""
    scored = table.dropna(subset=["rank"]).reset_index()
    scored["order"] = range(len(scored))
    return scored.sort_values(["rank", "order"])["option_id"].tolist()


def idle_criteria(matrix: pd.DataFrame, weights: Mapping[str, float]) -> set[str]:
    """The criteria that play no part: weight 0 and no option scored on them."""
    unscored = matrix.columns[matrix.isna().all(axis=0)]
    return {c for c in unscored if float(weights.get(c, 0.0)) == 0}


def contributions(matrix: pd.DataFrame, weights: Mapping[str, float]) -> pd.DataFrame:
    """Options by criteria: how many points of the weighted score each criterion contributes
    (score times the criterion's share of the weight); the rows add up to the weighted score. Idle
    criteria, which contribute nothing, are left out."""
    shares = pd.Series(weight_shares(weights)).reindex(matrix.columns).fillna(0.0)
    return (matrix.fillna(0.0) * shares).drop(columns=sorted(idle_criteria(matrix, weights)))


# -- sensitivity -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeightSensitivity:
    """How far one criterion's weight can move, the others held still, before the ranking changes.

    lowest / highest: the weights at which two options first tie (the ranking changes there); None
    when the ranking holds all the way down to 0 (or up to the maximum weight). The swap fields name
    the two options that tie first. The leader fields do the same for the top of the ranking only."""

    criterion_id: str
    weight: float
    lowest: float | None
    highest: float | None
    lowest_swap: tuple[str, str] | None
    highest_swap: tuple[str, str] | None
    leader_lowest: float | None
    leader_highest: float | None

    @property
    def margin(self) -> float | None:
        """The smallest move, up or down, that changes the ranking (None if no move can)."""
        moves = [abs(self.weight - w) for w in (self.lowest, self.highest) if w is not None]
        return min(moves) if moves else None


def sensitivity(
    matrix: pd.DataFrame, weights: Mapping[str, float], max_weight: float = MAX_WEIGHT
) -> list[WeightSensitivity]:
    """For every criterion, the range of its weight over which the ranking of the fully scored options
    stays the same (see WeightSensitivity). Weights stay within 0 and max_weight, and never all zero."""
    checked = check_weights(weights)
    table = rank_options(matrix, checked)
    order = ranked(table)
    if len(order) < 2:
        return [WeightSensitivity(c, checked.get(c, 0.0), None, None, None, None, None, None) for c in matrix.columns]
    scores = matrix.loc[order].fillna(0.0)
    w = pd.Series(checked).reindex(matrix.columns).fillna(0.0)
    leaders = set(table.index[table["rank"] == 1])
    scored = matrix.loc[order].notna().all(axis=0)
    result = []
    for criterion_id in matrix.columns[scored.to_numpy()]:
        pairs = _crossings(scores, w, criterion_id, max_weight)
        leader_pairs = [p for p in pairs if p[1] in leaders or p[2] in leaders]
        low, low_swap = _nearest(pairs, below=True)
        high, high_swap = _nearest(pairs, below=False)
        leader_low, _ = _nearest(leader_pairs, below=True)
        leader_high, _ = _nearest(leader_pairs, below=False)
        weight = float(w[criterion_id])
        result.append(
            WeightSensitivity(
                criterion_id,
                weight,
                None if low is None else weight + low,
                None if high is None else weight + high,
                low_swap,
                high_swap,
                None if leader_low is None else weight + leader_low,
                None if leader_high is None else weight + leader_high,
            )
        )
    return result


def _crossings(
    scores: pd.DataFrame, weights: pd.Series, criterion_id: str, max_weight: float
) -> list[tuple[float, str, str]]:
    """Every (change in this weight, option a, option b) at which a and b tie, within the allowed range.
    A pair tied now but pulled apart by this criterion gives a change of 0 (any move changes the ranking)."""
    weight = float(weights[criterion_id])
    others = float(weights.sum()) - weight
    totals = scores.to_numpy() @ weights.to_numpy()
    column = scores[criterion_id].to_numpy()
    names = list(scores.index)
    found = []
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            slope = column[i] - column[j]
            if slope == 0:
                continue
            gap = round(float(totals[i] - totals[j]), TIE_DECIMALS)
            change = -gap / slope
            new_weight = weight + change
            if new_weight < -1e-12 or new_weight > max_weight + 1e-12:
                continue
            if new_weight <= 1e-12 and others <= 0:
                continue  # all weights zero: nothing would be ranked there
            found.append((change, names[i], names[j]))
    return found


def _nearest(pairs: list[tuple[float, str, str]], *, below: bool) -> tuple[float | None, tuple[str, str] | None]:
    """The crossing closest to the current weight on one side (a change of 0 counts on both sides)."""
    side = [p for p in pairs if (p[0] <= 0 if below else p[0] >= 0)]
    if not side:
        return None, None
    change, a, b = min(side, key=lambda p: abs(p[0]))
    return change, (a, b)


# -- the room's scores -----------------------------------------------------------------------------


def room_scores(participant_scores: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Per (option_id, criterion_id) from participants' scores: median, n, q1, q3 and agreement
    ('split' when the framework's split rule says so, as for factors: assessment.agreement).
    Where fewer than the framework's suppression_k people scored, the numbers are withheld (NaN) and
    agreement says 'fewer than k', so that no one's own score can be read off."""
    keys = ["option_id", "criterion_id"]
    scored = participant_scores.dropna(subset=["value"])
    if scored.empty:
        index = pd.MultiIndex.from_arrays([[], []], names=keys)
        return pd.DataFrame(columns=["median", "n", "q1", "q3", "agreement"], index=index, dtype="float64")
    grouped = scored.groupby(keys)["value"]
    table = pd.DataFrame({"median": grouped.median(), "n": grouped.size()})
    quartiles = grouped.quantile([0.25, 0.75]).unstack()
    table["q1"], table["q3"] = quartiles[0.25], quartiles[0.75]
    distance = (scored["value"] - grouped.transform("median")).abs()
    outside = (distance > framework.agreement.band + 1e-9).groupby([scored[k] for k in keys]).sum().reindex(table.index)
    table["agreement"] = np.where(is_split(table["n"], outside, framework.agreement), SPLIT, AGREEMENT)
    few = table["n"] < framework.suppression_k
    table.loc[few, ["median", "q1", "q3"]] = np.nan
    table.loc[few, "agreement"] = f"fewer than {framework.suppression_k}"
    return table


def room_matrix(
    participant_scores: pd.DataFrame, framework: Framework, option_ids: Sequence[str], criterion_ids: Sequence[str]
) -> pd.DataFrame:
    """Options by criteria holding the median of the participants' scores."""
    medians = room_scores(participant_scores, framework)["median"].rename("value").reset_index()
    return score_matrix(medians, option_ids, criterion_ids)


# -- hybrid options --------------------------------------------------------------------------------


def current_stage(position: float | None) -> int | None:
    """The stage the partnership is at now: its position rounded half down (as item stages are)."""
    return None if position is None else int(math.ceil(position - 0.5))


def check_choices(framework: Framework, choices: Mapping[str, str]) -> None:
    """AppraisalError unless every dimension names one of the framework's options."""
    known = {o.id for o in framework.options}
    for dimension in DIMENSIONS:
        if choices.get(dimension) not in known:
            raise AppraisalError(f"Choose one of the options for '{dimension}', not {choices.get(dimension)!r}.")


def hybrid_stage(framework: Framework, choices: Mapping[str, str], position: float | None) -> int | None:
    """The median of the chosen arrangements' stages, rounded half down; None when none can be placed."""
    check_choices(framework, choices)
    now = current_stage(position)
    stages = [framework.option(choices[d]).stage or now for d in DIMENSIONS]
    placed = [s for s in stages if s is not None]
    if not placed:
        return None
    return int(math.ceil(float(np.median(placed)) - 0.5))


def hybrid_prerequisites(framework: Framework, choices: Mapping[str, str]) -> dict[str, int]:
    """Every chosen option's prerequisites, at the highest level any of them needs (factor order)."""
    check_choices(framework, choices)
    needed: dict[str, int] = {}
    for option_id in {choices[d] for d in DIMENSIONS}:
        for factor_id, level in framework.option(option_id).prerequisites.items():
            needed[factor_id] = max(level, needed.get(factor_id, 0))
    return {f.id: needed[f.id] for f in framework.factors if f.id in needed}


def hybrid_option(framework: Framework, hybrid: HybridRow, position: float | None) -> Option:
    """The hybrid as a framework option: its name, implied stage, each dimension's chosen arrangement
    and the union of prerequisites."""
    check_choices(framework, hybrid.choices)
    chosen = {d: framework.option(hybrid.choices[d]) for d in DIMENSIONS}
    summary = "; ".join(f"{d.name}: {framework.option_label(chosen[d.id].id)}" for d in framework.dimensions)
    taken = {o.id for o in chosen.values()}
    sources = _join([framework.option_label(o.id) for o in framework.options if o.id in taken])
    return Option(
        id=hybrid.option_id,
        name=hybrid.name,
        summary=f"Mix and match. {summary}.",
        stage=hybrid_stage(framework, hybrid.choices, position),
        dimensions={d: chosen[d].dimensions[d] for d in DIMENSIONS},
        prerequisites=hybrid_prerequisites(framework, hybrid.choices),
        resources=f"Mix and match of {sources}: each dimension brings the resource implications of the option "
        "it is taken from.",
    )


def assess_all(
    framework: Framework, hybrids: Sequence[HybridRow], factor_medians: Mapping[str, float], position: float | None
) -> list[OptionAssessment]:
    """Step change and readiness for the framework's options and the round's hybrids, by the one rule
    in scoring.assess_options."""
    extended = framework.model_copy(
        update={"options": (*framework.options, *(hybrid_option(framework, h, position) for h in hybrids))}
    )
    return assess_options(extended, dict(factor_medians), position)


def suggested_hybrid_scores(framework: Framework, choices: Mapping[str, str], matrix: pd.DataFrame) -> pd.Series:
    """A starting point for scoring a hybrid: per criterion, the mean of the chosen options' scores,
    each option counted once per dimension it supplies (NaN if any chosen option lacks that score)."""
    check_choices(framework, choices)
    rows = matrix.reindex([choices[d] for d in DIMENSIONS])
    return rows.mean(axis=0, skipna=False)


def whole_scores(suggested: pd.Series) -> dict[str, int]:
    """Suggested scores as whole scores (0-4) the Board can save: each rounded half up; a criterion with no
    suggestion (a chosen option is not scored on it) is left out."""
    return {criterion_id: int(math.floor(value + 0.5)) for criterion_id, value in suggested.dropna().items()}


def preview_hybrid(
    framework: Framework,
    choices: Mapping[str, str],
    name: str,
    factor_scores: Mapping[str, float],
    position: float | None,
) -> tuple[Option, OptionAssessment]:
    """A hybrid not yet saved, as an option with its step change and readiness (the rules of
    hybrid_option and assess_all), so a Board can see what a mix implies before saving it."""
    preview = HybridRow(0, 0, name.strip() or "This hybrid", dict(choices))
    option = hybrid_option(framework, preview, position)
    assessment = next(a for a in assess_all(framework, [preview], factor_scores, position) if a.id == option.id)
    return option, assessment


# -- readiness in words -----------------------------------------------------------------------------


def shortfall_words(
    shortfalls: Sequence[tuple[str, float, float | None]], factor_names: Mapping[str, str]
) -> list[str]:
    """THE wording of readiness shortfalls: 'Governance (needs 3, has 2.0)' for each factor below what an
    option needs ('has no score' where the factor has none)."""
    return [
        f"{factor_names[f]} (needs {needed:g}, has {'no score' if have is None else score_text(have)})"
        for f, needed, have in shortfalls
    ]


# -- the recommendation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    """The appraisal's result in plain words: a headline, its reasons, the weights it rests on, and caveats."""

    headline: str
    reasons: tuple[str, ...]
    weights: str
    caveats: tuple[str, ...]


def recommend(
    names: Mapping[str, str],
    matrix: pd.DataFrame,
    weights: Mapping[str, float],
    criterion_names: Mapping[str, str],
    assessments: Mapping[str, OptionAssessment],
    factor_names: Mapping[str, str],
) -> Recommendation:
    """The leading option (or the tie), why it leads, how firm the lead is, and what it needs first."""
    shares = weight_shares(weights)
    idle = idle_criteria(matrix, weights)
    weights_line = "Weights: " + "; ".join(
        f"{criterion_names[c]} {weights[c]:g} ({shares[c]:.0%})"
        for c in matrix.columns
        if c in shares and c not in idle
    )
    table = rank_options(matrix, weights)
    order = ranked(table)
    if not order:
        return Recommendation(
            "No option is fully scored yet, so there is no recommendation.",
            (),
            weights_line,
            ("Score every option on every criterion that has a weight above 0.",),
        )
    leaders = [o for o in order if table.loc[o, "rank"] == 1]
    best = table.loc[leaders[0], "score"]
    if len(leaders) > 1:
        headline = f"{_join([names[o] for o in leaders])} tie for first place with {best:.2f} out of 4."
    else:
        headline = f"{names[leaders[0]]} ranks first with {best:.2f} out of 4."
    reasons = list(_reasons(order, table, matrix, shares, names, criterion_names))
    caveats = list(_caveats(leaders, table, matrix, weights, assessments, names, criterion_names, factor_names))
    return Recommendation(headline, tuple(reasons), weights_line, tuple(caveats))


def _reasons(order, table, matrix, shares, names, criterion_names):  # noqa: ANN001, ANN202
    leader = order[0]
    if len(order) == 1:
        yield f"It is the only option scored on every criterion that counts ({table.loc[leader, 'score']:.2f} out of 4)."
        return
    runner = next((o for o in order if table.loc[o, "rank"] > 1), None)
    if runner is None:
        yield "All the fully scored options have the same weighted score."
        return
    lead = table.loc[leader, "score"] - table.loc[runner, "score"]
    yield (
        f"It is {lead:.2f} points ahead of {names[runner]} ({table.loc[runner, 'score']:.2f} out of 4)."
        if table.loc[leader, "rank"] == 1 and not table.loc[leader, "tied"]
        else f"The next option, {names[runner]}, has {table.loc[runner, 'score']:.2f} out of 4."
    )
    differences = {c: (matrix.loc[leader, c] - matrix.loc[runner, c]) * shares.get(c, 0) for c in matrix.columns}
    for criterion_id, value in sorted(differences.items(), key=lambda kv: -kv[1])[:2]:
        if value > 0:
            yield (
                f"It scores {matrix.loc[leader, criterion_id]:g} against {matrix.loc[runner, criterion_id]:g} "
                f"on '{criterion_names[criterion_id]}' (weight {shares[criterion_id]:.0%})."
            )
    against = [c for c, v in differences.items() if v < 0]
    if against:
        yield f"{names[runner]} scores higher on {_join([repr(criterion_names[c]) for c in against])}."


def _caveats(leaders, table, matrix, weights, assessments, names, criterion_names, factor_names):  # noqa: ANN001, ANN202
    for leader in leaders:
        assessment = assessments.get(leader)
        if assessment and assessment.shortfalls:
            below = _join(shortfall_words(assessment.shortfalls, factor_names))
            yield f"{names[leader]} needs stronger success factors first: {below}."
        if assessment and assessment.gap is not None and assessment.gap >= 2:
            yield f"{names[leader]} is a step change of {assessment.gap:.1f} stages from where the partnership is now."
    firm = [s for s in sensitivity(matrix, weights) if s.leader_lowest is not None or s.leader_highest is not None]
    if len(leaders) > 1:
        yield "Because of the tie, the Board's judgement (or a change of weights) has to separate the leaders."
    elif firm:
        closest = min(firm, key=lambda s: _leader_margin(s))
        limit = closest.leader_lowest if _leader_margin(closest) == _down(closest) else closest.leader_highest
        yield (
            f"The lead is most sensitive to the weight on '{criterion_names[closest.criterion_id]}': "
            f"at {limit:.1f} instead of {closest.weight:g}, another option would share first place."
        )
    else:
        yield "No single weight, moved anywhere from 0 to 100, changes which option comes first."
    not_scored = [names[o] for o in table.index if not table.loc[o, "complete"]]
    if not_scored:
        yield f"Not fully scored, so not ranked: {_join(not_scored)}."


def _down(s: WeightSensitivity) -> float:
    return math.inf if s.leader_lowest is None else s.weight - s.leader_lowest


def _leader_margin(s: WeightSensitivity) -> float:
    up = math.inf if s.leader_highest is None else s.leader_highest - s.weight
    return min(_down(s), up)


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# -- one round's appraisal, as the pages show it -----------------------------------------------------


@dataclass
class RoundAppraisal:
    """Everything the options page shows for one round: the scored round, its options (the framework's
    and its hybrids), step change and readiness, weights, scores, ranking, sensitivity and the advice.
    error holds the AppraisalError message when the weights cannot rank anything (all zero)."""

    result: RoundResult
    hybrids: list[HybridRow]
    options: list[Option]
    assessments: dict[str, OptionAssessment]
    weights: dict[str, float]
    board: pd.DataFrame  # the Board's scores, options by criteria
    room: pd.DataFrame  # the median of participants' scores, options by criteria
    room_detail: pd.DataFrame  # room_scores: median, n, q1, q3, agreement per (option, criterion)
    participants_scoring: int
    source: ScoreSource  # which scores the ranking uses
    table: pd.DataFrame | None = None
    sensitivities: list[WeightSensitivity] | None = None
    advice: Recommendation | None = None
    error: str | None = None
    unusable: list[str] = field(default_factory=list)  # hybrids naming options this framework lacks

    @property
    def matrix(self) -> pd.DataFrame:
        """The scores the ranking uses."""
        return self.room if self.source == ScoreSource.ROOM else self.board

    @property
    def names(self) -> dict[str, str]:
        """Option id -> name, hybrids included."""
        return {o.id: o.name for o in self.options}


def build_appraisal(
    framework: Framework,
    result: RoundResult,
    stored_hybrids: Sequence[HybridRow],
    scores: pd.DataFrame,
    saved_weights: Mapping[str, float],
    source: ScoreSource = ScoreSource.BOARD,
) -> RoundAppraisal:
    """One round's appraisal from its result, its hybrids, its appraisal scores (a long table: scorer,
    option_id, criterion_id, value; the Board's scorer is BOARD_SCORER) and its saved weights."""
    hybrids, unusable = [], []
    for hybrid in stored_hybrids:
        try:
            check_choices(framework, hybrid.choices)
            hybrids.append(hybrid)
        except AppraisalError:
            unusable.append(hybrid.name)
    options = [*framework.options, *(hybrid_option(framework, h, result.position) for h in hybrids)]
    factor_scores = {k: v for k, v in result.factors["score"].to_dict().items() if not pd.isna(v)}
    assessments = {a.id: a for a in assess_all(framework, hybrids, factor_scores, result.position)}
    option_ids = [o.id for o in options]
    criterion_ids = [c.id for c in framework.criteria]
    board = score_matrix(scores[scores["scorer"] == BOARD_SCORER], option_ids, criterion_ids)
    room_rows = scores[scores["scorer"] != BOARD_SCORER]
    appraisal = RoundAppraisal(
        result=result,
        hybrids=hybrids,
        options=options,
        assessments=assessments,
        weights=weights_for_round(framework, saved_weights),
        board=board,
        room=room_matrix(room_rows, framework, option_ids, criterion_ids),
        room_detail=room_scores(room_rows, framework),
        participants_scoring=int(room_rows["scorer"].nunique()),
        source=ScoreSource(source),
        unusable=unusable,
    )
    try:
        appraisal.table = rank_options(appraisal.matrix, appraisal.weights)
        appraisal.sensitivities = sensitivity(appraisal.matrix, appraisal.weights)
        appraisal.advice = recommend(
            appraisal.names,
            appraisal.matrix,
            appraisal.weights,
            {c.id: c.name for c in framework.criteria},
            assessments,
            {f.id: f.short_name for f in framework.factors},
        )
    except AppraisalError as error:
        appraisal.error = str(error)
    return appraisal


def readiness_words(assessment: OptionAssessment, option: Option, framework: Framework, position: float | None) -> str:
    """One or two sentences: where the option puts the partnership, the step change from today, and
    which success factors are below what it needs."""
    if assessment.stage is None:
        where = "keeps the partnership where it is now" + (
            "" if position is None else f" (position {stage_text(position)})"
        )
    else:
        stage = framework.stage(assessment.stage)
        where = f"puts the partnership at stage {stage.number} ({stage.name.lower()})"
        if assessment.gap is not None and position is not None:
            where += (
                f": a step change of {assessment.gap:+.1f} stages from today's position {stage_text(position)}"
                if abs(assessment.gap) >= 0.05
                else ", where it already is"
            )
    total = len(option.prerequisites)
    if total == 0:
        return f"{assessment.name} {where}. It needs nothing new from the success factors."
    met = total - len(assessment.shortfalls)
    if not assessment.shortfalls:
        return f"{assessment.name} {where}. All {total} success factors it relies on are at the level it needs."
    below = _join(shortfall_words(assessment.shortfalls, {f.id: f.short_name for f in framework.factors}))
    count = "None" if met == 0 else f"{met}"
    return (
        f"{assessment.name} {where}. {count} of the {total} success factors it relies on "
        f"{'is' if met == 1 else 'are'} at the level it needs; below: {below}."
    )

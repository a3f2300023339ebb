"""The scoring engine: vectorised pandas over the long table of answers.

Rules, in the words a facilitator would use:

* A participant's score for a success factor is the mean of their answers to its statements;
  "don't know" answers are left out, and a participant who answered "don't know" to every
  statement of a factor has no score for it.
* The room's result for a factor is the median of those scores, with the mean, the quartiles
  and interquartile range (IQR), n (participants with a score) and the don't-know rate (share of
  the factor's statement answers that were "don't know").
* Agreement (adapted from SCIROCCO's rule of a 3-point band around the median): a factor is
  ``split`` when more than a quarter of the scores lie more than one level away from the median
  (outside the band median - 1 .. median + 1 on the 0-4 scale); otherwise ``agreement``. The band
  and the share are set in the framework file.
* Each continuum component and priority area gets the median of the stages chosen (1-6); its
  ``stage`` is that median rounded half down, so a room split between two stages is placed at the
  lower one. The overall ``position`` is the mean of those medians.
* The sentence: the items' stages are ranked; the partnership sits "between" the stage at the
  25th percentile and the stage at the 75th percentile (the lowest stage that at least a quarter,
  resp. three quarters, of the items are at or below), or "at" one stage when the two coincide,
  "with some examples of" the highest stage above that range that any item reached.
* Breakdowns by partner type are suppressed ("fewer than k") for groups of fewer than k people.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from assessment.framework import Framework
from assessment.models import ItemKind

STAGE_COLUMNS = [f"stage_{n}" for n in range(1, 7)]
FACTOR_COLUMNS = ["median", "mean", "q1", "q3", "iqr", "n", "dont_know", "outside_share", "agreement"]


@dataclass(frozen=True)
class Scores:
    """Scored answers for one or many rounds."""

    respondents: pd.Series  # round_id -> number of participants with at least one answer
    respondent_scores: pd.DataFrame  # round_id, participant_id, partner_type, factor_id, score
    factors: pd.DataFrame  # index (round_id, factor_id); FACTOR_COLUMNS
    items: pd.DataFrame  # index (round_id, kind, item_id); median, stage, n, dont_know, stage_1..stage_6
    positions: pd.DataFrame  # index round_id; position, lower, upper, examples, items


def _empty_factor_table() -> pd.DataFrame:
    index = pd.MultiIndex.from_arrays([[], []], names=["round_id", "factor_id"])
    return pd.DataFrame(columns=FACTOR_COLUMNS, index=index)


def respondent_factor_scores(answers: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Each participant's score per factor (mean of their statement answers, don't know left out)."""
    statements = answers[answers["kind"] == ItemKind.STATEMENT.value]
    factor_of = statements["item_id"].map(framework.statement_factor)
    frame = pd.DataFrame(
        {
            "round_id": statements["round_id"].to_numpy(),
            "participant_id": statements["participant_id"].to_numpy(),
            "partner_type": statements["partner_type"].to_numpy(),
            "factor_id": factor_of.to_numpy(),
            "value": statements["value"].to_numpy(dtype="float64"),
        }
    ).dropna(subset=["factor_id"])
    grouped = frame.groupby(["round_id", "participant_id", "partner_type", "factor_id"], sort=False, observed=True)
    scores = grouped["value"].mean().rename("score").reset_index()
    return scores


def factor_table(scores: pd.DataFrame, answers: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Per round and factor: median, mean, q1, q3, iqr, n, dont_know, outside_share and agreement."""
    if scores.empty:
        return _empty_factor_table()
    rule = framework.agreement
    scored = scores.dropna(subset=["score"])
    keys = [scored["round_id"], scored["factor_id"]]
    grouped = scored["score"].groupby(keys, sort=True)
    table = pd.DataFrame({"median": grouped.median(), "mean": grouped.mean(), "n": grouped.size()})
    quartiles = grouped.quantile([0.25, 0.75]).unstack()
    table["q1"] = quartiles[0.25]
    table["q3"] = quartiles[0.75]
    table["iqr"] = table["q3"] - table["q1"]
    medians = grouped.transform("median")
    outside = ((scored["score"] - medians).abs() > rule.band + 1e-9).groupby(keys, sort=True).mean()
    table["outside_share"] = outside

    all_pairs = scores[["round_id", "factor_id"]].drop_duplicates().set_index(["round_id", "factor_id"]).index
    table = table.reindex(all_pairs.union(table.index))
    table.index.names = ["round_id", "factor_id"]
    table["n"] = table["n"].fillna(0).astype(int)
    table["dont_know"] = _factor_dont_know(answers, framework).reindex(table.index).fillna(0.0)
    table["agreement"] = np.where(table["outside_share"] > rule.max_outside_share, "split", "agreement")
    return table.sort_index()[FACTOR_COLUMNS]


def _factor_dont_know(answers: pd.DataFrame, framework: Framework) -> pd.Series:
    statements = answers[answers["kind"] == ItemKind.STATEMENT.value]
    factor_of = statements["item_id"].map(framework.statement_factor)
    unknown = statements["value"].isna()
    return unknown.groupby([statements["round_id"], factor_of]).mean().rename_axis(["round_id", "factor_id"])


def item_table(answers: pd.DataFrame) -> pd.DataFrame:
    """Per round, continuum component and priority area: median stage, stage, n, don't-know rate and
    the share of answers at each stage (stage_1 .. stage_6)."""
    rows = answers[answers["kind"] != ItemKind.STATEMENT.value]
    keys = ["round_id", "kind", "item_id"]
    if rows.empty:
        index = pd.MultiIndex.from_arrays([[], [], []], names=keys)
        return pd.DataFrame(columns=["median", "stage", "n", "dont_know", *STAGE_COLUMNS], index=index)
    grouped = rows.groupby(keys, sort=True)["value"]
    table = pd.DataFrame({"median": grouped.median(), "n": grouped.count(), "answers": grouped.size()})
    table["dont_know"] = 1 - table["n"] / table["answers"]
    table["stage"] = np.ceil(table["median"] - 0.5)
    counts = rows.dropna(subset=["value"]).groupby([*keys, "value"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=[float(s) for s in range(1, 7)], fill_value=0).reindex(table.index, fill_value=0)
    shares = counts.div(counts.sum(axis=1).replace(0, np.nan), axis=0)
    table[STAGE_COLUMNS] = shares.to_numpy()
    return table.drop(columns="answers")


def continuum_positions(items: pd.DataFrame) -> pd.DataFrame:
    """Per round: position (mean of item medians, 1-6), lower and upper stage of the middle half of the
    items, the highest stage above that reached by any item (examples, 0 if none), and the item count."""
    staged = items.dropna(subset=["stage"])
    if staged.empty:
        return pd.DataFrame(columns=["position", "lower", "upper", "examples", "items"]).rename_axis("round_id")
    round_ids = staged.index.get_level_values("round_id")
    counts = pd.crosstab(round_ids, staged["stage"].astype(int)).reindex(columns=range(1, 7), fill_value=0)
    matrix = counts.to_numpy()
    totals = matrix.sum(axis=1, keepdims=True)
    cumulative = matrix.cumsum(axis=1) / totals
    lower = (cumulative >= 0.25 - 1e-9).argmax(axis=1) + 1
    upper = (cumulative >= 0.75 - 1e-9).argmax(axis=1) + 1
    stages = np.arange(1, 7)
    above = (matrix > 0) & (stages[None, :] > upper[:, None])
    examples = np.where(above.any(axis=1), 6 - above[:, ::-1].argmax(axis=1), 0)
    position = staged["median"].groupby(round_ids).mean().reindex(counts.index)
    return pd.DataFrame(
        {
            "position": position.to_numpy(),
            "lower": lower,
            "upper": upper,
            "examples": examples,
            "items": totals[:, 0],
        },
        index=counts.index.rename("round_id"),
    )


def continuum_sentence(lower: int, upper: int, examples: int, framework: Framework) -> str:
    """The seeds' sentence: 'between <stage> and <stage>, with some examples of <stage>'."""
    name = _stage_phrase(framework)
    if lower == upper:
        sentence = f"The partnership sits at {name(lower)}"
    else:
        sentence = f"The partnership sits between {name(lower)} and {name(upper)}"
    if examples:
        sentence += f", with some examples of {name(examples)}"
    return sentence + "."


def _stage_phrase(framework: Framework):  # noqa: ANN202
    def name(number: int) -> str:
        return f"'{framework.stage(int(number)).name.lower()}'"

    return name


NO_POSITION_SENTENCE = "Not enough continuum answers yet to place the partnership on the continuum."


def score_answers(answers: pd.DataFrame, framework: Framework) -> Scores:
    """Score every round present in the long answers table (see Store.answers_frame)."""
    respondents = answers.groupby("round_id")["participant_id"].nunique()
    scores = respondent_factor_scores(answers, framework)
    items = item_table(answers)
    return Scores(
        respondents=respondents,
        respondent_scores=scores,
        factors=factor_table(scores, answers, framework),
        items=items,
        positions=continuum_positions(items),
    )


# -- options ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionAssessment:
    id: str
    name: str
    stage: int | None  # None for the status quo
    gap: float | None  # option stage minus current position; None when there is no position yet
    readiness: float  # share of the option's prerequisites met (1.0 when it has none)
    shortfalls: tuple[tuple[str, float, float | None], ...]  # (factor id, level needed, median or None)


def assess_options(
    framework: Framework, factor_medians: dict[str, float], position: float | None
) -> list[OptionAssessment]:
    """For each option: its stage, the step change from the current position (gap, in stages) and
    readiness (the share of its success-factor prerequisites whose median meets the level needed)."""
    assessed = []
    for option in framework.options:
        stage = option.stage
        if stage is None:
            gap = 0.0 if position is not None else None
        else:
            gap = None if position is None else round(stage - position, 2)
        shortfalls = tuple(
            (factor_id, float(needed), _none_if_nan(factor_medians.get(factor_id)))
            for factor_id, needed in option.prerequisites.items()
            if not (factor_medians.get(factor_id) is not None and factor_medians[factor_id] >= needed)
        )
        total = len(option.prerequisites)
        readiness = 1.0 if total == 0 else (total - len(shortfalls)) / total
        assessed.append(OptionAssessment(option.id, option.name, stage, gap, readiness, shortfalls))
    return assessed


def _none_if_nan(value: float | None) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


# -- partner types ---------------------------------------------------------------------------------


def partner_breakdown(respondent_scores: pd.DataFrame, k: int) -> pd.DataFrame:
    """Factor medians per partner type with n; groups under k people have median NaN and suppressed True."""
    scored = respondent_scores.dropna(subset=["score"])
    grouped = scored.groupby(["round_id", "partner_type", "factor_id"])["score"]
    table = pd.DataFrame({"median": grouped.median(), "n": grouped.size()})
    people = scored.groupby(["round_id", "partner_type"])["participant_id"].nunique().rename("people")
    table = table.join(people, on=["round_id", "partner_type"])
    table["suppressed"] = table["people"] < k
    table.loc[table["suppressed"], ["median", "n"]] = np.nan
    return table


# -- benchmarks ------------------------------------------------------------------------------------


def latest_finalised(rounds: pd.DataFrame) -> pd.DataFrame:
    """Each area's latest finalised round (rounds has round_id, area_id, held_on, status)."""
    final = rounds[rounds["status"] == "finalised"].sort_values(["area_id", "held_on", "round_id"])
    return final.groupby("area_id").tail(1)


def benchmark(factors: pd.DataFrame, rounds: pd.DataFrame, round_id: int) -> pd.DataFrame:
    """For one round, per factor: its median, the median and quartiles of other areas' latest finalised
    rounds (n_areas of them), its percentile among them, and the area's previous round's median."""
    this = rounds.set_index("round_id").loc[round_id]
    peers = latest_finalised(rounds)
    peers = peers[peers["area_id"] != this["area_id"]]["round_id"]
    medians = factors["median"].unstack("factor_id")
    own = medians.loc[round_id] if round_id in medians.index else pd.Series(dtype=float)
    peer_medians = medians.reindex(peers)
    result = pd.DataFrame(
        {
            "median": own,
            "peer_q1": peer_medians.quantile(0.25),
            "peer_median": peer_medians.median(),
            "peer_q3": peer_medians.quantile(0.75),
            "n_areas": peer_medians.notna().sum(),
        }
    )
    below = peer_medians.lt(own, axis=1).sum()
    equal = peer_medians.eq(own, axis=1).sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        result["percentile"] = (100 * (below + 0.5 * equal) / result["n_areas"]).where(result["n_areas"] > 0)
    earlier = rounds[(rounds["area_id"] == this["area_id"]) & (rounds["held_on"] < this["held_on"])]
    earlier = earlier.sort_values(["held_on", "round_id"])
    if not earlier.empty and earlier["round_id"].iloc[-1] in medians.index:
        result["previous"] = medians.loc[earlier["round_id"].iloc[-1]]
    else:
        result["previous"] = np.nan
    result["change"] = result["median"] - result["previous"]
    return result.rename_axis("factor_id")


@dataclass
class RoundResult:
    """Everything the pages, the CLI and the exports show for one round."""

    round_id: int
    respondents: int
    factors: pd.DataFrame  # indexed by factor_id, FACTOR_COLUMNS plus name and consensus
    items: pd.DataFrame  # indexed by (kind, item_id) plus name and consensus
    position: float | None
    lower: int | None
    upper: int | None
    examples: int | None
    sentence: str
    options: list[OptionAssessment] = field(default_factory=list)
    # Each participant's factor scores (participant_id, partner_type, factor_id, score): the dots of a
    # strip plot. Anonymous, but individual: never shown to participants or in presentation mode.
    respondent_scores: pd.DataFrame = field(default_factory=pd.DataFrame)


def round_result(
    scores: Scores,
    round_id: int,
    framework: Framework,
    consensus: dict | None = None,
    priority_names: dict[str, str] | None = None,
) -> RoundResult:
    """Pick one round out of scored answers and add names, consensus and the option assessments."""
    consensus = consensus or {}
    names = {f.id: f.name for f in framework.factors}
    factors = _round_slice(scores.factors, round_id).reindex([f.id for f in framework.factors])
    factors.index.name = "factor_id"
    factors["n"] = factors["n"].fillna(0).astype(int)
    factors["agreement"] = factors["agreement"].fillna("no answers")
    factors.insert(0, "name", [names[i] for i in factors.index])
    factors["consensus"] = [_consensus_value(consensus, ItemKind.FACTOR, i) for i in factors.index]

    items = _round_slice(scores.items, round_id)
    item_names = {c.id: c.name for c in framework.components} | {p.id: p.name for p in framework.priority_areas}
    item_names |= priority_names or {}
    items.insert(0, "name", [item_names.get(item_id, item_id) for _kind, item_id in items.index])
    items["consensus"] = [_consensus_value(consensus, ItemKind(kind), i) for kind, i in items.index]

    if round_id in scores.positions.index:
        row = scores.positions.loc[round_id]
        lower, upper, examples = int(row["lower"]), int(row["upper"]), int(row["examples"])
        position = round(float(row["position"]), 2)
        sentence = continuum_sentence(lower, upper, examples, framework)
    else:
        position = lower = upper = examples = None
        sentence = NO_POSITION_SENTENCE
    medians = factors["median"].to_dict()
    return RoundResult(
        round_id=round_id,
        respondents=int(scores.respondents.get(round_id, 0)),
        factors=factors,
        items=items,
        position=position,
        lower=lower,
        upper=upper,
        examples=examples,
        sentence=sentence,
        options=assess_options(framework, medians, position),
        respondent_scores=_round_scores(scores.respondent_scores, round_id),
    )


def _round_scores(respondent_scores: pd.DataFrame, round_id: int) -> pd.DataFrame:
    columns = ["participant_id", "partner_type", "factor_id", "score"]
    if respondent_scores.empty:
        return pd.DataFrame(columns=columns)
    rows = respondent_scores[respondent_scores["round_id"] == round_id]
    return rows[columns].reset_index(drop=True)


def _round_slice(table: pd.DataFrame, round_id: int) -> pd.DataFrame:
    if round_id in table.index.get_level_values("round_id"):
        return table.xs(round_id, level="round_id").copy()
    return table.iloc[0:0].droplevel("round_id").copy()


def _consensus_value(consensus: dict, kind: ItemKind, item_id: str) -> float | None:
    record = consensus.get((kind, item_id))
    return None if record is None else record.value


def strengths_and_gaps(result: RoundResult, count: int = 2) -> tuple[list[str], list[str]]:
    """The names of the highest and lowest scoring factors (by median, then mean)."""
    ranked = result.factors.dropna(subset=["median"]).sort_values(["median", "mean"], ascending=False)
    names = ranked["name"].tolist()
    if len(names) < 2:
        return names, []
    count = min(count, len(names) // 2)
    return names[:count], names[-count:][::-1]

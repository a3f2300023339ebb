"""The scoring engine: vectorised pandas over the long table of answers.

Rules, in the words a facilitator would use:

* A participant's score for a success factor is the mean of their answers to its statements;
  "don't know" answers are left out, and a participant who answered "don't know" to every
  statement of a factor has no score for it.
* The room's result for a factor is the median of those scores, with the mean, the quartiles
  and interquartile range (IQR), n (participants with a score) and the don't-know rate (share of
  the factor's statement answers that were "don't know").
* Agreement (SCIROCCO's 3-point band around the median): the scores that lie more than one level
  away from the median (outside the band median - 1 .. median + 1 on the 0-4 scale) are counted, and
  the framework file's ``agreement.rule`` says when they make the factor ``split`` (otherwise
  ``agreement``): under ``share`` (the default) when more than a quarter of the scores lie outside
  the band; under ``count`` (the published Delphi rule) when at least four do, however many people
  scored. The band, the share and the number are set in the framework file; assessment.agreement
  applies the rule, for factors here and for the options' criteria alike.
* The score a factor takes: the room's agreed (consensus) score where the room recorded one, otherwise
  the median above. Everything that judges a factor (readiness for an option, the recommendation, the
  development plan's rules, strengths and gaps, the trend, benchmarks and comparisons of areas) reads
  this score, and says which it is (``score_source``: "agreed" or "median").
* Each continuum component and priority area gets the median of the stages chosen (1-6); its
  ``stage`` is that median rounded half down, so a room split between two stages is placed at the
  lower one. The overall ``position`` is the mean of those medians.
* The sentence: the items' stages are ranked; the partnership sits "between" the stage at the
  25th percentile and the stage at the 75th percentile (the lowest stage that at least a quarter,
  resp. three quarters, of the items are at or below), or "at" one stage when the two coincide,
  "with some examples of" the highest stage above that range that any item reached. Since the
  stages alone can hide a move (2.00 to 1.79 keeps the same sentence), it ends with the change in
  position since the area's previous round, when both rounds have one.
* Breakdowns by partner type show only the groups and answers that assessment.disclosure.decide
  allows: partner types under k people are combined into "Other partner", or hidden with the next
  smallest group, and cells are withheld where fewer than k hidden people could be worked out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from assessment.agreement import AGREEMENT, SPLIT, is_split
from assessment.dates import british_date
from assessment.framework import Framework
from assessment.models import FIRST_PASS, ItemKind
from assessment.rounding import stage_text

STAGE_COLUMNS = [f"stage_{n}" for n in range(1, 7)]
FACTOR_COLUMNS = [
    "median",
    "mean",
    "q1",
    "q3",
    "iqr",
    "n",
    "dont_know",
    "outside_share",
    "agreement",
    "consensus",
    "score",
    "score_source",
]
AGREED, MEDIAN = "agreed", "median"  # where a factor's score comes from (score_source)
# A factor's agreement in one pass of a round (assessment/passes.py), indexed by round_id, factor_id, pass.
PASS_COLUMNS = ["median", "n", "at_median", "within_one", "split"]
# The rule of factor_scores in words, for every screen, sheet and paper that shows a factor's score.
SCORE_RULE = (
    "A factor's score is the room's agreed score where the room recorded one, otherwise the median of "
    "the participants' scores."
)
# The rule of percentile_among_others in words.
PERCENTILE_RULE = (
    "A percentile (0 to 100) is the share of the other areas scoring below, with those level counting half: "
    "100 is above every other area, 50 in the middle."
)


@dataclass(frozen=True)
class Scores:
    """Scored answers for one or many rounds."""

    respondents: pd.Series  # round_id -> number of participants with at least one answer
    respondent_scores: pd.DataFrame  # round_id, participant_id, partner_type, factor_id, score
    factors: pd.DataFrame  # index (round_id, factor_id); FACTOR_COLUMNS (consensus: the agreed score, or NaN)
    items: pd.DataFrame  # index (round_id, kind, item_id); median, stage, n, dont_know, stage_1..stage_6
    positions: pd.DataFrame  # index round_id; position, lower, upper, examples, items
    # Each factor's agreement pass by pass (PASS_COLUMNS, index round_id, factor_id, pass): filled in by
    # assessment.passes.score_passes, which the read side scores with.
    passes: pd.DataFrame = field(default_factory=lambda: _no_passes(["round_id", "factor_id", "pass"]))


def _no_passes(names: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=PASS_COLUMNS, index=pd.MultiIndex.from_arrays([[]] * len(names), names=names))


@dataclass(frozen=True)
class _Coded:
    """The answers table as integer codes, so every group statistic is a bincount or a small groupby."""

    round_code: np.ndarray  # per row
    round_ids: np.ndarray  # round id of each round code
    participant_code: np.ndarray  # per row
    participant_ids: np.ndarray
    participant_round: np.ndarray  # round code of each participant code
    participant_partner: np.ndarray
    item_code: np.ndarray  # per row
    item_ids: np.ndarray
    is_statement: np.ndarray  # per row
    is_component: np.ndarray  # per row; rows that are neither are priority areas
    values: np.ndarray  # per row, float with NaN for don't know


def _code(answers: pd.DataFrame) -> _Coded:
    round_code, round_ids = pd.factorize(answers["round_id"], sort=True)
    participant_code, participant_ids = pd.factorize(answers["participant_id"])
    rows = np.arange(len(answers))
    first_row = np.empty(len(participant_ids), dtype=np.int64)
    first_row[participant_code[::-1]] = rows[::-1]  # the last write wins, so each gets its first row
    item_code, item_ids = pd.factorize(answers["item_id"])
    return _Coded(
        round_code=round_code,
        round_ids=np.asarray(round_ids),
        participant_code=participant_code,
        participant_ids=np.asarray(participant_ids),
        participant_round=round_code[first_row],
        participant_partner=answers["partner_type"].iloc[first_row].to_numpy(dtype=object),
        item_code=item_code,
        item_ids=np.asarray(item_ids, dtype=object),
        # Comparing the column is fast; turning a string column into an object array is not.
        is_statement=(answers["kind"] == ItemKind.STATEMENT.value).to_numpy(dtype=bool),
        is_component=(answers["kind"] == ItemKind.COMPONENT.value).to_numpy(dtype=bool),
        values=answers["value"].to_numpy(dtype="float64"),
    )


@dataclass(frozen=True)
class _RespondentMatrix:
    """Participants x factors: each person's factor score and how many statements they answered."""

    scores: np.ndarray  # P x F, NaN where the person has no score
    answered: np.ndarray  # P x F statement answers including don't know
    unknown: np.ndarray  # P x F don't-know answers


def _respondent_matrix(coded: _Coded, framework: Framework) -> _RespondentMatrix:
    factor_ids = [f.id for f in framework.factors]
    position = {f.id: i for i, f in enumerate(framework.factors)}
    factor_of_item = np.array(
        [position.get(framework.statement_factor.get(item, ""), -1) for item in coded.item_ids], dtype=np.int64
    )
    statement = coded.is_statement & (factor_of_item[coded.item_code] >= 0)
    width = len(factor_ids)
    size = len(coded.participant_ids) * width
    key = coded.participant_code[statement] * width + factor_of_item[coded.item_code[statement]]
    values = coded.values[statement]
    known = ~np.isnan(values)
    sums = np.bincount(key[known], weights=values[known], minlength=size)
    counts = np.bincount(key[known], minlength=size)
    answered = np.bincount(key, minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = np.where(counts > 0, sums / counts, np.nan)
    shape = (len(coded.participant_ids), width)
    return _RespondentMatrix(scores.reshape(shape), answered.reshape(shape), (answered - counts).reshape(shape))


def _respondent_long(coded: _Coded, matrix: _RespondentMatrix, framework: Framework) -> pd.DataFrame:
    people, factors = np.nonzero(matrix.answered > 0)
    factor_ids = [f.id for f in framework.factors]
    return pd.DataFrame(
        {
            "round_id": coded.round_ids[coded.participant_round[people]],
            "participant_id": coded.participant_ids[people],
            "partner_type": coded.participant_partner[people],
            "factor_id": pd.Categorical.from_codes(factors, categories=factor_ids),
            "score": matrix.scores[people, factors],
        }
    )


def respondent_factor_scores(answers: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Each participant's score per factor (mean of their statement answers, don't know left out):
    round_id, participant_id, partner_type, factor_id, score (NaN when all were don't know)."""
    coded = _code(answers)
    return _respondent_long(coded, _respondent_matrix(coded, framework), framework)


def _group_quantiles(keys: np.ndarray, values: np.ndarray, groups: int, qs: tuple[float, ...]) -> np.ndarray:
    """Per group, the linear-interpolation quantiles of the non-NaN values (as pandas computes them),
    by one sort of all values at once; NaN for groups without values. Returns len(qs) x groups."""
    valid = ~np.isnan(values)
    keys, values = keys[valid], values[valid]
    ordered = values[np.lexsort((values, keys))]
    n = np.bincount(keys, minlength=groups)
    start = np.concatenate(([0], np.cumsum(n)[:-1]))
    empty = n == 0
    result = np.full((len(qs), groups), np.nan)
    if not len(ordered):
        return result
    for row, q in enumerate(qs):
        h = (n - 1) * q
        low = np.floor(h).astype(np.int64)
        high = np.ceil(h).astype(np.int64)
        at_low = ordered[np.clip(start + low, 0, len(ordered) - 1)]
        at_high = ordered[np.clip(start + high, 0, len(ordered) - 1)]
        result[row] = np.where(empty, np.nan, at_low + (h - low) * (at_high - at_low))
    return result


def _median_of_counts(counts: np.ndarray) -> np.ndarray:
    """Medians of stage answers (1-6) from a groups x 6 table of counts; NaN for empty groups."""
    cumulative = counts.cumsum(axis=1)
    n = cumulative[:, -1]
    lower_rank = (n - 1) // 2
    upper_rank = n // 2
    lower = (cumulative > lower_rank[:, None]).argmax(axis=1) + 1
    upper = (cumulative > upper_rank[:, None]).argmax(axis=1) + 1
    return np.where(n > 0, (lower + upper) / 2, np.nan)


def _factor_table(coded: _Coded, matrix: _RespondentMatrix, framework: Framework) -> pd.DataFrame:
    factor_ids = np.array([f.id for f in framework.factors], dtype=object)
    width = len(factor_ids)
    groups = len(coded.round_ids) * width
    rule = framework.agreement
    keys = (coded.participant_round[:, None] * width + np.arange(width)[None, :]).ravel()
    scores = matrix.scores.ravel()
    q1, median, q3 = _group_quantiles(keys, scores, groups, (0.25, 0.5, 0.75))
    valid = ~np.isnan(scores)
    n = np.bincount(keys[valid], minlength=groups)
    total = np.bincount(keys[valid], weights=scores[valid], minlength=groups)
    outside = np.abs(scores - median[keys]) > rule.band + 1e-9
    outside_count = np.bincount(keys[outside & valid], minlength=groups)
    answered = np.bincount(keys, weights=matrix.answered.ravel(), minlength=groups)
    unknown = np.bincount(keys, weights=matrix.unknown.ravel(), minlength=groups)
    present = answered > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        outside_share = outside_count / n
        table = pd.DataFrame(
            {
                "median": median,
                "mean": total / n,
                "q1": q1,
                "q3": q3,
                "iqr": q3 - q1,
                "n": n,
                "dont_know": unknown / answered,
                "outside_share": outside_share,
                "agreement": np.where(
                    n == 0, "no answers", np.where(is_split(n, outside_count, rule), SPLIT, AGREEMENT)
                ),
            }
        )[present]
    group = np.flatnonzero(present)
    table.index = pd.MultiIndex.from_arrays(
        [coded.round_ids[group // width], factor_ids[group % width]], names=["round_id", "factor_id"]
    )
    return table


def _item_table(coded: _Coded) -> pd.DataFrame:
    keys = ["round_id", "kind", "item_id"]
    continuum = ~coded.is_statement
    if not continuum.any():
        index = pd.MultiIndex.from_arrays([[], [], []], names=keys)
        return pd.DataFrame(columns=["median", "stage", "n", "dont_know", *STAGE_COLUMNS], index=index)
    kind_code = np.where(coded.is_component[continuum], 0, 1)
    items = len(coded.item_ids)
    combined = (coded.round_code[continuum] * 2 + kind_code) * items + coded.item_code[continuum]
    group, uniques = pd.factorize(combined, sort=True)
    values = coded.values[continuum]
    known = ~np.isnan(values)
    groups = len(uniques)
    answers_per_group = np.bincount(group, minlength=groups)
    n = np.bincount(group[known], minlength=groups)
    stage_index = values[known].astype(np.int64) - 1
    counts = np.bincount(group[known] * 6 + stage_index, minlength=groups * 6).reshape(groups, 6)
    median = _median_of_counts(counts)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = counts / counts.sum(axis=1, keepdims=True)
    item_code = uniques % items
    kind_names = np.array([ItemKind.COMPONENT.value, ItemKind.PRIORITY.value], dtype=object)
    index = pd.MultiIndex.from_arrays(
        [coded.round_ids[uniques // items // 2], kind_names[(uniques // items) % 2], coded.item_ids[item_code]],
        names=keys,
    )
    columns = {"median": median, "stage": np.ceil(median - 0.5), "n": n, "dont_know": 1 - n / answers_per_group}
    columns |= {name: shares[:, i] for i, name in enumerate(STAGE_COLUMNS)}
    return pd.DataFrame(columns, index=index)


def continuum_positions(items: pd.DataFrame) -> pd.DataFrame:
    """Per round: position (mean of item medians, 1-6), lower and upper stage of the middle half of the
    items, the highest stage above that reached by any item (examples, 0 if none), and the item count."""
    staged = items.dropna(subset=["stage"])
    if staged.empty:
        return pd.DataFrame(columns=["position", "lower", "upper", "examples", "items"]).rename_axis("round_id")
    round_code, round_ids = pd.factorize(staged.index.get_level_values("round_id"), sort=True)
    stage = staged["stage"].to_numpy().astype(np.int64)
    matrix = np.bincount(round_code * 6 + stage - 1, minlength=len(round_ids) * 6).reshape(-1, 6)
    totals = matrix.sum(axis=1, keepdims=True)
    cumulative = matrix.cumsum(axis=1) / totals
    lower = (cumulative >= 0.25 - 1e-9).argmax(axis=1) + 1
    upper = (cumulative >= 0.75 - 1e-9).argmax(axis=1) + 1
    stages = np.arange(1, 7)
    above = (matrix > 0) & (stages[None, :] > upper[:, None])
    examples = np.where(above.any(axis=1), 6 - above[:, ::-1].argmax(axis=1), 0)
    position = np.bincount(round_code, weights=staged["median"].to_numpy()) / totals[:, 0]
    return pd.DataFrame(
        {"position": position, "lower": lower, "upper": upper, "examples": examples, "items": totals[:, 0]},
        index=pd.Index(round_ids, name="round_id"),
    )


@dataclass(frozen=True)
class PositionChange:
    """How the continuum position moved since the area's previous round."""

    since: dt.date  # the day the previous round was held
    before: float  # its position (2 decimals)
    now: float  # this round's position (2 decimals)

    @property
    def amount(self) -> float:
        """The position now less before, to 2 decimals: negative when the partnership moved back."""
        return round(self.now - self.before, 2)

    def words(self) -> str:
        """'down 0.2 stages since the round of 11 March 2025' (up, down, or no change), to the one decimal a
        stage supports; a move too small to show at that is 'less than 0.1 stages', not '0.0'."""
        since = f"since the round of {british_date(self.since)}"
        if self.amount == 0:
            return f"no change {since}"
        size = stage_text(abs(self.amount))
        size = "less than 0.1" if size == stage_text(0) else size
        return f"{'up' if self.amount > 0 else 'down'} {size} stages {since}"


def continuum_sentence(
    lower: int, upper: int, examples: int, framework: Framework, change: PositionChange | None = None
) -> str:
    """The benchmark sentence of Wirral Children's Trust's options paper (2010): 'between <stage> and
    <stage>, with some examples of <stage>', then the change since the previous round when there is one."""
    name = _stage_phrase(framework)
    if lower == upper:
        sentence = f"The partnership sits at {name(lower)}"
    else:
        sentence = f"The partnership sits between {name(lower)} and {name(upper)}"
    if examples:
        sentence += f", with some examples of {name(examples)}"
    if change is not None:
        sentence += f" \u2013 {change.words()}"
    return sentence + "."


def _stage_phrase(framework: Framework):  # noqa: ANN202
    def name(number: int) -> str:
        return f"'{framework.stage(int(number)).name.lower()}'"

    return name


NO_POSITION_SENTENCE = "Not enough continuum answers yet to place the partnership on the continuum."


def factor_scores(table: pd.DataFrame, agreed: pd.DataFrame | None) -> pd.DataFrame:
    """THE RULE for the score a factor takes (see the top of this module): the factor table (index
    round_id, factor_id) with consensus (the agreed score, NaN where none), score (agreed, else the median)
    and score_source ("agreed" or "median"). agreed: round_id, factor_id, agreed; a factor the room agreed
    without any answers gets a row of its own."""
    if agreed is not None and len(agreed):
        values = agreed.set_index(["round_id", "factor_id"])["agreed"].astype("float64")
        table = table.reindex(table.index.union(values.index))
        table["n"] = table["n"].fillna(0)
        table["agreement"] = table["agreement"].fillna("no answers")
        table["consensus"] = values.reindex(table.index)
    else:
        table = table.assign(consensus=np.nan)
    has_agreed = table["consensus"].notna()
    table["score"] = table["consensus"].where(has_agreed, table["median"])
    table["score_source"] = np.where(has_agreed, AGREED, MEDIAN)
    return table


def score_answers(answers: pd.DataFrame, framework: Framework, agreed: pd.DataFrame | None = None) -> Scores:
    """Score every round present in the long answers table (see ResponsesRepository.answers_frame);
    agreed: the rooms' agreed factor scores (ConsensusRepository.agreed_factors) of those rounds."""
    coded = _code(answers)
    matrix = _respondent_matrix(coded, framework)
    items = _item_table(coded)
    respondents = pd.Series(
        np.bincount(coded.participant_round, minlength=len(coded.round_ids)),
        index=pd.Index(coded.round_ids, name="round_id"),
        name="participant_id",
    )
    factors = factor_scores(_factor_table(coded, matrix, framework), agreed)
    factors["pass"] = FIRST_PASS  # until assessment.passes says a later pass re-scored it
    factors["uncertain"] = False
    return Scores(
        respondents=respondents,
        respondent_scores=_respondent_long(coded, matrix, framework),
        factors=factors,
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
    shortfalls: tuple[tuple[str, float, float | None], ...]  # (factor id, level needed, its score or None)


def assess_options(
    framework: Framework, factor_scores: Mapping[str, float], position: float | None
) -> list[OptionAssessment]:
    """THE RULE for readiness and step change. For each option: its stage, the step change from the
    current position (gap: option stage minus position, in stages; 0 for the status quo) and readiness
    (the share of its success-factor prerequisites whose score, agreed or median, meets the level needed;
    1.0 when it needs none). A shortfall names the factor, the level needed and the score it has."""
    assessed = []
    for option in framework.options:
        stage = option.stage
        if stage is None:
            gap = 0.0 if position is not None else None
        else:
            gap = None if position is None else round(stage - position, 2)
        shortfalls = tuple(
            (factor_id, float(needed), _none_if_nan(factor_scores.get(factor_id)))
            for factor_id, needed in option.prerequisites.items()
            if not (_none_if_nan(factor_scores.get(factor_id)) is not None and factor_scores[factor_id] >= needed)
        )
        total = len(option.prerequisites)
        readiness = 1.0 if total == 0 else (total - len(shortfalls)) / total
        assessed.append(OptionAssessment(option.id, option.name, stage, gap, readiness, shortfalls))
    return assessed


def _none_if_nan(value: float | None) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


# -- partner types ---------------------------------------------------------------------------------


def partner_breakdown(shown_scores: pd.DataFrame) -> pd.DataFrame:
    """Factor medians and n per shown group, from disclosure.shown_factor_scores rows (which already
    leave out hidden people and withheld cells): index (group, factor_id), columns median and n."""
    scored = shown_scores.dropna(subset=["score"])
    grouped = scored.groupby(["group", "factor_id"], observed=True)["score"]
    return pd.DataFrame({"median": grouped.median(), "n": grouped.size()})


# -- benchmarks ------------------------------------------------------------------------------------


def percentile_among_others(scores: pd.DataFrame) -> pd.DataFrame:
    """THE RULE for a percentile (see the top of this module): for each row (an area) and column (a
    factor) of scores, where it sits among the OTHER rows: 100 x (rows below + half the rows level with
    it) / other rows with a score; NaN where it has no score or no other row has one."""
    values = scores.astype("float64")
    below = values.rank(method="min") - 1
    level = values.rank(method="max") - values.rank(method="min")
    others = values.notna().sum() - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        result = 100 * (below + 0.5 * level) / others.replace(0, np.nan)
    return result.where(values.notna())


def benchmark_band(peers: pd.DataFrame) -> pd.DataFrame:
    """THE RULE for the benchmark band: per factor (a column of peers, one row per other area), the
    lower quartile, median and upper quartile of the areas' scores and how many areas have one."""
    return pd.DataFrame(
        {
            "peer_q1": peers.quantile(0.25),
            "peer_median": peers.median(),
            "peer_q3": peers.quantile(0.75),
            "n_areas": peers.notna().sum(),
        }
    )


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
    sentence: str  # continuum_sentence, with the change since the previous round when there is one
    options: list[OptionAssessment] = field(default_factory=list)
    # Each participant's factor scores (participant_id, partner_type, factor_id, score): the dots of a
    # strip plot. Anonymous, but individual: never shown to participants or in presentation mode, and the
    # live view draws only the people disclosure.shown_factor_scores keeps.
    respondent_scores: pd.DataFrame = field(default_factory=pd.DataFrame)
    change: PositionChange | None = None  # since the area's previous round, when both have a position
    # Each factor's agreement pass by pass (assessment.passes): index factor_id, pass; PASS_COLUMNS.
    passes: pd.DataFrame = field(default_factory=lambda: _no_passes(["factor_id", "pass"]))


def round_result(
    scores: Scores,
    round_id: int,
    framework: Framework,
    consensus: dict | None = None,
    priority_areas: Sequence[str] = (),
    previous: tuple[int, dt.date] | None = None,
) -> RoundResult:
    """Pick one round out of scored answers (scored with the rooms' agreed factor scores) and add names
    (priority_areas: the round's own, in the order asked),
    the continuum items' agreed stages (from consensus) and the option assessments. previous: the
    (id, day held) of the area's previous round; its position is read from the same scores, when they
    hold it, for the change the sentence ends with."""
    consensus = consensus or {}
    names = {f.id: f.name for f in framework.factors}
    factors = _round_slice(scores.factors, round_id).reindex([f.id for f in framework.factors])
    factors.index.name = "factor_id"
    factors["n"] = factors["n"].fillna(0).astype(int)
    factors["agreement"] = factors["agreement"].fillna("no answers")
    factors["score_source"] = factors["score_source"].fillna(MEDIAN)
    factors["pass"] = factors["pass"].fillna(FIRST_PASS).astype(int)
    factors["uncertain"] = factors["uncertain"].fillna(False).astype(bool)
    factors.insert(0, "name", [names[i] for i in factors.index])

    items = _item_order(_round_slice(scores.items, round_id), framework, priority_areas)
    item_names = framework.item_names(priority_areas)
    items.insert(0, "name", [item_names.get(item_id, item_id) for _kind, item_id in items.index])
    items["consensus"] = [_consensus_value(consensus, ItemKind(kind), i) for kind, i in items.index]

    if round_id in scores.positions.index:
        row = scores.positions.loc[round_id]
        lower, upper, examples = int(row["lower"]), int(row["upper"]), int(row["examples"])
        position = round(float(row["position"]), 2)
        change = _position_change(scores, position, previous)
        sentence = continuum_sentence(lower, upper, examples, framework, change)
    else:
        position = lower = upper = examples = change = None
        sentence = NO_POSITION_SENTENCE
    factor_scores = factors["score"].to_dict()
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
        options=assess_options(framework, factor_scores, position),
        respondent_scores=_round_scores(scores.respondent_scores, round_id),
        change=change,
        passes=_round_slice(scores.passes, round_id),
    )


def _position_change(scores: Scores, position: float, previous: tuple[int, dt.date] | None) -> PositionChange | None:
    """The change since the previous round, when the scores hold its position."""
    if previous is None or previous[0] not in scores.positions.index:
        return None
    before = round(float(scores.positions.loc[previous[0], "position"]), 2)
    return PositionChange(since=previous[1], before=before, now=position)


def _item_order(items: pd.DataFrame, framework: Framework, priority_areas: Sequence[str]) -> pd.DataFrame:
    """The continuum components in the framework's order, then the priority areas in the round's order
    (the order the questionnaire asked them), whatever order the answers were stored in."""
    order = [(ItemKind.COMPONENT.value, c.id) for c in framework.components]
    priorities = list(priority_areas) or [p.id for p in framework.priority_areas]
    order += [(ItemKind.PRIORITY.value, p) for p in priorities]
    rank = {key: i for i, key in enumerate(order)}
    keys = sorted(items.index, key=lambda key: (rank.get(key, len(rank)), key))
    return items.loc[keys] if len(items) else items


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
    """The names of the highest and lowest scoring factors (by score, agreed or median, then mean)."""
    ranked = result.factors.dropna(subset=["score"]).sort_values(["score", "mean"], ascending=False)
    names = ranked["name"].tolist()
    if len(names) < 2:
        return names, []
    count = min(count, len(names) // 2)
    return names[:count], names[-count:][::-1]

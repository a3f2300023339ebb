"""Re-scoring passes scored: the answers a round is scored on, and each re-scored factor's history.

Rules, in the words a facilitator would use:

* Pass 1 is the first answers. After discussion the room may re-score chosen success factors in up to
  three more passes (2, 3 and 4).
* A round is scored on each participant's latest answer to each statement: the answer from the latest
  pass in which they gave one. Someone who did not re-score keeps their earlier answer. Scores, the
  dashboard, the workbook and the paper all read these answers through the one scoring engine.
* Each factor's history has a row for pass 1 and for each later pass in which someone re-scored it: the
  answers as they stood after that pass, scored by the same engine: the median, how many people have a
  score, the share of scores at the median, the share within the agreement band around it (one level
  either side on the 0-4 scale), and whether the room is split.
* A factor's score comes from the latest pass in which someone re-scored it (``pass``). A factor
  re-scored at least once and still split after its latest pass, once that pass has closed, is
  ``uncertain`` (the published Delphi method's word).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from assessment.framework import Framework
from assessment.models import FIRST_PASS
from assessment.scoring import PASS_COLUMNS, Scores, score_answers

_KEYS = ["participant_id", "kind", "item_id"]


def effective_answers(answers: pd.DataFrame, rescored: pd.DataFrame, upto: int | None = None) -> pd.DataFrame:
    """The answers to score: answers (ResponsesRepository.answers_frame) with each participant's answer to
    an item replaced by the one from the latest pass (up to pass `upto`, every pass when None) in which
    they answered it again (rescored: RescoresRepository.answers_frame). A first answer's comment stays."""
    if upto is not None:
        rescored = rescored[rescored["number"] <= upto]
    if rescored.empty:
        return answers
    latest = rescored.sort_values("number", kind="stable").drop_duplicates(_KEYS, keep="last")
    first = pd.MultiIndex.from_frame(answers[_KEYS])
    later = pd.MultiIndex.from_frame(latest[_KEYS])
    replaced = first.isin(later)
    result = answers.copy()
    value = pd.Series(latest["value"].to_numpy(dtype="float64"), index=later)
    result.loc[replaced, "value"] = value.reindex(first[replaced]).to_numpy()
    added = latest[~later.isin(first)].assign(comment="")[list(answers.columns)]
    if added.empty:
        return result
    return pd.concat([result, added], ignore_index=True)


def agreement_shares(scores: Scores) -> pd.DataFrame:
    """For each factor of each round with at least one score (index round_id, factor_id): the median, n,
    at_median (the share of scores equal to the median), within_one (the share within the agreement band
    around it) and split, all read from the factor table and the participants' scores."""
    factors = scores.factors[scores.factors["n"] > 0]
    table = pd.DataFrame(
        {
            "median": factors["median"],
            "n": factors["n"].astype(int),
            "at_median": _at_median(factors, scores.respondent_scores),
            "within_one": 1 - factors["outside_share"],
            "split": factors["agreement"] == "split",
        }
    )
    return table.rename_axis(["round_id", "factor_id"])


def _at_median(factors: pd.DataFrame, people: pd.DataFrame) -> pd.Series:
    """Per row of factors, the share of the participants' scores equal to its median (a rounds x
    factors grid of medians looked up per score, then counted, as the scoring engine counts)."""
    people = people[people["score"].notna()]
    if factors.empty or people.empty:
        return pd.Series(np.nan, index=factors.index)
    rounds = np.unique(people["round_id"].to_numpy())
    factor_ids = people["factor_id"].cat.categories
    row = np.searchsorted(rounds, people["round_id"].to_numpy())
    column = people["factor_id"].cat.codes.to_numpy()
    medians = factors["median"].unstack("factor_id").reindex(index=rounds, columns=factor_ids).to_numpy()
    at = np.isclose(people["score"].to_numpy(), medians[row, column])
    width = len(factor_ids)
    n = np.bincount(row * width + column, minlength=len(rounds) * width)
    hits = np.bincount(row * width + column, weights=at, minlength=len(rounds) * width)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = pd.DataFrame(
            (hits / n).reshape(len(rounds), width),
            index=pd.Index(rounds, name="round_id"),
            columns=pd.Index(factor_ids, name="factor_id"),
        )
    return shares.stack().reindex(factors.index)


def _answered(rescored: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """round_id, number and factor_id of every factor someone answered in a pass."""
    factor = rescored["item_id"].map(framework.statement_factor)
    found = pd.DataFrame({"round_id": rescored["round_id"], "number": rescored["number"], "factor_id": factor})
    return found.dropna().drop_duplicates().sort_values(["round_id", "number", "factor_id"], ignore_index=True)


def _with_pass(table: pd.DataFrame, number: int | pd.Series) -> pd.DataFrame:
    """A table indexed by (round_id, factor_id) indexed by (round_id, factor_id, pass) instead."""
    table = table.assign(**{"pass": number}).set_index("pass", append=True)
    return table[PASS_COLUMNS]


def pass_history(
    answers: pd.DataFrame, rescored: pd.DataFrame, framework: Framework, latest: Scores | None = None
) -> pd.DataFrame:
    """Each factor's passes (index round_id, factor_id, pass; PASS_COLUMNS): pass 1 for every factor with
    a score, and each later pass for the factors someone re-scored in it, scored as the answers stood
    after that pass. latest: the scores of the answers after every pass, when already worked out."""
    if latest is None:
        latest = score_answers(effective_answers(answers, rescored), framework)
    answered = _answered(rescored, framework)
    rescored_rounds = answered["round_id"].unique()
    if not len(rescored_rounds):
        return _with_pass(agreement_shares(latest), FIRST_PASS)
    untouched = agreement_shares(latest)
    untouched = untouched[~untouched.index.get_level_values("round_id").isin(rescored_rounds)]
    parts = [_with_pass(untouched, FIRST_PASS)]
    first = answers[answers["round_id"].isin(rescored_rounds)]
    parts.append(_with_pass(agreement_shares(score_answers(first, framework)), FIRST_PASS))
    for number, chosen in answered.groupby("number"):
        in_pass = answers["round_id"].isin(chosen["round_id"])
        scored = score_answers(effective_answers(answers[in_pass], rescored, upto=number), framework)
        wanted = pd.MultiIndex.from_frame(chosen[["round_id", "factor_id"]])
        parts.append(_with_pass(agreement_shares(scored).reindex(wanted).dropna(subset=["n"]), number))
    history = pd.concat(parts).sort_index()
    history["n"] = history["n"].astype(int)
    history["split"] = history["split"].astype(bool)
    return history


def score_passes(
    answers: pd.DataFrame,
    rescored: pd.DataFrame,
    passes: pd.DataFrame,
    framework: Framework,
    agreed: pd.DataFrame | None = None,
) -> Scores:
    """Score rounds on their latest answers (see the top of this module): the scores of score_answers
    with each factor's pass history (Scores.passes) and, in the factor table, the pass each factor's
    score comes from (`pass`) and whether it is `uncertain`. passes: RescoresRepository.frame of the
    rounds (round_id, number, factor_ids, closed); agreed as for score_answers."""
    latest = score_answers(effective_answers(answers, rescored), framework, agreed)
    history = pass_history(answers, rescored, framework, latest)
    factors = latest.factors.copy()
    last = history.reset_index("pass")["pass"].groupby(level=["round_id", "factor_id"]).max()
    factors["pass"] = last.reindex(factors.index).fillna(FIRST_PASS).astype(int)
    closed = pd.Series(
        passes["closed"].to_numpy(dtype=bool), index=pd.MultiIndex.from_frame(passes[["round_id", "number"]])
    )
    keys = pd.MultiIndex.from_arrays([factors.index.get_level_values("round_id"), factors["pass"]])
    last_closed = closed.reindex(keys, fill_value=False).to_numpy(dtype=bool)
    factors["uncertain"] = (factors["pass"] > FIRST_PASS).to_numpy() & last_closed & (factors["agreement"] == "split")
    return replace(latest, factors=factors, passes=history)


# -- in words ----------------------------------------------------------------------------------------

PASS_NAMES = {FIRST_PASS: "first answers", 2: "second pass", 3: "third pass", 4: "fourth pass"}
UNCERTAIN_MEANING = (
    "Uncertain: re-scored after discussion and still split after its last re-score, so the room's score "
    "for it is uncertain."
)


def pass_words(number: int) -> str:
    """'first answers', 'second pass', 'third pass' or 'fourth pass'."""
    return PASS_NAMES.get(int(number), f"pass {number}")


def rescored_sentence(factors: pd.DataFrame) -> str | None:
    """Which pass the scores use, from a round's factor table: '3 factors use the second pass's scores;
    1 factor uses the third pass's scores. The others use the first answers.' None when no factor was
    re-scored."""
    later = factors.loc[factors["pass"] > FIRST_PASS, "pass"].astype(int)
    if later.empty:
        return None
    parts = [
        f"{count} factor{'s use' if count != 1 else ' uses'} the {pass_words(number)}'s scores"
        for number, count in later.value_counts().sort_index().items()
    ]
    others = len(factors) - len(later)
    ending = "" if not others else " The others use the first answers."
    return "; ".join(parts) + "." + ending


def uncertain_names(factors: pd.DataFrame) -> list[str]:
    """The names of a round's uncertain factors (from its factor table)."""
    return factors.loc[factors["uncertain"].astype(bool), "name"].tolist()


# -- passes side by side -----------------------------------------------------------------------------

NO_LONGER_SPLIT, STILL_SPLIT, UNCERTAIN, NOT_SPLIT = "no longer split", "still split", "uncertain", "not split"
MOVEMENT_ORDER = (NO_LONGER_SPLIT, STILL_SPLIT, UNCERTAIN, NOT_SPLIT)
# Each figure of a pass (PASS_COLUMNS) as the workbook's and the dashboard's headings name it.
PASS_FIGURE_WORDS = {
    "median": "median",
    "n": "people",
    "at_median": "at the median",
    "within_one": "within one level",
    "split": "split",
}


def rescored_ids(factors: pd.DataFrame) -> list[str]:
    """The factors of a round's factor table whose score comes from a re-scoring pass, in its order."""
    return factors.index[factors["pass"] > FIRST_PASS].tolist()


def passes_side_by_side(factors: pd.DataFrame, history: pd.DataFrame) -> pd.DataFrame:
    """Each re-scored factor's passes side by side: a row per factor of rescored_ids (index factor_id)
    and a column per (pass, figure of PASS_COLUMNS) for every pass of the round, NaN where the factor was
    not re-scored in that pass. factors and history: a RoundResult's factors and passes."""
    chosen = rescored_ids(factors)
    numbers = sorted(int(n) for n in history.index.get_level_values("pass").unique())
    columns = pd.MultiIndex.from_product([numbers, PASS_COLUMNS], names=["pass", "figure"])
    if not chosen:
        return pd.DataFrame(index=pd.Index([], name="factor_id"), columns=columns)
    wide = history[PASS_COLUMNS].unstack("pass").swaplevel(axis=1)
    wide.columns = wide.columns.set_names(["pass", "figure"])
    return wide.reindex(index=pd.Index(chosen, name="factor_id"), columns=columns)


def movement(factors: pd.DataFrame, history: pd.DataFrame) -> pd.DataFrame:
    """How the room moved on each re-scored factor (index factor_id, rescored_ids' order): its name, the
    first answers' median, at_median, within_one and split (first_*), the same after its latest pass
    (latest_*, with that pass's number in `latest`), and its status: NO_LONGER_SPLIT, STILL_SPLIT (the
    latest pass is still open), UNCERTAIN (split after its closed latest pass) or NOT_SPLIT (split in
    neither)."""
    chosen = rescored_ids(factors)
    rows = []
    for factor_id in chosen:
        latest = int(factors.loc[factor_id, "pass"])
        # A factor nobody scored in their first answers has no first pass: its first figures are missing.
        first, last = history.reindex([(factor_id, FIRST_PASS), (factor_id, latest)]).to_dict("records")
        if bool(factors.loc[factor_id, "uncertain"]):
            status = UNCERTAIN
        elif bool(last["split"]):
            status = STILL_SPLIT
        else:
            status = NO_LONGER_SPLIT if pd.notna(first["split"]) and bool(first["split"]) else NOT_SPLIT
        row = {"name": factors.loc[factor_id, "name"], "latest": latest, "status": status}
        for key in ("median", "at_median", "within_one", "split"):
            row[f"first_{key}"], row[f"latest_{key}"] = first[key], last[key]
        rows.append(row)
    return pd.DataFrame(rows, index=pd.Index(chosen, name="factor_id"))


def movement_sentence(moved: pd.DataFrame) -> str | None:
    """The headline of how the room moved (moved: movement()): '3 factors re-scored: 2 no longer split,
    1 uncertain.' None when no factor was re-scored."""
    if moved.empty:
        return None
    counts = moved["status"].value_counts()
    parts = [f"{counts[status]} {status}" for status in MOVEMENT_ORDER if status in counts]
    total = len(moved)
    return f"{total} factor{'s' if total != 1 else ''} re-scored after discussion: {', '.join(parts)}."

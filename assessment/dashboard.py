"""The tables behind the area dashboard: one round of one area, next to its own past and its peers.

Everything here is a pure function of scored answers (assessment.scoring.Scores) and the rounds
table (assessment.results.rounds_frame), so the page can take finalised rounds from a shared cache
and score only the rounds still open.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessment.disclosure import HIDDEN_LABEL, OTHER, decide, shown_factor_scores
from assessment.framework import Framework
from assessment.scoring import (
    STAGE_COLUMNS,
    RoundResult,
    Scores,
    benchmark,
    latest_finalised,
    partner_breakdown,
    respondent_factor_scores,
    round_result,
    strengths_and_gaps,
)


@dataclass(frozen=True)
class AreaDashboard:
    """One round's result with what the dashboard's headline draws around it; the sections' tables
    (factor_benchmark, partner_table, area_trend) are built only for the section on screen."""

    result: RoundResult
    previous: RoundResult | None  # the area's round before this one, if it has answers
    answer_shares: pd.Series  # stage 1-6 -> share of all continuum answers at that stage
    consensus_position: float | None  # mean of the agreed stages, where the room recorded any
    consensus_items: int  # how many components and priority areas have an agreed stage
    strengths: str
    gaps: str


def combine_scores(*parts: Scores) -> Scores:
    """One Scores holding the rounds of every part (parts must not share rounds)."""
    parts = tuple(p for p in parts if p is not None)

    def stack(tables: list) -> pd.DataFrame | pd.Series:
        non_empty = [t for t in tables if len(t)]
        if not non_empty:
            return tables[0]
        return pd.concat(non_empty) if len(non_empty) > 1 else non_empty[0]

    return Scores(
        respondents=stack([p.respondents for p in parts]),
        respondent_scores=stack([p.respondent_scores for p in parts]),
        factors=stack([p.factors for p in parts]),
        items=stack([p.items for p in parts]),
        positions=stack([p.positions for p in parts]),
    )


def subset_scores(scores: Scores, round_ids: list[int], people_round_ids: list[int]) -> Scores:
    """The part of scores about round_ids, keeping the participants' own scores only for people_round_ids
    (the dashboard needs those for one area's rounds, and just the factor table of its peers)."""
    wanted = pd.Index(round_ids)

    def rows(table: pd.DataFrame) -> pd.DataFrame:
        return table[table.index.get_level_values("round_id").isin(wanted)]

    people = scores.respondent_scores
    return Scores(
        respondents=scores.respondents[scores.respondents.index.isin(wanted)],
        respondent_scores=people[people["round_id"].isin(people_round_ids)],
        factors=rows(scores.factors),
        items=rows(scores.items),
        positions=rows(scores.positions),
    )


def dashboard_round_ids(rounds: pd.DataFrame, area_id: int) -> tuple[list[int], list[int]]:
    """The rounds the dashboard of an area needs: (its own rounds plus every area's latest finalised
    round, its own rounds)."""
    own = [int(r) for r in rounds.loc[rounds["area_id"] == area_id, "round_id"]]
    peers = [int(r) for r in latest_finalised(rounds)["round_id"]]
    return sorted(set(own) | set(peers)), own


def previous_round_id(rounds: pd.DataFrame, round_id: int) -> int | None:
    """The same area's round held just before this one (any status), or None."""
    this = rounds.set_index("round_id").loc[round_id]
    earlier = rounds[(rounds["area_id"] == this["area_id"]) & (rounds["held_on"] < this["held_on"])]
    if earlier.empty:
        return None
    return int(earlier.sort_values(["held_on", "round_id"])["round_id"].iloc[-1])


def area_dashboard(
    scores: Scores,
    rounds: pd.DataFrame,
    framework: Framework,
    round_id: int,
    consensus: dict | None = None,
    priority_names: dict[str, str] | None = None,
) -> AreaDashboard:
    """The headline of one round's dashboard; scores must hold the area's rounds."""
    result = round_result(scores, round_id, framework, consensus, priority_names)
    previous_id = previous_round_id(rounds, round_id)
    previous = None
    if previous_id is not None and previous_id in scores.respondents.index:
        previous = round_result(scores, previous_id, framework, priority_names=priority_names)
    strengths, gaps = strengths_and_gaps_sentences(result)
    agreed = result.items["consensus"].dropna() if "consensus" in result.items else pd.Series(dtype=float)
    return AreaDashboard(
        result=result,
        previous=previous,
        answer_shares=answer_shares(result.items),
        consensus_position=round(float(agreed.astype(float).mean()), 2) if len(agreed) else None,
        consensus_items=len(agreed),
        strengths=strengths,
        gaps=gaps,
    )


def factor_benchmark(scores: Scores, rounds: pd.DataFrame, framework: Framework, round_id: int) -> pd.DataFrame:
    """scoring.benchmark for one round in framework order, with the factors' names."""
    table = benchmark(scores.factors, rounds, round_id).reindex([f.id for f in framework.factors])
    table.insert(0, "short_name", [f.short_name for f in framework.factors])
    table.insert(0, "name", [f.name for f in framework.factors])
    return table


def area_trend(scores: Scores, rounds: pd.DataFrame, framework: Framework, round_id: int) -> pd.DataFrame:
    """The area's rounds up to and including this one that have answers, oldest first: round_id,
    held_on, status, position and one column of medians per factor id."""
    this = rounds.set_index("round_id").loc[round_id]
    own = rounds[(rounds["area_id"] == this["area_id"]) & (rounds["held_on"] <= this["held_on"])]
    own = own[own["round_id"].isin(scores.respondents.index)].sort_values(["held_on", "round_id"])
    factor_ids = [f.id for f in framework.factors]
    medians = scores.factors["median"].unstack("factor_id").reindex(index=own["round_id"], columns=factor_ids)
    trend = own[["round_id", "held_on", "status"]].reset_index(drop=True)
    trend["position"] = scores.positions["position"].reindex(own["round_id"]).to_numpy(dtype=float)
    trend[factor_ids] = medians.to_numpy(dtype=float)
    return trend


def partner_table(answers: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Factor medians per partner type for one round (answers: Store.answers_frame rows of the round), as
    disclosure.decide allows: a row per shown group in the framework's order (Other partner holding the
    merged small groups), withheld cells NaN, then, when anyone is hidden, a row HIDDEN_LABEL with how
    many people and no medians. Columns: partner_type (None on the hidden row), name, people, hidden and
    one column per factor id."""
    factor_ids = [f.id for f in framework.factors]
    columns = ["partner_type", "name", "people", "hidden", *factor_ids]
    if answers.empty:
        return pd.DataFrame(columns=columns)
    decision = decide(answers, framework)
    shown = shown_factor_scores(respondent_factor_scores(answers, framework), decision)
    medians = partner_breakdown(shown)["median"].unstack("factor_id").reindex(columns=factor_ids)
    order = {p.id: i for i, p in enumerate(framework.partner_types)}
    groups = sorted(decision.people, key=lambda g: (g == OTHER, order.get(g, len(order)), g))
    table = pd.DataFrame(
        {
            "partner_type": groups,
            "name": [framework.partner_name(g) for g in groups],
            "people": [decision.people[g] for g in groups],
            "hidden": False,
        }
    )
    table[factor_ids] = medians.reindex(groups).to_numpy(dtype=float)
    if decision.hidden_people:
        hidden = {"partner_type": None, "name": HIDDEN_LABEL, "people": decision.hidden_people, "hidden": True}
        table = pd.concat([table, pd.DataFrame([hidden | dict.fromkeys(factor_ids, np.nan)])], ignore_index=True)
    return table[columns].astype({"people": int, "hidden": bool})


def answer_shares(items: pd.DataFrame) -> pd.Series:
    """The share of all continuum answers (every component and priority area) at each stage 1-6."""
    if items.empty:
        return pd.Series(0.0, index=range(1, 7), name="share")
    counts = items[STAGE_COLUMNS].astype(float).fillna(0).mul(items["n"].astype(float), axis=0).sum()
    total = counts.sum()
    shares = counts / total if total else counts * 0
    return pd.Series(shares.to_numpy(), index=range(1, 7), name="share")


def strengths_and_gaps_sentences(result: RoundResult) -> tuple[str, str]:
    """Two plain sentences naming the top and bottom factors (scoring.strengths_and_gaps) with medians."""
    strengths, gaps = strengths_and_gaps(result)
    medians = dict(zip(result.factors["name"], result.factors["median"], strict=True))

    def listing(names: list[str]) -> str:
        parts = [f"{name} (median {medians[name]:.3g} of 4)" for name in names]
        return " and ".join(parts)

    if not strengths:
        return "No factor has a score yet, so there are no strengths to name.", ""
    strong = f"Strongest: {listing(strengths)}."
    weak = f"Weakest: {listing(gaps)}." if gaps else "Too few factors are scored to name the weakest."
    return strong, weak


def stage_shares(items: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Components or priority areas (kind) x stages 1-6: the share of answers at each stage, with the
    item's name and n; items in the order they come."""
    if items.empty or kind not in items.index.get_level_values("kind"):
        return pd.DataFrame(columns=["name", "n", *range(1, 7)])
    rows = items.xs(kind, level="kind")
    table = rows[STAGE_COLUMNS].astype(float).fillna(0.0)
    table.columns = list(range(1, 7))
    table.insert(0, "n", rows["n"].astype(int))
    table.insert(0, "name", rows["name"])
    return table


def spread_table(result: RoundResult) -> pd.DataFrame:
    """Per factor, in framework order: name, median, q1, q3, iqr, outside_share, n and agreement."""
    columns = ["name", "median", "q1", "q3", "iqr", "outside_share", "n", "agreement"]
    return result.factors[columns].copy()


def split_factors(result: RoundResult) -> list[str]:
    """The names of the factors the room is split on."""
    return result.factors.loc[result.factors["agreement"] == "split", "name"].tolist()


def finalised_key(rounds: pd.DataFrame) -> tuple[tuple[int, str], ...]:
    """(round id, last change) of every finalised round: while a round stays finalised its answers
    cannot change, so scores cached under this key stay right until a round is finalised or re-opened."""
    final = rounds[rounds["status"] == "finalised"].sort_values("round_id")
    stamps = final["updated_at"].astype(str)
    return tuple(zip(final["round_id"].astype(int).tolist(), stamps.tolist(), strict=True))


def unfinalised_ids(rounds: pd.DataFrame, area_id: int) -> list[int]:
    """This area's rounds that are not finalised (their answers may still change)."""
    mask = (rounds["area_id"] == area_id) & (rounds["status"] != "finalised")
    return [int(r) for r in rounds.loc[mask, "round_id"]]


def rounded(value: float | None, digits: int = 1) -> float | None:
    """A number rounded for display, None for missing."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return round(float(value), digits)

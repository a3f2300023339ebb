"""Results of rounds: reads what the store holds and scores it. Used by the pages and the CLI."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from assessment.framework import Framework
from assessment.scoring import RoundResult, Scores, benchmark, round_result, score_answers
from assessment.storage import NotFound, RoundRow, Store


class EmptyRound(NotFound):
    """The round has no answers yet."""


def rounds_frame(store: Store) -> pd.DataFrame:
    """All rounds as a table: round_id, area_id, area, held_on, status, title, framework_version, updated_at."""
    return rounds_table(store.rounds.list_rounds())


def rounds_table(rows: Sequence[RoundRow]) -> pd.DataFrame:
    """Rounds (as Store.list_rounds returns them) as the table rounds_frame describes."""
    return pd.DataFrame(
        {
            "round_id": [r.id for r in rows],
            "area_id": [r.area_id for r in rows],
            "area": [r.area_name for r in rows],
            "held_on": [r.held_on for r in rows],
            "status": [r.status.value for r in rows],
            "title": [r.title for r in rows],
            "framework_version": [r.framework_version for r in rows],
            "updated_at": [r.updated_at for r in rows],
        },
        columns=["round_id", "area_id", "area", "held_on", "status", "title", "framework_version", "updated_at"],
    )


def resolve_round(store: Store, area_name: str, round_ref: str | int | None = None) -> RoundRow:
    """The round of an area named by id or date (YYYY-MM-DD); its newest round when round_ref is None."""
    area = store.rounds.find_area(area_name)
    rounds = store.rounds.list_rounds(area.id)
    if not rounds:
        raise NotFound(f"area {area.name!r} has no rounds yet")
    if round_ref is None:
        return rounds[-1]
    ref = str(round_ref).strip()
    for row in reversed(rounds):
        if ref == str(row.id) or ref == row.held_on.isoformat():
            return row
    raise NotFound(
        f"area {area.name!r} has no round {ref!r}; its rounds are "
        + ", ".join(f"{r.id} ({r.held_on.isoformat()})" for r in rounds)
    )


def score_round(store: Store, framework: Framework, round_id: int) -> RoundResult:
    """The scored result of one round, with its consensus records and option assessments."""
    round_row = store.rounds.get_round(round_id)
    scores = score_answers(store.responses.answers_frame([round_id]), framework)
    return round_result(
        scores,
        round_id,
        framework,
        store.consensus.for_round(round_id),
        priority_names=_priority_names(round_row, framework),
    )


def _priority_names(round_row: RoundRow, framework: Framework) -> dict[str, str]:
    return {area: framework.priority_name(area) for area in round_row.priority_areas}


def benchmark_round(store: Store, framework: Framework, round_id: int) -> pd.DataFrame:
    """Per factor of one round: other areas' latest finalised quartiles, percentile and the change
    since the area's previous round (see scoring.benchmark)."""
    rounds = rounds_frame(store)
    this = rounds.set_index("round_id").loc[round_id]
    own_area = rounds[rounds["area_id"] == this["area_id"]]["round_id"]
    finalised = rounds[rounds["status"] == "finalised"]
    latest = finalised.sort_values(["held_on", "round_id"]).groupby("area_id").tail(1)["round_id"]
    wanted = sorted(set(own_area) | set(latest))
    scores = score_answers(store.responses.answers_frame(wanted), framework)
    table = benchmark(scores.factors, rounds, round_id)
    return table.reindex([f.id for f in framework.factors])


def programme_scores(store: Store, framework: Framework, round_ids: list[int] | None = None) -> Scores:
    """Every round of every area (or just round_ids), scored at once."""
    return score_answers(store.responses.answers_frame(round_ids), framework)


def _number(value: object, digits: int = 2) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else round(value, digits)


def summary(store: Store, framework: Framework, area_name: str, round_ref: str | int | None = None) -> dict:
    """The scored round as plain data for JSON: area, round, respondents, framework_version,
    factors, continuum and options."""
    round_row = resolve_round(store, area_name, round_ref)
    result = score_round(store, framework, round_row.id)
    if result.respondents == 0:
        raise EmptyRound(f"round {round_row.id} of {round_row.area_name!r} has no answers yet")
    components = (
        result.items.xs("component", level="kind")
        if "component" in result.items.index.get_level_values("kind")
        else result.items.iloc[0:0]
    )
    priorities = (
        result.items.xs("priority", level="kind")
        if "priority" in result.items.index.get_level_values("kind")
        else result.items.iloc[0:0]
    )
    return {
        "area": round_row.area_name,
        "round": {
            "id": round_row.id,
            "held_on": round_row.held_on.isoformat(),
            "title": round_row.title,
            "status": round_row.status.value,
        },
        "respondents": result.respondents,
        "framework_version": round_row.framework_version,
        "factors": [
            {
                "id": factor_id,
                "name": row["name"],
                "median": _number(row["median"]),
                "mean": _number(row["mean"]),
                "iqr": _number(row["iqr"]),
                "n": int(row["n"]),
                "dont_know": _number(row["dont_know"], 3),
                "agreement": row["agreement"],
                "consensus": _number(row["consensus"]),
            }
            for factor_id, row in result.factors.iterrows()
        ],
        "continuum": {
            "components": [_item_json(item_id, row) for item_id, row in components.iterrows()],
            "priority_areas": [_item_json(item_id, row) for item_id, row in priorities.iterrows()],
            "distribution": _distribution(result),
            "position": result.position,
            "sentence": result.sentence,
        },
        "options": [
            {
                "id": option.id,
                "name": option.name,
                "stage": option.stage,
                "gap": option.gap,
                "readiness": round(option.readiness, 3),
                "shortfalls": [
                    {"factor": factor, "needed": needed, "median": median}
                    for factor, needed, median in option.shortfalls
                ],
            }
            for option in result.options
        ],
    }


def _item_json(item_id: str, row: pd.Series) -> dict:
    return {
        "id": item_id,
        "name": row["name"],
        "stage": None if pd.isna(row["stage"]) else int(row["stage"]),
        "median": _number(row["median"]),
        "n": int(row["n"]),
        "distribution": {str(n): _number(row[f"stage_{n}"], 3) or 0.0 for n in range(1, 7)},
        "consensus": _number(row["consensus"]),
    }


def _distribution(result: RoundResult) -> dict[str, int]:
    """How many components and priority areas sit at each stage (by their median, rounded half down)."""
    stages = result.items["stage"].dropna().astype(int)
    return {str(n): int((stages == n).sum()) for n in range(1, 7)}

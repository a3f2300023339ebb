"""A round's results as plain data (the command line's `summary --json`): the same numbers the dashboard,
the options page, the plan and the workbook show, read from the same results."""

from __future__ import annotations

import math

import pandas as pd

from assessment.costs import ENDS, estimate_words
from assessment.framework import Framework
from assessment.models import COST_RANGES, CostEstimate
from assessment.results.area import AreaDashboard, area_dashboard
from assessment.results.decision import round_decision
from assessment.results.options import recommendation, round_options
from assessment.results.plan import round_plan
from assessment.results.programme import Programme, read_programme
from assessment.results.rounds import resolve_round
from assessment.results.scored import EmptyRound
from assessment.scoring import RoundResult
from assessment.storage import Store


def _number(value: object, digits: int = 2) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else round(value, digits)


def summary(
    store: Store,
    framework: Framework,
    area_name: str,
    round_ref: str | int | None = None,
    programme: Programme | None = None,
) -> dict:
    """The round as plain data for JSON: area, round, previous_round, respondents, framework_version,
    factors (with the score used, the benchmark, the change since the previous round and the factor's
    re-scoring passes), continuum (with
    the change in position since the previous round, and the sentence ending with it), options (step
    change, readiness and the partnership's cost estimate), recommendation, the Board's decision (None
    until one is recorded) and plan. EmptyRound when nobody has answered."""
    round_row = resolve_round(store, area_name, round_ref)
    programme = programme or read_programme(store, framework)
    board = area_dashboard(store, framework, round_row.id, programme)
    result = board.result
    if not board.answered:
        raise EmptyRound(f"round {round_row.id} of {round_row.area_name!r} has no answers yet")
    options = round_options(store, framework, round_row.id, result)
    verdict = recommendation(options, result, framework)
    plan = round_plan(store, framework, round_row, programme.rounds, result)
    previous = programme.rounds.previous(round_row.id)
    return {
        "area": round_row.area_name,
        "round": {
            "id": round_row.id,
            "held_on": round_row.held_on.isoformat(),
            "title": round_row.title,
            "status": round_row.status.value,
        },
        "previous_round": None if previous is None else {"id": previous.id, "held_on": previous.held_on.isoformat()},
        "respondents": result.respondents,
        "framework_version": round_row.framework_version,
        "factors": _factors(board),
        "continuum": _continuum(result),
        "options": [
            {
                "id": option.id,
                "name": option.name,
                "stage": option.stage,
                "gap": option.gap,
                "readiness": round(option.readiness, 3),
                "shortfalls": [
                    {"factor": factor, "needed": needed, "score": have} for factor, needed, have in option.shortfalls
                ],
                "estimate": _estimate(options.estimates.get(option.id)),
            }
            for option in result.options
        ],
        "recommendation": {
            "option": verdict.option,
            "basis": verdict.basis,
            "lines": [[label, str(value)] for label, value in verdict.rows],
        },
        "decision": round_decision(store, round_row).as_data(),
        "plan": {
            "actions": len(plan.actions),
            "proposed": [p.rule_id for p in plan.proposed],
            "not_yet_in_plan": [p.key for p in plan.not_yet_in_plan],
            "proposals": [
                {"key": p.key, "priority": p.priority, "due_on": p.due_on.isoformat(), "depends_on": list(p.depends_on)}
                for p in plan.proposals
            ],
        },
    }


def _estimate(estimate: CostEstimate | None) -> dict | None:
    """The partnership's cost estimate of an option: each range as [low, high] (None when not given), the
    note and the estimate in words; None when there is no estimate."""
    if estimate is None:
        return None
    ranges = {
        name: None if getattr(estimate, f"{name}_low") is None else [getattr(estimate, f"{name}_{end}") for end in ENDS]
        for name in COST_RANGES
    }
    return {**ranges, "note": estimate.note, "words": estimate_words(estimate)}


def _factors(board: AreaDashboard) -> list[dict]:
    bench = board.benchmark
    return [
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
            "score": _number(row["score"]),
            "score_source": row["score_source"],
            "percentile": _number(bench.loc[factor_id, "percentile"], 1),
            "peers": {
                "q1": _number(bench.loc[factor_id, "peer_q1"]),
                "median": _number(bench.loc[factor_id, "peer_median"]),
                "q3": _number(bench.loc[factor_id, "peer_q3"]),
                "areas": int(bench.loc[factor_id, "n_areas"]),
            },
            "previous": _number(bench.loc[factor_id, "previous"]),
            "change": _number(bench.loc[factor_id, "change"]),
            "pass": int(row["pass"]),
            "uncertain": bool(row["uncertain"]),
            "passes": _passes(board.result, factor_id),
        }
        for factor_id, row in board.result.factors.iterrows()
    ]


def _passes(result: RoundResult, factor_id: str) -> list[dict]:
    """The factor's agreement pass by pass (pass 1, then each re-scoring pass that re-scored it); [] when
    nobody has scored it."""
    if factor_id not in result.passes.index.get_level_values("factor_id"):
        return []
    return [
        {
            "pass": int(number),
            "median": _number(row["median"]),
            "n": int(row["n"]),
            "at_median": _number(row["at_median"], 3),
            "within_one": _number(row["within_one"], 3),
            "split": bool(row["split"]),
        }
        for number, row in result.passes.xs(factor_id, level="factor_id").iterrows()
    ]


def _continuum(result: RoundResult) -> dict:
    items = result.items
    kinds = items.index.get_level_values("kind") if len(items) else []

    def of(kind: str) -> pd.DataFrame:
        return items.xs(kind, level="kind") if kind in kinds else items.iloc[0:0]

    return {
        "components": [_item_json(item_id, row) for item_id, row in of("component").iterrows()],
        "priority_areas": [_item_json(item_id, row) for item_id, row in of("priority").iterrows()],
        "distribution": _distribution(result),
        "position": result.position,
        "change": None
        if result.change is None
        else {"since": result.change.since.isoformat(), "before": result.change.before, "amount": result.change.amount},
        "sentence": result.sentence,
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

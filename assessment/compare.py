"""The tables behind comparing areas: one row per area, from scores of every round computed at once."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from assessment.framework import Framework
from assessment.scoring import Scores, latest_finalised

POSITION = "position"
PARTICIPANTS = "participants"
PARTNER_TYPES = "partner_types"


def chosen_rounds(rounds: pd.DataFrame, start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
    """Each area's latest finalised round, or its latest finalised round held from start to end."""
    window = rounds
    if start is not None:
        window = window[window["held_on"] >= start]
    if end is not None:
        window = window[window["held_on"] <= end]
    return latest_finalised(window)


def comparison_table(scores: Scores, chosen: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """One row per area (chosen rounds with answers), in area name order: area_id, area, round_id,
    held_on, participants, partner_types, position, lower, upper, then the median of each factor id."""
    factor_ids = [f.id for f in framework.factors]
    chosen = chosen[chosen["round_id"].isin(scores.respondents.index)].sort_values("area")
    ids = chosen["round_id"].to_numpy()
    table = chosen[["area_id", "area", "round_id", "held_on"]].reset_index(drop=True)
    table[PARTICIPANTS] = scores.respondents.reindex(ids).fillna(0).astype(int).to_numpy()
    kinds = scores.respondent_scores.groupby("round_id")["partner_type"].nunique()
    table[PARTNER_TYPES] = kinds.reindex(ids).fillna(0).astype(int).to_numpy()
    positions = scores.positions.reindex(ids)
    table[POSITION] = positions["position"].to_numpy(dtype=float)
    table["lower"] = positions["lower"].to_numpy(dtype=float)
    table["upper"] = positions["upper"].to_numpy(dtype=float)
    medians = scores.factors["median"].unstack("factor_id").reindex(index=ids, columns=factor_ids)
    table[factor_ids] = medians.to_numpy(dtype=float)
    return table


def percentiles(table: pd.DataFrame, factor_ids: list[str]) -> pd.DataFrame:
    """Each area's percentile per factor among the other areas of the table: 100 x (areas below +
    half the areas level with it) / other areas with a score; the same rule as scoring.benchmark."""
    medians = table[factor_ids].astype(float)
    below = medians.rank(method="min") - 1
    level = medians.rank(method="max") - medians.rank(method="min")
    others = medians.notna().sum() - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        result = 100 * (below + 0.5 * level) / others.replace(0, np.nan)
    result = result.where(medians.notna())
    result.insert(0, "area", table["area"].to_numpy())
    return result


def sort_and_filter(
    table: pd.DataFrame, by: str, low: float | None = None, high: float | None = None, *, descending: bool = True
) -> pd.DataFrame:
    """Areas whose value of column `by` lies from low to high (areas without one are dropped when a
    range is given), sorted by it; ties and 'area' sort by name."""
    kept = table
    if low is not None:
        kept = kept[kept[by] >= low - 1e-9]
    if high is not None:
        kept = kept[kept[by] <= high + 1e-9]
    if by == "area":
        return kept.sort_values("area", ascending=not descending, kind="stable")
    return kept.sort_values([by, "area"], ascending=[not descending, True], na_position="last", kind="stable")


def select_areas(table: pd.DataFrame, area_ids: list[int] | None) -> pd.DataFrame:
    """The rows of the chosen areas (all rows when area_ids is None)."""
    return table if area_ids is None else table[table["area_id"].isin(area_ids)]

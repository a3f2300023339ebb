"""The tables behind comparing areas: one row per area, from scores of every round computed at once."""

from __future__ import annotations

import pandas as pd

from assessment.framework import Framework
from assessment.scoring import Scores, percentile_among_others

POSITION = "position"
PARTICIPANTS = "participants"
PARTNER_TYPES = "partner_types"


def comparison_table(scores: Scores, chosen: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """One row per area (chosen rounds with answers), in area name order: area_id, area, round_id,
    held_on, participants, partner_types, position, lower, upper, then each factor's score (agreed, else
    the median; see scoring)."""
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
    factor_scores = scores.factors["score"].unstack("factor_id").reindex(index=ids, columns=factor_ids)
    table[factor_ids] = factor_scores.to_numpy(dtype=float)
    return table


def percentiles(table: pd.DataFrame, factor_ids: list[str]) -> pd.DataFrame:
    """Each area's percentile per factor among the other areas of the table (scoring's one rule,
    percentile_among_others), with the area's name first."""
    result = percentile_among_others(table[factor_ids])
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


SIDE_BY_SIDE = {  # comparison table column -> the side-by-side table's heading (then one per factor)
    "area": "Area",
    "held_on": "Round held on",
    PARTICIPANTS: "Participants",
    PARTNER_TYPES: "Partner types",
    POSITION: "Continuum position",
    "lower": "Middle half from stage",
    "upper": "to stage",
}


def side_by_side(table: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """The comparison table with the headings people read, one column per factor's short name."""
    columns = SIDE_BY_SIDE | {f.id: f.short_name for f in framework.factors}
    return table[list(columns)].rename(columns=columns)


def percentile_display(percentile_table: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """The percentiles (percentiles) with the headings people read."""
    return percentile_table.rename(columns={"area": "Area"} | {f.id: f.short_name for f in framework.factors})

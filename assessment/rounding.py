"""How precisely each kind of figure is shown on the results pages: no more decimals than its scale
supports. Factor and appraisal scores (0-4) and continuum stages (1-6) to one decimal place, shares as
whole percentages. The printf formats are the same rules for Streamlit's number columns."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

SCORE_DECIMALS = 1  # factor scores and appraisal scores, 0 to 4
STAGE_DECIMALS = 1  # continuum stages and positions, 1 to 6

SCORE_FORMAT = f"%.{SCORE_DECIMALS}f"
STAGE_FORMAT = f"%.{STAGE_DECIMALS}f"
CHANGE_FORMAT = f"%+.{SCORE_DECIMALS}f"
# For a share already turned into whole percentage points by percent_points.
PERCENT_FORMAT = "%d%%"


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def half_up(value: float | None, decimals: int) -> float | None:
    """The value rounded half away from zero, as people round by hand (2.25 -> 2.3, where Python's
    round gives 2.2); None when missing."""
    if _missing(value):
        return None
    exact = Decimal(repr(float(value)))
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def score_text(value: float | None) -> str:
    """A score on the 0-4 scale to one decimal ('2.3'), '-' when there is none."""
    return "-" if _missing(value) else f"{half_up(value, SCORE_DECIMALS):.{SCORE_DECIMALS}f}"


def stage_text(value: float | None) -> str:
    """A continuum stage or position (1-6) to one decimal ('2.7'), '-' when there is none."""
    return "-" if _missing(value) else f"{half_up(value, STAGE_DECIMALS):.{STAGE_DECIMALS}f}"


def change_text(value: float | None) -> str:
    """A change in score or stage, signed, to one decimal ('+0.3', '-0.2'), '-' when there is none."""
    return "-" if _missing(value) else f"{half_up(value, STAGE_DECIMALS):+.{STAGE_DECIMALS}f}"


def percent_text(share: float | None) -> str:
    """A share (0-1) as a whole percentage ('45%'); '<1%' rather than a misleading '0%' for a sliver
    (more than none, under half a percent); '-' when there is none."""
    if _missing(share):
        return "-"
    points = half_up(float(share) * 100, 0)
    return "<1%" if points == 0 and share > 0 else f"{points:.0f}%"


def percent_points(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """A copy of the frame with these share columns (0-1) as whole percentage points (0.455 -> 46), for
    PERCENT_FORMAT; missing stays missing."""
    shown = frame.copy()
    for column in columns:
        shown[column] = [half_up(None if _missing(v) else v * 100, 0) for v in pd.to_numeric(shown[column])]
        shown[column] = shown[column].astype(float)
    return shown

"""The partnership's own estimates of what each option would cost, in words: THE way money and posts are
written ("£40,000", "£40,000-£60,000 one-off; £120,000-£150,000 a year; 2-3 posts"), and the checking
of an estimate as entered, with one-line errors that name the option and the field."""

from __future__ import annotations

import math
from collections.abc import Mapping

from pydantic import ValidationError

from assessment.models import COST_RANGES, CostEstimate

NO_ESTIMATE = "No estimate yet"
# What each range is called in errors and tables, and how its figures are written.
RANGE_NAMES = {"one_off": "one-off cost", "recurring": "cost a year", "posts": "posts"}
ENDS = {"low": "low figure", "high": "high figure"}


class CostError(ValueError):
    """An estimate that cannot be saved; the message is one line naming the option and the field."""


def pounds(value: float) -> str:
    """THE way an amount of money is written: whole pounds with thousands separated, '£40,000'."""
    return f"£{math.floor(value + 0.5):,}"


def pounds_range(low: float, high: float) -> str:
    """'£40,000-£60,000', or '£40,000' when both ends are the same."""
    return pounds(low) if pounds(low) == pounds(high) else f"{pounds(low)}-{pounds(high)}"


def posts_range(low: float, high: float) -> str:
    """'2-3 posts', '1 post', '0.5 posts' (full-time equivalents, to one decimal place)."""
    low_text, high_text = f"{round(low, 1):g}", f"{round(high, 1):g}"
    figure = low_text if low_text == high_text else f"{low_text}-{high_text}"
    return f"{figure} {'post' if figure == '1' else 'posts'}"


def estimate_words(estimate: CostEstimate | None) -> str:
    """The estimate in one line: '£40,000-£60,000 one-off; £120,000-£150,000 a year; 2-3 posts', leaving
    out the ranges not given; NO_ESTIMATE when it gives no figure."""
    if estimate is None:
        return NO_ESTIMATE
    parts = []
    if estimate.one_off_low is not None:
        parts.append(f"{pounds_range(estimate.one_off_low, estimate.one_off_high)} one-off")
    if estimate.recurring_low is not None:
        parts.append(f"{pounds_range(estimate.recurring_low, estimate.recurring_high)} a year")
    if estimate.posts_low is not None:
        parts.append(posts_range(estimate.posts_low, estimate.posts_high))
    return "; ".join(parts) or NO_ESTIMATE


def check_estimate(option_name: str, option_id: str, figures: Mapping[str, object], note: str = "") -> CostEstimate:
    """The estimate as entered (figures: '<range>_low' / '<range>_high' -> a number or None), checked;
    CostError naming the option and the field of the first problem."""
    try:
        return CostEstimate(option_id=option_id, note=note, **figures)
    except ValidationError as exc:
        raise CostError(f"{option_name}, {_problem(exc.errors()[0], figures)}") from None


def _problem(error: Mapping[str, object], figures: Mapping[str, object]) -> str:
    """One pydantic error as '<field>: <what is wrong>' in the words of an estimate."""
    field = str(error["loc"][0]) if error["loc"] else ""
    if field == "note":
        return f"note: {str(error['msg']).removeprefix('Value error, ')}."
    name, _, end = field.rpartition("_")
    if name not in COST_RANGES:
        return str(error["msg"])
    what = RANGE_NAMES[name]
    # A range given by one figure: that figure, whichever end it was typed at.
    one = sum(figures.get(f"{name}_{e}") is not None for e in ENDS) == 1
    figure = "figure" if one else ENDS[end]
    kind, limit = error["type"], (error.get("ctx") or {}).get("le")
    if kind == "value_error":
        return f"{what}: the low figure is above the high figure."
    if kind == "greater_than_equal":
        return f"{what}: the {figure} cannot be below 0."
    if kind == "less_than_equal":
        most = f"{limit:g}" if name == "posts" else pounds(float(limit))
        return f"{what}: the {figure} is more than {most}, the most an estimate can hold."
    if kind == "int_from_float":
        return f"{what}: give the {figure} in whole pounds."
    return f"{what}: the {figure} must be a number."

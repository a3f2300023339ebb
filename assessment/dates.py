"""Dates as people read them in sentences. Tables, data files and JSON keep ISO dates."""

from __future__ import annotations

import datetime as dt


def british_date(day: dt.date | None) -> str:
    """'3 February 2026'; '' for no date."""
    return "" if day is None else f"{day.day} {day:%B %Y}"

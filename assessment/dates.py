"""Dates as they read in sentences: '3 August 2025', never '2025-08-03'.

Tables, workbook cells, JSON and the round pickers (which sort by date) keep ISO dates; every sentence,
caption and message that names a day or a round says it this way.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assessment.storage.rows import RoundRow

# Written out here rather than by strftime's %B, which follows the server's locale.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def british_date(day: dt.date | None) -> str:
    """'3 February 2026'; '' for no date."""
    return "" if day is None else f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def round_name(round_row: RoundRow) -> str:
    """A round in a sentence: 'Self-analysis workshop 3 (10 March 2026)', or 'the round of 10 March 2026'
    when it has no title."""
    when = british_date(round_row.held_on)
    return f"{round_row.title} ({when})" if round_row.title else f"the round of {when}"

"""Dates in sentences: '3 August 2025', and a round named by its title and day."""

import datetime as dt

from assessment.dates import british_date, round_name
from assessment.models import RoundStatus
from assessment.storage import RoundRow


def a_round(title: str) -> RoundRow:
    return RoundRow(
        id=7,
        area_id=1,
        area_name="Brookmere",
        title=title,
        held_on=dt.date(2026, 3, 10),
        status=RoundStatus.OPEN,
        framework_version="2026.1",
        join_code="ABC123",
        priority_areas=(),
        has_pin=True,
    )


def test_a_date_in_a_sentence_is_day_month_year_without_a_leading_zero():
    assert british_date(dt.date(2025, 8, 3)) == "3 August 2025"
    assert british_date(dt.date(2026, 12, 25)) == "25 December 2026"
    assert british_date(dt.date(2024, 1, 1)) == "1 January 2024"
    assert british_date(None) == ""


def test_a_round_in_a_sentence_is_its_title_then_its_day():
    assert round_name(a_round("Self-analysis workshop 3")) == "Self-analysis workshop 3 (10 March 2026)"
    assert round_name(a_round("")) == "the round of 10 March 2026"

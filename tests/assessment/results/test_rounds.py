"""Which round is which: previous round (with two rounds of one area on the same day) and an area's
latest finalised round."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from assessment.results.rounds import latest_finalised, previous_round_id, read_rounds
from tests.assessment.results.conftest import finalise, open_round


def frame(rows: list[tuple]) -> pd.DataFrame:
    """round_id, area_id, held_on, status."""
    return pd.DataFrame(rows, columns=["round_id", "area_id", "held_on", "status"])


def test_previous_round_is_the_same_areas_round_held_just_before(small):
    rounds = read_rounds(small.store).frame
    assert previous_round_id(rounds, small.a2) == small.a1
    assert previous_round_id(rounds, small.a1) is None
    assert previous_round_id(rounds, small.b1) is None  # A1 is earlier, but of another area


def test_two_rounds_of_one_area_on_the_same_day_are_ordered_by_when_they_were_opened():
    # Rounds 5 and 7 of area 1 were both held on 3 March; 7 was opened later, so it comes after 5. Round 6
    # of area 2 on the same day is no one's previous round.
    rounds = frame(
        [
            (3, 1, dt.date(2026, 1, 10), "finalised"),
            (5, 1, dt.date(2026, 3, 3), "finalised"),
            (6, 2, dt.date(2026, 3, 3), "finalised"),
            (7, 1, dt.date(2026, 3, 3), "open"),
        ]
    )
    assert previous_round_id(rounds, 7) == 5
    assert previous_round_id(rounds, 5) == 3
    assert previous_round_id(rounds, 6) is None


def test_the_plan_the_dashboard_and_the_store_agree_on_the_previous_of_two_same_day_rounds(sqlite_store, framework):
    morning = open_round(sqlite_store, framework, "Dayton", dt.date(2026, 3, 3), "Morning")
    afternoon = open_round(sqlite_store, framework, "Dayton", dt.date(2026, 3, 3), "Afternoon")
    rounds = read_rounds(sqlite_store)
    assert rounds.previous(afternoon).id == morning
    assert rounds.previous(morning) is None
    assert [r.id for r in rounds.of_area(rounds.get(morning).area_id)] == [morning, afternoon]


def test_an_areas_latest_finalised_round_is_its_last_finalised_in_the_order_held():
    rounds = frame(
        [
            (1, 1, dt.date(2025, 1, 1), "finalised"),
            (2, 1, dt.date(2025, 1, 1), "finalised"),  # same day, opened later: the later of the two
            (3, 1, dt.date(2026, 1, 1), "open"),
            (4, 2, dt.date(2024, 5, 5), "finalised"),
        ]
    )
    assert latest_finalised(rounds)["round_id"].tolist() == [2, 4]
    assert latest_finalised(rounds, start=dt.date(2025, 1, 1))["round_id"].tolist() == [2]
    assert latest_finalised(rounds, end=dt.date(2024, 12, 31))["round_id"].tolist() == [4]


def test_peers_are_every_other_areas_latest_finalised_round(small):
    rounds = read_rounds(small.store)
    assert rounds.peer_ids(rounds.get(small.a2).area_id) == [small.b1]
    assert rounds.peer_ids(rounds.get(small.b1).area_id) == [small.a1]


def test_a_same_day_round_finalised_and_opened_later_is_the_areas_latest(sqlite_store, framework):
    first = open_round(sqlite_store, framework, "Dayton", dt.date(2026, 3, 3), "Morning")
    second = open_round(sqlite_store, framework, "Dayton", dt.date(2026, 3, 3), "Afternoon")
    for round_id in (first, second):
        finalise(sqlite_store, round_id)
    assert latest_finalised(read_rounds(sqlite_store).frame)["round_id"].tolist() == [second]

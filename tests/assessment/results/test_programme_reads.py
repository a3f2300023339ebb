"""What the programme reads: a dashboard or the comparison scores the rounds it shows, not every finalised
round the programme holds, and a finalised round is scored once per programme read.

Three areas, each with three finalised rounds held in 2023, 2024 and 2025, one person each answering every
statement at the year's level (2023: 1, 2024: 2, 2025: 3) plus the area's number (Ashvale 0, Brookmere 1,
Cobham 0, capped at 4).
"""

from __future__ import annotations

import datetime as dt

import pytest

from assessment.results import area_dashboard, comparison, read_programme
from tests.assessment.results.conftest import finalise, open_round, person

AREAS = {"Ashvale": 0, "Brookmere": 1, "Cobham": 0}
YEARS = {2023: 1, 2024: 2, 2025: 3}


@pytest.fixture
def ten_years(sqlite_store, framework) -> dict[tuple[str, int], int]:
    """Round id of each (area, year)."""
    ids = {}
    for area, extra in AREAS.items():
        for year, level in YEARS.items():
            round_id = open_round(sqlite_store, framework, area, dt.date(year, 3, 1))
            sqlite_store.responses.add_response(round_id, "council", person(framework, min(4, level + extra)))
            finalise(sqlite_store, round_id)
            ids[area, year] = round_id
    return ids


@pytest.fixture
def reads(sqlite_store, monkeypatch) -> list[set[int]]:
    """The round ids of each read of answers the store is asked for."""
    asked: list[set[int]] = []
    original = sqlite_store.responses.answers_frame

    def answers_frame(round_ids=None, participant_ids=None):  # noqa: ANN001, ANN202
        asked.append(None if round_ids is None else set(round_ids))
        return original(round_ids, participant_ids)

    monkeypatch.setattr(sqlite_store.responses, "answers_frame", answers_frame)
    return asked


def test_reading_the_programme_scores_no_round_yet(sqlite_store, framework, ten_years, reads):
    read_programme(sqlite_store, framework)
    assert reads == []


def test_a_dashboard_scores_its_round_the_one_before_and_the_other_areas_latest(
    sqlite_store, framework, ten_years, reads
):
    programme = read_programme(sqlite_store, framework)
    board = area_dashboard(sqlite_store, framework, ten_years["Ashvale", 2025], programme)
    assert reads == [{ten_years["Ashvale", 2024], ten_years["Ashvale", 2025], *(ten_years[a, 2025] for a in AREAS)}]
    # Ashvale 2025 answered 3 everywhere and 2024 answered 2; Brookmere's latest 4 and Cobham's 3.
    assert board.benchmark.loc["leadership", ["score", "previous", "change", "peer_median"]].tolist() == [
        3.0,
        2.0,
        1.0,
        3.5,
    ]


def test_the_trend_scores_the_areas_earlier_rounds_when_first_drawn(sqlite_store, framework, ten_years, reads):
    programme = read_programme(sqlite_store, framework)
    board = area_dashboard(sqlite_store, framework, ten_years["Ashvale", 2025], programme)
    reads.clear()
    assert board.trend["leadership"].tolist() == [1.0, 2.0, 3.0]
    assert reads == [{ten_years["Ashvale", 2023]}]


def test_the_comparison_scores_each_areas_latest_finalised_round_once(sqlite_store, framework, ten_years, reads):
    programme = read_programme(sqlite_store, framework)
    table = comparison(programme, framework)
    assert table["leadership"].tolist() == [3.0, 4.0, 3.0]  # Ashvale, Brookmere, Cobham in 2025
    again = comparison(programme, framework, end=dt.date(2024, 12, 31))
    assert again["leadership"].tolist() == [2.0, 3.0, 2.0]  # each area's 2024 round
    comparison(programme, framework)
    assert reads == [{ten_years[a, 2025] for a in AREAS}, {ten_years[a, 2024] for a in AREAS}]

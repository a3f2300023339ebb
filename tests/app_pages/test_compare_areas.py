"""Comparing areas shows the engine's medians and positions, sorts and filters them, and ranks areas."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from assessment.results import rounds_frame, score_round
from assessment.results.rounds import latest_finalised
from assessment.storage import Store
from tests.app_pages.apptest import signed_in
from tests.app_pages.results_data import add_round, point_app_at
from tests.assessment.helpers import benchmark_of
from ui import state

PAGE = str(Path(__file__).resolve().parents[2] / "app_pages" / "compare_areas.py")


def open_compare(store: Store, monkeypatch, section: str | None = None, **widgets) -> AppTest:
    point_app_at(store, monkeypatch)
    at = signed_in(AppTest.from_file(PAGE, default_timeout=60))
    for key, value in widgets.items():
        at.session_state[key] = value
    if section:
        at.session_state[state.COMPARE_SECTION] = section
    at.run()
    assert not at.exception, at.exception
    return at


def side_by_side(at: AppTest) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if "Partner types" in df.value.columns)


def latest_rounds(store: Store) -> dict[str, int]:
    latest = latest_finalised(rounds_frame(store))
    return dict(zip(latest["area"], latest["round_id"], strict=True))


def test_side_by_side_table_equals_the_engine_for_every_area(sample_store, framework, monkeypatch):
    at = open_compare(sample_store, monkeypatch, **{state.COMPARE_ALL: True})
    table = side_by_side(at).set_index("Area")

    rounds = latest_rounds(sample_store)
    assert sorted(table.index) == sorted(rounds)
    for area, round_id in rounds.items():
        result = score_round(sample_store, framework, round_id)
        row = table.loc[area]
        assert row["Participants"] == result.respondents
        assert row["Continuum position"] == pytest.approx(result.position, abs=0.005)
        assert (row["Middle half from stage"], row["to stage"]) == (result.lower, result.upper)
        for factor in framework.factors:
            assert row[factor.short_name] == pytest.approx(
                result.factors.loc[factor.id, "score"]
            )  # agreed, else median


def test_three_areas_are_picked_until_the_user_chooses(sample_store, monkeypatch):
    at = open_compare(sample_store, monkeypatch)

    assert side_by_side(at)["Area"].tolist() == ["Ashvale", "Brookmere", "Calderwick"]


def test_sorting_by_position_puts_the_furthest_along_first(sample_store, monkeypatch):
    at = open_compare(sample_store, monkeypatch, **{state.COMPARE_ALL: True, state.COMPARE_SORT: "position"})

    positions = side_by_side(at)["Continuum position"].tolist()
    assert positions == sorted(positions, reverse=True)
    assert side_by_side(at)["Area"].iloc[0] == "Fernhollow"  # the sample's area closest to one organisation


def test_filtering_by_a_factor_keeps_only_areas_in_the_range(sample_store, monkeypatch):
    widgets = {
        state.COMPARE_ALL: True,
        state.COMPARE_SORT: "leadership",
        state.compare_range_key("leadership"): (3.0, 4.0),
    }
    at = open_compare(sample_store, monkeypatch, **widgets)

    table = side_by_side(at)
    assert not table.empty
    assert (table["Leadership"] >= 3.0).all()
    everyone = open_compare(sample_store, monkeypatch, **{state.COMPARE_ALL: True})
    assert len(table) == int((side_by_side(everyone)["Leadership"] >= 3.0).sum())


def test_percentiles_equal_the_engines_benchmark_of_each_area(sample_store, framework, monkeypatch):
    at = open_compare(sample_store, monkeypatch, "Benchmarks", **{state.COMPARE_ALL: True})
    table = next(df.value for df in at.dataframe if "Leadership" in df.value.columns).set_index("Area")

    for area, round_id in latest_rounds(sample_store).items():
        bench = benchmark_of(sample_store, framework, round_id)
        for factor in framework.factors:
            assert table.loc[area, factor.short_name] == pytest.approx(bench.loc[factor.id, "percentile"])


def test_a_date_range_compares_the_latest_finalised_round_held_within_it(sample_store, framework, monkeypatch):
    window = (dt.date(2024, 1, 23), dt.date(2024, 12, 31))  # from the first finalised round of the sample
    at = open_compare(sample_store, monkeypatch, **{state.COMPARE_ALL: True})
    at.radio(key=state.COMPARE_PERIOD).set_value("Finalised rounds in a date range").run()
    at.date_input(key=state.COMPARE_DATES).set_value(window).run()
    assert not at.exception

    table = side_by_side(at)
    assert table["Round held on"].map(lambda d: window[0] <= pd.Timestamp(d).date() <= window[1]).all()
    assert "Ashvale" not in table["Area"].tolist()  # Ashvale's first round was in 2025


def test_every_section_draws_without_error_for_all_areas(sample_store, monkeypatch):
    for section in ("Side by side", "Radar", "Heatmap", "On the continuum", "Benchmarks"):
        at = open_compare(sample_store, monkeypatch, section, **{state.COMPARE_ALL: True})
        assert len(at.get("plotly_chart")) == (0 if section in ("Side by side", "Benchmarks") else 1)


def test_two_areas_with_one_participant_each_are_ranked_against_each_other(store, framework, monkeypatch):
    add_round(store, framework, "North", "2025-05-01", [("council", 1, 2)])
    add_round(store, framework, "South", "2025-05-01", [("council", 3, 4)])
    at = open_compare(store, monkeypatch, "Benchmarks")

    ranks = next(df.value for df in at.dataframe if "Leadership" in df.value.columns).set_index("Area")
    # Each area is compared with the one other area: South is above it (100), North below (0).
    assert ranks.loc["South", "Leadership"] == 100.0
    assert ranks.loc["North", "Leadership"] == 0.0


def test_without_a_finalised_round_the_page_says_there_is_nothing_to_compare(store, framework, monkeypatch):
    add_round(store, framework, "North", "2025-05-01", [("council", 1, 2)], status="open")
    at = open_compare(store, monkeypatch)

    assert "No round is finalised yet" in at.info[0].value


def test_an_area_whose_answers_are_all_dont_know_has_no_position_but_is_listed(store, framework, monkeypatch):
    add_round(store, framework, "North", "2025-05-01", [("council", None, None)])
    add_round(store, framework, "South", "2025-05-01", [("council", 2, 3)])
    at = open_compare(store, monkeypatch, "On the continuum")

    assert not at.exception
    at.session_state[state.COMPARE_SECTION] = "Side by side"
    at.run()
    table = side_by_side(at).set_index("Area")
    assert np.isnan(table.loc["North", "Continuum position"])
    assert table.loc["South", "Continuum position"] == 3.0

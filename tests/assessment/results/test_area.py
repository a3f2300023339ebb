"""An area's dashboard, and THE factor score carried through everything that reads it: numbers worked out
by hand for the small programme of conftest.py."""

from __future__ import annotations

import pytest

from assessment.models import ConsensusEntry, ItemKind, RoundStatus
from assessment.results import (
    area_dashboard,
    comparison,
    comparison_percentiles,
    read_programme,
    recommendation,
    round_options,
    round_plan,
    score_round,
    summary,
)
from tests.assessment.helpers import FELL_TO, falling_area
from tests.assessment.results.conftest import finalise


def agree(store, round_id: int, factor: str, value: float) -> None:  # noqa: ANN001
    store.consensus.record(
        round_id,
        ConsensusEntry(kind=ItemKind.FACTOR, item_id=factor, value=value, rationale="agreed"),
        expected_revision=None,
    )


def test_the_open_rounds_dashboard_has_its_previous_round_benchmark_and_trend(small, framework):
    board = area_dashboard(small.store, framework, small.a2, read_programme(small.store, framework))
    assert board.result.respondents == 4
    # A1: budgets 1 and 2 (median 1.5), data 2 -> position 1.75; A2: budgets 2, 3, 3, 3 (3), data 3 -> 3.
    assert board.previous.position == 1.75 and board.result.position == 3.0
    bench = board.benchmark
    # A2 leadership: 2, 3, 4, 0 -> median 2.5. The one other area's latest finalised round (B1) has 3,
    # so the band is 3 / 3 / 3 of one area and A2 sits below it: percentile 0. A1 had 1 and 2 -> 1.5.
    assert bench.loc["leadership", ["score", "peer_q1", "peer_median", "peer_q3", "n_areas"]].tolist() == [
        2.5,
        3.0,
        3.0,
        3.0,
        1,
    ]
    assert bench.loc["leadership", "percentile"] == 0.0
    assert bench.loc["leadership", ["previous", "change"]].tolist() == [1.5, 1.0]
    assert board.trend["round_id"].tolist() == [small.a1, small.a2]
    assert board.trend["leadership"].tolist() == [1.5, 2.5]
    assert board.trend["position"].tolist() == [1.75, 3.0]


def test_an_agreed_score_is_the_factors_score_everywhere(small, framework):
    """The room agrees governance = 1 where the median is 2.5: readiness, the recommendation, the plan,
    the benchmark and the trend all read 1, and each says it is agreed."""
    agree(small.store, small.a2, "governance", 1)
    programme = read_programme(small.store, framework)
    board = area_dashboard(small.store, framework, small.a2, programme)
    governance = board.result.factors.loc["governance"]
    assert (governance["median"], governance["consensus"], governance["score"]) == (2.5, 1.0, 1.0)
    assert governance["score_source"] == "agreed"
    assert board.result.factors.loc["leadership", "score_source"] == "median"
    # Option 2 needs governance at 2: with the agreed 1 it is below, so readiness is 4 of 5 met.
    targeted = next(o for o in board.result.options if o.id == "targeted")
    assert ("governance", 2.0, 1.0) in targeted.shortfalls and targeted.readiness == pytest.approx(0.8)
    assert board.benchmark.loc["governance", "score"] == 1.0
    assert board.trend["governance"].tolist() == [1.5, 1.0]
    # The plan's rule on governance reads the same agreed 1.
    plan = round_plan(small.store, framework, board.round, programme.rounds, board.result)
    governance_rules = [p for p in plan.proposed if p.factor_id == "governance"]
    assert governance_rules and all(p.value == 1.0 and p.source == "agreed" for p in governance_rules)
    # The readiness fallback of the recommendation reads it too: Option 2 is no longer fully ready.
    verdict = recommendation(round_options(small.store, framework, small.a2, board.result), board.result, framework)
    assert "Option 2" not in verdict.option
    # And the round's result read on its own (the live view, the options page) is the same.
    assert score_round(small.store, framework, small.a2).factors.loc["governance", "score"] == 1.0


def test_comparison_of_areas_reads_agreed_scores_and_one_percentile_rule(small, framework):
    # Re-open B1 to agree leadership 1 (its median is 3), then finalise it again.
    small.store.rounds.set_status(small.b1, RoundStatus.OPEN)
    agree(small.store, small.b1, "leadership", 1)
    finalise(small.store, small.b1)
    programme = read_programme(small.store, framework)
    table = comparison(programme, framework).set_index("area")
    # Each area's latest finalised round: Ashvale A1 (leadership 1.5), Brookmere B1 (agreed 1).
    assert table.loc["Ashvale", "round_id"] == small.a1 and table.loc["Brookmere", "round_id"] == small.b1
    assert table["leadership"].tolist() == [1.5, 1.0]
    ranks = comparison_percentiles(comparison(programme, framework), framework)
    assert ranks.loc[table.loc["Ashvale", "area_id"], "leadership"] == 100.0
    assert ranks.loc[table.loc["Brookmere", "area_id"], "leadership"] == 0.0
    # Brookmere's own dashboard puts it at the same percentile among the one other area.
    board = area_dashboard(small.store, framework, small.b1, programme)
    assert board.benchmark.loc["leadership", "percentile"] == 0.0


def test_a_round_nobody_answered_has_an_empty_dashboard(small, framework):
    from assessment.models import RoundInput

    row = small.store.rounds.open_round(
        RoundInput(area="Emptyton", held_on="2026-02-02", pin="2468"), framework.version
    )
    board = area_dashboard(small.store, framework, row.id, read_programme(small.store, framework))
    assert not board.answered and board.previous is None


def test_a_fall_from_2_00_to_1_79_shows_beside_a_sentence_that_stays_the_same(sqlite_store, framework):
    first, second = falling_area(sqlite_store, framework)
    board = area_dashboard(sqlite_store, framework, second, read_programme(sqlite_store, framework))
    # 16 / 8 = 2.00, then 25 / 14 = 1.79: down 0.21, while both rounds sit 'at' stage 2.
    assert (board.previous.position, board.result.position, board.position_change) == (2.0, 1.79, -0.21)
    assert board.previous.sentence == "The partnership sits at 'commissioners meeting to align plans'."
    assert board.result.sentence == FELL_TO
    # The live view, presentation mode and the options page read the round scored on its own.
    assert score_round(sqlite_store, framework, second).sentence == FELL_TO
    assert score_round(sqlite_store, framework, first).change is None
    continuum = summary(sqlite_store, framework, "Testshire", second)["continuum"]
    assert continuum["sentence"] == FELL_TO
    assert continuum["change"] == {"since": "2025-03-11", "before": 2.0, "amount": -0.21}
    assert summary(sqlite_store, framework, "Testshire", first)["continuum"]["change"] is None

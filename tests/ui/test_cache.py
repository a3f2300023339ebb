"""The caches around the read side: each keeps what assessment.results returned until the stamp it is
keyed by changes, and then works it out again."""

from __future__ import annotations

import datetime as dt

import pytest

from assessment.models import Answer, ItemKind, RoundInput, RoundStatus
from assessment.results import read_rounds
from assessment.storage import Store
from ui import cache, resources


@pytest.fixture
def store(tmp_path, monkeypatch, framework) -> Store:
    """The app's own store (ui.resources) on a new SQLite file, with every cache emptied."""
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", f"sqlite:///{tmp_path / 'cache.db'}")
    resources.store.clear()
    for cached in (cache._programme, cache._area, cache._round, cache._options, cache._comparison):
        cached.clear()
    yield resources.store()
    resources.store.clear()


def answer(store: Store, round_id: int, level: int) -> None:
    participant, _code = store.responses.join(round_id, "council")
    store.responses.save_answers(participant.id, [Answer(kind=ItemKind.STATEMENT, item_id="leadership_1", value=level)])


def open_round(store: Store, framework, area: str, year: int) -> int:  # noqa: ANN001
    return store.rounds.open_round(RoundInput(area=area, held_on=dt.date(year, 1, 1), pin="2468"), framework.version).id


def test_the_programme_is_read_again_only_when_a_round_is_added_or_changes_status(store, framework):
    first = open_round(store, framework, "Ashvale", 2025)
    before = cache.programme(store)
    assert before.rounds.frame.equals(read_rounds(store).frame)
    answer(store, first, 2)  # an answer to an open round is not the programme's business
    assert cache.programme(store) is before
    open_round(store, framework, "Ashvale", 2026)
    after = cache.programme(store)
    assert after is not before and after.rounds.frame.equals(read_rounds(store).frame)
    store.rounds.set_status(first, RoundStatus.CLOSED)
    assert cache.programme(store) is not after


def test_a_rounds_result_is_worked_out_again_when_one_of_its_answers_changes(store, framework):
    round_id = open_round(store, framework, "Ashvale", 2025)
    answer(store, round_id, 2)
    first = cache.round_result(store, round_id)
    assert cache.round_result(store, round_id) is first
    answer(store, round_id, 4)
    second = cache.round_result(store, round_id)
    assert second is not first and second.factors.loc["leadership", "median"] == 3.0


def test_a_dashboard_changes_with_its_areas_open_rounds_and_not_with_other_areas(store, framework):
    ashvale = open_round(store, framework, "Ashvale", 2026)
    other = open_round(store, framework, "Brookmere", 2026)
    answer(store, ashvale, 2)
    board = cache.area_dashboard(store, ashvale)
    answer(store, other, 1)  # another area's open round: not part of this dashboard
    assert cache.area_dashboard(store, ashvale) is board
    answer(store, ashvale, 4)
    assert cache.area_dashboard(store, ashvale).result.factors.loc["leadership", "median"] == 3.0

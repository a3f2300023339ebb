"""Fixtures for page tests: the illustrative sample, and a small database where one area's round
has been answered by three participants."""

from __future__ import annotations

import datetime as dt

import pytest

from assessment.access import Access
from assessment.framework import load_framework
from assessment.models import Answer, AppraisalScore, ItemKind, RoundInput
from assessment.sample import load_sample
from assessment.storage import Store
from ui import resources, state


@pytest.fixture(scope="session")
def sample_database(tmp_path_factory) -> str:
    """A SQLite file holding the illustrative sample; page tests must not change it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('pages') / 'sample.db'}"
    store = Store(url)
    load_sample(store, load_framework())
    store.dispose()
    return url


@pytest.fixture(scope="module")
def sample_store(sample_database) -> Store:
    """The illustrative sample's database (read only: page tests must not change it)."""
    store = Store(sample_database)
    yield store
    store.dispose()


@pytest.fixture
def store(sqlite_store) -> Store:
    """An empty SQLite database for a page test's own edge case (SQLite only: the storage tests run both)."""
    return sqlite_store


@pytest.fixture
def sample_app_env(sample_database, monkeypatch) -> str:
    """Point the app at the sample database (ui.resources caches the Store per process, so clear it)."""
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", sample_database)
    resources.store.clear()
    yield sample_database
    resources.store.clear()


# The Board's scores per option on the criteria below (the cost of change, at weight 0, is left unscored);
# with the framework's weights 25/20/15/15/15/10 they give
# targeted (75+60+45+60+45+30)/100 = 3.15, whole system (100+80+60+45+0+20)/100 = 3.05,
# virtual (25+20+15+15+60+10)/100 = 1.45 and the status quo (0+0+15+15+60+10)/100 = 1.00.
BOARD_CRITERIA = ("outcomes", "boundaries", "transparency", "resources", "feasibility", "fragmentation")
BOARD = {
    "status_quo": (0, 0, 1, 1, 4, 1),
    "virtual": (1, 1, 1, 1, 4, 1),
    "targeted": (3, 3, 3, 4, 3, 3),
    "whole_system": (4, 4, 4, 3, 0, 2),
}


@pytest.fixture
def app_store(tmp_path, monkeypatch):
    """A Store on a fresh SQLite file, and the app's cached Store pointed at the same file."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", url)
    resources.store.clear()
    store = Store(url)
    yield store
    store.dispose()
    resources.store.clear()


def answered_round(store: Store, framework, *, area: str = "Testshire", held_on=dt.date(2026, 3, 10)) -> int:
    """A round where three participants answer every statement 1, 2 and 2 (every factor median 2.0) and
    put every component at stage 2 (position 2.0)."""
    round_id = store.rounds.open_round(RoundInput(pin="2468", area=area, held_on=held_on), framework.version).id
    for level in (1, 2, 2):
        participant, _code = store.responses.join(round_id, "council")
        batch = [
            Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=level) for f in framework.factors for s in f.statements
        ]
        batch += [Answer(kind=ItemKind.COMPONENT, item_id=c.id, value=2) for c in framework.components]
        store.responses.save_answers(participant.id, batch)
    return round_id


def board_scores(store: Store, framework, round_id: int) -> None:
    """Save the BOARD scores for the round."""
    store.appraisal.save_scores(
        round_id,
        [
            AppraisalScore(option_id=option_id, criterion_id=criterion_id, value=value)
            for option_id, values in BOARD.items()
            for criterion_id, value in zip(BOARD_CRITERIA, values, strict=True)
        ],
    )


def as_facilitator(at, store: Store):  # noqa: ANN001, ANN201
    """The AppTest session as one that has given a PIN of every area in the store; returns it."""
    at.session_state[state.ACCESS] = Access(area_ids=frozenset(a.id for a in store.rounds.list_areas()))
    return at

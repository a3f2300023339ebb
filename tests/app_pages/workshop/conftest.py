"""Fixtures for the workshop pages: a fresh SQLite database behind ui.resources and an open round."""

from __future__ import annotations

import datetime as dt

import pytest

from assessment.models import RoundInput
from assessment.storage import RoundRow, Store
from tests.app_pages.workshop.helpers import PIN
from ui import resources


@pytest.fixture
def app_store(tmp_path, monkeypatch) -> Store:
    """The Store the pages use (ui.resources.store), on a new SQLite file for this test."""
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", f"sqlite:///{tmp_path / 'workshop.db'}")
    resources.store.clear()
    store = resources.store()
    yield store
    store.dispose()
    resources.store.clear()


@pytest.fixture
def open_round(app_store, framework) -> RoundRow:
    """An open round of 'Testshire' with two priority areas (one of its own) and the PIN 8642."""
    spec = RoundInput(
        area="Testshire",
        held_on=dt.date(2026, 3, 10),
        title="Spring workshop",
        priority_areas=("camhs", "Short breaks"),
        pin=PIN,
    )
    return app_store.rounds.open_round(spec, framework.version)

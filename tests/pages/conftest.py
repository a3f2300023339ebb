"""Fixtures for AppTest: a database with the illustrative sample shared by the page tests, and an empty
per-test database for pages that write."""

from __future__ import annotations

import pytest

from assessment.framework import load_framework
from assessment.sample import load_sample
from assessment.store import Store


@pytest.fixture(scope="session")
def sample_database(tmp_path_factory) -> str:
    """A SQLite file holding the illustrative sample; page tests must not change it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('pages') / 'sample.db'}"
    store = Store(url)
    load_sample(store, load_framework())
    store.dispose()
    return url


@pytest.fixture
def sample_app_env(sample_database, monkeypatch) -> str:
    """Point the app at the sample database (ui.resources caches the Store per process, so clear it)."""
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", sample_database)
    from ui import resources

    resources.store.clear()
    yield sample_database
    resources.store.clear()


@pytest.fixture
def app_store(tmp_path, monkeypatch):
    """A Store on a fresh SQLite file, and the app's cached Store pointed at the same file."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", url)
    from ui import resources

    resources.store.clear()
    store = Store(url)
    yield store
    store.dispose()
    resources.store.clear()

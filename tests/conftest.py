"""Shared fixtures: the framework, and stores on SQLite and (where available) PostgreSQL."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from assessment.framework import Framework, load_framework
from assessment.storage import Store

POSTGRES_URL = os.environ.get("ASSESSMENT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
POSTGRES_REQUIRED = os.environ.get("ASSESSMENT_REQUIRE_POSTGRES") == "1" or os.environ.get("CI") == "true"


@pytest.fixture(scope="session")
def framework() -> Framework:
    return load_framework()


def _postgres_available() -> str | None:
    """None when the server answers, otherwise the reason it does not."""
    try:
        engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any failure to reach the server means: skip (or fail in CI)
        return f"PostgreSQL at {POSTGRES_URL} is not reachable ({type(exc).__name__}); set ASSESSMENT_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def postgres_database() -> str:
    """A fresh PostgreSQL database for this test run; dropped at the end."""
    reason = _postgres_available()
    if reason:
        if POSTGRES_REQUIRED:
            pytest.fail(reason)
        pytest.skip(reason)
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"assessment_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def sqlite_store(tmp_path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'assessment.db'}")
    yield store
    store.dispose()


@pytest.fixture
def postgres_store(postgres_database) -> Store:
    store = Store(postgres_database)
    store.delete_all()
    yield store
    store.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request) -> Store:
    """The same test on both databases."""
    return request.getfixturevalue(f"{request.param}_store")


@pytest.fixture
def private_postgres():
    """A PostgreSQL server of this test's own, which the test may stop, start and restart
    (tests/pg_private.py); removed afterwards."""
    from tests.pg_private import private_postgres_or_skip

    server = private_postgres_or_skip()
    yield server
    server.remove()

"""A server whose database is not answering when it starts: every page says so plainly (which database,
never its password, and that it is retrying), the log gets one line and no traceback, and the same
process carries on once the database is back (the Store that could not be opened was not cached)."""

from __future__ import annotations

import logging

import pytest

from tests.app_pages.apptest import app
from ui import resources, startup

pytestmark = pytest.mark.postgres


@pytest.fixture
def app_on_private_postgres(private_postgres, monkeypatch):
    url = private_postgres.url.replace("postgres@", "postgres:secret@")
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", url)
    resources.store.clear()
    yield private_postgres
    resources.store.clear()
    resources.DATABASE.answered()  # leave the process-wide watch as other tests expect it


def _page_text(at) -> str:  # noqa: ANN001
    return " ".join(element.value for element in [*at.title, *at.warning, *at.caption, *at.markdown])


def test_a_server_started_without_its_database_says_so_and_carries_on_when_it_answers(app_on_private_postgres, caplog):
    database = app_on_private_postgres
    database.stop()
    at = app()
    with caplog.at_level(logging.INFO, logger="assessment.database"):  # caplog listens on that logger
        at.run()
        at.run()  # a second page view during the same outage adds no second line
    assert not at.exception
    assert [t.value for t in at.title] == ["Waiting for the database"]
    shown = _page_text(at)
    assert f'the PostgreSQL database "postgres" on 127.0.0.1:{database.port}' in shown
    assert "not answering" in shown and f"tries again every {startup.RETRY_SECONDS} seconds" in shown
    assert "secret" not in shown
    lines = [r for r in caplog.records if r.name == "assessment.database"]
    assert len(lines) == 1
    assert lines[0].getMessage() == (
        f'cannot reach the PostgreSQL database "postgres" on 127.0.0.1:{database.port} (cannot open the '
        f'PostgreSQL database "postgres" on 127.0.0.1:{database.port}: the database server is not answering); '
        "retrying"
    )
    assert lines[0].exc_info is None and "secret" not in lines[0].getMessage()

    database.start()
    at.run()  # what the page's retry does once the database answers: the whole app runs again

    assert not at.exception
    assert "Waiting for the database" not in [t.value for t in at.title]
    assert not at.warning or "not answering" not in _page_text(at)

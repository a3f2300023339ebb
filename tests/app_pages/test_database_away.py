"""A server whose database is not answering when it starts, or stops answering later: every page says so
plainly (which database, never its password, and that it is retrying), the log gets one line and no
traceback, and the same process carries on once the database is back (the Store that could not be
opened was not cached). Views that refresh themselves say so in their place."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from streamlit.testing.v1 import AppTest

from assessment.models import RoundInput
from assessment.storage import DatabaseUnavailable
from tests.app_pages.apptest import app
from ui import database_wait, resources
from ui.components.participant_flow import NOT_REGISTERED_YET


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


@pytest.mark.postgres
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
    assert "not answering" in shown and f"tries again every {database_wait.RETRY_SECONDS} seconds" in shown
    assert "secret" not in shown
    lines = [r for r in caplog.records if r.name == "assessment.database"]
    assert len(lines) == 1
    assert lines[0].getMessage() == (
        f'cannot open the PostgreSQL database "postgres" on 127.0.0.1:{database.port}: '
        "the database server is not answering; retrying"
    )
    assert lines[0].exc_info is None and "secret" not in lines[0].getMessage()

    database.start()
    at.run()  # what the page's retry does once the database answers: the whole app runs again

    assert not at.exception
    assert "Waiting for the database" not in [t.value for t in at.title]
    assert not at.warning or "not answering" not in _page_text(at)


@pytest.fixture
def app_on_sqlite(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", f"sqlite:///{tmp_path / 'away.db'}")
    resources.store.clear()
    yield resources.store()
    resources.store.clear()
    resources.DATABASE.answered()


def _database_away(monkeypatch, store) -> None:  # noqa: ANN001
    def away():  # noqa: ANN202
        raise DatabaseUnavailable("the database could not be read: the database server is not answering")

    monkeypatch.setattr(store.database, "read", away)
    monkeypatch.setattr(store.database, "write", away)


def test_a_database_that_stops_answering_after_start_up_gets_the_waiting_page_not_a_traceback(
    app_on_sqlite, monkeypatch
):
    at = app()
    at.run()
    assert not at.exception and "Waiting for the database" not in [t.value for t in at.title]

    _database_away(monkeypatch, app_on_sqlite)
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Waiting for the database"]

    monkeypatch.undo()
    at.run()
    assert not at.exception and "Waiting for the database" not in [t.value for t in at.title]


def test_a_registration_while_the_database_is_away_says_so_and_a_second_try_registers_one_participant(
    app_on_sqlite, monkeypatch
):
    spec = RoundInput(area="Testshire", held_on=dt.date(2026, 3, 1), title="Workshop", pin="1357")
    round_row = app_on_sqlite.rounds.open_round(spec, "2026.1")
    at = app()
    at.query_params["join"] = round_row.join_code
    at.run()
    assert [t.value for t in at.title] == ["About you"]
    at.radio[0].set_value("council")

    _database_away(monkeypatch, app_on_sqlite)
    next(b for b in at.button if b.label == "Start").click().run()
    assert not at.exception and not at.error
    assert [t.value for t in at.title] == ["About you"]  # the page it had read, with the choice kept
    assert [w.value for w in at.warning] == [NOT_REGISTERED_YET]
    assert at.radio[0].value == "council"

    monkeypatch.undo()
    next(b for b in at.button if b.label == "Start").click().run()
    assert not at.exception
    assert app_on_sqlite.responses.participants_frame([round_row.id])["partner_type"].tolist() == ["council"]
    assert "Your resume code is" in " ".join(s.value for s in at.success)


def _refreshing_view() -> None:
    import streamlit as st

    from assessment.storage import DatabaseUnavailable
    from ui import database_wait

    def live_view() -> None:
        st.write("the room so far")
        if st.session_state.get("away"):
            raise DatabaseUnavailable("the database could not be read: the database server is not answering")

    st.fragment(database_wait.refreshing(live_view), run_every=10)()


def test_a_view_that_refreshes_itself_says_the_database_is_away_and_draws_again_when_it_is_back():
    at = AppTest.from_function(_refreshing_view)
    at.session_state["away"] = True
    at.run()
    assert not at.exception
    assert [w.value for w in at.warning] == [database_wait.VIEW_AWAY]
    at.session_state["away"] = False
    at.run()
    assert not at.exception and not at.warning
    assert [m.value for m in at.markdown] == ["the room so far"]


def test_a_registration_saved_just_before_the_database_went_away_is_not_made_twice(app_on_sqlite, monkeypatch):
    spec = RoundInput(area="Testshire", held_on=dt.date(2026, 3, 1), title="Workshop", pin="1357")
    round_row = app_on_sqlite.rounds.open_round(spec, "2026.1")
    at = app()
    at.query_params["join"] = round_row.join_code
    at.run()
    at.radio[0].set_value("school")
    real_join = app_on_sqlite.responses.join

    def saved_then_cut_off(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        real_join(*args, **kwargs)  # written, but the answer never reaches the app
        raise DatabaseUnavailable("the database could not save this change: the database server is not answering")

    monkeypatch.setattr(app_on_sqlite.responses, "join", saved_then_cut_off)
    next(b for b in at.button if b.label == "Start").click().run()
    assert [w.value for w in at.warning] == [NOT_REGISTERED_YET]

    monkeypatch.undo()
    next(b for b in at.button if b.label == "Start").click().run()
    assert not at.exception
    registered = app_on_sqlite.responses.participants_frame([round_row.id])
    assert registered["partner_type"].tolist() == ["school"]  # one participant, not two
    assert app_on_sqlite.responses.resume(at.query_params["resume"], round_row.id).id == registered["participant_id"][0]

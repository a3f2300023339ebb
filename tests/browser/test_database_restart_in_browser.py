"""PostgreSQL stopped in the middle of a workshop, in the real browser against the real server (a private
PostgreSQL server: tests/pg_private.py). A participant's answers given while it is down stay on screen
with a plain message, are saved once it is back without being given again (once each), and come back
on resume; a server started while the database is down says so and carries on by itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import create_engine, func, select

from assessment.framework import load_framework
from assessment.models import ItemKind, RoundInput
from assessment.storage import Store
from assessment.storage.schema import answers
from tests.browser.cluster.conftest import require_cluster
from tests.browser.cluster.harness import running_cluster
from tests.browser.pages import idle, join_as_council
from tests.browser.server import start_server
from ui.components.participant_flow import NOT_SAVED_YET

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

TIMEOUT = 30_000
COMMENT = "Commissioners align plans, budgets stay apart"


def _choose_on_step(page: Page, step_number: int, choice: int) -> None:
    """Choose the same answer for every question on the step (nothing saved yet)."""
    expect(page.get_by_text(f"Page {step_number} of", exact=False)).to_be_visible(timeout=TIMEOUT)
    idle(page)
    groups = page.locator('[data-testid="stMain"] [role="radiogroup"]')
    for index in range(groups.count()):
        groups.nth(index).locator("label").nth(choice).click()


def _expect_chosen(page: Page, choice: int, count: int) -> None:
    groups = page.locator('[data-testid="stMain"] [role="radiogroup"]')
    expect(groups).to_have_count(count, timeout=TIMEOUT)
    for index in range(count):
        expect(groups.nth(index).get_by_role("radio").nth(choice)).to_be_checked()


def _watch_for(page: Page, text: str) -> None:
    """Note in window.seenText whether `text` shows on the page at any moment from now on."""
    page.evaluate(
        """text => {
            window.seenText = false;
            new MutationObserver(() => {
                if (document.body.innerText.includes(text)) window.seenText = true;
            }).observe(document.body, {childList: true, subtree: true, characterData: true});
        }""",
        text,
    )


def _answers_saved(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        counted = conn.execute(select(func.count()).select_from(answers)).scalar_one()
    engine.dispose()
    return counted


@contextmanager
def _served(how: str, server_url: str, folder: Path) -> Iterator[tuple[str, str]]:
    """The app on the PostgreSQL server of server_url: one process, or three behind nginx (the cluster of
    tests/browser/cluster, on a fresh database of that server). Yields the address to open and the database."""
    if how == "one process":
        server = start_server(server_url)
        try:
            yield server.url, server_url
        finally:
            server.stop()
        return
    require_cluster()
    with running_cluster(server_url, folder) as cluster:
        yield cluster.url, cluster.database_url


@pytest.mark.parametrize("how", ["one process", "three processes behind nginx"])
def test_answers_given_while_postgresql_is_down_are_saved_once_when_it_is_back(
    browser, private_postgres, tmp_path, how
):
    framework = load_framework()
    first, second = framework.factors[0], framework.factors[1]
    with _served(how, private_postgres.url, tmp_path) as (base_url, database_url):
        store = Store(database_url)
        spec = RoundInput(area="Outageshire", held_on=dt.date(2026, 3, 10), title="Restart drill", pin="8642")
        round_row = store.rounds.open_round(spec, framework.version)
        store.dispose()
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        code = join_as_council(page, base_url, round_row.join_code)
        _choose_on_step(page, 1, 1)
        page.get_by_role("button", name="Save and next").click()
        _choose_on_step(page, 2, 3)  # step 1 was saved: the page moved on
        page.locator('[data-testid="stMain"] textarea').first.fill(COMMENT)

        private_postgres.stop()
        _watch_for(page, "Not saved yet")
        page.get_by_role("button", name="Save and next").click()
        expect(page.get_by_text(NOT_SAVED_YET)).to_be_visible(timeout=TIMEOUT)
        assert page.evaluate("window.seenText") is True  # the watcher used below sees the message
        expect(page.get_by_text("Page 2 of", exact=False)).to_be_visible()
        _expect_chosen(page, 3, len(second.statements))  # what they chose is still on screen
        expect(page.locator('[data-testid="stMain"] textarea').first).to_have_value(COMMENT)
        expect(page.get_by_text("Traceback")).to_have_count(0)

        private_postgres.start()  # nothing pressed again: the page's retry saves and moves on
        expect(page.get_by_text("Page 3 of", exact=False)).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text(NOT_SAVED_YET)).to_have_count(0)

        private_postgres.restart()  # between two saves: the server's pooled connections are all dead now
        _choose_on_step(page, 3, 2)
        _watch_for(page, "Not saved yet")
        page.get_by_role("button", name="Save and next").click()
        expect(page.get_by_text("Page 4 of", exact=False)).to_be_visible(timeout=TIMEOUT)
        assert page.evaluate("window.seenText") is False  # saved at the first try: no message, even briefly
        context.close()

        store = Store(database_url)
        participant = store.responses.resume(code, round_row.id)
        saved = store.responses.answers_of(participant.id)
        store.dispose()
        statements = {item: answer.value for (kind, item), answer in saved.items() if kind == ItemKind.STATEMENT}
        third = framework.factors[2]
        assert statements == {
            **{s.id: 1 for s in first.statements},
            **{s.id: 3 for s in second.statements},
            **{s.id: 2 for s in third.statements},
        }
        assert saved[(ItemKind.STATEMENT, second.statements[0].id)].comment == COMMENT
        assert _answers_saved(database_url) == sum(len(f.statements) for f in (first, second, third))

        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(f"{base_url}/?join={round_row.join_code}&resume={code}&step=2")
        expect(page.get_by_text("Page 2 of", exact=False)).to_be_visible(timeout=TIMEOUT)
        idle(page)
        _expect_chosen(page, 3, len(second.statements))
        expect(page.locator('[data-testid="stMain"] textarea').first).to_have_value(COMMENT)
        context.close()


def test_a_server_started_while_postgresql_is_down_says_so_and_carries_on_when_it_is_back(browser, private_postgres):
    private_postgres.stop()
    server = start_server(private_postgres.url)
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(server.url)
        expect(page.get_by_role("heading", name="Waiting for the database")).to_be_visible(timeout=TIMEOUT)
        expect(
            page.get_by_text(f'the PostgreSQL database "postgres" on 127.0.0.1:{private_postgres.port}')
        ).to_be_visible()
        expect(page.get_by_text("Traceback")).to_have_count(0)

        private_postgres.start()  # no reload: the page tries again by itself
        expect(page.get_by_role("heading", name="Waiting for the database")).to_have_count(0, timeout=TIMEOUT)
        expect(page.locator('[data-testid="stMain"] h1').first).to_be_visible(timeout=TIMEOUT)
        context.close()
    finally:
        server.stop()

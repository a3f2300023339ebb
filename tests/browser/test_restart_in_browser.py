"""The server killed with SIGKILL in the middle of a workshop and started again on the same database:
every answer a participant saw confirmed is there, the database is sound, and participants resume with
their codes in the real participant page."""

from __future__ import annotations

import datetime as dt
import re
import signal

import pytest
from playwright.sync_api import Page, expect

from assessment.framework import load_framework
from assessment.models import ItemKind, RoundInput
from assessment.storage import Store
from assessment.storage.backup import integrity_problems
from tests.browser.pages import idle, join_as_council
from tests.browser.server import start_server

pytestmark = pytest.mark.browser

TIMEOUT = 30_000


def _answer_step(page: Page, step_number: int, choice: int) -> None:
    """Choose the same answer for every question on the step, press Save and next, and wait until the page
    confirms it by moving on to the next step."""
    expect(page.get_by_text(f"Page {step_number} of", exact=False)).to_be_visible(timeout=TIMEOUT)
    idle(page)
    groups = page.locator('[data-testid="stMain"] [role="radiogroup"]')
    for index in range(groups.count()):
        groups.nth(index).locator("label").nth(choice).click()
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_text(f"Page {step_number + 1} of", exact=False)).to_be_visible(timeout=TIMEOUT)


def test_a_killed_server_loses_no_confirmed_answer_and_participants_resume(browser, tmp_path):
    framework = load_framework()
    url = f"sqlite:///{tmp_path / 'workshop.db'}"
    store = Store(url)
    spec = RoundInput(area="Killshire", held_on=dt.date(2026, 3, 10), title="Crash drill", pin="8642")
    round_row = store.rounds.open_round(spec, framework.version)
    store.dispose()

    server = start_server(url)
    people = []
    try:
        for choice in (1, 3):  # two participants, "1" and "3" on every statement
            context = browser.new_context(viewport={"width": 1366, "height": 768})
            page = context.new_page()
            code = join_as_council(page, server.url, round_row.join_code)
            for step_number in (1, 2):
                _answer_step(page, step_number, choice)
            people.append((code, choice))
            context.close()
    finally:
        server.stop(signal.SIGKILL)
    assert server.process.returncode == -signal.SIGKILL

    store = Store(url)
    try:
        assert integrity_problems(store) == []
        first_two_factors = {framework.factors[0].id, framework.factors[1].id}
        expected_items = {
            statement.id
            for factor in framework.factors
            if factor.id in first_two_factors
            for statement in factor.statements
        }
        for code, choice in people:
            participant = store.responses.resume(code, round_row.id)
            assert participant is not None
            saved = store.responses.answers_of(participant.id)
            statements = {item: answer.value for (kind, item), answer in saved.items() if kind == ItemKind.STATEMENT}
            assert statements == dict.fromkeys(expected_items, choice)
    finally:
        store.dispose()

    restarted = start_server(url)
    try:
        code, choice = people[0]
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        page = context.new_page()
        page.goto(f"{restarted.url}/?join={round_row.join_code}&resume={code}")
        # The participant comes back on the first step without an answer (step 3) and can go back.
        expect(page.get_by_text(re.compile(r"Page 3 of"))).to_be_visible(timeout=TIMEOUT)
        page.get_by_role("button", name="Back").click()
        expect(page.get_by_text(re.compile(r"Page 2 of"))).to_be_visible(timeout=TIMEOUT)
        idle(page)
        expect(page.locator('[data-testid="stMain"] [role="radiogroup"]')).to_have_count(
            len(framework.factors[1].statements), timeout=TIMEOUT
        )
        groups = page.locator('[data-testid="stMain"] [role="radiogroup"]')
        assert groups.count() == len(framework.factors[1].statements)
        for index in range(groups.count()):
            expect(groups.nth(index).get_by_role("radio").nth(choice)).to_be_checked()
        context.close()
    finally:
        restarted.stop()

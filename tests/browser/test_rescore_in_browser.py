"""A re-score in real browsers: the facilitator opens it from the live view, five participants re-score or
keep their answer on their own devices, and the factor is no longer split once it closes.

The round (its own database, so nothing else is in it): five people answer every question 2, except
governance, answered on all four statements 0 (P1), 1 (P2), 2 (P3), 4 (P4) and 4 (P5). Governance:
scores 0 1 2 4 4, median 2; 0, 4 and 4 are over a level from it, 3 of 5 = 60% > a quarter, so the room
is split on it and on nothing else. The re-score (governance, chosen to start with): P1 moves 0 -> 1, P4
and P5 4 -> 3; P2 and P3 keep their answers. Governance after: 1 1 2 3 3, median 2, nobody over a level
from it: broad agreement, scored on the second pass.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from assessment.framework import load_framework
from assessment.models import Answer, RoundInput
from assessment.results import score_round
from assessment.storage import Store
from assessment.workshop import questionnaire_steps
from tests.browser.conftest import LAPTOP, PHONE
from tests.browser.pages import open_page, settle, sign_in
from tests.browser.server import start_server

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
PIN = "1357"
GOVERNANCE = (0, 1, 2, 4, 4)
MOVES = {0: 1, 3: 3, 4: 3}  # P1 to 1, P4 and P5 to 3; P2 and P3 keep


def everything(framework, round_row, governance: int) -> list[Answer]:  # noqa: ANN001
    """Every question of the questionnaire answered 2, but governance's statements `governance`."""
    return [
        Answer(kind=step.kind, item_id=item, value=governance if step.key == "governance" else 2)
        for step in questionnaire_steps(framework, round_row)
        for item in step.items
    ]


@pytest.fixture
def rescore_room(browser, tmp_path):
    """(the server, its store, the round, the five resume codes) for the module's round."""
    url = f"sqlite:///{tmp_path / 'rescore.db'}"
    framework = load_framework()
    store = Store(url)
    spec = RoundInput(area="Rescoreshire", held_on=dt.date(2026, 3, 10), pin=PIN)
    round_row = store.rounds.open_round(spec, framework.version)
    codes = []
    for level in GOVERNANCE:
        participant, code = store.responses.join(round_row.id, "council")
        store.responses.save_answers(participant.id, everything(framework, round_row, level))
        store.responses.set_complete(participant.id)
        codes.append(code)
    server = start_server(url)
    yield server, store, round_row, codes
    server.stop()
    store.dispose()


def heading(page: Page, name: str):  # noqa: ANN201
    return page.get_by_role("heading", name=name, exact=True)


def open_device(browser, url: str, join_code: str, code: str, viewport: dict) -> Page:  # noqa: ANN001
    """A participant's own device opening their resume link: the re-score's first page."""
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(f"{url}/?join={join_code}&resume={code}")
    expect(heading(page, "Effective governance")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    return page


def test_five_re_score_three_move_and_governance_is_no_longer_split(rescore_room, browser):
    server, store, round_row, codes = rescore_room
    facilitator = browser.new_context(viewport=LAPTOP).new_page()
    open_page(facilitator, server.url, "workshop_facilitator")
    sign_in(facilitator, area="Rescoreshire", pin=PIN)
    expect(facilitator.get_by_text("The room is split on 1 of 8 factors: Effective governance.")).to_be_visible(
        timeout=TIMEOUT
    )
    chosen = facilitator.locator('[data-testid="stMultiSelect"]')
    expect(chosen).to_contain_text("Effective governance", timeout=TIMEOUT)  # the split factor, chosen to start with
    expect(facilitator.get_by_text("This will be re-score 1 of at most 3 (the second pass)")).to_be_visible(
        timeout=TIMEOUT
    )
    facilitator.get_by_role("button", name="Open a re-score").click()
    expect(
        facilitator.get_by_text("Re-score 1 of at most 3 (the second pass) is open on: Effective governance.")
    ).to_be_visible(timeout=TIMEOUT)

    devices = [
        open_device(browser, server.url, round_row.join_code, code, PHONE if n % 2 else LAPTOP)
        for n, code in enumerate(codes)
    ]
    mine = devices[3].get_by_text("Your answer before: 4 Embedded")
    expect(mine).to_have_count(4)  # P4's own answer to each statement
    expect(devices[3].get_by_text("2 Developing: 1 person")).to_be_visible()  # the room: counts only
    expect(devices[3].get_by_text("4 Embedded: 2 people")).to_be_visible()

    # A reload mid re-score comes back to the same page.
    expect(devices[1]).to_have_url(re.compile(r"rescore=2&step=1"))
    devices[1].reload()
    expect(heading(devices[1], "Effective governance")).to_be_visible(timeout=TIMEOUT)
    settle(devices[1])

    for person, device in enumerate(devices):
        if person in MOVES:
            for group in device.get_by_role("radiogroup").all():
                group.locator("label").nth(MOVES[person]).click()
            device.get_by_role("button", name="Save and next").click()
        else:
            device.get_by_role("button", name="Keep my answer").click()
        expect(device.get_by_text("Thank you, your re-score is saved.")).to_be_visible(timeout=TIMEOUT)
        settle(device)
    devices[0].reload()  # the page saying it is saved, again
    expect(devices[0].get_by_text("Thank you, your re-score is saved.")).to_be_visible(timeout=TIMEOUT)
    expect(devices[0]).to_have_url(re.compile(r"rescore=2&step=2"))

    progress = "Effective governance: 3 re-scored, 2 kept, 0 to do (of 5 people)"
    expect(facilitator.get_by_text(progress)).to_be_visible(timeout=TIMEOUT)  # it updates by itself
    facilitator.get_by_role("button", name="Close the re-score").click()
    expect(facilitator.get_by_text("This will be re-score 2 of at most 3 (the third pass)")).to_be_visible(
        timeout=TIMEOUT
    )
    settle(facilitator)
    expect(facilitator.get_by_text("The room is split on 1 of 8 factors")).to_have_count(0, timeout=TIMEOUT)
    expect(facilitator.get_by_text("The room broadly agrees on every factor scored so far.").first).to_be_visible()
    expect(facilitator.get_by_text("1 factor uses the second pass's scores.", exact=False).first).to_be_visible()

    governance = score_round(store, load_framework(), round_row.id).factors.loc["governance"]
    assert (governance["median"], governance["agreement"], governance["pass"]) == (2.0, "agreement", 2)
    for device in (facilitator, *devices):
        device.context.close()

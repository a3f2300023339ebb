"""The Board's decision in a real browser: the facilitator records it on the structural options page,
then sees it under the area dashboard's headline and on the results workbook's Decision sheet."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from assessment.sample import SAMPLE_PIN
from assessment.storage import Store
from tests.browser.pages import open_signed_in, wait_for_app
from tests.browser.server import serve_sample

pytestmark = pytest.mark.browser
TIMEOUT = 30_000
SENTENCE = "The partnership board decided on 19 March 2026 to adopt Option 2: Joint commissioning in targeted areas."


@pytest.fixture
def own_server(tmp_path):
    """The sample on a server of its own: recording a decision must not change what other tests see."""
    with serve_sample(tmp_path) as server:
        yield server, server.database_url


def go(page: Page, label: str, title: str) -> None:
    page.get_by_test_id("stSidebar").get_by_role("link", name=label).click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible(timeout=TIMEOUT)
    wait_for_app(page)


def test_a_decision_recorded_on_the_options_page_shows_on_the_dashboard_and_in_the_workbook(own_server, laptop):
    server, url = own_server
    # Brookmere's latest round (10 March 2026) is finalised.
    open_signed_in(laptop, server.url, "options", area="Brookmere", pin=SAMPLE_PIN)
    laptop.get_by_role("tab", name="The Board's decision").click()
    expect(laptop.get_by_text("No decision has been recorded for this round yet.")).to_be_visible(timeout=TIMEOUT)

    laptop.get_by_role("combobox", name="Option the Board chose").click()
    laptop.get_by_role("option", name="Option 2: Joint commissioning in targeted areas").click()
    for part, typed in (("day", "19"), ("month", "03"), ("year", "2026")):
        laptop.get_by_role("spinbutton", name=f"{part}, Date of the decision").click()
        laptop.keyboard.type(typed)
    laptop.get_by_label("Resolution, as worded in the minutes").fill("Option 2 was agreed.")
    laptop.get_by_role("button", name="Record the decision").click()
    expect(laptop.get_by_role("heading", name=SENTENCE)).to_be_visible(timeout=TIMEOUT)
    expect(laptop.get_by_text("The Board's decision is recorded.")).to_be_visible()

    store = Store(url)
    decision = store.decisions.current(5)
    store.dispose()
    assert (decision.option_id, decision.decided_on.isoformat(), decision.resolution) == (
        "targeted",
        "2026-03-19",
        "Option 2 was agreed.",
    )

    go(laptop, "Area dashboard", "Area dashboard")
    expect(laptop.get_by_text(SENTENCE)).to_be_visible(timeout=TIMEOUT)

    go(laptop, "Excel import and export", "Excel import and export")
    with laptop.expect_download() as download:
        laptop.get_by_role("button", name="Download the results workbook (.xlsx)").click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True)
    cells = {row[0]: row[1] for row in book["Decision"].iter_rows(values_only=True) if len(row) > 1 and row[0]}
    assert cells["Decision"] == SENTENCE
    assert cells["Resolution as worded"] == "Option 2 was agreed."

"""Agreeing scores in a real browser, item after item: the facilitator records the first item (a split
factor), the form moves on to the second by itself, records that, goes back with Previous and on with
Next; the progress line counts the agreed items, and the table of what was agreed shows the whole of a
long reason at 1366x768, wrapped, not cut off.

The sample's open round (Ashvale, 3 February 2026) has 8 factors, 8 continuum components and 3 priority
areas: 19 items. Effective governance is its only split factor, so it comes first; next comes An agreed
vision for the shape of the system (the widest spread of the others)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assessment.sample import SAMPLE_PIN
from tests.browser.pages import open_signed_in, settle
from tests.browser.server import serve_sample

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
WHY = (
    "The council and the ICB read the board's role differently; we agreed Developing because the written "
    "terms exist but decisions still go round the board, as the minutes of March and June both show."
)
UNCERTAIN = "The executive's role is still read two ways until the new terms of reference are signed."


@pytest.fixture(scope="module")
def own_sample(tmp_path_factory):
    """The app with the sample in a database of its own (this test records consensus in it)."""
    with serve_sample(tmp_path_factory.mktemp("consensus")) as server:
        yield server


def test_two_items_recorded_in_sequence_and_the_reason_shown_in_full(own_sample, laptop):
    open_signed_in(laptop, own_sample.url, "workshop_facilitator", area="Ashvale", pin=SAMPLE_PIN)
    laptop.get_by_role("tab", name="Agree scores").click()
    agree = laptop.get_by_role("tabpanel", name="Agree scores")
    expect(agree.get_by_text("0 of 19 agreed")).to_be_visible(timeout=TIMEOUT)
    expect(agree.get_by_text("Item 1 of 19")).to_be_visible(timeout=TIMEOUT)

    agree.get_by_role("radiogroup").get_by_text("2 Developing").click()
    agree.get_by_label("Why: the reason or evidence (optional)").fill(WHY)
    # The sample's governance is still split after its re-score, so the room says why it is uncertain.
    agree.get_by_label("Why is the room still uncertain? (required)").fill(UNCERTAIN)
    agree.get_by_role("button", name="Record the agreed value").click()
    expect(
        agree.get_by_text("Recorded Effective governance: 2 Developing. Next: An agreed vision for the shape")
    ).to_be_visible(timeout=TIMEOUT)
    expect(agree.get_by_text("1 of 19 agreed")).to_be_visible(timeout=TIMEOUT)
    expect(agree.get_by_text("Item 2 of 19")).to_be_visible(timeout=TIMEOUT)
    settle(laptop)

    agree.get_by_role("radiogroup").get_by_text("1 Emerging").click()
    agree.get_by_role("button", name="Record the agreed value").click()
    expect(agree.get_by_text("2 of 19 agreed")).to_be_visible(timeout=TIMEOUT)
    expect(agree.get_by_text("Item 3 of 19")).to_be_visible(timeout=TIMEOUT)
    settle(laptop)
    agree.get_by_role("button", name="Previous").click()
    expect(agree.get_by_text("Item 2 of 19")).to_be_visible(timeout=TIMEOUT)
    picker = agree.get_by_role("combobox", name="What is the room agreeing now?")
    expect(picker).to_have_value(
        "Factor: An agreed vision for the shape of the system (agreed: 1 Emerging)", timeout=TIMEOUT
    )
    settle(laptop)
    agree.get_by_role("button", name="Next").click()
    expect(agree.get_by_text("Item 3 of 19")).to_be_visible(timeout=TIMEOUT)
    settle(laptop)

    # The reason is in its cell in full: nothing scrolls or is clipped, and the cell is on the screen.
    cell = agree.get_by_test_id("stTable").locator("td", has_text="minutes of March and June both show.")
    expect(cell).to_have_count(1)
    cell.scroll_into_view_if_needed()
    fits = cell.evaluate(
        """td => {
            const box = td.getBoundingClientRect();
            const table = td.closest('[data-testid="stTable"]');
            return {
                cell: td.scrollWidth <= td.clientWidth && td.scrollHeight <= td.clientHeight,
                table: table.scrollWidth <= table.clientWidth,
                onScreen: box.left >= 0 && box.right <= window.innerWidth,
                text: td.innerText.trim(),
            };
        }"""
    )
    assert fits == {"cell": True, "table": True, "onScreen": True, "text": WHY}

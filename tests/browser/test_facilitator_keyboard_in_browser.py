"""The facilitator's journey with the keyboard alone, in a real browser (issue 16): sign in, pick a round,
see the live view, record what the room agreed on one item, and open the area dashboard, which shows the
same area and round. Once the page is open only page.keyboard is used (Tab, Shift+Tab, Enter, Space and
the arrow keys, and typing into a box), never a click or a fill by locator; the focus is visible on every
control it stops at."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from assessment.models import ItemKind
from assessment.sample import SAMPLE_PIN
from assessment.storage import Store
from tests.browser.pages import open_page
from tests.browser.server import serve_sample
from tests.browser.test_keyboard_in_browser import focused, is_button, settle, tab_until

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
WHY = "Agreed by keyboard"
# The option of an open select box that Enter would choose (the box points to it while its list is open).
HIGHLIGHTED = """() => {
  const id = document.activeElement && document.activeElement.getAttribute('aria-activedescendant');
  const option = id && document.getElementById(id);
  return option ? option.innerText.trim() : null;
}"""


def is_box(label: str):  # noqa: ANN201
    return lambda f: f["tag"] in {"INPUT", "TEXTAREA"} and f["aria"] == label


def is_tab(name: str):  # noqa: ANN201
    return lambda f: f["tag"] in {"BUTTON", "DIV"} and f["text"] == name  # a tab is a div with role tab


def is_link(name: str):  # noqa: ANN201
    return lambda f: f["tag"] == "A" and f["text"].endswith(name)  # after the icon's name


# True when the element the selector finds comes before the focused one on the page.
ABOVE_FOCUS = """(selector) => {
  const box = document.querySelector(selector);
  return !!box && (document.activeElement.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_PRECEDING) > 0;
}"""


def choose(page: Page, box: str, option: str) -> None:
    """Move to a select box, open it with the down arrow, go to the option with the arrows, press Enter."""
    if not is_box(box)(focused(page)):  # after a choice the focus stays on the box
        # As a person would: back up the page with Shift+Tab when the box is above the focus.
        selector = f'[data-testid="stMain"] input[aria-label="{box}"]'
        # The page may still be drawing after the last choice: a box not there yet is not "above".
        settle(page)
        page.wait_for_selector(selector, timeout=TIMEOUT)
        above = page.evaluate(ABOVE_FOCUS, selector)
        tab_until(page, is_box(box), f"the {box} box", key="Shift+Tab" if above else "Tab")
    assert focused(page)["visible"]
    page.keyboard.press("ArrowDown")  # opens the list on the chosen option
    for key in ["ArrowDown"] * 10 + ["ArrowUp"] * 10:
        if page.evaluate(HIGHLIGHTED) == option:
            break
        page.keyboard.press(key)
    assert page.evaluate(HIGHLIGHTED) == option
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("stMain").get_by_role("combobox", name=box)).to_have_value(option)
    settle(page)


@pytest.fixture(scope="module")
def own_sample(tmp_path_factory):
    """The sample in a database of its own: the Tab counts below depend on what the live view shows, which
    other tests change when they answer the shared sample's open round."""
    with serve_sample(tmp_path_factory.mktemp("keyboard")) as server:
        yield server


def test_a_facilitator_runs_the_workshop_with_the_keyboard_alone(own_sample, laptop):
    sample_server = own_sample
    store = Store(sample_server.database_url)
    area = next(a for a in store.rounds.list_areas() if a.name == "Ashvale")
    first, second = store.rounds.list_rounds(area.id)  # the sample's Ashvale: finalised in 2025, open in 2026
    assert (first.status.value, second.status.value) == ("finalised", "open")
    page = laptop
    open_page(page, sample_server.url, "workshop_facilitator")
    settle(page)

    # Sign in: the area's name and the PIN typed, Enter sends the form.
    assert tab_until(page, is_box("Area or partnership"), "the area box")["visible"]
    page.keyboard.type("Ashvale")
    assert tab_until(page, is_box("PIN"), "the PIN box", limit=3)["visible"]
    page.keyboard.type(SAMPLE_PIN)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Run the workshop", level=1)).to_be_visible(timeout=TIMEOUT)
    settle(page)

    # Pick the older round, then the open one: each choice goes into the address.
    choose(page, "Round", "Self-analysis workshop 1 (4 February 2025), finalised")
    expect(page).to_have_url(re.compile(rf"area=Ashvale&round={first.id}$"), timeout=TIMEOUT)
    choose(page, "Round", "Self-analysis workshop 2 (3 February 2026), open")
    expect(page).to_have_url(re.compile(rf"area=Ashvale&round={second.id}$"), timeout=TIMEOUT)

    # The live view is the first tab; the arrow keys move to 'Agree scores'.
    expect(page.get_by_text("Updates by itself every 5 seconds while the round is open.")).to_be_visible()
    assert tab_until(page, is_tab("Live results"), "the Live results tab")["visible"]
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    settle(page)
    expect(page.get_by_role("tab", name="Agree scores")).to_have_attribute("aria-selected", "true")

    # Record the first item on the list: the choice after the one proposed, a reason typed, Enter.
    choice = tab_until(page, lambda f: f["type"] == "radio", "the agreed value")
    assert choice["visible"], choice
    page.keyboard.press("ArrowDown")
    choice = focused(page)
    assert choice["checked"] and choice["visible"], choice
    agreed = float(choice["text"].split()[0])
    assert tab_until(page, is_box("Why: the reason or evidence (optional)"), "the reason box", limit=3)["visible"]
    page.keyboard.type(WHY)
    page.keyboard.press("Tab")
    if focused(page)["tag"] == "TEXTAREA":  # a factor still split after a re-score asks why (required)
        page.keyboard.type("Still split after the re-score")
    button = focused(page)
    if not is_button("Record the agreed value")(button):
        button = tab_until(page, is_button("Record the agreed value"), "the record button", limit=5)
    assert button["visible"], button
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"^Recorded "))).to_be_visible(timeout=TIMEOUT)
    settle(page)
    recorded = [r for r in store.consensus.for_round(second.id).values() if r.rationale == WHY]
    assert [(r.kind, r.value) for r in recorded] == [(ItemKind.FACTOR, agreed)]

    # On to the menu's link to the area dashboard (forward from the top when the page was drawn afresh,
    # else back up the page): the same area and round open there.
    key = "Tab" if focused(page)["tag"] == "BODY" else "Shift+Tab"
    assert tab_until(page, is_link("Area dashboard"), "the dashboard link", key=key, limit=200)["visible"]
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Area dashboard", level=1)).to_be_visible(timeout=TIMEOUT)
    expect(page).to_have_url(re.compile(rf"/area_dashboard\?area=Ashvale&round={second.id}$"), timeout=TIMEOUT)
    store.dispose()

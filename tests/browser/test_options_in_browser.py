"""The options, development plan and option-scoring pages in a real browser: they render and pass axe."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import axe_violations, open_signed_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["options", "development_plan"])
def test_option_and_plan_pages_have_no_wcag_violations(sample_server, laptop, path):
    open_signed_in(laptop, sample_server.url, path)
    laptop.wait_for_timeout(2500)  # let charts and tables finish drawing
    violations = axe_violations(laptop)
    assert [(v["id"], v["help"], len(v["nodes"])) for v in violations] == []


def test_options_page_shows_the_option_cards_side_by_side(sample_server, laptop):
    open_signed_in(laptop, sample_server.url, "options")
    expect(laptop.get_by_text("Option 2: Joint commissioning in targeted areas").first).to_be_visible(timeout=30_000)
    expect(laptop.get_by_role("heading", name="Governance and executive functions")).to_be_visible()

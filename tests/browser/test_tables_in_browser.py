"""The results tables read in full on a laptop: no table on the dashboard, compare areas, the options
page, the development plan or the facilitator's live view needs scrolling sideways, so no column runs
off the table's right-hand edge (a factor's heading may be shortened; its tooltip gives the full name).

Streamlit draws a table on a canvas, sizing each column to its heading and figures; the canvas sits in
a scrolling box (glide's .dvn-scroller) that is wider inside than out exactly when columns run off the
right-hand edge. That is the measure: its scrollWidth against its clientWidth."""

import pytest

from assessment.sample import SAMPLE_PIN
from tests.browser.pages import open_signed_in, wait_for_skeletons

pytestmark = pytest.mark.browser

DASHBOARD_TABS = ["Success factors", "Continuum detail", "Agreement", "By partner type", "Trend"]
COMPARE_TABS = ["Side by side", "Radar", "Heatmap", "On the continuum", "Benchmarks"]
OPTIONS_TABS = ["Readiness and step change", "Weighted appraisal"]
# The development plan has no tabs: the whole page (Ashvale's round, with the previous round's actions).
PLAN = [None]
# The facilitator's live view of the sample's open round (Ashvale's newest), with the area's PIN.
LIVE_TABS = ["Live results"]

OVERFLOWING = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stDataFrame"]')]
    .map(table => [table, table.querySelector('.dvn-scroller')])
    .filter(([table, box]) => box && box.clientWidth > 0)
    .map(([table, box]) => ({
        first: table.querySelector('th') ? table.querySelector('th').innerText.trim() : '?',
        inside: box.scrollWidth, outside: box.clientWidth,
    }))"""


def tables_after_opening(page, tab: str | None) -> list[dict]:
    """Open the tab (None: the page has none) and every expander in it; each drawn table's first heading
    and widths inside and out."""
    panel = '[data-testid="stMain"]'
    if tab is not None:
        page.get_by_role("tab", name=tab).click()
        panel += ' [role="tabpanel"]:visible'
    page.locator(f'{panel} [data-testid="stDataFrame"], {panel} summary').first.wait_for(timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    for summary in page.locator('[data-testid="stMain"] summary').all():
        opened = summary.evaluate("s => s.parentElement.open")
        if summary.is_visible() and not opened:
            summary.click()
    wait_for_skeletons(page)
    for table in page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').all():
        if table.is_visible():
            table.scroll_into_view_if_needed()
            table.locator(".dvn-scroller").wait_for(state="attached", timeout=30_000)
    page.wait_for_timeout(500)  # the canvas sizes its columns once the table is on screen
    return page.evaluate(OVERFLOWING)


@pytest.mark.parametrize(
    ("path", "tabs"),
    [
        ("", DASHBOARD_TABS),
        ("compare_areas", COMPARE_TABS),
        ("options", OPTIONS_TABS),
        ("development_plan", PLAN),
        ("workshop_facilitator", LIVE_TABS),
    ],
)
def test_every_table_fits_a_laptop_screen_without_scrolling_sideways(sample_server, laptop, path, tabs):
    how = {"area": "Ashvale", "pin": SAMPLE_PIN} if path == "workshop_facilitator" else {}
    open_signed_in(laptop, sample_server.url, path, **how)
    for tab in tabs:
        tables = tables_after_opening(laptop, tab)
        assert tables, f"no table drawn on {path or 'the dashboard'}, tab {tab}"
        cut_off = [t for t in tables if t["inside"] > t["outside"]]
        assert cut_off == [], f"tables running off the right-hand edge on {path or 'the dashboard'}, tab {tab}"

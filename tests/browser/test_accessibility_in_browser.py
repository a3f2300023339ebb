"""axe-core finds no WCAG 2.2 AA failures on any page of the app, nor in the main states of a workshop:
the PIN gate, the facilitator's live view and its tabs, each chart of presentation mode, the tabs of the
dashboard, Compare areas and Structural options, and each kind of step a participant sees."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from assessment.sample import SAMPLE_PIN
from assessment.storage import Store
from tests.browser.pages import axe_violations, open_page, open_signed_in, sign_in, wait_for_skeletons
from tests.browser.pages import settle as settle_after

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
PAGES = [
    "workshop_setup",
    "workshop_facilitator",
    "workshop_presentation",
    "join",
    "",
    "compare_areas",
    "options",
    "development_plan",
    "excel",
    "about",
    "accessibility",
]
PHONE_PAGES = ["", "join", "workshop_setup", "compare_areas", "options", "development_plan"]
SLIDES = [
    "Who has answered",
    "The success factors",
    "The continuum by component",
    "The continuum by priority area",
    "How the room moved",
    "The agreed scores",
    "Summary",
]


def problems(page: Page) -> list[tuple[str, str, int]]:
    """axe's violations on the page now, after charts and tables have had a moment to draw."""
    page.wait_for_timeout(1500)
    return [(v["id"], v["help"], len(v["nodes"])) for v in axe_violations(page)]


def settle(page: Page) -> None:
    """pages.settle, with a longer pause for this page's slower runs."""
    settle_after(page, pause_ms=200)


def enter_pin(page: Page) -> None:
    """Sign in with the facilitator PIN of the sample's open round (Ashvale's newest)."""
    sign_in(page, area="Ashvale", pin=SAMPLE_PIN)
    settle(page)


OPEN_PAGES = {"join", "about", "accessibility"}


def open_any(page: Page, base_url: str, path: str) -> None:
    """Open a page, signing in with the sample's passphrase where the page asks first."""
    if path in OPEN_PAGES:
        open_page(page, base_url, path)
    else:
        open_signed_in(page, base_url, path)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_no_wcag_violations_on_a_laptop(sample_server, laptop, path):
    open_any(laptop, sample_server.url, path)
    assert problems(laptop) == []


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_main_pages_have_no_wcag_violations_on_a_phone(sample_server, phone, path):
    open_any(phone, sample_server.url, path)
    assert problems(phone) == []


@pytest.mark.parametrize("tab", ["Facilitator PIN", "Programme passphrase"])
def test_the_sign_in_has_no_wcag_violations(sample_server, laptop, phone, tab):
    for page in (laptop, phone):
        open_page(page, sample_server.url, "")
        page.get_by_role("tab", name=tab).click()
        settle(page)
        assert (tab, problems(page)) == (tab, [])


def test_every_dashboard_tab_has_no_wcag_violations(sample_server, laptop):
    open_signed_in(laptop, sample_server.url, "")
    for tab in ["Success factors", "Continuum detail", "Agreement", "By partner type", "Trend"]:
        laptop.get_by_role("tab", name=tab).click()
        settle(laptop)
        assert (tab, problems(laptop)) == (tab, [])


def test_the_facilitator_view_behind_the_pin_has_no_wcag_violations(sample_server, laptop):
    open_page(laptop, sample_server.url, "workshop_facilitator")
    enter_pin(laptop)
    for tab in ["Live results", "Agree scores", "Close and finalise"]:
        laptop.get_by_role("tab", name=tab).click()
        settle(laptop)
        assert (tab, problems(laptop)) == (tab, [])


def test_every_kind_of_participant_step_has_no_wcag_violations(sample_server, phone):
    store = Store(sample_server.database_url)
    open_round = next(
        r for a in store.rounds.list_areas() for r in store.rounds.list_rounds(a.id) if r.status.value == "open"
    )
    store.dispose()
    open_page(phone, sample_server.url, f"?join={open_round.join_code}")
    assert ("about you", problems(phone)) == ("about you", [])
    phone.get_by_role("radiogroup").locator("label").first.click()
    phone.get_by_role("button", name="Start").click()
    expect(phone.get_by_text("Your resume code is")).to_be_visible(timeout=TIMEOUT)
    settle(phone)
    assert ("first factor", problems(phone)) == ("first factor", [])
    while not phone.get_by_role("heading", name="Check and submit").is_visible():
        heading = phone.get_by_role("heading", level=2).first.inner_text()
        if heading.startswith("Continuum"):
            assert (heading, problems(phone)) == (heading, [])
        phone.get_by_role("button", name="Save and next").click()
        expect(phone.get_by_role("heading", level=2).first).not_to_have_text(heading, timeout=TIMEOUT)
        settle(phone)
    assert ("check and submit", problems(phone)) == ("check and submit", [])


@pytest.mark.parametrize(
    ("path", "tabs"),
    [
        ("compare_areas", ["Side by side", "Radar", "Heatmap", "On the continuum", "Benchmarks"]),
        (
            "options",
            [
                "Compare the options",
                "Readiness and step change",
                "Weighted appraisal",
                "Mix and match",
                "Recommendation",
            ],
        ),
    ],
)
def test_every_tab_of_the_results_pages_has_no_wcag_violations(sample_server, laptop, path, tabs):
    open_signed_in(laptop, sample_server.url, path)
    for tab in tabs:
        laptop.get_by_role("tab", name=tab).click()
        settle(laptop)
        assert (tab, problems(laptop)) == (tab, [])


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_each_chart_of_presentation_mode_has_no_wcag_violations(sample_server, request, size):
    page = request.getfixturevalue(size)
    open_page(page, sample_server.url, "workshop_presentation")
    enter_pin(page)
    for slide in SLIDES:
        expect(page.get_by_role("heading", level=1, name=slide)).to_be_visible(timeout=TIMEOUT)
        settle(page)
        assert (slide, problems(page)) == (slide, [])
        if slide != SLIDES[-1]:
            page.get_by_role("button", name="Next").click()


# Every chart in the main area (in the open tab), each with whether a table (a data frame, open or inside
# a closed expander) follows it before the next chart: the table view a screen reader reads instead.
CHARTS_AND_TABLES = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const shown = el => { const tab = el.closest('[data-testid="stTabPanel"]'); return !tab || tab.offsetParent !== null; };
  const found = [...main.querySelectorAll('[data-testid="stPlotlyChart"], [data-testid="stDataFrame"], [data-testid="stTable"]')]
    .filter(shown);
  const charts = [];
  found.forEach((el, i) => {
    if (el.dataset.testid !== 'stPlotlyChart') return;
    const next = found.slice(i + 1).find(e => e.dataset.testid === 'stPlotlyChart');
    const tables = found.slice(i + 1, next ? found.indexOf(next) : found.length);
    charts.push({chart: charts.length + 1, table: tables.length > 0});
  });
  return charts;
}"""
CHART_STATES = [
    ("", ["Success factors", "Continuum detail", "Agreement", "By partner type", "Trend"]),
    ("compare_areas", ["Radar", "Heatmap", "On the continuum"]),
    ("options", ["Readiness and step change", "Weighted appraisal"]),
]


def charts_and_tables(page: Page) -> list[dict]:
    """Each chart on the page now, and whether a table view follows it."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stPlotlyChart] svg')]"
        ".some(svg => svg.closest('[data-testid=stTabPanel]')?.offsetParent !== null)",
        timeout=TIMEOUT,
    )
    wait_for_skeletons(page)
    page.wait_for_timeout(1000)
    return page.evaluate(CHARTS_AND_TABLES)


@pytest.mark.parametrize(("path", "tabs"), CHART_STATES)
def test_every_chart_of_the_results_pages_has_a_table_view(sample_server, laptop, path, tabs):
    open_signed_in(laptop, sample_server.url, path)
    for tab in tabs:
        laptop.get_by_role("tab", name=tab).click()
        settle(laptop)
        if tab == "Weighted appraisal":  # the sample's Board has not scored, so rank on the room's scores
            laptop.get_by_role("radiogroup", name="Rank the options on").get_by_text("The room's median").click()
            settle(laptop)
        charts = charts_and_tables(laptop)
        assert charts, f"{path} {tab}: no chart drawn"
        assert (tab, [c for c in charts if not c["table"]]) == (tab, [])


def test_every_chart_of_the_live_view_has_a_table_view(sample_server, laptop):
    open_page(laptop, sample_server.url, "workshop_facilitator")
    enter_pin(laptop)
    charts = charts_and_tables(laptop)
    assert len(charts) == 3  # the factors' strip and the continuum by component and by priority area
    assert [c for c in charts if not c["table"]] == []

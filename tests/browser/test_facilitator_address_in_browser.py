"""The facilitator's address in a real browser (issue 16): the area and round are in the page's address,
so a reload returns to them without asking for the PIN again, and a results link sent to a Board member
asks them to sign in to that area and then shows that round."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assessment.sample import SAMPLE_PIN
from tests.browser.pages import open_page, open_select, sign_in, wait_for_app

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
# The sample's rounds, numbered as they are loaded: Brookmere's are 3, 4 and 5, Calderwick's 6, 7 and 8.
BROOKMERE_SECOND = "Self-analysis workshop 2 (11 March 2025), finalised"
CALDERWICK_FIRST = "Self-analysis workshop 1 (23 January 2024), finalised"


def picker(page, name: str):  # noqa: ANN001, ANN201
    return page.get_by_test_id("stMain").get_by_role("combobox", name=name)


def test_a_reload_returns_to_the_chosen_round_without_asking_for_the_pin(sample_server, laptop):
    open_page(laptop, sample_server.url, "workshop_facilitator")
    sign_in(laptop, area="Brookmere", pin=SAMPLE_PIN)
    expect(picker(laptop, "Area")).to_have_value("Brookmere (illustrative)", timeout=TIMEOUT)
    open_select(laptop, picker(laptop, "Round"))
    laptop.get_by_role("option", name=BROOKMERE_SECOND).click()
    expect(laptop).to_have_url(re.compile(r"/workshop_facilitator\?area=Brookmere&round=4$"), timeout=TIMEOUT)
    # The browser keeps the sign-in once the page's script has written its cookie (a moment after
    # signing in; on a loaded machine later than the round's choice).
    laptop.wait_for_function("() => document.cookie.includes('facilitator_sign_in=')", timeout=TIMEOUT)

    laptop.reload()
    wait_for_app(laptop)
    expect(laptop.get_by_role("heading", name="Run the workshop", level=1)).to_be_visible(timeout=TIMEOUT)
    expect(picker(laptop, "Area")).to_have_value("Brookmere (illustrative)", timeout=TIMEOUT)
    expect(picker(laptop, "Round")).to_have_value(BROOKMERE_SECOND)
    assert laptop.get_by_role("heading", name="Sign in").count() == 0


def test_a_results_link_asks_for_that_areas_pin_then_shows_that_round(sample_server, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768})  # a Board member's own browser
    page = context.new_page()
    try:
        open_page(page, sample_server.url, "area_dashboard?area=Calderwick&round=6")
        expect(page.get_by_role("heading", name="Sign in to Calderwick", level=1)).to_be_visible()
        expect(page.get_by_label("Area or partnership")).to_have_value("Calderwick")
        page.get_by_label("PIN", exact=True).fill(SAMPLE_PIN)
        page.get_by_role("button", name="Open the area").click()
        expect(page.get_by_role("heading", name="Area dashboard", level=1)).to_be_visible(timeout=TIMEOUT)
        expect(picker(page, "Area")).to_have_value("Calderwick (illustrative)", timeout=TIMEOUT)
        expect(picker(page, "Round")).to_have_value(CALDERWICK_FIRST)
        assert page.url.endswith("/area_dashboard?area=Calderwick&round=6")
    finally:
        context.close()


@pytest.mark.parametrize("path", ["area_dashboard", "options", "development_plan", "excel", "workshop_presentation"])
def test_every_results_address_opens_its_page_when_typed(sample_server, laptop, path):
    open_page(laptop, sample_server.url, f"{path}?area=Brookmere&round=3")
    sign_in(laptop, area="Brookmere", pin=SAMPLE_PIN)
    assert laptop.get_by_text("Page not found").count() == 0
    assert laptop.url.endswith(f"/{path}?area=Brookmere&round=3")


def test_after_signing_out_a_reload_asks_for_the_pin_again(sample_server, laptop):
    open_page(laptop, sample_server.url, "area_dashboard?area=Brookmere&round=3")
    sign_in(laptop, area="Brookmere", pin=SAMPLE_PIN)
    laptop.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    expect(laptop.get_by_role("heading", name="Sign in to Brookmere", level=1)).to_be_visible(timeout=TIMEOUT)
    laptop.wait_for_timeout(1000)  # the browser forgets the kept sign-in as the sign-in page is drawn
    laptop.reload()
    wait_for_app(laptop)
    expect(laptop.get_by_role("heading", name="Sign in to Brookmere", level=1)).to_be_visible(timeout=TIMEOUT)
    assert [c for c in laptop.context.cookies() if c["name"] == "facilitator_sign_in" and c["value"]] == []

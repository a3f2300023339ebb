"""Helpers for driving Streamlit pages in Playwright."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect


def wait_for_app(page: Page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script (no 'running' indicator, app rendered)."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelector('[data-testid=\"stMain\"] h1')",
        timeout=timeout,
    )


def settle(page: Page, pause_ms: float = 100, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished the current run (its running indicator is gone), after a pause
    long enough for a click's run to have begun."""
    page.wait_for_timeout(pause_ms)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)


def idle(page: Page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished the current run and no element is stale (stale elements are
    inert while it runs), then a moment for the page to take its new state."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-stale=\"true\"]')",
        timeout=timeout,
    )
    page.wait_for_timeout(300)


def join_as_council(page: Page, base_url: str, join_code: str, timeout: float = 30_000) -> str:
    """Join a round through the real page as a council participant; returns the resume code from the
    address."""
    page.goto(f"{base_url}/?join={join_code}")
    expect(page.get_by_role("heading", name="About you")).to_be_visible(timeout=timeout)
    idle(page, timeout)
    page.get_by_role("radiogroup").first.locator("label").first.click()
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_text("Your resume code is")).to_be_visible(timeout=timeout)
    page.wait_for_function("() => new URLSearchParams(location.search).get('resume')", timeout=timeout)
    return parse_qs(urlparse(page.url).query)["resume"][0]


def open_page(page: Page, base_url: str, path: str = "") -> None:
    """Go to one of the app's pages and wait for it to render."""
    page.goto(f"{base_url}/{path}")
    wait_for_app(page)


def wait_for_skeletons(page: Page, timeout: float = 30_000) -> None:
    """Wait until no element is still a loading placeholder. Streamlit draws a grey skeleton while a
    widget's code loads; a sidebar of skeletons is scrollable with nothing in it to focus yet, which
    axe reports (scrollable-region-focusable) though no one can use the page in that instant."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout)


def axe_violations(page: Page) -> list[dict]:
    """axe-core's WCAG 2.2 AA violations on the page once it has settled.

    A page still drawing (a cold server's first run, charts loading) can show a passing state that no
    one sees for long, so a page with violations is checked once more after it has settled; what
    remains then is reported. Loading placeholders are waited out first (wait_for_skeletons)."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
    wait_for_skeletons(page)
    violations = Axe().run(page, options=options).response["violations"]
    if violations:
        page.wait_for_timeout(3000)
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
        wait_for_skeletons(page)
        violations = Axe().run(page, options=options).response["violations"]
    return violations


def sign_in(page: Page, *, area: str | None = None, pin: str | None = None, passphrase: str | None = None) -> None:
    """On the sign-in page, give a PIN of the area (or the programme passphrase), then wait for the page
    the sign-in stood in front of."""
    if passphrase is not None:
        tab = page.get_by_role("tab", name="Programme passphrase")
        box = page.get_by_role("textbox", name="Programme passphrase")
        tab.or_(box).first.wait_for(timeout=30_000)  # the form's widgets draw after its heading
        if tab.count():  # the full sign-in; a page only the passphrase opens asks for it alone
            tab.click()
        box.fill(passphrase)
        page.get_by_role("button", name="Open every area").click()
    else:
        page.get_by_label("Area or partnership").fill(area)
        page.get_by_label("PIN", exact=True).fill(pin)
        page.get_by_role("button", name="Open the area").click()
    page.wait_for_function(
        "() => { const h = document.querySelector('[data-testid=\"stMain\"] h1');"
        " return h && !['Sign in', 'Programme passphrase needed'].includes(h.innerText.trim()); }",
        timeout=30_000,
    )
    wait_for_app(page)


def open_select(page: Page, combobox, timeout: float = 30_000) -> None:
    """Open a select box's list and wait for its options. A page can still be finishing a rerun when
    the box is clicked, and a rerun that redraws the box closes its list: click again until it shows."""
    options = page.get_by_role("option")
    waited = 0.0
    while True:
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)
        combobox.click()
        try:
            options.first.wait_for(state="visible", timeout=3_000)
            return
        except Exception:
            waited += 3_000
            if waited >= timeout:
                raise
            page.keyboard.press("Escape")


def open_signed_in(page: Page, base_url: str, path: str = "", **how: str) -> None:
    """Go to a page in a new browser session and sign in (by default with the sample's programme
    passphrase; or area= and pin=): a page load is a new session, which has given nothing yet."""
    if not how:
        from assessment.sample import SAMPLE_PASSPHRASE

        how = {"passphrase": SAMPLE_PASSPHRASE}
    open_page(page, base_url, path)
    sign_in(page, **how)

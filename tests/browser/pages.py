"""Helpers for driving Streamlit pages in Playwright."""

from __future__ import annotations

from playwright.sync_api import Page


def wait_for_app(page: Page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script (no 'running' indicator, app rendered)."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelector('[data-testid=\"stMain\"] h1')",
        timeout=timeout,
    )


def open_page(page: Page, base_url: str, path: str = "") -> None:
    """Go to one of the app's pages and wait for it to render."""
    page.goto(f"{base_url}/{path}")
    wait_for_app(page)


def axe_violations(page: Page) -> list[dict]:
    """axe-core's WCAG 2.2 AA violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
    results = Axe().run(page, options=options)
    return results.response["violations"]

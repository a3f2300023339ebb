"""Screenshots of every page of the app at laptop (1366x768) and phone (390x844) sizes.

Starts the real server on a free port with the illustrative sample in a fresh database, follows
every link of the sidebar menu, and writes docs/screenshots/<page>-<size>.png (`make screenshots`).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from assessment.framework import load_framework  # noqa: E402
from assessment.models import RoundStatus  # noqa: E402
from assessment.sample import SAMPLE_PASSPHRASE, SAMPLE_PIN, load_sample  # noqa: E402
from assessment.storage import Store  # noqa: E402
from tests.browser.pages import open_page, open_signed_in, sign_in, wait_for_app  # noqa: E402
from tests.browser.server import CHROMIUM_ARGS, chromium_path, start_server  # noqa: E402

SIZES = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


def page_paths(page) -> list[str]:  # noqa: ANN001
    """The URL paths of the pages linked from the sidebar menu."""
    links = page.locator('[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]')
    paths = []
    for index in range(links.count()):
        href = links.nth(index).get_attribute("href") or ""
        path = href.split("://", 1)[-1].split("/", 1)[-1] if "://" in href else href.lstrip("/")
        paths.append(path.split("?")[0])
    return list(dict.fromkeys(paths))


def _behind_the_pin(path: str) -> Callable[[Page, str, str], None]:
    """Open a facilitator page of the sample's open round and give its PIN."""

    def reach(page: Page, base_url: str, _join_code: str) -> None:
        open_signed_in(page, base_url, path, area="Ashvale", pin=SAMPLE_PIN)

    return reach


def _participant_step(page: Page, base_url: str, join_code: str) -> None:
    """Join the sample's open round as a participant and go to the first question."""
    open_page(page, base_url, f"?join={join_code}")
    page.get_by_role("radiogroup").locator("label").first.click()
    page.get_by_role("button", name="Start").click()
    page.get_by_text("Your resume code is").wait_for(timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)


def _sign_in_page(page: Page, base_url: str, _join_code: str) -> None:
    """The sign-in an anonymous visitor meets on every page but the join and help pages."""
    open_page(page, base_url, "")


# States a page's link alone does not show: name -> how to reach it.
STATES = {
    "sign-in": _sign_in_page,
    "workshop_facilitator-live": _behind_the_pin("workshop_facilitator"),
    "workshop_presentation-live": _behind_the_pin("workshop_presentation"),
    "join-first-question": _participant_step,
}


def main(out: Path = ROOT / "docs" / "screenshots") -> int:
    """Write the screenshots; returns 0."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'sample.db'}"
        store = Store(url)
        load_sample(store, load_framework())
        join_code = next(r.join_code for r in store.rounds.list_rounds() if r.status == RoundStatus.OPEN)
        store.dispose()
        server = start_server(url)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
                paths: list[str] = []
                for size, viewport in SIZES.items():
                    context = browser.new_context(viewport=viewport, device_scale_factor=1)
                    page = context.new_page()
                    open_signed_in(page, server.url)
                    paths = paths or page_paths(page)
                    for path in paths:
                        # A page load is a new browser session: sign in again where the page asks.
                        open_page(page, server.url, path)
                        if page.get_by_role("tab", name="Programme passphrase").count():
                            sign_in(page, passphrase=SAMPLE_PASSPHRASE)
                        elif page.get_by_role("button", name="Open every area").count():
                            page.get_by_role("textbox", name="Programme passphrase").fill(SAMPLE_PASSPHRASE)
                            page.get_by_role("button", name="Open every area").click()
                            wait_for_app(page)
                        page.wait_for_timeout(2000)
                        name = path or "home"
                        page.screenshot(path=str(out / f"{name}-{size}.png"), full_page=True)
                        print(f"wrote {name}-{size}.png")
                    for name, reach in STATES.items():
                        reach(page, server.url, join_code)
                        page.wait_for_timeout(2000)
                        page.screenshot(path=str(out / f"{name}-{size}.png"), full_page=True)
                        print(f"wrote {name}-{size}.png")
                    context.close()
                browser.close()
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

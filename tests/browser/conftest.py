"""Browser fixtures: the real server with the sample loaded, and Chromium driven by Playwright.

Without Chromium these tests skip and say how to enable them; under CI=true a missing browser fails.
"""

from __future__ import annotations

import os

import pytest

from tests.browser.server import CHROMIUM_ARGS, chromium_path, serve_sample

ENABLE_HINT = "install Chromium (apt-get install chromium) and playwright (requirements-dev.txt) to run browser tests"


def _require_browser() -> str:
    path = chromium_path()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        path = None
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium or playwright is missing under CI: {ENABLE_HINT}")
        pytest.skip(ENABLE_HINT)
    return path


@pytest.fixture(scope="session")
def browser():
    executable = _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def sample_server(tmp_path_factory):
    """The app on a free port with the illustrative sample in its own SQLite file."""
    _require_browser()
    with serve_sample(tmp_path_factory.mktemp("browser")) as server:
        yield server


LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def laptop(browser):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    yield page
    context.close()

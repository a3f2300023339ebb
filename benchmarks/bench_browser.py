"""Real-browser figures: cold start of the app to the dashboard headline, against a one-line app.

Both servers are started the same way (python -m streamlit run, headless, a free port) and timed
from process start to the text being visible in Chromium. Target: at most 1.5x.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assessment.framework import load_framework  # noqa: E402
from assessment.sample import load_sample  # noqa: E402
from assessment.store import Store  # noqa: E402
from tests.browser.server import CHROMIUM_ARGS, chromium_path, start_server  # noqa: E402

REPEATS = 3
ONE_LINE_APP = 'import streamlit as st\nst.title("Hello")\n'


def _cold_start(browser, script: str, database_url: str, visible_text: str) -> float:  # noqa: ANN001
    began = time.perf_counter()
    server = start_server(database_url, script=script)
    try:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(server.url)
        page.get_by_text(visible_text).first.wait_for(state="visible", timeout=60_000)
        elapsed = time.perf_counter() - began
        page.close()
        return elapsed
    finally:
        server.stop()


def main() -> None:
    """Print the cold-start ratio (app headline vs one-line app)."""
    if chromium_path() is None:
        print("browser benchmarks skipped: Chromium is not installed")
        return
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'sample.db'}"
        store = Store(url)
        load_sample(store, load_framework())
        store.dispose()
        baseline_script = Path(folder) / "one_line.py"
        baseline_script.write_text(ONE_LINE_APP, encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            ours, base = [], []
            for _ in range(REPEATS):
                base.append(_cold_start(browser, str(baseline_script), url, "Hello"))
                ours.append(_cold_start(browser, "app.py", url, "The partnership sits"))
            browser.close()
    ratio = statistics.median(ours) / statistics.median(base)
    print(f"cold start: app {statistics.median(ours):.2f} s, one-line app {statistics.median(base):.2f} s")
    print(f"cold_start_dashboard: ratio {ratio:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()

"""Real-browser figures: cold start of the app to its first page, against a one-line app.

A visitor's first page is the sign-in (every results page asks for a PIN or the programme passphrase
first), so the cold start is timed to the sign-in form; the time from giving the passphrase to the
dashboard's headline is printed beside it (reported, no target).

Both servers are started the same way (python -m streamlit run, headless, a free port) and timed
from process start to the text being visible in Chromium. Target: at most 1.5x.

Two readings of the same runs. The target is read at the first frame in which the page itself shows
the text (a check on every animation frame, injected before the page loads): what a person sees. The
second reading, when Playwright reports the text visible, is printed too but has no target:
Playwright checks again after waits of 0, 20, 100, 100 and then 500 ms, so text that appears more
than about 0.2 s after the page has loaded is reported up to half a second late; the one-line app's
text is there within that time, the dashboard's headline is not, so that reading favours the baseline.

The other browser figures are in bench_browser_*.py (`benchmarks/run.py bench_browser` runs them all).
"""

from __future__ import annotations

import json
import os
import time

from browser_common import FIRST_FRAME_WITH_TEXT, LAPTOP, TIMEOUT, chromium_with_sample, median, write_script

from assessment.sample import SAMPLE_PASSPHRASE
from tests.browser.server import start_server

REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
ONE_LINE_APP = 'import streamlit as st\nst.title("Hello")\n'
SIGN_IN = "Open the area"  # the sign-in form's button: the first page a visitor sees is drawn
HEADLINE = "The partnership sits"


def _cold_start(browser, script: str, database_url: str, visible_text: str) -> tuple[float, float, float | None]:  # noqa: ANN001
    """Seconds from process start to the text visible: as Playwright sees it, and in the page's first
    frame; and, for the app, from giving the passphrase to the dashboard's headline (None otherwise)."""
    began = time.time()
    server = start_server(database_url, script=script)
    try:
        page = browser.new_page(viewport=LAPTOP)
        page.add_init_script(FIRST_FRAME_WITH_TEXT % json.dumps(visible_text))
        page.goto(server.url)
        page.get_by_text(visible_text).first.wait_for(state="visible", timeout=TIMEOUT)
        elapsed = time.time() - began
        page.wait_for_function("() => window.__textSeenAt !== null", timeout=TIMEOUT)
        first_frame = page.evaluate("() => window.__textSeenAt") / 1000 - began
        signed_in = None
        if visible_text == SIGN_IN:
            page.get_by_role("tab", name="Programme passphrase").click()
            page.get_by_role("textbox", name="Programme passphrase").fill(SAMPLE_PASSPHRASE)
            clicked = time.time()
            page.get_by_role("button", name="Open every area").click()
            page.get_by_text(HEADLINE).first.wait_for(state="visible", timeout=TIMEOUT)
            signed_in = time.time() - clicked
        page.close()
        return elapsed, first_frame, signed_in
    finally:
        server.stop()


def main() -> None:
    """Print the cold-start ratio (app headline vs one-line app)."""
    with chromium_with_sample() as ready:
        if ready is None:
            return
        folder, url, browser = ready
        baseline_script = write_script(folder, "one_line.py", ONE_LINE_APP)
        ours, base = [], []
        for _ in range(REPEATS):
            base.append(_cold_start(browser, baseline_script, url, "Hello"))
            ours.append(_cold_start(browser, "app.py", url, SIGN_IN))
    seen, seen_base = median([o[0] for o in ours]), median([b[0] for b in base])
    frame, frame_base = median([o[1] for o in ours]), median([b[1] for b in base])
    print(
        f"cold start, first frame showing the text: app {frame:.2f} s, one-line app {frame_base:.2f} s "
        f"(medians of {REPEATS})"
    )
    print(f"cold_start_first_page: ratio {frame / frame_base:.2f}x (target <= 1.5x)")
    print(f"cold start, as Playwright's polling reports it: app {seen:.2f} s, one-line app {seen_base:.2f} s")
    print(f"cold_start_first_page_polled: ratio {seen / seen_base:.2f}x (reported, no target; see the docstring)")
    signed = median([o[2] for o in ours])
    print(f"sign-in to the dashboard headline (passphrase given): {signed:.2f} s median (reported, no target)")


if __name__ == "__main__":
    main()

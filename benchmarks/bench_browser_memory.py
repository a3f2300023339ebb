"""Real-browser figure: the server's resident memory with 1 and with 20 open participant sessions.

Each session is its own Chromium context that opens the join link of the sample's open round, says
which partner it comes from and starts the questionnaire, and stays open. Memory is the resident set
(VmRSS in /proc) of the server process and any children, read once the sessions have settled.
Baseline, in the same run: the one-line app with 1 and 20 plain sessions. Target: under 15 MB per
extra participant session.
"""

from __future__ import annotations

import gc
import time

from browser_common import PHONE, TIMEOUT, chromium_with_sample, open_round, rss_mb, settle, write_script

from tests.browser.server import start_server

SESSIONS = 20
ONE_LINE_APP = 'import streamlit as st\nst.title("Hello")\n'


def _participant(browser, url: str, join_code: str):  # noqa: ANN001, ANN202
    """A context that has joined the round and is on the first step of the questionnaire."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{url}/?join={join_code}")
    page.get_by_role("radiogroup").locator("label").first.click(timeout=TIMEOUT)
    page.get_by_role("button", name="Start").click()
    page.get_by_text("Your resume code is").wait_for(state="visible", timeout=TIMEOUT)
    settle(page)
    return context


def _plain(browser, url: str, _code: str):  # noqa: ANN001, ANN202
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(url)
    page.get_by_text("Hello").wait_for(state="visible", timeout=TIMEOUT)
    settle(page)
    return context


def _settled_rss(pid: int) -> float:
    """The server's RSS once it has had a moment to finish what the last session started."""
    gc.collect()
    time.sleep(3)
    return rss_mb(pid)


def _measure(browser, server, open_session, join_code: str) -> tuple[float, float]:  # noqa: ANN001
    """RSS in MB with 1 session open, then with SESSIONS open."""
    contexts = [open_session(browser, server.url, join_code)]
    one = _settled_rss(server.process.pid)
    for _ in range(SESSIONS - 1):
        contexts.append(open_session(browser, server.url, join_code))
    many = _settled_rss(server.process.pid)
    for context in contexts:
        context.close()
    return one, many


def main() -> None:
    """Print MB per extra participant session and the ratio to the one-line app's."""
    with chromium_with_sample() as ready:
        if ready is None:
            return
        folder, url, browser = ready
        join_code = open_round(url).join_code
        baseline_script = write_script(folder, "one_line.py", ONE_LINE_APP)
        app = start_server(url)
        try:
            ours = _measure(browser, app, _participant, join_code)
        finally:
            app.stop()
        baseline = start_server(url, script=baseline_script)
        try:
            base = _measure(browser, baseline, _plain, join_code)
        finally:
            baseline.stop()
    per, base_per = (ours[1] - ours[0]) / (SESSIONS - 1), (base[1] - base[0]) / (SESSIONS - 1)
    print(
        f"memory: app {ours[0]:.0f} MB with 1 participant session, {ours[1]:.0f} MB with {SESSIONS}, "
        f"{per:.2f} MB per extra session; one-line app {base[0]:.0f} MB with 1 session, {base[1]:.0f} MB "
        f"with {SESSIONS}, {base_per:.2f} MB per extra session"
    )
    verdict = "met" if per < 15 else "NOT met"
    # Both growths are small next to the noise of a Python heap, so their ratio can swing widely.
    ratio = f"{per / base_per:.2f}x" if base_per > 0 else "n/a (the one-line app did not grow)"
    print(f"memory_per_session: ratio {ratio} (target < 15 MB per extra session: {per:.2f} MB, {verdict})")
    print(f"memory_with_{SESSIONS}_sessions: ratio {ours[1] / base[1]:.2f}x (reported, no target)")


if __name__ == "__main__":
    main()

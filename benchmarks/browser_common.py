"""Shared by the bench_browser*.py figures: a sample database, baseline one-line apps, Chromium, timings
taken inside the page, and the server's resident memory.

Times inside the page are read on the first animation frame that shows the change (requestAnimationFrame
and performance.now()), so they do not depend on how often Playwright polls; the same helpers time the
app and its baseline.
"""

from __future__ import annotations

import base64
import os
import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from assessment.framework import load_framework  # noqa: E402
from assessment.sample import load_programme, load_sample  # noqa: E402
from assessment.storage import Store  # noqa: E402
from tests.browser.server import CHROMIUM_ARGS, chromium_path  # noqa: E402

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
TIMEOUT = 60_000

# Records when a click lands (capture phase, before Streamlit sees it), for click-to-render timings.
CLICK_CLOCK = """
window.__clickAt = null;
document.addEventListener('click', () => { window.__clickAt = performance.now(); }, true);
"""

# Watch, on every animation frame, for the first element matching `selector` to be visible with text
# other than `old`; the frame's time goes to window.__changedAt.
WATCH_CHANGE = """([selector, old]) => {
  window.__changedAt = null;
  const tick = () => {
    const el = document.querySelector(selector);
    if (el && el.textContent !== old && el.checkVisibility({visibilityProperty: true, opacityProperty: true})) {
      window.__changedAt = performance.now();
    } else {
      requestAnimationFrame(tick);
    }
  };
  tick();
}"""

# For cold starts: the wall-clock time (ms since the epoch) of the first frame showing `text`.
FIRST_FRAME_WITH_TEXT = """
window.__textSeenAt = null;
const __watchText = () => {
  const wanted = %s;
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (el && el.textContent.includes(wanted) && el.checkVisibility({visibilityProperty: true, opacityProperty: true})) {
      window.__textSeenAt = Date.now();
      return;
    }
  }
  requestAnimationFrame(__watchText);
};
requestAnimationFrame(__watchText);
"""


def sample_database(folder: Path | str, areas: int = 0) -> str:
    """A SQLite database in folder holding the illustrative sample, and a generated programme of `areas`
    finalised areas when areas > 0 (as bench_pages builds it); returns its URL."""
    url = f"sqlite:///{Path(folder) / 'sample.db'}"
    framework = load_framework()
    store = Store(url)
    load_sample(store, framework)
    if areas:
        load_programme(store, framework, areas=areas)
    store.dispose()
    return url


def open_round(url: str):  # noqa: ANN201
    """The sample's round that is open for answers (a RoundRow)."""
    store = Store(url)
    try:
        return next(r for r in store.rounds.list_rounds() if r.status.value == "open")
    finally:
        store.dispose()


def write_script(folder: Path | str, name: str, text: str) -> str:
    """Write a baseline app into folder; returns its path for start_server."""
    path = Path(folder) / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@contextmanager
def chromium_with_sample(areas: int = 0) -> Iterator[tuple[str, str, object] | None]:
    """(a temporary folder, the URL of a database in it holding the sample and `areas` generated areas,
    the system Chromium), all gone afterwards; None, said in a line, when Chromium is not installed."""
    if chromium_path() is None:
        print("browser benchmarks skipped: Chromium is not installed")
        yield None
        return
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield folder, sample_database(folder, areas), browser
        finally:
            browser.close()


def launch(playwright):  # noqa: ANN001, ANN201
    """The system Chromium, as the browser tests start it."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


def settle(page, timeout: float = TIMEOUT) -> None:  # noqa: ANN001
    """Wait until Streamlit has finished its current run (no 'running' indicator)."""
    page.wait_for_timeout(150)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)


def timed_click(page, button, watch_selector: str, timeout: float = TIMEOUT) -> float:  # noqa: ANN001
    """Click `button` and return the milliseconds from the click to the first frame in which the element
    matching watch_selector shows new text. The page must have CLICK_CLOCK installed."""
    old = page.locator(watch_selector).first.text_content()
    page.evaluate(WATCH_CHANGE, [watch_selector, old])
    button.click()
    page.wait_for_function("() => window.__changedAt !== null", timeout=timeout, polling=50)
    return page.evaluate("() => window.__changedAt - window.__clickAt")


class RunClock:
    """Script runs seen on a page's websocket, read from Chromium's own frame times (DevTools protocol):
    from the browser asking for a rerun to the server saying the run has finished, in seconds. With
    fragments=True only fragment reruns count, otherwise only whole-page ones. A run that ends in
    st.rerun() counts until the run after it finishes."""

    def __init__(self, context, page, *, fragments: bool = False) -> None:  # noqa: ANN001
        self.fragments = fragments
        self.durations: list[float] = []
        self._asked: float | None = None
        self._cdp = context.new_cdp_session(page)
        self._cdp.on("Network.webSocketFrameSent", self._sent)
        self._cdp.on("Network.webSocketFrameReceived", self._received)
        self._cdp.send("Network.enable")

    def _sent(self, event: dict) -> None:
        frame = event["response"]
        if frame.get("opcode") != 2:
            return
        message = BackMsg()
        message.ParseFromString(base64.b64decode(frame["payloadData"]))
        if message.WhichOneof("type") == "rerun_script" and bool(message.rerun_script.fragment_id) == self.fragments:
            self._asked = event["timestamp"]

    def _received(self, event: dict) -> None:
        frame = event["response"]
        if frame.get("opcode") != 2 or self._asked is None:
            return
        message = ForwardMsg()
        message.ParseFromString(base64.b64decode(frame["payloadData"]))
        done = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY if self.fragments else ForwardMsg.FINISHED_SUCCESSFULLY
        if message.WhichOneof("type") == "script_finished" and message.script_finished == done:
            self.durations.append(event["timestamp"] - self._asked)
            self._asked = None


def rss_mb(pid: int) -> float:
    """Resident memory of the process and all its descendants, in MB (from /proc)."""
    total_kb = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii") as status:
                total_kb += next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as children:
                    pending.extend(int(child) for child in children.read().split())
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue
    return total_kb / 1024


def median(values: list[float]) -> float:
    return statistics.median(values)

"""Real-browser figure: the facilitator's live view while 40 people re-score after discussion.

The sample's open round (Ashvale's newest) gets 40 more people with first answers, and then a re-scoring
pass on two success factors, opened through the Store as the facilitator's control would open it. The
facilitator page is open in Chromium behind the area's PIN, on the "Live results" tab, which reruns by
itself (a fragment, every few seconds). Meanwhile the 40 people go through the pass factor by factor, a
few seconds apart (and round again, changing their minds, for 40 seconds), each re-scoring a factor's
statements or keeping their answers, through the same Store calls the participant's re-score page makes. Reported: the live view's rerun time (median and 95th
percentile), from the browser asking for the fragment's rerun to the server saying it has finished (read
from Chromium's own websocket frame times), against the same for a one-line page whose fragment reruns by
itself, in the same run (bench_browser_live's baseline).
"""

from __future__ import annotations

import itertools
import random
import statistics
import threading
import time

from bench_browser_live import TABS, TICKING_APP, _ticking
from browser_common import LAPTOP, TIMEOUT, RunClock, chromium_with_sample, median, open_round, settle, write_script
from workshop_load import participant_steps

from assessment.framework import load_framework
from assessment.models import Answer, ItemKind
from assessment.sample import SAMPLE_PIN
from assessment.storage import Store
from tests.browser.server import start_server

PEOPLE = 40
FACTORS = ("governance", "vision")  # the pass re-scores these
STREAM_SECONDS = 40  # how long the re-scores keep coming: each person does a factor every few seconds
SETTLE_SECONDS = 6  # one more rerun sees the last re-scores
FEWEST_RERUNS = 8  # on a busy machine the live view reruns less often: wait (up to a minute) for this many


def _room(url: str, round_id: int) -> tuple[list[int], int]:
    """Give the round PEOPLE more people with every first answer, then open a pass on FACTORS through the
    Store; returns their participant ids and the pass's number."""
    framework = load_framework()
    store = Store(url)
    try:
        round_row = store.rounds.get_round(round_id)
        people = []
        for number in range(PEOPLE):
            joined, _code = store.responses.join(round_id, "council" if number % 2 else "nhs_commissioner")
            for batch in participant_steps(framework, round_row, number):
                store.responses.save_answers(joined.id, batch)
            store.responses.set_complete(joined.id)
            people.append(joined.id)
        opened = store.rescores.open(round_id, FACTORS, actor="benchmark", framework=framework)
        return people, opened.number
    finally:
        store.dispose()


def _stream_rescores(
    url: str, people: list[int], number: int, stop_at: float, saved: list[int], errors: list[BaseException]
) -> None:
    """A thread per person: every 2-6 seconds, until stop_at, they re-score the pass's next factor (every
    statement at 1, 2 or 3) or, one time in three, keep their answers to it; after the last factor they
    start again from the first, as people changing their minds while the room talks."""
    framework = load_framework()
    store = Store(url)
    lock = threading.Lock()

    def person(participant_id: int) -> None:
        chance = random.Random(participant_id)
        try:
            time.sleep(chance.uniform(0, 3))
            for step in itertools.count():
                if time.monotonic() > stop_at:
                    return
                factor_id = FACTORS[step % len(FACTORS)]
                if chance.random() < 1 / 3:
                    store.rescores.keep(participant_id, number, [factor_id])
                else:
                    batch = [
                        Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=chance.choice((1, 2, 3)))
                        for s in framework.factor(factor_id).statements
                    ]
                    store.rescores.save_answers(participant_id, number, batch)
                with lock:
                    saved.append(participant_id)
                time.sleep(chance.uniform(2, 6))
        except BaseException as exc:  # reported by the caller
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=person, args=(p,), daemon=True) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store.dispose()


def _facilitator(browser, server, people: list[int], number: int) -> tuple[list[float], int, int]:  # noqa: ANN001
    """Fragment rerun times (s) of the live view while the re-scores stream in, with the number of
    re-scores saved and of errors."""
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(f"{server.url}/workshop_facilitator")
    page.get_by_label("Area or partnership").fill("Ashvale")  # the sample's open round is Ashvale's newest
    page.get_by_label("PIN", exact=True).fill(SAMPLE_PIN)
    page.get_by_role("button", name="Open the area").click()
    page.get_by_text(TABS["Live results"]).wait_for(state="visible", timeout=TIMEOUT)
    settle(page)
    clock = RunClock(context, page, fragments=True)
    saved, errors = [], []
    stop_at = time.monotonic() + STREAM_SECONDS
    writer = threading.Thread(
        target=_stream_rescores, args=(server.database_url, people, number, stop_at, saved, errors)
    )
    writer.start()
    while writer.is_alive():
        page.wait_for_timeout(500)
    page.wait_for_timeout(SETTLE_SECONDS * 1000)
    deadline = time.monotonic() + 60
    while len(clock.durations) < FEWEST_RERUNS and time.monotonic() < deadline:
        page.wait_for_timeout(500)
    context.close()
    return clock.durations, len(saved), len(errors)


def main() -> None:
    """Print the live view's rerun time (median, 95th percentile) while 40 people re-score, and its
    ratio to a one-line page's self-rerunning fragment."""
    with chromium_with_sample() as ready:
        if ready is None:
            return
        folder, url, browser = ready
        round_id = open_round(url).id
        people, number = _room(url, round_id)
        baseline = start_server(url, script=write_script(folder, "ticking.py", TICKING_APP))
        try:
            base, _switches = _ticking(browser, baseline)
        finally:
            baseline.stop()
        app = start_server(url)
        try:
            reruns, saves, errors = _facilitator(browser, app, people, number)
        finally:
            app.stop()
    if len(reruns) < 2:
        print(f"live view while re-scoring: too few fragment reruns seen ({len(reruns)})")
        return
    rerun, p95 = median(reruns) * 1000, statistics.quantiles(reruns, n=20, method="inclusive")[-1] * 1000
    base_rerun = median(base) * 1000
    print(
        f"live view with {PEOPLE} re-scoring {len(FACTORS)} factors in pass {number} ({saves} re-scores or "
        f"keeps, {errors} errors in {STREAM_SECONDS} s): rerun median {rerun:.0f} ms, p95 {p95:.0f} ms, slowest "
        f"{max(reruns) * 1000:.0f} ms over {len(reruns)} reruns; one-line page's fragment {base_rerun:.0f} ms "
        f"(median of {len(base)})"
    )
    print(
        f"live_view_rescore_rerun: ratio {rerun / base_rerun:.2f}x median, {p95 / base_rerun:.2f}x p95 "
        f"(reported, no target; median {rerun:.0f} ms, p95 {p95:.0f} ms)"
    )


if __name__ == "__main__":
    main()

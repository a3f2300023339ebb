"""Real-browser figure: a participant's step, from the click on "Save and next" to the next step's
heading drawn, median over a full questionnaire, on a phone-sized Chromium page.

The participant opens the join link of the sample's open round, says which partner they come from,
then on every step picks an answer to each question and presses "Save and next" until "Check and
submit". Baseline, in the same run: a one-widget Streamlit page (a button that adds one to a counter
shown as text), click to the new text, timed the same way. Target: median under 300 ms; the ratio to
the baseline is reported. Also reported: click to the server's last run for the click finished (the
save, then the rerun that draws the next step), from Chromium's websocket frame times, for both.
"""

from __future__ import annotations

import os

from browser_common import (
    CLICK_CLOCK,
    PHONE,
    TIMEOUT,
    RunClock,
    chromium_with_sample,
    median,
    open_round,
    settle,
    timed_click,
    write_script,
)

from tests.browser.server import start_server

BASELINE_CLICKS = int(os.environ.get("BENCH_BASELINE_CLICKS", "15"))
COUNTER_APP = """import streamlit as st

st.session_state.setdefault("count", 0)
if st.button("Next"):
    st.session_state.count += 1
st.markdown(f"Count {st.session_state.count}")
"""
HEADING = '[data-testid="stMain"] h2'


def _questionnaire(browser, url: str, join_code: str) -> tuple[list[float], list[float], list[str]]:  # noqa: ANN001
    """Milliseconds per "Save and next" over a whole questionnaire, to the next heading drawn and (from
    the websocket) to the server's last run for the click finished, with the headings stepped from."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.add_init_script(CLICK_CLOCK)
    page.goto(f"{url}/?join={join_code}")
    page.get_by_role("radiogroup").locator("label").first.click(timeout=TIMEOUT)
    page.get_by_role("button", name="Start").click()
    page.get_by_text("Your resume code is").wait_for(state="visible", timeout=TIMEOUT)
    settle(page)
    clock = RunClock(context, page)
    times, headings = [], []
    while not page.get_by_role("heading", name="Check and submit").is_visible():
        headings.append(page.locator(HEADING).first.text_content())
        for group in page.get_by_role("radiogroup").all():
            options = group.locator("label")
            options.nth(min(2, options.count() - 1)).click()
        times.append(timed_click(page, page.get_by_role("button", name="Save and next"), HEADING))
        settle(page)
    context.close()
    return times, [d * 1000 for d in clock.durations], headings


def _counter(browser, url: str) -> tuple[list[float], list[float]]:  # noqa: ANN001
    """Milliseconds from a click on the counter's button to the new count drawn, and to the run finished."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.add_init_script(CLICK_CLOCK)
    page.goto(url)
    page.get_by_text("Count 0").wait_for(state="visible", timeout=TIMEOUT)
    settle(page)
    clock = RunClock(context, page)
    times = []
    for _ in range(BASELINE_CLICKS):
        times.append(timed_click(page, page.get_by_role("button", name="Next"), '[data-testid="stMarkdown"] p'))
        settle(page)
    context.close()
    return times, [d * 1000 for d in clock.durations]


def main() -> None:
    """Print the participant step's median and its ratio to the one-widget page."""
    with chromium_with_sample() as ready:
        if ready is None:
            return
        folder, url, browser = ready
        join_code = open_round(url).join_code
        counter_script = write_script(folder, "counter.py", COUNTER_APP)
        app = start_server(url)
        baseline = start_server(url, script=counter_script)
        try:
            _counter(browser, baseline.url)  # the first clicks load the page's code: not timed
            base, base_runs = _counter(browser, baseline.url)
            _questionnaire(browser, app.url, join_code)  # a first participant warms the server up
            ours, runs, headings = _questionnaire(browser, app.url, join_code)
        finally:
            app.stop()
            baseline.stop()
    step, base_step = median(ours), median(base)
    run, base_run = median(runs), median(base_runs)
    print(
        f"participant step: click to the next heading drawn, median {step:.0f} ms over {len(ours)} steps "
        f"({headings[0]} to the last), slowest {max(ours):.0f} ms; one-widget page {base_step:.0f} ms "
        f"(median of {len(base)} clicks)"
    )
    print(
        f"participant step: click to the server's run finished (the whole step sent), median {run:.0f} ms, "
        f"slowest {max(runs):.0f} ms; one-widget page {base_run:.0f} ms"
    )
    verdict = "met" if step < 300 else "NOT met"
    print(f"participant_step: ratio {step / base_step:.2f}x (target: median < 300 ms: {step:.0f} ms, {verdict})")
    print(f"participant_step_whole_run: ratio {run / base_run:.2f}x (reported, no target; median {run:.0f} ms)")


if __name__ == "__main__":
    main()

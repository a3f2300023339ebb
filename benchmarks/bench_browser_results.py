"""Real-browser figures for the results pages: from a click to the last chart drawn, against a bare
Streamlit page that draws the same charts and tables ready-made.

The database holds the illustrative sample and a generated programme of 150 finalised areas. For each
results page and each kind of click a person makes there (another area in the sidebar's picker, other
areas to compare, another tab), Chromium times, inside the page, the click and the last frame in which
a chart changed (for the development plan, which has no chart: a table), once the server has said its
run for the click is over, the charts the view shows are all there with their plot drawn (`.main-svg`),
and nothing has changed in them for a moment.

The floor, in the same run, is a bare page (written to a temporary folder, served by its own streamlit
server) that draws the same plotly figures and tables, made beforehand: the real page is run once per
view with AppTest against the same database and its figures and tables are taken from what it drew.
The bare page switches on the same kind of click (a sidebar select box, a multiselect, tabs that rerun
on change, inside a fragment where the real page has its tabs in one), so the ratio is what the app's
own work costs on top of what Streamlit and the browser need to draw those charts. Like the app
(ui/startup.py), the bare page freezes what it loaded once out of the garbage collector's way, or
Streamlit's full collection after every run would cost it some 50 ms the app does not pay. The two
pages are clicked in turn, so that a busy machine slows both alike. Target: at most 1.5x for every page.

Also printed for both pages (reported, no target), to say where a click's time goes: the time from the
click to the server's last message for it (in the page, when each websocket message arrives), and from
there to the last chart drawn; the server's run, from the browser asking for it to the server saying it
has finished (Chromium's websocket frame times); how many messages the server sent, and their size.

`python benchmarks/run.py bench_browser_results` runs it; BENCH_ONLY=<name> runs one change,
BENCH_CLICKS=<n> sets the timed clicks per page and change (default 16: on a shared two-core machine
a ratio over 10 clicks moved by as much as 0.9 from one run to the next).
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from browser_common import (
    CLICK_CLOCK,
    LAPTOP,
    ROOT,
    TIMEOUT,
    RunClock,
    chromium_with_sample,
    median,
    write_script,
)

from tests.browser.pages import open_signed_in
from tests.browser.server import start_server

AREAS = 150
CLICKS = int(os.environ.get("BENCH_CLICKS", "16"))  # timed clicks per page and change, after a warm-up
TARGET = 1.5
QUIET_MS = 750  # nothing drawn for this long after the run has finished: the view is complete
CHART = '[data-testid="stPlotlyChart"]'
TABLE = '[data-testid="stDataFrame"]'

# Installed before the page loads: when a chart or table (the selector the next timed click watches)
# is added or changes, the next frame's time goes to window.__lastDrawn.
WATCH_DRAWING = """
window.__drawnSelector = null;
window.__lastDrawn = null;
new MutationObserver((records) => {
  const selector = window.__drawnSelector;
  if (!selector) return;
  for (const record of records) {
    const target = record.target.nodeType === 1 ? record.target : record.target.parentElement;
    let hit = Boolean(target && target.closest(selector));
    for (const node of record.addedNodes) {
      if (hit) break;
      hit = node.nodeType === 1 && (node.matches(selector) || node.querySelector(selector) !== null);
    }
    if (hit && target.closest('[data-testid="stMain"]')) {
      requestAnimationFrame(() => { window.__lastDrawn = performance.now(); });
      return;
    }
  }
}).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""
# Installed before the page loads: when each message from the server arrives, in window.__messagesAt.
MESSAGE_CLOCK = """
window.__messagesAt = [];
window.WebSocket = class extends window.WebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener('message', () => window.__messagesAt.push(performance.now()));
  }
};
"""
# True once the run is over, the view's charts (tables) are all in the main area, each chart with its
# plot drawn, something was drawn after the click, and nothing has been drawn for `quiet` ms.
VIEW_DRAWN = """([selector, expected, quiet]) => {
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  const drawn = window.__lastDrawn;
  if (drawn === null || window.__clickAt === null || drawn < window.__clickAt) return false;
  const found = document.querySelectorAll('[data-testid="stMain"] ' + selector);
  if (found.length !== expected) return false;
  if (selector.includes('stPlotlyChart') && ![...found].every(el => el.querySelector('.main-svg'))) return false;
  return performance.now() - drawn > quiet;
}"""

# The floor: draws what the real page drew for the view the picker and the open tab name, ready-made.
BARE_PAGE = """
import gc
import pickle
from contextlib import nullcontext

import streamlit as st

st.set_page_config(layout="wide")


@st.cache_resource
def ready_made(path):
    with open(path, "rb") as file:
        made = pickle.load(file)
    gc.freeze()  # as ui/startup.py does: Streamlit's collection after every run then skips what lives on
    return made


made = ready_made(PATH)[st.query_params["view"]]
if made["picker"] == "area":
    choice = (st.sidebar.selectbox(made["label"], made["options"], key="picker"),)
else:
    choice = tuple(
        st.multiselect(made["label"], made["options"], default=made["default"], max_selections=6, key="picker")
    )


def draw(items):
    for item in items:
        if item[0] == "chart":
            _, figure, config, key = item
            st.plotly_chart(figure, config=config, key=key)
        else:
            _, frame, expander, editable, key = item
            with st.expander(expander) if expander else nullcontext():
                (st.data_editor if editable else st.dataframe)(frame, hide_index=True, key=key)


def sections(choice):
    tabs = st.tabs(made["tabs"], key="section", on_change="rerun")
    for tab, label in zip(tabs, made["tabs"]):
        if tab.open:
            with tab:
                draw(made["in_tab"].get((choice, label), []))


draw(made["top"].get(choice, []))
if made["tabs"]:
    (st.fragment(sections) if made["fragment"] else sections)(choice)
"""


@dataclass(frozen=True)
class Step:
    """One change a person makes: another area in the sidebar ("area"), an area added to or removed
    from the comparison ("add", "remove"), or another tab ("tab")."""

    kind: str
    value: str


@dataclass(frozen=True)
class Change:
    """A results page and the clicks timed on it: `setup` brings both pages to the starting view
    (untimed), then `cycle` repeats; the first pass through it warms both servers up."""

    name: str
    page: str  # the page's file in app_pages/, also its URL path
    picker: str  # "area": the sidebar's area picker; "areas": compare's multiselect
    cycle: tuple[Step, ...]
    setup: tuple[Step, ...] = ()
    tabs: tuple[str, ...] = ()
    tab_key: str = ""  # the tabs' session-state key (ui.state)
    fragment: bool = False  # the page's tabs are in a fragment: a tab click reruns only that
    watch: str = CHART


def after(step: Step, choice: tuple[str, ...], tab: str | None) -> tuple[tuple[str, ...], str | None]:
    """The view (areas shown, open tab) once the step is taken."""
    if step.kind == "tab":
        return choice, step.value
    if step.kind == "area":
        return (step.value,), tab
    if step.kind == "add":
        return (*choice, step.value), tab
    return tuple(name for name in choice if name != step.value), tab


def tab_steps(*labels: str) -> tuple[Step, ...]:
    return tuple(Step("tab", label) for label in labels)


def area_steps(*names: str) -> tuple[Step, ...]:
    return tuple(Step("area", name) for name in names)


DASHBOARD_TABS = ("Success factors", "Continuum detail", "Agreement", "By partner type", "Trend")
COMPARE_TABS = ("Side by side", "Radar", "Heatmap", "On the continuum", "Benchmarks")
OPTIONS_TABS = (
    "Compare the options",
    "Readiness and step change",
    "Weighted appraisal",
    "Mix and match",
    "Recommendation",
)


def changes() -> list[Change]:
    """Every results page with the clicks timed on it (tabs without a chart are left out of the cycles)."""
    from ui import state

    dashboard = {"page": "area_dashboard", "picker": "area", "tabs": DASHBOARD_TABS, "fragment": True}
    dashboard["tab_key"] = state.DASHBOARD_SECTION
    compare = {"page": "compare_areas", "picker": "areas", "tabs": COMPARE_TABS, "fragment": True}
    compare["tab_key"] = state.COMPARE_SECTION
    options = {"page": "options", "picker": "area", "tabs": OPTIONS_TABS, "tab_key": state.OPTIONS_SECTION}
    return [
        Change("area_dashboard_change_area", cycle=area_steps("Generated area 075", "Brookmere"), **dashboard),
        Change(
            "area_dashboard_change_tab",
            setup=area_steps("Brookmere"),
            cycle=tab_steps(*DASHBOARD_TABS[1:], DASHBOARD_TABS[0]),
            **dashboard,
        ),
        Change(
            "compare_areas_change_areas",
            setup=tab_steps("Heatmap"),
            cycle=(Step("add", "Generated area 075"), Step("remove", "Generated area 075")),
            **compare,
        ),
        Change("compare_areas_change_tab", cycle=tab_steps("Radar", "Heatmap", "On the continuum"), **compare),
        Change(
            "options_change_tab",
            # Dunmoor's round is one the Board has scored: its appraisal tab has charts
            setup=(*tab_steps("Readiness and step change"), *area_steps("Dunmoor")),
            cycle=tab_steps("Weighted appraisal", "Readiness and step change"),
            **options,
        ),
        Change(
            "options_change_area",
            setup=tab_steps("Readiness and step change"),
            cycle=area_steps("Brookmere", "Ashvale"),
            **options,
        ),
        Change(
            "development_plan_change_area",
            page="development_plan",
            picker="area",
            cycle=area_steps("Brookmere", "Ashvale"),
            watch=TABLE,
        ),
    ]


# -- the views, drawn once by the real page in AppTest --------------------------------------------------


@dataclass
class Views:
    """What one Change shows: the picker's labels and, per view, the charts and tables the real page
    drew (outside the tabs, and in the open tab), as the bare page reads them; and per view how many
    of the watched elements (charts, or tables) it shows."""

    made: dict
    labels: dict[str, str]  # area name: as the picker shows it
    first: tuple[str, ...]  # the areas the page shows first
    expected: dict[tuple, int] = field(default_factory=dict)


def _drawn(node, in_tab: bool, expander: str | None, top: list, tab: list) -> None:  # noqa: ANN001
    """Collect the charts and tables under an AppTest node, with the expander each is in."""
    import json

    import plotly.io
    from streamlit.testing.v1.element_tree import Block, Expander, Tab

    if isinstance(node, Block):
        in_tab = in_tab or isinstance(node, Tab)
        expander = node.label if isinstance(node, Expander) else expander
        for child in node.children.values():
            _drawn(child, in_tab, expander, top, tab)
        return
    if node.type == "plotly_chart":
        config = json.loads(node.proto.config) if node.proto.config else None
        item = ("chart", plotly.io.from_json(node.proto.spec, skip_invalid=True), config, node.key)
    elif node.type == "dataframe":
        item = ("table", node.value, expander, node.editing_mode != "read_only", node.key)
    else:
        return
    (tab if in_tab else top).append(item)


def _run_page(change: Change, area_ids: list[int], tab: str | None):  # noqa: ANN202
    """The real page run once in AppTest, signed in with the programme passphrase, showing those areas
    (the one picked, or those compared) and that tab."""
    from streamlit.testing.v1 import AppTest

    from assessment.access import Access
    from ui import state

    at = AppTest.from_file(str(ROOT / "app_pages" / f"{change.page}.py"), default_timeout=120)
    at.session_state[state.ACCESS] = Access(programme=True)
    if area_ids and change.picker == "area":
        at.session_state[state.AREA_ID] = area_ids[0]
    elif area_ids:
        at.session_state[state.COMPARE_AREAS] = area_ids
    if tab is not None:
        at.session_state[change.tab_key] = tab
    at.run()
    if at.exception:
        raise RuntimeError(f"{change.page}: the page failed: {at.exception}")
    return at


def _picker(change: Change, at) -> tuple[str, list[str], list[int]]:  # noqa: ANN001
    """The picker's label, its options as shown, and the area ids it has chosen."""
    from ui import state

    if change.picker == "area":
        box = at.sidebar.selectbox(key="round_picker_area")
        return box.label, list(box.options), [box.value]
    box = at.multiselect(key=state.COMPARE_AREAS)
    return box.label, list(box.options), list(box.value)


def _visited(change: Change, first: tuple[str, ...]) -> list[tuple[tuple[str, ...], str | None]]:
    """Every (areas, tab) view the change's clicks pass through, from the page's first view."""
    choice, tab = first, (change.tabs[0] if change.tabs else None)
    seen = [(choice, tab)]
    for step in change.setup + change.cycle:
        choice, tab = after(step, choice, tab)
        if (choice, tab) not in seen:
            seen.append((choice, tab))
    return seen


def build_views(change: Change, url: str) -> Views:
    """Run the real page in AppTest for every view the change passes through and keep what it drew."""
    from assessment.storage import Store

    store = Store(url)
    ids = {area.name: area.id for area in store.rounds.list_areas()}
    store.dispose()
    names = {area_id: name for name, area_id in ids.items()}
    first = _run_page(change, [], None)
    label, options, chosen = _picker(change, first)
    shown = {name: next(o for o in options if o == name or o.startswith(f"{name} (")) for name in ids}
    made = {
        "picker": change.picker,
        "label": label,
        "options": options,
        "default": [shown[names[i]] for i in chosen],
        "tabs": list(change.tabs),
        "fragment": change.fragment,
        "top": {},
        "in_tab": {},
    }
    views = Views(made, shown, tuple(names[i] for i in chosen))
    for index, (choice, tab) in enumerate(_visited(change, views.first)):
        at = _run_page(change, [ids[name] for name in choice], tab)
        if [names[i] for i in _picker(change, at)[2]] != list(choice):
            raise RuntimeError(f"{change.name}: the page did not show {choice}")
        top, in_tab = [], []
        _drawn(at.main, False, None, top, in_tab)
        key = tuple(shown[name] for name in choice)
        made["top"][key] = top
        made["in_tab"][(key, tab)] = in_tab
        kind = "chart" if change.watch == CHART else "table"
        views.expected[(choice, tab)] = sum(item[0] == kind for item in top + in_tab)
        if index and not views.expected[(choice, tab)]:  # a click's view: it must draw what is watched
            raise RuntimeError(f"{change.name}: the view {choice}, {tab} has no {kind} to time")
    return views


# -- clicks in Chromium ----------------------------------------------------------------------------------


class Messages:
    """The messages (binary websocket frames) a page receives from its server, and their size, counted
    from Chromium's DevTools protocol since the last reset()."""

    def __init__(self, context, page) -> None:  # noqa: ANN001
        self.count = self.size = 0
        self._cdp = context.new_cdp_session(page)
        self._cdp.on("Network.webSocketFrameReceived", self._received)
        self._cdp.send("Network.enable")

    def reset(self) -> None:
        self.count = self.size = 0

    def _received(self, event: dict) -> None:
        frame = event["response"]
        if frame.get("opcode") == 2:
            self.count += 1
            self.size += len(frame["payloadData"]) * 3 // 4  # base64


@dataclass
class Browsing:
    """One page in Chromium going through a change's views: where it is, what it has timed."""

    change: Change
    views: Views
    page: object
    clocks: dict[bool, RunClock]  # whole-page runs (False) and fragment runs (True)
    messages: Messages
    choice: tuple[str, ...]
    tab: str | None
    drawn: list[float] = field(default_factory=list)  # ms from the click to the last chart drawn
    last_message: list[float] = field(default_factory=list)  # ms from the click to the last message before it
    runs: list[float] = field(default_factory=list)  # ms from asking for the rerun to the run finished
    sent: list[tuple[int, int]] = field(default_factory=list)  # messages and bytes the server sent


def _click(page, change: Change, step: Step, views: Views) -> None:  # noqa: ANN001
    """Make the change the step names, as a person does: the last click is the one that changes the page."""
    shown = views.labels
    if step.kind == "tab":
        page.get_by_test_id("stMain").get_by_role("tab", name=step.value, exact=True).click()
    elif step.kind in ("area", "add"):  # open the list, type to find the area, click it
        where = "stSidebar" if step.kind == "area" else "stMain"
        page.get_by_test_id(where).get_by_role("combobox", name=views.made["label"]).click()
        page.keyboard.type(step.value)
        page.get_by_role("option", name=shown[step.value], exact=True).click()
    else:
        page.keyboard.press("Escape")  # close the list the last area was added from (it stays open)
        remove = page.get_by_test_id("stMultiSelect").get_by_role("button", name=f"Remove {shown[step.value]}")
        remove.click()


def take(browsing: Browsing, step: Step, *, timed: bool) -> None:
    """Make the step's change and wait until its view is drawn; if timed, keep the times."""
    page, change = browsing.page, browsing.change
    page.bring_to_front()
    browsing.choice, browsing.tab = after(step, browsing.choice, browsing.tab)
    expected = browsing.views.expected[(browsing.choice, browsing.tab)]
    clock = browsing.clocks[change.fragment and step.kind == "tab"]
    runs_before = len(clock.durations)
    page.evaluate(
        "(selector) => { window.__drawnSelector = selector; window.__lastDrawn = null; window.__messagesAt = []; }",
        change.watch,
    )
    browsing.messages.reset()
    _click(page, change, step, browsing.views)
    waited = 0
    while len(clock.durations) == runs_before:
        page.wait_for_timeout(20)
        waited += 20
        if waited > TIMEOUT:
            raise RuntimeError(f"{change.name}: no run finished after {step}")
    try:
        page.wait_for_function(VIEW_DRAWN, arg=[change.watch, expected, QUIET_MS], timeout=TIMEOUT, polling=50)
    except Exception as error:
        found = page.locator(f'[data-testid="stMain"] {change.watch}').count()
        raise RuntimeError(
            f"{change.name}: after {step} expected {expected} drawn, found {found} "
            f"(last drawn {page.evaluate('() => window.__lastDrawn')}, click {page.evaluate('() => window.__clickAt')})"
        ) from error
    if timed:
        drawn, last_message = page.evaluate(
            "() => [window.__lastDrawn - window.__clickAt,"
            " Math.max(...window.__messagesAt.filter(t => t <= window.__lastDrawn)) - window.__clickAt]"
        )
        browsing.drawn.append(drawn)
        browsing.last_message.append(last_message)
        browsing.runs.append(1000 * clock.durations[-1])
        browsing.sent.append((browsing.messages.count, browsing.messages.size))


def open_real(browser, url: str, change: Change, views: Views) -> Browsing:  # noqa: ANN001
    """The app's page in a new session, signed in with the programme passphrase."""
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.add_init_script(CLICK_CLOCK + WATCH_DRAWING + MESSAGE_CLOCK)
    open_signed_in(page, url, "" if change.page == "area_dashboard" else change.page)
    return _ready(context, page, change, views)


def open_bare(browser, url: str, change: Change, views: Views) -> Browsing:  # noqa: ANN001
    """The bare page showing the change's ready-made views."""
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.add_init_script(CLICK_CLOCK + WATCH_DRAWING + MESSAGE_CLOCK)
    page.goto(f"{url}/?view={change.name}")
    page.wait_for_selector('[data-testid="stApp"]', timeout=TIMEOUT)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT)
    return _ready(context, page, change, views)


def _ready(context, page, change: Change, views: Views) -> Browsing:  # noqa: ANN001
    clocks = {fragments: RunClock(context, page, fragments=fragments) for fragments in (False, True)}
    page.wait_for_timeout(QUIET_MS)
    return Browsing(
        change, views, page, clocks, Messages(context, page), views.first, change.tabs[0] if change.tabs else None
    )


def close(browsing: Browsing) -> None:
    browsing.page.context.close()


# -- the figures -----------------------------------------------------------------------------------------


def measure(browser, change: Change, views: Views, app_url: str, bare_url: str) -> tuple[Browsing, Browsing]:  # noqa: ANN001
    """Click through the change on the real page and the bare one in turn: the setup, a warm-up pass
    through the cycle, then CLICKS timed clicks each, the two pages in turn."""
    real, bare = open_real(browser, app_url, change, views), open_bare(browser, bare_url, change, views)
    try:
        for step in change.setup + change.cycle:
            take(real, step, timed=False)
            take(bare, step, timed=False)
        for index in range(CLICKS):
            step = change.cycle[index % len(change.cycle)]
            for browsing in (real, bare) if index % 2 == 0 else (bare, real):  # neither always goes first
                take(browsing, step, timed=True)
    finally:
        close(real)
        close(bare)
    return real, bare


def report(change: Change, real: Browsing, bare: Browsing) -> None:
    """Print the change's ratio with its target, and the medians behind it: where the time goes (until the
    server's last message arrives, and after it in the browser), the run on the server, what it sent."""
    drawn, floor = median(real.drawn), median(bare.drawn)
    what = "chart" if change.watch == CHART else "table"
    print(
        f"{change.name}: click to the last {what} drawn, median {drawn:.0f} ms (slowest {max(real.drawn):.0f}); "
        f"bare page {floor:.0f} ms (slowest {max(bare.drawn):.0f}); {len(real.drawn)} clicks each",
        flush=True,
    )
    print(
        f"{change.name}: of which until the server's last message {median(real.last_message):.0f} ms vs "
        f"{median(bare.last_message):.0f} ms (server run {median(real.runs):.0f} ms vs {median(bare.runs):.0f} ms; "
        f"{_sent(real)} vs {_sent(bare)}), then drawing "
        f"{median([d - m for d, m in zip(real.drawn, real.last_message, strict=True)]):.0f} ms vs "
        f"{median([d - m for d, m in zip(bare.drawn, bare.last_message, strict=True)]):.0f} ms (reported, no target)",
        flush=True,
    )
    print(f"{change.name}: ratio {drawn / floor:.2f}x (target <= {TARGET}x)", flush=True)


def _sent(browsing: Browsing) -> str:
    """'34 messages, 12 kB': what the server sent for a click (medians)."""
    return (
        f"{median([c for c, _ in browsing.sent]):.0f} messages, {median([b for _, b in browsing.sent]) / 1000:.0f} kB"
    )


@contextmanager
def database(url: str) -> Iterator[None]:
    """The app's resources (ui.resources) opened on this database in this process, for AppTest."""
    from ui import resources

    before = os.environ.get("ASSESSMENT_DATABASE_URL")
    os.environ["ASSESSMENT_DATABASE_URL"] = url
    resources.store.clear()
    try:
        yield
    finally:
        resources.store.clear()
        if before is None:
            os.environ.pop("ASSESSMENT_DATABASE_URL")
        else:
            os.environ["ASSESSMENT_DATABASE_URL"] = before


@contextmanager
def quiet_streamlit() -> Iterator[None]:
    """Streamlit's logs held back to errors: AppTest warns of a missing run context on every run, and the
    options page's sensitivity table (a column of numbers and words) makes Arrow log its fallback."""
    logging.disable(logging.WARNING)  # AppTest sets Streamlit's own log level again on every run
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


@contextmanager
def servers(folder: str, url: str, made: dict) -> Iterator[tuple[str, str]]:
    """The app and the bare page, each on its own streamlit server; their URLs."""
    path = Path(folder) / "ready_made.pickle"
    path.write_bytes(pickle.dumps(made))
    bare_script = write_script(folder, "bare_results.py", BARE_PAGE.replace("PATH", repr(str(path))))
    app, bare = start_server(url), start_server(url, script=bare_script)
    try:
        yield app.url, bare.url
    finally:
        app.stop()
        bare.stop()


def main() -> None:
    """Print one ratio per results page and kind of click."""
    only = os.environ.get("BENCH_ONLY")  # a change's name, to run just that one
    with chromium_with_sample(areas=AREAS) as ready:
        if ready is None:
            return
        folder, url, browser = ready
        chosen = [c for c in changes() if not only or c.name == only]
        with database(url), quiet_streamlit():
            views = {c.name: build_views(c, url) for c in chosen}
        with servers(folder, url, {name: v.made for name, v in views.items()}) as (app_url, bare_url):
            for change in chosen:
                report(change, *measure(browser, change, views[change.name], app_url, bare_url))


if __name__ == "__main__":
    sys.exit(main())

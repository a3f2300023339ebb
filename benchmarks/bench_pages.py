"""How fast the results pages' scripts rerun after a change, with the sample and a generated programme of
150 areas.

Each page is run with AppTest and then re-run after each change a user makes (another section,
another area, all areas); the median rerun time is printed as a ratio to a one-line Streamlit page
timed in the same run, interleaved with it so that a busy machine slows both alike. These ratios are
reported, with no target: the target is judged where a person feels it, from the click to the last chart
drawn in Chromium against a bare page drawing the same charts (bench_browser_results.py).
"""

from __future__ import annotations

import dataclasses
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.runtime.scriptrunner_utils.script_requests import RerunData, ScriptRequests  # noqa: E402
from streamlit.testing.v1 import AppTest, app_test, local_script_runner  # noqa: E402

from assessment.access import Access  # noqa: E402
from assessment.framework import load_framework  # noqa: E402
from assessment.sample import load_programme, load_sample  # noqa: E402
from assessment.storage import Store  # noqa: E402
from ui import state  # noqa: E402

REPEATS = 61
AREAS = 150
BASELINE = "import streamlit as st\nst.write('ready')\n"
# Not a target: what Streamlit alone takes to draw what a section of the dashboard draws (five tabs, one
# figure, a caption and one table in an expander), with the figure and table already made. The
# sections cannot rerun faster than this, so it shows how much of the gap is the app's own work.
FLOOR = """
import pickle
import streamlit as st

@st.cache_resource
def ready_made(path):
    with open(path, "rb") as file:
        return pickle.load(file)

figure, table = ready_made(PATH)
tabs = st.tabs(["A", "B", "C", "D", "E"], key="floor_tab", on_change="rerun")
with tabs[0]:
    st.plotly_chart(figure, config={"displayModeBar": False}, key="floor_chart")
    st.caption("A caption under the chart.")
    with st.expander("Table"):
        st.dataframe(table, hide_index=True)
"""
DASHBOARD_SECTIONS = ["Success factors", "Continuum detail", "Agreement", "By partner type", "Trend"]
COMPARE_SECTIONS = ["Side by side", "Radar", "Heatmap", "On the continuum", "Benchmarks"]


_SCRIPT_CACHE = app_test.ScriptCache()


def server_script_cache() -> app_test.ScriptCache:
    """The one script cache every AppTest run shares, as a running server keeps one. AppTest otherwise
    recompiles the page (and rewrites its syntax tree for Streamlit's "magic") on every rerun: a cost a
    user never waits for, which grows with the page's length while the one-line baseline pays none."""
    return _SCRIPT_CACHE


_SCOPE: list[str] = []  # the fragment the next AppTest run is limited to (empty: the whole page)


class FragmentRunner(local_script_runner.LocalScriptRunner):
    """AppTest's script runner, able to rerun just a fragment: in a browser a change to a widget inside
    an st.fragment reruns only that fragment, and that is the wait a user feels."""

    def request_rerun(self, rerun_data: RerunData) -> bool:
        if _SCOPE:
            # The constructor queued an empty (whole-page) run, as AppTest always starts one; a server
            # starts the runner with the browser's request instead, so that request replaces it here.
            self._requests = ScriptRequests()
            rerun_data = dataclasses.replace(rerun_data, fragment_id=_SCOPE[0])
        return super().request_rerun(rerun_data)


def only_fragment(at: AppTest) -> str:
    """The id of the page's one fragment (the part a change of section, sort or filter reruns)."""
    ids = list(at._fragment_storage._fragments)
    if len(ids) != 1:
        raise RuntimeError(f"expected one fragment on the page, found {len(ids)}")
    return ids[0]


def build_database(directory: str) -> str:
    """A SQLite file with the illustrative sample and a generated programme; returns its URL."""
    url = f"sqlite:///{Path(directory) / 'bench_pages.db'}"
    framework = load_framework()
    store = Store(url)
    started = time.perf_counter()
    load_sample(store, framework)
    load_programme(store, framework, areas=AREAS)
    print(f"(loaded the sample and {AREAS} generated areas in {time.perf_counter() - started:.1f}s)", flush=True)
    store.dispose()
    return url


def page(name: str) -> AppTest:
    """The page in a session that gave the programme passphrase (every results page asks first)."""
    at = AppTest.from_file(str(ROOT / "app_pages" / f"{name}.py"), default_timeout=120)
    at.session_state[state.ACCESS] = Access(programme=True)
    return at


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def measure(label: str, at: AppTest, changes: list[Callable[[AppTest], None]], *, in_fragment: bool = False) -> None:
    """Warm the page (and the shared cache) once, then time reruns after each change in turn against
    the baseline page, and print the ratio of the medians. in_fragment: the changed widget lives in the
    page's fragment, so (as in a browser) only that fragment reruns."""
    baseline = AppTest.from_string(BASELINE)
    baseline.run()
    at.run()
    if at.exception:
        raise RuntimeError(f"{label}: the page failed: {at.exception}")
    scope = [only_fragment(at)] if in_fragment else []
    page_times, base_times = [], []
    for index in range(REPEATS):
        changes[index % len(changes)](at)
        base_times.append(timed(baseline.run))
        _SCOPE[:] = scope
        try:
            page_times.append(timed(at.run))
        finally:
            _SCOPE.clear()
        if at.exception:
            raise RuntimeError(f"{label}: the page failed: {at.exception}")
    ratio = statistics.median(page_times) / statistics.median(base_times)
    print(
        f"{label}: ratio {ratio:.2f}x (reported, no target; median {1000 * statistics.median(page_times):.1f} ms "
        f"vs {1000 * statistics.median(base_times):.1f} ms)",
        flush=True,
    )


def set_state(key: str, value: object) -> Callable[[AppTest], None]:
    def change(at: AppTest) -> None:
        at.session_state[key] = value

    return change


def pick_area(area_id: int) -> Callable[[AppTest], None]:
    def change(at: AppTest) -> None:
        at.sidebar.selectbox(key="round_picker_area").set_value(area_id)

    return change


def store_area(name: str) -> int:
    """The id of the area with this name in the benchmark's database."""
    store = Store(os.environ["ASSESSMENT_DATABASE_URL"])
    try:
        return store.rounds.find_area(name).id
    finally:
        store.dispose()


def pick_areas(key: str, area_ids: list[int]) -> Callable[[AppTest], None]:
    def change(at: AppTest) -> None:
        at.multiselect(key=key).set_value(area_ids)

    return change


def main() -> None:
    """Print one ratio per page and change."""
    from ui import resources, state

    app_test.ScriptCache = local_script_runner.ScriptCache = server_script_cache
    app_test.LocalScriptRunner = FragmentRunner
    with tempfile.TemporaryDirectory() as directory:
        # BENCH_PAGES_DATABASE_URL reuses a database already loaded with the sample and the programme.
        os.environ["ASSESSMENT_DATABASE_URL"] = os.environ.get("BENCH_PAGES_DATABASE_URL") or build_database(directory)
        resources.store.clear()
        sample_area, generated_area = store_area("Ashvale"), store_area("Generated area 075")

        sections = [set_state(state.DASHBOARD_SECTION, s) for s in DASHBOARD_SECTIONS]
        measure(
            "area dashboard, sample area with an open round, changing section",
            page("area_dashboard"),
            sections,
            in_fragment=True,
        )

        generated = page("area_dashboard")
        generated.session_state[state.AREA_ID] = generated_area
        measure("area dashboard, generated finalised area, changing section", generated, sections, in_fragment=True)

        switch = [pick_area(sample_area), pick_area(generated_area)]
        measure("area dashboard, changing area", page("area_dashboard"), switch)

        compare_sections = [set_state(state.COMPARE_SECTION, s) for s in COMPARE_SECTIONS]
        measure(
            "compare areas, three areas, changing section", page("compare_areas"), compare_sections, in_fragment=True
        )

        everyone = page("compare_areas")
        everyone.session_state[state.COMPARE_ALL] = True
        measure(f"compare areas, all {AREAS + 6} areas, changing section", everyone, compare_sections, in_fragment=True)

        picks = [
            [store_area(name) for name in names]
            for names in (
                ("Ashvale", "Brookmere", "Calderwick"),
                ("Dunmoor", "Generated area 010", "Generated area 120"),
            )
        ]
        measure(
            "compare areas, changing the chosen areas",
            page("compare_areas"),
            [pick_areas(state.COMPARE_AREAS, p) for p in picks],
        )

        sorts = [set_state(state.COMPARE_SORT, by) for by in ("position", "leadership", "participants", "area")]
        sorted_all = page("compare_areas")
        sorted_all.session_state[state.COMPARE_ALL] = True
        measure(f"compare areas, all {AREAS + 6} areas, changing sort", sorted_all, sorts, in_fragment=True)
        sample_switch = [pick_area(sample_area), pick_area(store_area("Brookmere"))]
        measure("structural options, changing area", page("options"), sample_switch)
        measure("development plan, changing area", page("development_plan"), sample_switch)
        measure_floor(directory)
        resources.store.clear()


def measure_floor(directory: str) -> None:
    """Time the FLOOR page with the sample's radar and factor table, as measure does a page."""
    import pickle

    from assessment.charts import dashboard as charts
    from assessment.results import score_round

    store = Store(os.environ["ASSESSMENT_DATABASE_URL"])
    framework = load_framework()
    area = store.rounds.find_area("Ashvale")
    result = score_round(store, framework, store.rounds.list_rounds(area.id)[-1].id)
    store.dispose()
    figure = charts.factor_radar(framework, [charts.RadarSeries("This round", result.factors["median"].tolist())])
    path = Path(directory) / "floor.pickle"
    path.write_bytes(pickle.dumps((figure, result.factors.drop(columns=["agreement"]))))
    floor = AppTest.from_string(FLOOR.replace("PATH", repr(str(path))), default_timeout=120)
    measure("floor (Streamlit drawing a ready-made section; not a target)", floor, [set_state("floor_tab", "A")])


if __name__ == "__main__":
    main()

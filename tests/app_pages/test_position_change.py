"""A fall in continuum position is shown beside the continuum sentence on every page that shows the
sentence: the area dashboard's heading, the facilitator's live view, presentation mode and the options
page. Testshire falls from 2.00 (11 March 2025) to 1.79 (10 March 2026), and both rounds read 'The
partnership sits at 'commissioners meeting to align plans'' (tests.assessment.helpers.falling_area)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app_pages.conftest import as_facilitator
from tests.assessment.helpers import FELL_TO, falling_area
from ui import resources, state

ROOT = Path(__file__).resolve().parents[2]


def on_second_round(path: str, **session) -> AppTest:  # noqa: ANN003
    """The page in a session that gave the area's PIN, with the falling area's second round picked."""
    store = resources.store()
    _first, second = falling_area(store, resources.framework())
    at = as_facilitator(AppTest.from_file(str(ROOT / path), default_timeout=60), store)
    at.session_state[state.AREA_ID] = store.rounds.find_area("Testshire").id
    at.session_state[state.ROUND_ID] = second
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_dashboard_heading_shows_the_fall(app_store):
    at = on_second_round("app_pages/area_dashboard.py")
    assert at.subheader[0].value == FELL_TO
    delta = next(m for m in at.metric if m.label == "Continuum position (1-6)")
    assert (delta.value, delta.delta) == ("1.8", "-0.2 on last round")


def test_the_facilitators_live_view_shows_the_fall(app_store):
    at = on_second_round("app_pages/workshop_facilitator.py")
    assert FELL_TO in [i.value for i in at.info]


def test_presentation_mode_shows_the_fall_over_the_continuum_charts(app_store):
    at = on_second_round("app_pages/workshop_presentation.py", **{state.PRESENTATION_SLIDE: 2})
    assert at.title[0].value == "The continuum by component"
    assert at.header[0].value == FELL_TO


def test_the_options_page_shows_the_fall_above_the_step_changes(app_store):
    at = on_second_round("app_pages/options.py", **{state.OPTIONS_SECTION: "Readiness and step change"})
    assert FELL_TO in [m.value for m in at.markdown]

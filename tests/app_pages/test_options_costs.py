"""Entering the partnership's cost estimates on the structural options page, driven through AppTest."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from streamlit.testing.v1 import AppTest

from assessment.access import Access
from assessment.models import CostEstimate
from tests.app_pages.conftest import answered_round
from tests.app_pages.test_options import COMPARE, PAGE, run_page
from ui import state
from ui.text import plain as escape

TARGETED = "Option 2: Joint commissioning in targeted areas"
KEY = "options_costs"


@pytest.fixture
def round_id(app_store, framework):
    return answered_round(app_store, framework)


def enter(at, option_id: str, **figures: float) -> None:  # noqa: ANN001
    """Pick the option, type the figures into its form and save it."""
    at.selectbox(key=f"{KEY}_option").set_value(option_id)
    at.run()
    for field, value in figures.items():
        at.number_input(key=f"{KEY}_{option_id}_{field}").set_value(value)
    next(b for b in at.button if b.label == "Save the estimate").click()
    at.run()


def test_a_facilitator_enters_an_estimate_and_sees_it_beside_the_option(app_store, round_id):
    at = run_page(COMPARE)
    enter(
        at,
        "targeted",
        one_off_low=40_000,
        one_off_high=60_000,
        recurring_low=120_000,
        recurring_high=150_000,
        posts_low=2.0,
        posts_high=3.0,
    )
    assert not at.exception
    saved = app_store.costs.for_round(round_id)["targeted"]
    assert (saved.one_off_low, saved.one_off_high, saved.recurring_high, saved.posts_high) == (
        40_000,
        60_000,
        150_000,
        3,
    )
    words = "£40,000-£60,000 one-off; £120,000-£150,000 a year; 2-3 posts"
    assert at.success[0].value == escape(f"The estimate for {TARGETED} is saved: {words}.")
    cards = [m.value for m in at.markdown]
    assert any(
        c.endswith(f"**Estimate:** {escape(words)}") and c.startswith(f"**{escape('Option 2: Targeted')}**")
        for c in cards
    )
    # The form shows the saved figures when the option is picked again.
    assert at.number_input(key=f"{KEY}_targeted_recurring_low").value == 120_000
    trail = app_store.audit.for_round(round_id)
    assert "cost estimate saved" in trail["event"].tolist()


def test_a_low_figure_above_the_high_one_is_refused_naming_option_and_field(app_store, round_id):
    at = run_page(COMPARE)
    enter(at, "targeted", one_off_low=60_000, one_off_high=40_000)
    assert [e.value for e in at.error] == [
        escape(f"The estimate was not saved. {TARGETED}, one-off cost: the low figure is above the high figure.")
    ]
    assert app_store.costs.for_round(round_id) == {}


def test_one_figure_is_saved_as_an_exact_estimate_and_emptying_the_form_removes_it(app_store, round_id):
    at = run_page(COMPARE)
    enter(at, "virtual", posts_low=1.0)
    assert app_store.costs.for_round(round_id)["virtual"].posts_high == 1
    assert at.success[0].value == escape("The estimate for Option 1: Virtual joint commissioning is saved: 1 post.")
    enter(at, "virtual", posts_low=None, posts_high=None)
    assert app_store.costs.for_round(round_id) == {}
    assert at.success[0].value == escape("The estimate for Option 1: Virtual joint commissioning is removed.")


def test_the_form_opens_with_the_options_saved_figures(app_store, round_id):
    app_store.costs.save(round_id, [CostEstimate(option_id="targeted", one_off_low=40_000, posts_low=2.5)])
    at = run_page(COMPARE)
    at.selectbox(key=f"{KEY}_option").set_value("targeted")
    at.run()
    shown = {f: at.number_input(key=f"{KEY}_targeted_{f}").value for f in ("one_off_low", "one_off_high", "posts_high")}
    assert shown == {"one_off_low": 40_000, "one_off_high": 40_000, "posts_high": 2.5}
    assert at.number_input(key=f"{KEY}_targeted_recurring_low").value is None


@dataclass(frozen=True)
class Viewer(Access):
    """A session that may read an area's rounds but not change them."""

    def may_change(self, area_id: int) -> bool:
        return False


def test_a_session_that_may_not_change_the_round_sees_the_estimates_but_no_form(app_store, round_id):
    app_store.costs.save(round_id, [CostEstimate(option_id="whole_system", one_off_low=150_000, one_off_high=250_000)])
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state[state.ACCESS] = Viewer(area_ids=frozenset(a.id for a in app_store.rounds.list_areas()))
    at.session_state[state.OPTIONS_SECTION] = COMPARE
    at.run()
    assert not at.exception
    assert not [b for b in at.button if b.label == "Save the estimate"]
    assert any("needs a facilitator PIN" in c.value for c in at.caption)
    table = next(d.value for d in at.dataframe if "The partnership's estimate" in d.value.columns)
    estimates = dict(zip(table["Option"], table["The partnership's estimate"], strict=True))
    assert estimates["Option 3: Joint commissioning for the whole system"] == "£150,000-£250,000 one-off"
    assert estimates["Status quo: keep current arrangements"] == "No estimate yet"

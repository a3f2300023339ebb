"""One home for every number: for every round of the illustrative sample, the area dashboard, the command
line's `summary --json`, the results workbook, the Structural options page and the Development plan page
give the same previous round, percentile, benchmark band, readiness and recommendation.

`summary --json` is read as the reference; each surface is read back as a person meets it (the page as
AppTest draws it, the workbook as a second reader opens it)."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.__main__ import main as command_line
from assessment.access import Access
from assessment.dates import british_date
from assessment.excel.export import results_workbook
from assessment.framework import load_framework
from assessment.rounding import half_up
from assessment.storage import Store
from tests.assessment.excel.test_options_sheet import rows_of, table
from ui import state
from ui.text import plain

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "app_pages"


@pytest.fixture(scope="module")
def rounds(sample_database):
    store = Store(sample_database)
    listed = [r for r in store.rounds.list_rounds() if not store.responses.answers_frame([r.id]).empty]
    store.dispose()
    return listed


def summary_json(url: str, round_row, capsys) -> dict:  # noqa: ANN001
    """What `python -m assessment summary AREA --round ID --json` prints."""
    assert command_line(["--database", url, "summary", round_row.area_name, "--round", str(round_row.id)]) == 0
    return json.loads(capsys.readouterr().out)


def summary_lines(rows: list[list[object]]) -> list[list[str]]:
    """The Summary sheet's label / value lines from 'Recommended option' up to the Board's decision."""
    lines = [[str(r[0]), str(r[1])] for r in rows[1:] if len(r) >= 2 and r[1] != ""]
    start = next(i for i, (label, _value) in enumerate(lines) if label == "Recommended option")
    end = next(i for i, (label, _value) in enumerate(lines) if label == "The Board's decision")
    return lines[start:end]


def summary_value(rows: list[list[object]], label: str) -> object:
    return next(r[1] for r in rows if r and r[0] == label)


def same(a: object, b: object, places: int = 2) -> bool:
    """Equal as shown: both blank, or the same number to the places shown."""
    blank_a = a is None or a == "" or (isinstance(a, float) and math.isnan(a))
    blank_b = b is None or b == "" or (isinstance(b, float) and math.isnan(b))
    if blank_a or blank_b:
        return blank_a and blank_b
    return round(float(a), places) == round(float(b), places)


def page(name: str, round_row, **session) -> AppTest:  # noqa: ANN001
    at = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=60)
    at.session_state[state.ACCESS] = Access(programme=True)
    at.session_state[state.AREA_ID] = round_row.area_id
    at.session_state[state.ROUND_ID] = round_row.id
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def dataframe_with(at: AppTest, column: str):  # noqa: ANN201
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_the_sample_has_rounds_on_every_path(rounds):
    """The comparison below covers first rounds, later rounds and open ones."""
    assert len(rounds) >= 12
    assert len({r.area_id for r in rounds}) == 6


def test_the_command_line_and_the_workbook_agree_for_every_round(sample_database, rounds, capsys):
    store = Store(sample_database)
    framework = load_framework()
    for round_row in rounds:
        report = summary_json(sample_database, round_row, capsys)
        data = results_workbook(store, framework, round_row.id)
        summary_rows = rows_of(data, "Summary")
        where = f"{round_row.area_name} {round_row.label}"

        previous = report["previous_round"]
        shown = summary_value(summary_rows, "Previous round")
        if previous is None:
            assert shown == "None: this is the area's first round", where
        else:
            assert str(shown).startswith(previous["held_on"]), where

        factors = {row["Factor ID"]: row for row in table(data, "Factor scores", "Factor ID")}
        for factor in report["factors"]:
            row = factors[factor["id"]]
            assert same(row["Score"], factor["score"]), (where, factor["id"])
            assert same(row["Percentile among other areas"], factor["percentile"], 1), (where, factor["id"])
            assert same(row["Other areas Q1"], factor["peers"]["q1"]), (where, factor["id"])
            assert same(row["Other areas median"], factor["peers"]["median"]), (where, factor["id"])
            assert same(row["Other areas Q3"], factor["peers"]["q3"]), (where, factor["id"])
            assert same(row["Previous round"], factor["previous"]), (where, factor["id"])

        readiness = {row["Option ID"]: row for row in table(data, "Options", "Option")}
        for option in report["options"]:
            assert same(readiness[option["id"]]["Prerequisites met"], option["readiness"], 3), (where, option["id"])
            assert same(readiness[option["id"]]["Step change (stages)"], option["gap"]), (where, option["id"])

        assert summary_lines(summary_rows) == report["recommendation"]["lines"], where
        decided = report["decision"]
        shown = summary_value(summary_rows, "The Board's decision")
        assert shown == (decided["sentence"] if decided else shown), where
        if decided is None:
            assert str(shown).startswith("None recorded yet"), where
    store.dispose()


def test_the_dashboard_options_and_plan_pages_agree_with_the_command_line(
    sample_database, rounds, sample_app_env, capsys
):
    framework = load_framework()
    for round_row in rounds:
        report = summary_json(sample_database, round_row, capsys)
        where = f"{round_row.area_name} {round_row.label}"
        previous = report["previous_round"]

        dashboard = page("area_dashboard", round_row, **{state.DASHBOARD_SECTION: "Success factors"})
        caption = dashboard.caption[0].value
        if previous is None:
            assert caption.endswith("the area's first round"), where
        else:
            held_on = british_date(dt.date.fromisoformat(previous["held_on"]))
            assert "previous round: " in caption and f"{held_on})" in caption, where
        table = dataframe_with(dashboard, "Percentile among other areas")
        assert table["Factor"].tolist() == [f["name"] for f in report["factors"]], where
        for (_i, row), factor in zip(table.iterrows(), report["factors"], strict=True):
            assert same(row["Score"], factor["score"]), (where, factor["id"])
            assert same(row["Percentile among other areas"], factor["percentile"], 1), (where, factor["id"])
            assert same(row["Other areas: lower quartile"], factor["peers"]["q1"]), (where, factor["id"])
            assert same(row["Other areas: median"], factor["peers"]["median"]), (where, factor["id"])
            assert same(row["Other areas: upper quartile"], factor["peers"]["q3"]), (where, factor["id"])
            assert same(row["Previous round"], factor["previous"]), (where, factor["id"])

        options = page("options", round_row, **{state.OPTIONS_SECTION: "Readiness and step change"})
        met = dataframe_with(options, "Prerequisites met").set_index("Option")["Prerequisites met"]
        labels = {o.id: framework.option_label(o.id) for o in framework.options}
        for option in report["options"]:
            # The page lists an option by its label and the share met in whole percentage points.
            shown = met[labels.get(option["id"], option["name"])]
            assert shown == half_up(option["readiness"] * 100, 0), (where, option["id"])
        options.session_state[state.OPTIONS_SECTION] = "Recommendation"
        options.run()
        lines = dict((label, value) for label, value in report["recommendation"]["lines"] if label)
        heading = lines.get("Recommendation", report["recommendation"]["option"])
        assert options.subheader[0].value == plain(heading), where

        plan = page("development_plan", round_row)
        progress = [s.value for s in plan.subheader if s.value.startswith("Progress on the plan from")]
        if previous is None:
            assert progress == [], where
        else:
            held_on = british_date(dt.date.fromisoformat(previous["held_on"]))
            assert len(progress) == 1 and held_on in progress[0], where

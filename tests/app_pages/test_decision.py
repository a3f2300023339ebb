"""The Board's decision on the structural options page and the area dashboard, driven through AppTest:
the facilitator records it, the dashboard shows it, a second decision supersedes the first, a date before
the workshop is refused with nothing saved, and ratification is updated body by body."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

from assessment.models import RoundStatus
from tests.app_pages.conftest import answered_round, as_facilitator, board_scores
from ui import resources, state
from ui.text import plain

ROOT = Path(__file__).resolve().parents[2]
OPTIONS = str(ROOT / "app_pages" / "options.py")
DASHBOARD = str(ROOT / "app_pages" / "area_dashboard.py")
DECISION = "The Board's decision"
TARGETED = "Option 2: Joint commissioning in targeted areas"


def decision_tab(*, facilitator: bool = True) -> AppTest:
    at = AppTest.from_file(OPTIONS, default_timeout=60)
    if facilitator:
        as_facilitator(at, resources.store())
    at.session_state[state.OPTIONS_SECTION] = DECISION
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def labelled(widgets, label: str):  # noqa: ANN001, ANN201
    return next(w for w in widgets if w.label == label)


def record(at: AppTest, *, option: str | None = None, on: dt.date, resolution: str = "") -> AppTest:
    if option:
        labelled(at.selectbox, "Option the Board chose").set_value(option)
    labelled(at.date_input, "Date of the decision").set_value(on)
    labelled(at.text_area, "Resolution, as worded in the minutes").set_value(resolution)
    labelled(at.button, "Record the decision").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def finalised(app_store, framework) -> int:  # noqa: ANN001
    round_id = answered_round(app_store, framework)  # held 10 March 2026
    board_scores(app_store, framework, round_id)  # the Board's scores rank targeted first (conftest.BOARD)
    app_store.rounds.set_status(round_id, RoundStatus.FINALISED)
    return round_id


def test_the_facilitator_records_the_decision_and_the_dashboard_shows_it(app_store, framework):
    round_id = finalised(app_store, framework)
    at = decision_tab()
    assert [i.value for i in at.info] == ["No decision has been recorded for this round yet."]
    # The form starts at the recommended option (targeted ranks first on the Board's scores).
    assert labelled(at.selectbox, "Option the Board chose").value == "targeted"
    record(at, on=dt.date(2026, 3, 19), resolution="Option 2 was agreed.")

    decision = app_store.decisions.current(round_id)
    assert (decision.option_id, decision.decided_on, decision.resolution) == (
        "targeted",
        dt.date(2026, 3, 19),
        "Option 2 was agreed.",
    )
    assert [(r.body, r.status) for r in decision.ratifications] == [
        ("Council cabinet", "pending"),
        ("NHS board (ICB)", "pending"),
    ]
    sentence = f"The partnership board decided on 19 March 2026 to adopt {TARGETED}."
    assert plain(sentence) in [s.value for s in at.subheader]
    assert "The Board's decision is recorded." in [s.value for s in at.success]

    dashboard = AppTest.from_file(DASHBOARD, default_timeout=60)
    as_facilitator(dashboard, app_store).run()
    assert not dashboard.exception
    assert f"**{plain(sentence)}**" in [m.value for m in dashboard.markdown]
    ratification = (
        "Ratification: " + plain("Council cabinet: not yet ratified; NHS board (ICB): not yet ratified") + "."
    )
    assert ratification in [c.value for c in dashboard.caption]


def test_a_second_decision_supersedes_the_first_which_stays_listed(app_store, framework):
    round_id = finalised(app_store, framework)
    at = record(decision_tab(), option="virtual", on=dt.date(2026, 3, 19))
    at = record(decision_tab(), option="whole_system", on=dt.date(2026, 9, 1))
    history = app_store.decisions.history(round_id)
    assert [(d.option_id, d.decided_on) for d in history] == [
        ("virtual", dt.date(2026, 3, 19)),
        ("whole_system", dt.date(2026, 9, 1)),
    ]
    assert history[1].supersedes == history[0].id
    assert any(e.label == "Earlier decisions (1, superseded)" for e in at.expander)


def test_a_date_before_the_workshop_is_refused_and_nothing_is_saved(app_store, framework):
    round_id = finalised(app_store, framework)
    at = record(decision_tab(), option="targeted", on=dt.date(2026, 3, 1))
    assert [e.value for e in at.error] == [
        "The decision was not recorded: the decision date 1 March 2026 is before the round's workshop on 10 March 2026."
    ]
    assert app_store.decisions.history(round_id) == []


def test_ratification_is_updated_body_by_body(app_store, framework):
    round_id = finalised(app_store, framework)
    record(decision_tab(), on=dt.date(2026, 3, 19))
    decision = app_store.decisions.current(round_id)
    at = decision_tab()
    labelled(at.selectbox, "Status: Council cabinet").set_value("ratified")
    labelled(at.date_input, "Date: Council cabinet").set_value(dt.date(2026, 4, 6))
    labelled(at.text_input, "Add another body that must ratify it (optional)").set_value("Schools Forum")
    labelled(at.button, "Save ratification").click()
    at.run()
    assert not at.exception
    bodies = app_store.decisions.current(round_id).ratifications
    assert [(r.body, r.status, r.on) for r in bodies] == [
        ("Council cabinet", "ratified", dt.date(2026, 4, 6)),
        ("NHS board (ICB)", "pending", None),
        ("Schools Forum", "pending", None),
    ]
    assert app_store.decisions.current(round_id).id == decision.id  # the decision itself is unchanged


def test_an_open_round_asks_for_finalising_first_and_a_session_without_the_pin_sees_no_form(app_store, framework):
    round_id = answered_round(app_store, framework)
    at = decision_tab()
    assert any("Finalise the round" in i.value for i in at.info)
    assert not any(b.label == "Record the decision" for b in at.button)
    app_store.rounds.set_status(round_id, RoundStatus.FINALISED)
    viewer = decision_tab(facilitator=False)
    assert not any(b.label == "Record the decision" for b in viewer.button)
    assert not viewer.subheader  # a session without the round's PIN is asked to sign in and sees nothing

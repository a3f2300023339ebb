"""The results workbook's Decision sheet and the Summary's decision line, read back with a second reader."""

from __future__ import annotations

import datetime as dt

from assessment.decisions import record_decision
from assessment.excel.export import programme_workbook, results_workbook
from assessment.models import DecisionInput, Ratification, RoundStatus
from tests.assessment.excel.conftest import small_round
from tests.assessment.excel.test_export import calamine_rows, table_rows


def pairs(data: bytes, sheet: str) -> dict[str, object]:
    return {row[0]: row[1] for row in calamine_rows(data, sheet) if row and row[0]}


def test_a_round_without_a_decision_says_none_is_recorded(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    data = results_workbook(sqlite_store, framework, round_row.id)
    assert pairs(data, "Summary")["The Board's decision"].startswith("None recorded yet")


def test_the_decision_sheet_carries_the_decision_its_ratification_and_the_one_it_superseded(sqlite_store, framework):
    round_row = sqlite_store.rounds.set_status(small_round(sqlite_store, framework).id, RoundStatus.FINALISED)
    first = DecisionInput(option_id="virtual", decided_on=round_row.held_on + dt.timedelta(days=9))
    record_decision(sqlite_store, framework, round_row, first, actor="facilitator")
    second = DecisionInput(
        option_id="targeted",
        decided_on=dt.date(2026, 3, 19),
        meeting="Children's Trust Board",
        resolution="=Option 2 was agreed.",  # typed text that looks like a formula stays text
        ratifications=(Ratification(body="Council cabinet", status="ratified", on=dt.date(2026, 4, 6)),),
    )
    record_decision(sqlite_store, framework, round_row, second, actor="facilitator")
    data = results_workbook(sqlite_store, framework, round_row.id)

    sentence = (
        "The partnership board decided on 19 March 2026 to adopt Option 2: Joint commissioning in targeted areas."
    )
    assert pairs(data, "Summary")["The Board's decision"] == sentence
    sheet = pairs(data, "Decision")
    assert sheet["Decision"] == sentence
    assert (sheet["Option id"], sheet["Meeting"], sheet["Resolution as worded"]) == (
        "targeted",
        "Children's Trust Board",
        "=Option 2 was agreed.",
    )
    assert sheet["Decided on"] == dt.date(2026, 3, 19)
    assert table_rows(data, "Decision", "Body that must ratify")[:1] == [
        {"Body that must ratify": "Council cabinet", "Status": "ratified", "On": dt.date(2026, 4, 6)}
    ]
    earlier = table_rows(data, "Decision", "Superseded decision")
    assert len(earlier) == 1
    assert earlier[0]["Superseded decision"].startswith("Superseded: the decision of ")
    assert "Option 1: Virtual joint commissioning" in earlier[0]["Superseded decision"]


def test_the_programme_workbook_compares_what_each_board_decided(sqlite_store, framework):
    decided = sqlite_store.rounds.set_status(small_round(sqlite_store, framework).id, RoundStatus.FINALISED)
    undecided = sqlite_store.rounds.set_status(
        small_round(sqlite_store, framework, area="Otherton").id, RoundStatus.FINALISED
    )
    choice = DecisionInput(option_id="whole_system", decided_on=dt.date(2026, 5, 12))
    record_decision(sqlite_store, framework, decided, choice, actor="facilitator")
    rows = {r["Area"]: r for r in table_rows(programme_workbook(sqlite_store, framework), "Compare", "Area")}
    assert (rows[decided.area_name]["Board's decision"], rows[decided.area_name]["Decided on"]) == (
        "Option 3: Joint commissioning for the whole system",
        dt.date(2026, 5, 12),
    )
    assert (rows[undecided.area_name]["Board's decision"], rows[undecided.area_name]["Decided on"]) == (
        "None recorded",
        "",
    )

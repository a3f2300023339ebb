"""The Board paper once the Board has decided: the recommendations note the decision and the ratification
still to come, and a section gives the decision, the resolution as typed, the ratifying bodies and the
decision it superseded."""

from __future__ import annotations

import datetime as dt

from assessment.decisions import record_decision
from assessment.models import DecisionInput, Ratification, RoundStatus
from assessment.paper import board_paper
from assessment.paper.gather import gather
from assessment.paper.paper import recommendations
from tests.assessment.paper.conftest import reopen, rows_of, table_with, texts
from tests.assessment.paper.test_paper import HEADINGS, TYPED, small_groups_round


def decided_round(store, framework):  # noqa: ANN001, ANN201
    row = store.rounds.set_status(small_groups_round(store, framework).id, RoundStatus.FINALISED)
    record_decision(
        store, framework, row, DecisionInput(option_id="virtual", decided_on=dt.date(2026, 2, 10)), actor="x"
    )
    bodies = (
        Ratification(body="Council cabinet", status="ratified", on=dt.date(2026, 3, 2)),
        Ratification(body="NHS board (ICB)"),
    )
    decision = DecisionInput(
        option_id="targeted", decided_on=dt.date(2026, 2, 24), meeting="Children's Trust Board", resolution=TYPED,
        ratifications=bodies,
    )  # fmt: skip
    record_decision(store, framework, row, decision, actor="facilitator")
    return row


def test_the_recommendations_note_the_decision_and_the_ratification_to_come(sqlite_store, framework):
    row = decided_round(sqlite_store, framework)
    asks = recommendations(gather(sqlite_store, framework, row.id))
    assert asks[1] == (
        "Note that the partnership board decided on 24 February 2026 to adopt Option 2: Joint commissioning in "
        "targeted areas;"
    )
    assert asks[2] == "Note that ratification by NHS board (ICB) is still to be completed;"
    assert not any("preferred model" in ask for ask in asks)


def test_the_decision_section_follows_the_options(sqlite_store, framework):
    row = decided_round(sqlite_store, framework)
    paper = reopen(board_paper(sqlite_store, framework, row.id, renderer=None))
    headings = [p.text for p in paper.paragraphs if p.style.name == "Heading 1"]
    assert headings == [*HEADINGS[:6], "The Board's decision", *HEADINGS[6:]]
    lines = texts(paper)
    assert (
        "The partnership board decided on 24 February 2026 to adopt Option 2: Joint commissioning in targeted areas."
        in lines
    )
    assert "Meeting: Children's Trust Board" in lines
    assert f"Resolution: {TYPED}" in lines  # typed text as typed: no link, no markup
    assert rows_of(table_with(paper, "Body that must ratify")) == [
        ["Council cabinet", "ratified", "2 March 2026"],
        ["NHS board (ICB)", "not yet ratified", "-"],
    ]
    assert any(line.startswith("Superseded: the decision of 10 February 2026 to adopt Option 1") for line in lines)


def test_a_round_without_a_decision_has_no_decision_section(sqlite_store, framework):
    row = small_groups_round(sqlite_store, framework)
    paper = reopen(board_paper(sqlite_store, framework, row.id, renderer=None))
    assert "The Board's decision" not in [p.text for p in paper.paragraphs if p.style.name == "Heading 1"]

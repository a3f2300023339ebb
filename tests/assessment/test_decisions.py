"""Recording the Board's decision on a round: the rules (a finalised round, a known option or hybrid, a
date on or after the workshop), the sentence people read, and the command line's `decide`."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from assessment.decisions import DecisionError, decision_sentence, ratified, record_decision
from assessment.models import DecisionInput, HybridInput, Ratification, RoundInput, RoundStatus
from assessment.results import round_decision
from tests.assessment.test_cli import _cli


def finalised_round(store, framework, board: str = ""):  # noqa: ANN001, ANN201
    spec = RoundInput(pin="2468", area="Wirral", held_on=dt.date(2010, 3, 1), title="Self-analysis", board=board)
    row = store.rounds.open_round(spec, framework.version)
    return store.rounds.set_status(row.id, RoundStatus.FINALISED)


def decided(option: str = "targeted", on: dt.date = dt.date(2010, 3, 19), **more) -> DecisionInput:  # noqa: ANN003
    return DecisionInput(option_id=option, decided_on=on, **more)


def test_the_sentence_names_the_board_the_date_in_words_and_the_option(sqlite_store, framework):
    trust = finalised_round(sqlite_store, framework, board="Children's Trust Board")
    row = record_decision(sqlite_store, framework, trust, decided(), actor="facilitator")
    assert decision_sentence(row, trust) == (
        "The Children's Trust Board decided on 19 March 2010 to adopt Option 2: Joint commissioning in targeted areas."
    )
    unnamed = trust.__class__(**{**trust.__dict__, "board": ""})
    assert decision_sentence(row, unnamed).startswith("The partnership board decided on 19 March 2010 to adopt")


def test_a_round_not_finalised_is_refused(sqlite_store, framework):
    row = sqlite_store.rounds.open_round(
        RoundInput(pin="2468", area="Wirral", held_on=dt.date(2010, 3, 1)), framework.version
    )
    with pytest.raises(DecisionError, match="is open, not finalised: finalise the round"):
        record_decision(sqlite_store, framework, row, decided(), actor="facilitator")
    assert sqlite_store.decisions.current(row.id) is None


def test_an_unknown_option_is_refused_naming_the_options(sqlite_store, framework):
    row = finalised_round(sqlite_store, framework)
    with pytest.raises(
        DecisionError, match="unknown option 'option_9'; the options are: status_quo, virtual, targeted"
    ):
        record_decision(sqlite_store, framework, row, decided("option_9"), actor="facilitator")


def test_a_date_before_the_workshop_is_refused(sqlite_store, framework):
    row = finalised_round(sqlite_store, framework)
    with pytest.raises(DecisionError, match="28 February 2010 is before the round's workshop on 1 March 2010"):
        record_decision(sqlite_store, framework, row, decided(on=dt.date(2010, 2, 28)), actor="facilitator")


def test_the_rounds_hybrid_can_be_chosen_under_its_name(sqlite_store, framework):
    row = finalised_round(sqlite_store, framework)
    choices = {d.id: "targeted" for d in framework.dimensions} | {"commissioning_support": "whole_system"}
    hybrid = sqlite_store.appraisal.add_hybrid(
        row.id, HybridInput(name="Targeted with a central team", choices=choices)
    )
    recorded = record_decision(sqlite_store, framework, row, decided(hybrid.option_id), actor="facilitator")
    assert (recorded.option_id, recorded.option_name) == (hybrid.option_id, "Targeted with a central team")


def test_the_view_lists_the_superseded_decision_and_the_ratifications(sqlite_store, framework):
    row = finalised_round(sqlite_store, framework)
    record_decision(sqlite_store, framework, row, decided("virtual"), actor="facilitator")
    bodies = (
        Ratification(body="Council cabinet", status="ratified", on=dt.date(2010, 4, 6)),
        Ratification(body="NHS Wirral board"),
    )
    record_decision(sqlite_store, framework, row, decided(on=dt.date(2010, 6, 2), ratifications=bodies), actor="x")
    view = round_decision(sqlite_store, row)
    assert view.sentence == (
        "The partnership board decided on 2 June 2010 to adopt Option 2: Joint commissioning in targeted areas."
    )
    assert view.ratification_lines == [
        "Council cabinet: ratified on 6 April 2010",
        "NHS Wirral board: not yet ratified",
    ]
    assert len(view.superseded_lines) == 1
    assert view.superseded_lines[0].startswith(
        "Superseded: the decision of 19 March 2010 to adopt Option 1: Virtual joint commissioning (recorded "
    )
    assert ratified(view.current) is None
    data = view.as_data()
    assert (data["option"], data["decided_on"], data["earlier"][0]["option"]) == ("targeted", "2010-06-02", "virtual")


def test_decide_on_the_command_line_records_prints_and_summary_carries_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert _cli("demo", database=url).returncode == 0
    before = json.loads(_cli("summary", "Brookmere", "--round", "5", database=url).stdout)
    assert before["decision"] is None

    done = _cli(
        "decide", "Brookmere", "--round", "2026-03-10", "--option", "targeted", "--date", "2026-03-19",
        "--resolution", "Option 2 was agreed.", database=url,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "The partnership board decided on 19 March 2026 to adopt Option 2: Joint commissioning in targeted areas.",
        "Council cabinet: not yet ratified",
        "NHS board (ICB): not yet ratified",
    ]
    ratify = _cli(
        "ratify", "Brookmere", "--round", "5", "--body", "Council cabinet", "--status", "ratified",
        "--date", "2026-04-06", database=url,
    )  # fmt: skip
    assert ratify.returncode == 0, ratify.stderr
    after = json.loads(_cli("summary", "Brookmere", "--round", "5", database=url).stdout)["decision"]
    assert (after["option"], after["decided_on"], after["resolution"]) == (
        "targeted",
        "2026-03-19",
        "Option 2 was agreed.",
    )
    assert after["ratifications"][0] == {"body": "Council cabinet", "status": "ratified", "on": "2026-04-06"}

    again = _cli(
        "decide",
        "Brookmere",
        "--round",
        "5",
        "--option",
        "whole_system",
        "--date",
        "2026-09-01",
        "--json",
        database=url,
    )
    data = json.loads(again.stdout)
    assert (data["option"], data["supersedes"], [e["option"] for e in data["earlier"]]) == (
        "whole_system",
        after["id"],
        ["targeted"],
    )


def test_decide_errors_are_one_clear_line(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert _cli("demo", database=url).returncode == 0
    unknown = _cli("decide", "Brookmere", "--round", "5", "--option", "option_9", database=url)
    assert unknown.returncode == 1
    assert unknown.stderr.strip().startswith("error: unknown option 'option_9'; the options are: status_quo,")
    still_open = _cli("decide", "Ashvale", "--round", "2", "--option", "targeted", database=url)
    assert still_open.returncode == 1
    assert still_open.stderr.strip() == (
        "error: round 2 of Ashvale (held 3 February 2026) is open, not finalised: "
        "finalise the round before recording the Board's decision on it"
    )
    no_decision = _cli("ratify", "Ashvale", "--round", "1", "--body", "Cabinet", "--status", "ratified", database=url)
    assert no_decision.returncode == 1
    assert no_decision.stderr.strip() == "error: round 1 of Ashvale has no decision recorded yet"
    for result in (unknown, still_open, no_decision):
        assert "Traceback" not in result.stderr

"""The command line, run as a user would: python -m assessment ..."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assessment.models import Answer, ItemKind, RoundInput
from assessment.storage import Store

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str, database: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = os.environ | {"ASSESSMENT_DATABASE_URL": database}
    return subprocess.run(
        [sys.executable, "-m", "assessment", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin,
    )


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'demo.db'}"
    loaded = _cli("demo", database=url)
    assert loaded.returncode == 0, loaded.stderr
    assert "6 areas" in loaded.stdout
    return url


def test_areas_lists_every_sample_area_with_its_rounds(demo_database):
    listing = json.loads(_cli("areas", "--json", database=demo_database).stdout)
    assert [a["area"] for a in listing] == ["Ashvale", "Brookmere", "Calderwick", "Dunmoor", "Elmridge", "Fernhollow"]
    assert all(a["illustrative"] for a in listing)
    assert all(2 <= len(a["rounds"]) <= 3 for a in listing)


def test_summary_json_has_the_documented_fields(demo_database):
    result = _cli("summary", "Dunmoor", "--json", database=demo_database)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert {"area", "round", "respondents", "framework_version", "factors", "continuum", "options"} <= set(summary)
    assert summary["area"] == "Dunmoor" and summary["framework_version"] == "2026.1"
    assert len(summary["factors"]) == 8
    assert set(summary["factors"][0]) >= {
        "id",
        "name",
        "median",
        "mean",
        "iqr",
        "n",
        "dont_know",
        "agreement",
        "consensus",
    }
    continuum = summary["continuum"]
    assert {"components", "distribution", "position", "sentence"} <= set(continuum)
    assert set(continuum["components"][0]) >= {"id", "stage", "distribution"}
    assert [o["id"] for o in summary["options"]] == ["status_quo", "virtual", "targeted", "whole_system"]
    assert set(summary["options"][1]) >= {"id", "name", "stage", "gap", "readiness"}


def test_open_round_prints_the_new_round_and_its_join_code(demo_database):
    result = _cli(
        "open-round", "New Partnership", "--date", "2026-12-01", "--pin", "2468", "--json", database=demo_database
    )
    assert result.returncode == 0, result.stderr
    opened = json.loads(result.stdout)
    assert opened["area"] == "New Partnership" and opened["held_on"] == "2026-12-01" and len(opened["join_code"]) == 6


def test_open_round_names_the_board_its_paper_goes_to(demo_database):
    result = _cli(
        "open-round",
        "Boardton",
        "--date",
        "2026-12-03",
        "--pin",
        "2468",
        "--board",
        "Children's Trust Board",
        database=demo_database,
    )
    assert result.returncode == 0, result.stderr
    store = Store(demo_database)
    try:
        (row,) = store.rounds.list_rounds(store.rounds.find_area("Boardton").id)
        assert row.board == "Children's Trust Board"
        assert row.has_executive is None  # not asked
    finally:
        store.dispose()


def test_open_round_records_whether_the_partnership_has_an_executive_group(demo_database):
    for area, answer in (("Execton", "yes"), ("Noexec", "no")):
        result = _cli("open-round", area, "--date", "2026-12-04", "--executive", answer, database=demo_database)
        assert result.returncode == 0, result.stderr
    wrong = _cli("open-round", "Maybeton", "--executive", "perhaps", database=demo_database)
    assert wrong.returncode == 2 and "invalid choice: 'perhaps'" in wrong.stderr
    store = Store(demo_database)
    try:
        has = {
            a: store.rounds.list_rounds(store.rounds.find_area(a).id)[0].has_executive for a in ("Execton", "Noexec")
        }
        assert has == {"Execton": True, "Noexec": False}
    finally:
        store.dispose()


def test_summary_of_a_round_with_no_answers_is_one_clear_error(demo_database):
    _cli("open-round", "Empty Place", "--date", "2026-12-02", database=demo_database)
    result = _cli("summary", "Empty Place", "--json", database=demo_database)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "has no answers yet" in result.stderr


def test_unknown_area_and_bad_database_url_fail_with_one_line(demo_database):
    unknown = _cli("summary", "Atlantis", database=demo_database)
    assert unknown.returncode == 1 and unknown.stderr.strip() == "error: no area called 'Atlantis'"
    bad = _cli("areas", database="nosuchdb://nowhere")
    assert bad.returncode == 1
    assert len(bad.stderr.strip().splitlines()) == 1 and "cannot use the database URL" in bad.stderr


def test_a_bad_date_or_short_pin_is_refused(demo_database):
    assert _cli("open-round", "X", "--date", "31/12/2026", database=demo_database).returncode == 2
    short = _cli("open-round", "X", "--pin", "12", database=demo_database)
    assert short.returncode == 1 and "pin" in short.stderr


def test_summary_json_gives_each_factors_re_scoring_passes(tmp_path, framework):
    # Five people answer every statement 2 except governance: 2, 2, 2, 4, 0 (median 2; 3 of 5 at it and
    # within one level; 2 of 5 outside, over a quarter: split). In pass 2 three move (2 -> 3, 4 -> 3,
    # 0 -> 1): 2, 2, 3, 3, 1, median 2, 2 of 5 at it, all 5 within one level: no longer split.
    url = f"sqlite:///{tmp_path / 'passes.db'}"
    store = Store(url)
    try:
        round_id = store.rounds.open_round(
            RoundInput(area="Testshire", held_on=dt.date(2026, 3, 10), pin="2468"), framework.version
        ).id
        people = []
        for level in (2, 2, 2, 4, 0):
            batch = [
                Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=level if f.id == "governance" else 2)
                for f in framework.factors
                for s in f.statements
            ]
            people.append(store.responses.add_response(round_id, "council", batch).id)
        store.rescores.open(round_id, ["governance"], framework=framework)
        for person, level in zip(people[2:], (3, 3, 1), strict=True):
            store.rescores.save_answers(
                person,
                2,
                [Answer(kind=ItemKind.STATEMENT, item_id=f"governance_{i}", value=level) for i in range(1, 5)],
            )
    finally:
        store.dispose()
    result = _cli("summary", "Testshire", "--json", database=url)
    assert result.returncode == 0, result.stderr
    factors = {f["id"]: f for f in json.loads(result.stdout)["factors"]}
    assert factors["governance"]["passes"] == [
        {"pass": 1, "median": 2.0, "n": 5, "at_median": 0.6, "within_one": 0.6, "split": True},
        {"pass": 2, "median": 2.0, "n": 5, "at_median": 0.4, "within_one": 1.0, "split": False},
    ]
    assert (factors["governance"]["pass"], factors["governance"]["agreement"]) == (2, "agreement")
    assert factors["governance"]["uncertain"] is False  # not split, and pass 2 is still open
    assert factors["leadership"]["passes"] == [
        {"pass": 1, "median": 2.0, "n": 5, "at_median": 1.0, "within_one": 1.0, "split": False}
    ]

"""The results workbook after re-scoring: which answers each factor's score uses, the Re-scoring sheet
with the passes side by side, and the Summary's lines, with numbers worked out by hand.

Five people answer every statement 2 and every component at stage 2, except:
    governance  2, 2, 2, 4, 0   median 2; at it and within one level 3 of 5 (60%); split (2 of 5 outside)
    vision      0, 0, 4, 4, 2   median 2; at it and within one level 1 of 5 (20%); split
Pass 2 re-scores both. Governance: P3 2 -> 3, P4 4 -> 3, P5 0 -> 1, so 2, 2, 3, 3, 1: median 2, at it
2 of 5 (40%), within one level 5 of 5 (100%), no longer split. Vision: P1 0 -> 1, so 1, 0, 4, 4, 2:
median 2, at it 20%, within one level 2 of 5 (40%), still split; once pass 2 closes it is uncertain.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from python_calamine import CalamineWorkbook

from assessment.excel.export import results_workbook
from assessment.models import Answer, ItemKind, RoundInput
from tests.assessment.excel.test_export import calamine_rows, table_rows

ROOM = ((2, 0), (2, 0), (2, 4), (4, 4), (0, 2))  # (governance, vision) of P1-P5


def level(name: str, value: int) -> list[Answer]:
    return [Answer(kind=ItemKind.STATEMENT, item_id=f"{name}_{i}", value=value) for i in range(1, 5)]


@pytest.fixture
def room(sqlite_store, framework):
    store = sqlite_store
    spec = RoundInput(pin="2468", area="Testford", held_on=dt.date(2026, 3, 10), title="Workshop")
    round_id = store.rounds.open_round(spec, framework.version).id
    people = []
    for governance, vision in ROOM:
        chosen = {"governance": governance, "vision": vision}
        batch = [
            Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=chosen.get(f.id, 2))
            for f in framework.factors
            for s in f.statements
        ]
        batch += [Answer(kind=ItemKind.COMPONENT, item_id=c.id, value=2) for c in framework.components]
        people.append(store.responses.add_response(round_id, "council", batch).id)
    return store, round_id, people


def rescore(store, framework, round_id: int, people: list[int]) -> None:  # noqa: ANN001
    store.rescores.open(round_id, ["governance", "vision"], framework=framework)
    for person, value in zip(people[2:], (3, 3, 1), strict=True):
        store.rescores.save_answers(person, 2, level("governance", value))
    store.rescores.save_answers(people[0], 2, level("vision", 1))
    store.rescores.close(round_id)


def sheet_names(data: bytes) -> list[str]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names


def test_without_re_scores_there_is_no_re_scoring_sheet_and_every_score_uses_the_first_answers(room, framework):
    store, round_id, _people = room
    data = results_workbook(store, framework, round_id)
    assert "Re-scoring" not in sheet_names(data)
    rows = table_rows(data, "Factor scores", "Factor ID")
    assert {(r["Answers used"], r["Uncertain"]) for r in rows} == {("first answers", "No")}
    summary = {row[0]: row[1] for row in calamine_rows(data, "Summary") if row and row[0]}
    assert "Re-scoring after discussion" not in summary


def test_the_re_scoring_sheet_shows_each_re_scored_factors_passes_side_by_side(room, framework):
    store, round_id, people = room
    rescore(store, framework, round_id, people)
    data = results_workbook(store, framework, round_id)
    names = sheet_names(data)
    assert names[names.index("Factor scores") + 1] == "Re-scoring"
    rows = table_rows(data, "Re-scoring", "Factor ID")
    assert [r["Factor ID"] for r in rows] == ["governance", "vision"]
    governance, vision = rows
    assert [governance[f"First answers: {w}"] for w in ("median", "people", "at the median", "within one level")] == [
        2,
        5,
        pytest.approx(0.6),
        pytest.approx(0.6),
    ]
    assert [governance[f"Second pass: {w}"] for w in ("median", "people", "at the median", "within one level")] == [
        2,
        5,
        pytest.approx(0.4),
        1,
    ]
    assert (governance["First answers: split"], governance["Second pass: split"], governance["Uncertain"]) == (
        "Yes",
        "No",
        "No",
    )
    assert (vision["Second pass: at the median"], vision["Second pass: within one level"]) == (
        pytest.approx(0.2),
        pytest.approx(0.4),
    )
    assert (vision["Second pass: split"], vision["Uncertain"]) == ("Yes", "Yes")


def test_the_factor_table_and_summary_say_which_pass_the_scores_use(room, framework):
    store, round_id, people = room
    rescore(store, framework, round_id, people)
    data = results_workbook(store, framework, round_id)
    used = {
        r["Factor ID"]: (r["Median"], r["Answers used"], r["Uncertain"])
        for r in table_rows(data, "Factor scores", "Factor ID")
    }
    assert used["governance"] == (2, "second pass", "No")
    assert used["vision"] == (2, "second pass", "Yes")
    assert used["leadership"] == (2, "first answers", "No")
    summary = {row[0]: row[1] for row in calamine_rows(data, "Summary") if row and row[0]}
    assert summary["Re-scoring after discussion"] == (
        "2 factors use the second pass's scores. The others use the first answers."
    )
    assert summary["Still split after re-scoring (uncertain)"] == "An agreed vision for the shape of the system"


def test_the_responses_sheet_holds_each_persons_latest_answers(room, framework):
    store, round_id, people = room
    rescore(store, framework, round_id, people)
    rows = table_rows(results_workbook(store, framework, round_id), "Responses", "Participant")
    governance_1 = [r["Answer"] for r in rows if r["Item ID"] == "governance_1"]
    assert sorted(governance_1) == [1, 2, 2, 3, 3]


def test_why_the_room_is_still_uncertain_goes_to_the_factor_table_and_comes_back_on_import(room, framework, tmp_path):
    from assessment.excel.importer import import_files
    from assessment.models import ConsensusEntry
    from assessment.storage import Store

    store, round_id, people = room
    rescore(store, framework, round_id, people)  # vision is uncertain
    reason = "Schools were not in the room for the second pass"
    entry = ConsensusEntry(kind=ItemKind.FACTOR, item_id="vision", value=2, uncertain_reason=reason)
    store.consensus.record(round_id, entry, expected_revision=None)
    data = results_workbook(store, framework, round_id)
    why = {r["Factor ID"]: r["Why still uncertain"] for r in table_rows(data, "Factor scores", "Factor ID")}
    assert why["vision"] == reason
    assert why["governance"] in ("", None)  # not uncertain, nothing asked
    other = Store(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        import_files(other, framework, [("results.xlsx", data)])
        imported = other.rounds.list_rounds()[0]
        record = other.consensus.for_round(imported.id)[(ItemKind.FACTOR, "vision")]
        assert (record.value, record.uncertain_reason) == (2.0, reason)
    finally:
        other.dispose()


def test_the_board_papers_factor_table_says_uncertain_and_why(room, framework):
    from assessment.models import ConsensusEntry
    from assessment.paper import board_paper
    from tests.assessment.paper.conftest import reopen, rows_of, table_with

    store, round_id, people = room
    rescore(store, framework, round_id, people)  # vision is still split after its re-score: uncertain
    entry = ConsensusEntry(
        kind=ItemKind.FACTOR,
        item_id="vision",
        value=2,
        rationale="Most want one plan",
        uncertain_reason="Schools were not in the room for the second pass",
    )
    store.consensus.record(round_id, entry, expected_revision=None)
    paper = reopen(board_paper(store, framework, round_id, renderer=None))
    rows = {row[0]: row for row in rows_of(table_with(paper, "Success factor"))}
    vision = rows[framework.factor("vision").name]
    assert vision[3] == "Most want one plan Still uncertain: Schools were not in the room for the second pass"
    assert vision[5] == "Uncertain"
    governance = rows[framework.factor("governance").name]
    assert governance[5] == ""  # re-scored and no longer split: neither split nor uncertain

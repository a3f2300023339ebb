"""One copy of the offline questionnaire is one person's response: importing it again replaces it."""

from __future__ import annotations

import io
import threading

from openpyxl import load_workbook

from assessment.excel import questionnaire
from assessment.excel.importer import import_files
from tests.assessment.excel.conftest import fill_questionnaire, small_round
from tests.assessment.excel.test_importer import problems_of

REPLACED = "replaced the answers of an earlier import of this questionnaire"
ADDED = "added as a new participant"


def outcome(line: str) -> str:
    """What an import report line says happened: added or replaced."""
    return line.rsplit(": ", 1)[1]


def answers_of_newcomers(store, round_id: int) -> dict[str, dict[str, float]]:  # noqa: ANN001
    """The answers of everyone but small_round's first three participants: partner type -> item -> value."""
    frame = store.responses.answers_frame([round_id])
    frame = frame[frame["participant_id"] > sorted(frame["participant_id"].unique())[2]]
    return {
        partner: dict(zip(rows["item_id"], rows["value"], strict=True))
        for partner, rows in frame.groupby("partner_type")
    }


def test_each_download_carries_its_own_locked_response_id(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    first, second = (
        load_workbook(io.BytesIO(questionnaire.questionnaire_workbook(framework, round_row))) for _ in range(2)
    )
    ids = []
    for book in (first, second):
        ws = book[questionnaire.SHEET]
        assert ws["A7"].value == "Response ID"
        assert questionnaire.RESPONSE_ID.fullmatch(ws["B7"].value)
        assert ws.protection.sheet and ws["B7"].protection.locked
        ids.append(ws["B7"].value)
    assert ids[0] != ids[1]  # two people downloading a blank questionnaire are two responses
    instructions = " ".join(str(c.value) for c in first[questionnaire.INSTRUCTIONS]["A"] if c.value)
    assert "This copy is one person's response" in instructions


def test_importing_a_copy_again_replaces_its_partner_type_and_all_its_answers(store, framework):
    round_row = small_round(store, framework)
    copy = questionnaire.questionnaire_workbook(framework, round_row)
    first = fill_questionnaire(copy, "Schools", {"leadership_1": 1, "leadership_2": 2, "send": 3})
    plan = import_files(store, framework, [("monday.xlsx", first)])
    assert outcome(plan.described[0]) == ADDED
    assert answers_of_newcomers(store, round_row.id) == {"school": {"leadership_1": 1, "leadership_2": 2, "send": 3}}

    second = fill_questionnaire(copy, "Council", {"leadership_1": 4})
    plan = import_files(store, framework, [("tuesday.xlsx", second)])
    assert outcome(plan.described[0]) == REPLACED
    # Still 3 + 1 people; the copy's person is now council, with only the one answer it now holds.
    assert len(store.responses.participants_frame([round_row.id])) == 4
    assert answers_of_newcomers(store, round_row.id) == {"council": {"leadership_1": 4}}
    assert store.audit.for_round(round_row.id).iloc[0]["detail"] == (
        "1 participant from Excel, 1 replacing an earlier import of the same questionnaire"
    )


def test_two_copies_of_one_questionnaire_in_one_batch_are_refused(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    copy = questionnaire.questionnaire_workbook(framework, round_row)
    files = [
        ("ann.xlsx", fill_questionnaire(copy, "Schools", {"send": 3})),
        ("bob.xlsx", fill_questionnaire(copy, "Council", {"send": 1})),
    ]
    [problem] = problems_of(sqlite_store, framework, files)
    assert problem == (
        "bob.xlsx, sheet 'Questionnaire': This is a copy of the same questionnaire as ann.xlsx (the same response "
        "ID), so only one of them can count. One copy is one person's response: each person needs their own "
        "downloaded copy."
    )


def test_a_changed_response_id_is_refused(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    book = load_workbook(io.BytesIO(questionnaire.questionnaire_workbook(framework, round_row)))
    book[questionnaire.SHEET]["B7"] = "mine"
    buffer = io.BytesIO()
    book.save(buffer)
    [problem] = problems_of(
        sqlite_store, framework, [("q.xlsx", fill_questionnaire(buffer.getvalue(), "Schools", {"send": 3}))]
    )
    assert problem.startswith("q.xlsx, sheet 'Questionnaire', row 7, Response ID: has been changed or cleared")


def at_once(store, framework, batches: list[list[tuple[str, bytes]]]) -> tuple[list[list[str]], list]:  # noqa: ANN001
    """Import each batch in its own thread, all started together: (each batch's outcomes, failures)."""
    start = threading.Barrier(len(batches))
    outcomes: list[list[str]] = []
    failures: list[BaseException] = []

    def import_it(files: list[tuple[str, bytes]]) -> None:
        start.wait()
        try:
            outcomes.append([outcome(line) for line in import_files(store, framework, files).described])
        except BaseException as exc:  # noqa: BLE001 -- any failure at all is what these tests look for
            failures.append(exc)

    threads = [threading.Thread(target=import_it, args=(files,)) for files in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, failures


def test_eight_imports_of_one_copy_at_once_add_one_participant(store, framework):
    round_row = small_round(store, framework)
    data = fill_questionnaire(questionnaire.questionnaire_workbook(framework, round_row), "Schools", {"send": 3})
    outcomes, failures = at_once(store, framework, [[("q.xlsx", data)]] * 8)
    assert failures == []
    assert sorted(o for [o] in outcomes) == [ADDED] + [REPLACED] * 7
    assert len(store.responses.participants_frame([round_row.id])) == 3 + 1
    assert answers_of_newcomers(store, round_row.id) == {"school": {"send": 3}}


def test_two_batches_of_the_same_two_copies_in_opposite_orders_both_save(store, framework):
    round_row = small_round(store, framework)
    ann = (
        "ann.xlsx",
        fill_questionnaire(questionnaire.questionnaire_workbook(framework, round_row), "Schools", {"send": 3}),
    )
    bob = (
        "bob.xlsx",
        fill_questionnaire(questionnaire.questionnaire_workbook(framework, round_row), "Council", {"send": 1}),
    )
    for _ in range(3):
        _outcomes, failures = at_once(store, framework, [[ann, bob], [bob, ann]])
        assert failures == []
    assert len(store.responses.participants_frame([round_row.id])) == 3 + 2
    assert answers_of_newcomers(store, round_row.id) == {"school": {"send": 3}, "council": {"send": 1}}

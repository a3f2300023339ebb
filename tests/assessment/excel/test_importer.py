"""Importing questionnaires and results workbooks: round trips, all or nothing, every problem at once."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from assessment.disclosure import decide, shown_answers
from assessment.excel import questionnaire
from assessment.excel.export import REBUILT_NOTE, programme_workbook, results_workbook
from assessment.excel.importer import import_files, plan_import
from assessment.excel.problems import ImportRefused
from assessment.models import HybridInput, RoundStatus
from assessment.results import rounds_frame, score_round, summary
from assessment.results.rounds import latest_finalised
from assessment.scoring import score_answers
from tests.assessment.excel.conftest import fill_questionnaire, item_rows, small_round

ANSWER = questionnaire.ANSWER_COLUMN


def problems_of(store, framework, files, **kwargs) -> list[str]:  # noqa: ANN001
    with pytest.raises(ImportRefused) as caught:
        plan_import(store, framework, files, **kwargs)
    return [str(p) for p in caught.value.problems]


def statement_ids(framework) -> list[str]:  # noqa: ANN001
    return [s.id for f in framework.factors for s in f.statements]


def copy_of(framework, round_row) -> bytes:  # noqa: ANN001
    """A fresh download of the round's questionnaire: one person's own copy."""
    return questionnaire.questionnaire_workbook(framework, round_row)


CONTEXT = ("percentile", "peers", "previous", "change")


def without_ids(report: dict) -> dict:
    """The round's own numbers: without its id, and without where it stands among the other rounds in its
    database (an empty database has no other areas, and may hold no earlier round of this one), and without the recommendation, which rests on appraisal
    scores the workbook does not carry."""
    report["round"].pop("id")
    # The options appraisal's individual scores are not part of a results workbook (its Options sheet shows
    # the ranking, not each person's scores), so an imported round recommends on readiness alone.
    report.pop("recommendation")
    report.pop("previous_round")
    for factor in report["factors"]:
        for key in CONTEXT:
            factor.pop(key, None)
        # A results workbook carries each person's latest answers, not the re-scoring passes that led to
        # them (its Re-scoring sheet shows them; the importer does not read them back), so an imported
        # round scores the same from one pass.
        for key in ("pass", "uncertain", "passes"):
            factor.pop(key, None)
    # Likewise the change in position since the previous round, which the continuum sentence ends with.
    continuum = report["continuum"]
    continuum.pop("change")
    continuum["sentence"] = continuum["sentence"].split(" \u2013 ")[0].removesuffix(".") + "."
    return report


def shown_only(answers, framework):  # noqa: ANN001, ANN201
    """What a results workbook lists of a round's answers: the people it shows, without withheld answers."""
    listed = shown_answers(answers, decide(answers, framework))
    return listed[~listed["withheld"]]


# -- round trips -----------------------------------------------------------------------------------


def test_exported_round_imported_into_an_empty_database_scores_identically(sample_store, store, framework):
    for round_row in sample_store.rounds.list_rounds()[:2]:
        data = results_workbook(sample_store, framework, round_row.id)
        import_files(store, framework, [("results.xlsx", data)])
        before = without_ids(summary(sample_store, framework, round_row.area_name, round_row.held_on.isoformat()))
        after = without_ids(summary(store, framework, round_row.area_name, round_row.held_on.isoformat()))
        assert after == before
    imported = store.rounds.list_rounds()[0]
    original = sample_store.rounds.list_rounds()[0]
    assert (imported.status, imported.priority_areas) == (original.status, original.priority_areas)
    assert len(store.plan.for_round(imported.id)) == len(sample_store.plan.for_round(original.id))
    rationale = {k: c.rationale for k, c in sample_store.consensus.for_round(original.id).items()}
    assert {k: c.rationale for k, c in store.consensus.for_round(imported.id).items()} == rationale
    assert store.rounds.list_areas()[0].illustrative


def test_exported_programme_imported_into_an_empty_database_scores_as_the_people_it_shows(
    sample_store, sqlite_store, framework
):
    import_files(sqlite_store, framework, [("programme.xlsx", programme_workbook(sample_store, framework))])
    old, new = rounds_frame(sample_store), rounds_frame(sqlite_store)
    assert len(new) == 6
    new_scores = score_answers(sqlite_store.responses.answers_frame(), framework).factors
    ids = dict(zip(zip(new["area"], new["held_on"], strict=True), new["round_id"], strict=True))
    hidden = 0
    for _, row in old[old["round_id"].isin(latest_finalised(old)["round_id"])].iterrows():
        new_id = ids[(row["area"], row["held_on"])]
        answers = sample_store.responses.answers_frame([row["round_id"]])
        shown = score_answers(shown_only(answers, framework), framework).factors.loc[row["round_id"]]
        pd.testing.assert_frame_equal(new_scores.loc[new_id], shown)
        hidden += answers["participant_id"].nunique() - shown_only(answers, framework)["participant_id"].nunique()
    # Dunmoor's latest round: parents and carers (2) hidden with the next smallest group, schools (3).
    assert hidden == 5


def test_workbooks_with_the_appraisal_and_the_previous_plan_import_with_only_their_own_rounds_actions(
    sample_store, store, framework
):
    # Dunmoor's newest round has the Board's appraisal and a previous round's plan below its own; Ashvale's
    # has the room's appraisal, no actions of its own and a previous plan; one more round has a hybrid.
    newest = {r.area_name: r for r in sample_store.rounds.list_rounds()}
    sample_store.appraisal.add_hybrid(
        newest["Brookmere"].id,
        HybridInput(
            name="Targeted plus",
            choices=dict.fromkeys(
                (
                    "governance",
                    "commissioner_provider",
                    "lead_commissioner",
                    "commissioning_officers",
                    "commissioning_support",
                ),
                "targeted",
            ),
        ),
    )
    files = [
        (f"{a}.xlsx", results_workbook(sample_store, framework, newest[a].id))
        for a in ("Dunmoor", "Ashvale", "Brookmere")
    ]
    plan = import_files(store, framework, files)
    assert "only the people the workbook shows" in plan.described[0]
    about = [c.value for row in load_workbook(io.BytesIO(files[0][1]))["About"].iter_rows() for c in row]
    assert REBUILT_NOTE in about
    for area in ("Dunmoor", "Ashvale", "Brookmere"):
        original = newest[area]
        [imported] = store.rounds.list_rounds(store.rounds.find_area(area).id)
        before = without_ids(summary(sample_store, framework, area, original.held_on.isoformat()))
        after = without_ids(summary(store, framework, area, original.held_on.isoformat()))
        if area == "Dunmoor":  # 5 of its 30 people are hidden (parents and carers 2 with schools 3)
            assert (before["respondents"], after["respondents"]) == (30, 25)
        else:  # nobody withheld: the round trip is exact
            assert after == before
        expected = [(a.title, a.status, a.factor_id, a.component_id) for a in sample_store.plan.for_round(original.id)]
        assert [(a.title, a.status, a.factor_id, a.component_id) for a in store.plan.for_round(imported.id)] == expected
    assert sample_store.plan.for_round(newest["Ashvale"].id) == []


def test_a_programme_workbook_imports_each_rounds_own_actions_only(sample_store, sqlite_store, framework):
    import_files(sqlite_store, framework, [("programme.xlsx", programme_workbook(sample_store, framework))])
    old = rounds_frame(sample_store)
    for _, row in old[old["round_id"].isin(latest_finalised(old)["round_id"])].iterrows():
        [imported] = sqlite_store.rounds.list_rounds(sqlite_store.rounds.find_area(row["area"]).id)
        expected = [(a.title, a.status) for a in sample_store.plan.for_round(int(row["round_id"]))]
        assert [(a.title, a.status) for a in sqlite_store.plan.for_round(imported.id)] == expected


def test_engines_read_the_same_plan(sample_store, sqlite_store, framework):
    data = results_workbook(sample_store, framework, sample_store.rounds.list_rounds()[0].id)
    by_calamine = plan_import(sqlite_store, framework, [("r.xlsx", data)], engine="calamine")
    by_openpyxl = plan_import(sqlite_store, framework, [("r.xlsx", data)], engine="openpyxl")
    assert by_calamine.new_rounds == by_openpyxl.new_rounds


def test_a_results_workbook_cannot_be_imported_twice(sample_store, framework):
    data = results_workbook(sample_store, framework, sample_store.rounds.list_rounds()[0].id)
    [problem] = problems_of(sample_store, framework, [("results.xlsx", data)])
    assert "is already in the database; importing it again would duplicate it" in problem


# -- questionnaires --------------------------------------------------------------------------------


def test_many_filled_questionnaires_import_at_once_and_score_as_worked_by_hand(store, framework):
    round_row = small_round(store, framework, area="Offline")
    statements = statement_ids(framework)
    files = [
        # Two more people, each with their own copy: one answers every statement with a level label,
        # one with '1 - Emerging'.
        (
            "a.xlsx",
            fill_questionnaire(copy_of(framework, round_row), "Public health", dict.fromkeys(statements, "Embedded")),
        ),
        (
            "b.xlsx",
            fill_questionnaire(copy_of(framework, round_row), "voluntary", dict.fromkeys(statements, "1 - Emerging")),
        ),
    ]
    plan = import_files(store, framework, files)
    assert plan.participants == 2
    # Factor scores are now 2, 3, 4, 4 and 1: sorted 1 2 3 4 4, so the median is 3 and the mean 2.8.
    factors = score_round(store, framework, round_row.id).factors
    assert factors["median"].tolist() == [3.0] * 8
    assert factors["mean"].round(6).tolist() == [2.8] * 8
    partners = set(store.responses.participants_frame([round_row.id])["partner_type"])
    assert {"public_health", "voluntary"} <= partners


def test_a_questionnaire_filled_with_a_partner_types_former_name_still_imports(store, framework):
    # The NHS commissioner was "NHS commissioner (ICB)" before the name said what it replaced; copies of
    # questionnaires sent out then carry that name.
    round_row = small_round(store, framework, area="Old copies")
    statements = statement_ids(framework)
    old_copy = fill_questionnaire(copy_of(framework, round_row), "NHS commissioner (ICB)", dict.fromkeys(statements, 2))
    assert import_files(store, framework, [("old.xlsx", old_copy)]).participants == 1
    assert "nhs_commissioner" in set(store.responses.participants_frame([round_row.id])["partner_type"])


def test_numbers_dont_know_and_comments_are_read_from_a_questionnaire(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    template = questionnaire.questionnaire_workbook(framework, round_row)
    answers = {"leadership_1": 3, "leadership_2": "Don\u2019t know", "budgets": "5 - Whole system", "send": 2}
    data = fill_questionnaire(template, "Schools", answers, {"leadership_1": "-not sure; @ask the ICB"})
    plan = import_files(sqlite_store, framework, [("q.xlsx", data)])
    [person] = plan.additions[round_row.id]
    got = {a.item_id: (a.value, a.comment) for a in person.answers}
    assert got == {
        "leadership_1": (3, "-not sure; @ask the ICB"),
        "leadership_2": (None, ""),
        "budgets": (5, ""),
        "send": (2, ""),
    }
    assert not person.complete


def test_every_problem_of_every_file_is_reported_at_once_and_nothing_is_saved(store, framework):
    round_row = small_round(store, framework)
    template = questionnaire.questionnaire_workbook(framework, round_row)
    rows = item_rows(template)
    answers_before = len(store.responses.answers_frame())
    bad = fill_questionnaire(
        template, None, {"leadership_1": "Establshed", "leadership_2": 7, "budgets": "4 - Embedded", "send": 2.5}
    )
    good = fill_questionnaire(copy_of(framework, round_row), "Schools", {"leadership_1": 2})
    problems = problems_of(store, framework, [("good.xlsx", good), ("bad.xlsx", bad)])
    assert len(problems) == 5
    assert problems[0].startswith("bad.xlsx, sheet 'Questionnaire', row 6, Your partner type: is missing")
    assert (
        f"bad.xlsx, sheet 'Questionnaire', row {rows['leadership_1']}, Answer: 'Establshed' is not one of "
        "0 - Not in place, 1 - Emerging, 2 - Developing, 3 - Established, 4 - Embedded, Don't know"
    ) in problems
    assert any(f"row {rows['leadership_2']}, Answer: '7' is not one of" in p for p in problems)
    assert any(f"row {rows['budgets']}, Answer: '4 - Embedded' is not one of 1 - Silo" in p for p in problems)
    assert any(f"row {rows['send']}, Answer: '2.5' is not one of" in p for p in problems)
    assert len(store.responses.answers_frame()) == answers_before


def _edit(template: bytes, change) -> bytes:  # noqa: ANN001
    book = load_workbook(io.BytesIO(template))
    change(book[questionnaire.SHEET])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_formula_in_an_answer_cell_is_an_error(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    template = questionnaire.questionnaire_workbook(framework, round_row)
    row = item_rows(template)["leadership_1"]
    data = _edit(fill_questionnaire(template, "Schools", {}), lambda ws: ws.__setitem__(f"{ANSWER}{row}", "=1+2"))
    [problem] = problems_of(sqlite_store, framework, [("f.xlsx", data)])
    assert f"row {row}, Answer: holds a formula" in problem


def test_duplicate_and_unknown_ids_and_deleted_rows_are_errors(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    template = questionnaire.questionnaire_workbook(framework, round_row)
    rows = item_rows(template)

    def tamper(ws) -> None:  # noqa: ANN001
        ws[f"A{rows['leadership_2']}"] = "leadership_1"
        ws[f"A{rows['governance_1']}"] = "made_up"
        ws[f"{ANSWER}{rows['capacity_1']}"] = 2

    problems = problems_of(
        sqlite_store, framework, [("t.xlsx", _edit(fill_questionnaire(template, "Schools", {}), tamper))]
    )
    assert any(
        f"row {rows['leadership_2']}, ID: 'leadership_1' appears twice (also on row {rows['leadership_1']})" in p
        for p in problems
    )
    assert any(f"row {rows['governance_1']}, ID: 'made_up' is not an item" in p for p in problems)
    assert any("The rows for 2 items are missing (leadership_2, governance_1)" in p for p in problems)


def test_a_questionnaire_with_no_answers_is_an_error(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    data = fill_questionnaire(questionnaire.questionnaire_workbook(framework, round_row), "Schools", {})
    [problem] = problems_of(sqlite_store, framework, [("empty.xlsx", data)])
    assert "No answers are filled in" in problem


def test_the_same_file_twice_in_one_batch_is_an_error(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    data = fill_questionnaire(questionnaire.questionnaire_workbook(framework, round_row), "Schools", {"send": 3})
    [problem] = problems_of(sqlite_store, framework, [("one.xlsx", data), ("copy.xlsx", data)])
    assert problem == "copy.xlsx: This is the same file as one.xlsx; it would count twice."


def test_a_wrong_round_code_is_an_error(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    template = questionnaire.questionnaire_workbook(framework, round_row)
    data = _edit(fill_questionnaire(template, "Schools", {"send": 3}), lambda ws: ws.__setitem__("B4", "ZZZZZZ"))
    [problem] = problems_of(sqlite_store, framework, [("q.xlsx", data)])
    assert "row 4, Round code: The round code 'ZZZZZZ' matches no round in this database." in problem


def test_a_questionnaire_cannot_go_into_another_round(sqlite_store, framework):
    first = small_round(sqlite_store, framework, area="First")
    second = small_round(sqlite_store, framework, area="Second")
    data = fill_questionnaire(questionnaire.questionnaire_workbook(framework, first), "Schools", {"send": 3})
    [problem] = problems_of(sqlite_store, framework, [("q.xlsx", data)], round_id=second.id)
    assert (
        "belongs to First, Workshop (10 March 2026), not to the round chosen (Second, Workshop (10 March 2026))"
        in problem
    )


def test_a_closed_round_takes_no_answers(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    data = fill_questionnaire(questionnaire.questionnaire_workbook(framework, round_row), "Schools", {"send": 3})
    sqlite_store.rounds.set_status(round_row.id, RoundStatus.CLOSED)
    [problem] = problems_of(sqlite_store, framework, [("q.xlsx", data)])
    assert "is closed; re-open it to import answers" in problem


def test_a_workbook_with_the_wrong_sheets_is_an_error(sqlite_store, framework):
    from tests.assessment.excel.test_safety import workbook_bytes

    [problem] = problems_of(sqlite_store, framework, [("other.xlsx", workbook_bytes())])
    assert "neither an offline questionnaire nor a results workbook" in problem
    assert "'Sheet'" in problem


def test_hostile_files_in_a_batch_are_all_reported(sqlite_store, framework):
    from tests.assessment.excel.test_safety import BILLION_LAUGHS, rezip, workbook_bytes

    files = [
        ("macro.xlsm", workbook_bytes()),
        ("empty.xlsx", b""),
        ("renamed.xlsx", b"ID,Answer\n"),
        ("laughs.xlsx", rezip(workbook_bytes(), replace={"xl/worksheets/sheet1.xml": BILLION_LAUGHS})),
    ]
    problems = problems_of(sqlite_store, framework, files)
    assert [p.split(":")[0] for p in problems] == ["macro.xlsm", "empty.xlsx", "renamed.xlsx", "laughs.xlsx"]


def test_results_workbook_errors_name_sheet_row_and_column(sample_store, sqlite_store, framework):
    data = results_workbook(sample_store, framework, sample_store.rounds.list_rounds()[0].id)

    def tamper(book) -> None:  # noqa: ANN001
        ws = book["Responses"]
        ws["G6"] = 9  # Answer of the first response: a component, so 1 to 6
        ws["B7"] = "Martians"
        ws["G8"] = "=2+2"

    book = load_workbook(io.BytesIO(data))
    tamper(book)
    buffer = io.BytesIO()
    book.save(buffer)
    problems = problems_of(sqlite_store, framework, [("r.xlsx", buffer.getvalue())])
    assert (
        "r.xlsx, sheet 'Responses', row 6, Answer: '9' is not a whole number from 1 to 6 (blank means don't know)"
        in problems
    )
    assert (
        "r.xlsx, sheet 'Responses', row 7, Partner type: 'Martians' is not a partner type of this framework" in problems
    )
    assert "r.xlsx, sheet 'Responses', row 8, Answer: holds a formula; answers must be plain numbers" in problems


def test_text_that_looks_like_a_formula_survives_export_and_import_unchanged(tmp_path, store, framework):
    from assessment.models import Answer, ItemKind
    from assessment.storage import Store

    sqlite_store = Store(f"sqlite:///{tmp_path / 'source.db'}")
    dangerous = ["=1+1", "+44 20 7946 0000", "-2", "@team", "\tTabbed", "\rReturned", "plain"]
    round_row = small_round(sqlite_store, framework)
    person, _ = sqlite_store.responses.join(round_row.id, "voluntary")
    statements = statement_ids(framework)
    sqlite_store.responses.save_answers(
        person.id,
        [
            Answer(kind=ItemKind.STATEMENT, item_id=i, value=2, comment=c)
            for i, c in zip(statements, dangerous, strict=False)
        ],
    )
    import_files(store, framework, [("r.xlsx", results_workbook(sqlite_store, framework, round_row.id))])
    assert sorted(c for c in store.responses.answers_frame()["comment"] if c) == sorted(dangerous)


def test_a_questionnaire_from_before_response_ids_is_refused_the_second_time(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    template = _edit(questionnaire.questionnaire_workbook(framework, round_row), _without_response_id)
    data = fill_questionnaire(template, "Schools", {"send": 3})
    plan = import_files(sqlite_store, framework, [("monday.xlsx", data)])
    assert plan.described[0].endswith(": added as a new participant")
    [problem] = problems_of(sqlite_store, framework, [("again.xlsx", data)])
    assert "already imported into this round" in problem


def _without_response_id(ws) -> None:  # noqa: ANN001
    for cell in ("A7", "B7", "C7"):
        ws[cell] = None


def test_damaged_questionnaires_are_refused_with_a_message_never_a_crash(sqlite_store, framework):
    import random

    round_row = small_round(sqlite_store, framework)
    good = fill_questionnaire(questionnaire.questionnaire_workbook(framework, round_row), "Schools", {"send": 3})
    rng = random.Random(6)
    for _ in range(60):
        damaged = bytearray(good)
        for _ in range(rng.randint(1, 20)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            plan_import(sqlite_store, framework, [("damaged.xlsx", bytes(damaged))])
        except ImportRefused as refused:
            assert all(p.file == "damaged.xlsx" and p.message for p in refused.problems)

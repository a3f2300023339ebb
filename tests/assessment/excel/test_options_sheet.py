"""The results workbook's Options, Summary and Development plan sheets show the options appraisal and the
plan as the app's pages do; the numbers below are worked by hand and read back with python-calamine."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from assessment.excel.export import programme_workbook, results_workbook
from assessment.models import ActionInput, ActionStatus, AppraisalScore, CriterionWeight, HybridInput, RoundInput
from tests.assessment.excel.conftest import small_round

CRITERIA = ("outcomes", "boundaries", "transparency", "resources", "feasibility", "fragmentation")
# Weights out of 100: outcomes counts for 40%, boundaries 20%, the other four 10% each.
WEIGHTS = (40, 20, 10, 10, 10, 10)
BOARD = {
    "status_quo": (0, 0, 2, 2, 4, 2),  # 0.4*0 + 0.2*0 + 0.1*(2+2+4+2) = 1.0
    "virtual": (2, 2, 2, 2, 3, 2),  # 0.4*2 + 0.2*2 + 0.1*(2+2+3+2) = 0.8 + 0.4 + 0.9 = 2.1
    "targeted": (3, 3, 3, 3, 3, 3),  # 3.0
    "whole_system": (4, 4, 3, 2, 1, 1),  # 0.4*4 + 0.2*4 + 0.1*(3+2+1+1) = 1.6 + 0.8 + 0.7 = 3.1
}
WHOLE = "Option 3: Joint commissioning for the whole system"


def framework_criterion(framework, criterion_id: str):  # noqa: ANN001, ANN201
    return next(c for c in framework.criteria if c.id == criterion_id)


def rows_of(data: bytes, sheet: str) -> list[list[object]]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(sheet).to_python()


def table(data: bytes, sheet: str, *headers: str) -> list[dict[str, object]]:
    """The table whose header row starts with these headers, down to its first blank row."""
    rows = rows_of(data, sheet)
    start = next(i for i, r in enumerate(rows) if tuple(r[: len(headers)]) == headers)
    found = []
    for row in rows[start + 1 :]:
        if all(v == "" for v in row):
            break
        found.append(dict(zip(rows[start], row, strict=True)))
    return found


def summary_of(data: bytes) -> dict[str, list[object]]:
    """Summary label -> its values (a label with several lines gets them all)."""
    found: dict[str, list[object]] = {}
    label = None
    for row in rows_of(data, "Summary")[1:]:
        if len(row) < 2 or row[1] == "":
            continue
        label = row[0] or label
        found.setdefault(label, []).append(row[1])
    return found


def score_board(store, round_id: int, scores: dict[str, tuple[int, ...]]) -> None:  # noqa: ANN001
    store.appraisal.save_scores(
        round_id,
        [
            AppraisalScore(option_id=o, criterion_id=c, value=v)
            for o, vs in scores.items()
            for c, v in zip(CRITERIA, vs, strict=True)
        ],
    )


@pytest.fixture
def appraised(sqlite_store, framework):  # noqa: ANN001, ANN201
    """The small round (every factor median 3, position 3) with saved weights and the Board's scores."""
    round_row = small_round(sqlite_store, framework)
    sqlite_store.appraisal.save_weights(
        round_row.id, [CriterionWeight(criterion_id=c, weight=w) for c, w in zip(CRITERIA, WEIGHTS, strict=True)]
    )
    score_board(sqlite_store, round_row.id, BOARD)
    return round_row


def test_options_sheet_shows_the_boards_scores_weighted_totals_and_ranks(appraised, sqlite_store, framework):
    data = results_workbook(sqlite_store, framework, appraised.id)
    grid = table(data, "Options", "Option", "Improved outcomes and focus on priorities")
    assert [r["Option"] for r in grid] == [o.name for o in framework.options]
    totals = {r["Option"]: r["Weighted score (0-4)"] for r in grid}
    assert [totals[o.name] for o in framework.options] == pytest.approx([1.0, 2.1, 3.0, 3.1])
    assert [r["Rank"] for r in grid] == [4, 3, 2, 1]
    whole = grid[3]
    assert [whole[framework_criterion(framework, c).name] for c in CRITERIA] == [4, 4, 3, 2, 1, 1]
    assert whole["Cost of change"] == ""  # not scored: at weight 0 it plays no part


def test_options_sheet_lists_the_saved_weights_and_says_where_they_come_from(appraised, sqlite_store, framework):
    data = results_workbook(sqlite_store, framework, appraised.id)
    weights = table(data, "Options", "Criterion", "Weight (0 to 100)")
    # The cost of change, added with a suggested weight of 0, keeps it: the saved weights still hold alone.
    assert [r["Weight (0 to 100)"] for r in weights] == [*WEIGHTS, 0]
    assert [r["Share of the total"] for r in weights] == pytest.approx([0.4, 0.2, 0.1, 0.1, 0.1, 0.1, 0])
    assert [r["Weight from"] for r in weights] == ["Saved for this round"] * 6 + ["Framework's suggestion"]


def test_framework_weights_are_used_and_named_when_none_are_saved(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    score_board(sqlite_store, round_row.id, BOARD)
    data = results_workbook(sqlite_store, framework, round_row.id)
    weights = table(data, "Options", "Criterion", "Weight (0 to 100)")
    assert [r["Weight (0 to 100)"] for r in weights] == [c.weight for c in framework.criteria]
    assert {r["Weight from"] for r in weights} == {"Framework's suggestion"}
    assert summary_of(data)["Weights from"] == ["The framework's suggested weights (none are saved for this round)."]


def test_sensitivity_says_how_far_each_weight_can_move(appraised, sqlite_store, framework):
    # Option 3 minus Option 2, in weight points: outcomes w*(4-3) + 20*1 + 10*0 + 10*(-1) + 10*(-2) + 10*(-2)
    # = w - 30, so lowering outcomes from 40 to 30 makes them tie; raising it only widens the lead.
    # Feasibility: 40 + 20 + 0 - 10 + w*(1-3) - 20 = 30 - 2w, a tie at 15; lowering it widens the lead.
    data = results_workbook(sqlite_store, framework, appraised.id)
    rows = {r["Criterion"]: r for r in table(data, "Options", "Criterion", "Weight now")}
    outcomes = rows["Improved outcomes and focus on priorities"]
    assert outcomes["Ranking changes if lowered to"] == pytest.approx(30)
    assert outcomes["Ranking changes if raised to"] == "never (holds to 100)"
    assert outcomes["Smallest move that changes the ranking"] == pytest.approx(10)
    assert outcomes["First to tie"] == "Option 3: Whole system and Option 2: Targeted"
    assert outcomes["First place changes at"] == "30.0"
    feasibility = rows["Feasible given readiness and local appetite for change"]
    assert feasibility["Ranking changes if lowered to"] == "never (holds to 0)"
    assert feasibility["Ranking changes if raised to"] == pytest.approx(15)
    assert feasibility["Smallest move that changes the ranking"] == pytest.approx(5)


def test_summary_recommends_the_appraisals_leader_with_its_reasons_and_weights(appraised, sqlite_store, framework):
    found = summary_of(results_workbook(sqlite_store, framework, appraised.id))
    assert found["Recommended option"] == [WHOLE]
    assert found["Recommendation"] == [f"{WHOLE} ranks first with 3.10 out of 4."]
    assert found["Based on"] == ["The Board's scores, weighted as below."]
    # 3.1 - 3.0 = 0.10 ahead of Option 2.
    assert (
        found["Why"][0] == "It is 0.10 points ahead of Option 2: Joint commissioning in targeted areas (3.00 out of 4)."
    )
    assert "Improved outcomes and focus on priorities 40 (40%)" in found["Weights it rests on"][0]
    assert found["Weights from"] == ["The weights saved for this round."]
    assert "Readiness only (not an appraisal)" not in found


def test_summary_without_appraisal_scores_says_so_and_falls_back_to_readiness(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    data = results_workbook(sqlite_store, framework, round_row.id)
    found = summary_of(data)
    assert found["Recommended option"] == ["None from an appraisal yet"]
    assert found["Appraisal"] == ["Nobody has scored the options against the appraisal criteria for this round."]
    # Medians of 3 meet every prerequisite of Option 3 (the highest need is 3); it lies 5 - 3 = 2 stages on.
    assert found["Readiness only (not an appraisal)"] == [WHOLE]
    assert found["Why (readiness only)"] == [
        "It is the furthest option whose success-factor prerequisites are all met. "
        "It is a step change of 2.0 stages from today's position."
    ]
    options = [r[0] for r in rows_of(data, "Options")]
    assert "The weighted appraisal" in options and "The Board's scores (0 very poor to 4 very good)" not in options


def test_a_hybrid_is_shown_with_its_choices_stage_readiness_and_a_shared_first_place(
    appraised, sqlite_store, framework
):
    # Stages of the chosen arrangements: targeted 4, targeted 4, whole system 5, virtual 3, whole system 5;
    # their median is 4, one stage on from position 3. Medians of 3 meet all of Option 3's needs.
    choices = {
        "governance": "targeted",
        "commissioner_provider": "targeted",
        "lead_commissioner": "whole_system",
        "commissioning_officers": "virtual",
        "commissioning_support": "whole_system",
    }
    hybrid = sqlite_store.appraisal.add_hybrid(appraised.id, HybridInput(name="Targeted plus", choices=choices))
    # 0.4*3 + 0.2*3 + 0.1*(3+3+3+4) = 1.2 + 0.6 + 1.3 = 3.1: level with Option 3.
    score_board(sqlite_store, appraised.id, {hybrid.option_id: (3, 3, 3, 3, 3, 4)})
    data = results_workbook(sqlite_store, framework, appraised.id)
    [row] = table(data, "Options", "Hybrid option")
    assert row["Implied stage"] == "Stage 4: Joint commissioning - targeted areas"
    assert row["Step change (stages)"] == pytest.approx(1.0)
    assert row["Prerequisites met"] == 1
    assert [row[d.name] for d in framework.dimensions] == [
        "Option 2: Targeted",
        "Option 2: Targeted",
        "Option 3: Whole system",
        "Option 1: Virtual",
        "Option 3: Whole system",
    ]
    grid = {r["Option"]: r for r in table(data, "Options", "Option", "Improved outcomes and focus on priorities")}
    assert (grid["Targeted plus"]["Rank"], grid["Targeted plus"]["Tied"]) == (1, "Yes")
    assert (grid[WHOLE]["Rank"], grid[WHOLE]["Tied"]) == (1, "Yes")
    assert summary_of(data)["Recommended option"] == [f"A tie: {WHOLE} and Targeted plus"]


def test_the_rooms_medians_rank_the_options_when_the_board_has_not_scored(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    people = sqlite_store.responses.participants_frame([round_row.id])["participant_id"].tolist()
    # Per option, the three participants' scores on every criterion: medians 1, 2, 3 and 4.
    given = {"status_quo": (0, 1, 2), "virtual": (1, 2, 2), "targeted": (2, 3, 4), "whole_system": (4, 4, 0)}
    for index, person in enumerate(people):
        sqlite_store.appraisal.save_scores(
            round_row.id,
            [AppraisalScore(option_id=o, criterion_id=c, value=v[index]) for o, v in given.items() for c in CRITERIA],
            participant_id=int(person),
        )
    data = results_workbook(sqlite_store, framework, round_row.id)
    grid = table(data, "Options", "Option", "Improved outcomes and focus on priorities")
    assert [r["Weighted score (0-4)"] for r in grid] == pytest.approx([1, 2, 3, 4])
    assert [r["Rank"] for r in grid] == [4, 3, 2, 1]
    # 4, 4 and 0: one score in three lies over 1 level from the median 4, more than the 25% allowed.
    assert grid[3]["Notes"] == "Room split on " + ", ".join(framework_criterion(framework, c).name for c in CRITERIA)
    assert grid[2]["Notes"] == ""  # 2, 3, 4: nobody more than 1 level from the median 3
    found = summary_of(data)
    assert found["Recommended option"] == [WHOLE]
    assert found["Based on"] == [
        "The room's median scores (3 participants scored; the Board has not), weighted as below."
    ]


def test_weights_all_at_zero_are_reported_and_readiness_is_the_labelled_fallback(appraised, sqlite_store, framework):
    sqlite_store.appraisal.save_weights(appraised.id, [CriterionWeight(criterion_id=c, weight=0) for c in CRITERIA])
    data = results_workbook(sqlite_store, framework, appraised.id)
    found = summary_of(data)
    assert found["Recommended option"] == ["None from an appraisal yet"]
    assert found["Appraisal"][0].startswith(
        "The weighted appraisal cannot rank the options: Every criterion has a weight of 0"
    )
    assert found["Readiness only (not an appraisal)"] == [WHOLE]
    grid = table(data, "Options", "Option", "Improved outcomes and focus on priorities")
    assert [r["Rank"] for r in grid] == ["", "", "", ""]
    assert [r["Improved outcomes and focus on priorities"] for r in grid] == [0, 2, 3, 4]


def test_an_option_missing_a_score_that_counts_is_not_ranked_and_the_sheet_says_why(appraised, sqlite_store, framework):
    sqlite_store.appraisal.save_scores(
        appraised.id, [AppraisalScore(option_id="virtual", criterion_id="feasibility", value=None)]
    )
    grid = {
        r["Option"]: r
        for r in table(
            results_workbook(sqlite_store, framework, appraised.id),
            "Options",
            "Option",
            "Improved outcomes and focus on priorities",
        )
    }
    virtual = grid["Option 1: Virtual joint commissioning"]
    assert (virtual["Rank"], virtual["Notes"]) == ("", "Not ranked: no score on " + framework.criteria[4].name)
    # Status quo moves up to third once Option 1 drops out of the ranking (ranks are 1, 2, 3).
    assert grid["Status quo: keep current arrangements"]["Rank"] == 3


def test_the_score_grid_is_an_excel_table_with_formats_and_a_colour_scale(appraised, sqlite_store, framework):
    ws = load_workbook(io.BytesIO(results_workbook(sqlite_store, framework, appraised.id)))["Options"]
    assert {"OptionReadiness", "AppraisalWeights", "BoardScores", "Sensitivity"} <= set(ws.tables)
    first, last = ws.tables["BoardScores"].ref.split(":")
    header = int(first[1:])
    # Option in A, the seven criteria in B to H, then the weighted score in I.
    assert ws.cell(header, 9).value == "Weighted score (0-4)"
    assert ws.cell(header + 1, 9).number_format == "0.00"
    assert ws.cell(header + 1, 2).number_format == "0"
    scaled = {str(cf.sqref) for cf in ws.conditional_formatting if cf.rules[0].type == "colorScale"}
    assert f"B{header + 1}:B{last[1:]}" in scaled and f"I{header + 1}:I{last[1:]}" in scaled


def test_development_plan_names_linked_factors_and_shows_the_previous_rounds_progress(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    earlier = sqlite_store.rounds.open_round(
        RoundInput(pin="2468", area="Testford", held_on=dt.date(2025, 3, 10), title="First workshop"), framework.version
    )
    for title, status, due in (
        ("Name lead commissioners", ActionStatus.DONE, dt.date(2025, 6, 1)),
        ("Pool every budget", ActionStatus.DROPPED, dt.date(2025, 6, 1)),
        ("Map commissioning support", ActionStatus.IN_PROGRESS, dt.date(2025, 6, 1)),
    ):
        sqlite_store.plan.add(
            earlier.id, ActionInput(title=title, owner="DCS", due_on=due, status=status, factor_id="leadership")
        )
    sqlite_store.plan.add(
        round_row.id, ActionInput(title="Agree the shape of the system", owner="Board", component_id="support")
    )
    data = results_workbook(sqlite_store, framework, round_row.id)
    [current] = table(data, "Development plan", "Action", "Owner")
    assert current["Linked to"] == framework.component("support").name
    previous = table(
        data,
        "Development plan",
        "Action",
        "Owner",
        "Due",
        "Status",
        "Linked to",
        "Factor ID",
        "Component ID",
        "Framework rule",
        "Overdue",
    )
    assert [(r["Action"], r["Status"], r["Overdue"]) for r in previous] == [
        ("Name lead commissioners", "done", "No"),
        ("Pool every budget", "dropped", "No"),
        ("Map commissioning support", "in progress", "Yes"),  # still open, due 2025-06-01
    ]
    assert {r["Linked to"] for r in previous} == {framework.factor("leadership").name}
    labels = {r[0]: r[1] for r in rows_of(data, "Development plan") if r and r[0]}
    assert "Progress on the plan from the previous round, First workshop (10 March 2025)" in labels
    # Three actions, one dropped: one done out of the two left is 50%.
    assert (labels["Actions"], labels["Done"], labels["In progress"]) == (3, "1 (50% of those not dropped)", 1)
    assert labels["Overdue"].startswith("1 ")


def test_programme_compare_names_the_appraisals_choice_and_labels_readiness_only(sample_store, framework):
    compare = {r["Area"]: r for r in table(programme_workbook(sample_store, framework), "Compare", "Area")}
    # The sample's Dunmoor Board scores put Option 2 first; no other finalised round is appraised.
    assert compare["Dunmoor"]["Recommended option"] == "Option 2: Joint commissioning in targeted areas"
    assert compare["Dunmoor"]["Recommendation based on"] == "The Board's scores"
    assert compare["Brookmere"]["Recommended option"].endswith("(readiness only)")
    assert compare["Brookmere"]["Recommendation based on"].startswith("Readiness only")

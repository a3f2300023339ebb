"""The options appraisal's tables, as the options page and the workbook both show them."""

from __future__ import annotations

import pandas as pd

from assessment.appraisal import ScoreSource, build_appraisal
from assessment.options_tables import prerequisite_table, readiness_table, stage_words
from assessment.scoring import round_result, score_answers
from tests.assessment.helpers import answers_table, statements

NO_SCORES = pd.DataFrame(columns=["scorer", "participant_id", "option_id", "criterion_id", "value"])


def appraisal_of(framework, rows, agreed=None):  # noqa: ANN001, ANN201
    scores = score_answers(answers_table(rows), framework, agreed)
    return build_appraisal(framework, round_result(scores, 1, framework), [], NO_SCORES, {}, ScoreSource.BOARD)


def test_the_prerequisite_table_says_per_factor_whether_the_score_reaches_the_level(framework):
    # Option 2 needs level 2 on five factors. One person answers leadership 2 and 3 (score 2.5) and
    # governance 1 (score 1.0); the other three factors it needs are not scored.
    rows = statements(1, 1, "council", "leadership", [2, 3]) + statements(1, 1, "council", "governance", [1])
    table = prerequisite_table(framework, appraisal_of(framework, rows))
    targeted = table[table["Option"] == "Option 2: Targeted"]
    assert targeted.to_dict("records") == [
        {
            "Option": "Option 2: Targeted",
            "Success factor": "Leadership",
            "Level needed": 2,
            "Score now": "2.5",
            "Met": "yes",
        },
        {
            "Option": "Option 2: Targeted",
            "Success factor": "Governance",
            "Level needed": 2,
            "Score now": "1.0",
            "Met": "no, below",
        },
        {
            "Option": "Option 2: Targeted",
            "Success factor": "Understanding",
            "Level needed": 2,
            "Score now": "not scored",
            "Met": "no, below",
        },
        {
            "Option": "Option 2: Targeted",
            "Success factor": "Commissioner/provider",
            "Level needed": 2,
            "Score now": "not scored",
            "Met": "no, below",
        },
        {
            "Option": "Option 2: Targeted",
            "Success factor": "Shared vision",
            "Level needed": 2,
            "Score now": "not scored",
            "Met": "no, below",
        },
    ]
    assert "Status quo" not in set(table["Option"])  # it needs nothing, so it has no rows


def test_an_agreed_score_below_the_level_makes_an_option_unready_though_the_median_meets_it(framework):
    # Governance: one person answers 2 (median 2.0); the room agreed 1. Option 2 needs governance 2, so
    # governance is below what it needs, on the readiness table too.
    rows = statements(1, 1, "council", "governance", [2])
    agreed = pd.DataFrame({"round_id": [1], "factor_id": ["governance"], "agreed": [1.0]})
    appraisal = appraisal_of(framework, rows, agreed)
    table = prerequisite_table(framework, appraisal)
    governance = table[(table["Option"] == "Option 2: Targeted") & (table["Success factor"] == "Governance")].iloc[0]
    assert (governance["Score now"], governance["Met"]) == ("1.0", "no, below")
    readiness = readiness_table(framework, appraisal).set_index("Option ID")
    assert "Governance (needs 2, has 1.0)" in readiness.loc["targeted", "Below what it needs"]


def test_stage_words_name_the_stage_or_today(framework):
    assert stage_words(framework, 3) == "Stage 3: Virtual joint commissioning"
    assert stage_words(framework, None) == "Where the partnership is now"

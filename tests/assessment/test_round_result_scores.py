"""RoundResult carries each participant's factor scores for its own round only (the strip plot's dots)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from assessment.scoring import round_result, score_answers


def test_a_round_result_holds_only_its_own_rounds_individual_scores(framework):
    leadership = [s.id for s in framework.factor("leadership").statements]
    rows = [
        # round 1: person 10 answers 1 and 3 (score 2.0); round 2: person 20 answers 4 and don't know (4.0)
        (1, 10, leadership[0], 1.0),
        (1, 10, leadership[1], 3.0),
        (2, 20, leadership[0], 4.0),
        (2, 20, leadership[1], np.nan),
    ]
    answers = pd.DataFrame(
        [
            {
                "round_id": r,
                "participant_id": p,
                "partner_type": "council",
                "complete": True,
                "kind": "statement",
                "item_id": item,
                "value": v,
                "comment": "",
            }
            for r, p, item, v in rows
        ]
    )
    scores = score_answers(answers, framework)
    first = round_result(scores, 1, framework).respondent_scores
    second = round_result(scores, 2, framework).respondent_scores
    assert first[["participant_id", "factor_id", "score"]].values.tolist() == [[10, "leadership", 2.0]]
    assert second[["participant_id", "factor_id", "score"]].values.tolist() == [[20, "leadership", 4.0]]
    assert round_result(scores, 3, framework).respondent_scores.empty

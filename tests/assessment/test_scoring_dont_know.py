"""A round where every answer is "don't know" scores without failing (a fix to the scoring engine)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from assessment.scoring import score_answers
from tests.assessment.answers import answers


def test_a_room_that_answered_dont_know_everywhere_has_no_medians_and_no_answers_as_agreement(framework):
    frame = pd.concat([answers(framework, 1, 1, "council", None), answers(framework, 1, 2, "school", None)])

    scores = score_answers(frame, framework)

    table = scores.factors.xs(1, level="round_id")
    assert np.isnan(table["median"]).all() and np.isnan(table["q1"]).all()
    assert (table["n"] == 0).all()
    assert (table["dont_know"] == 1.0).all()
    assert (table["agreement"] == "no answers").all()
    assert scores.respondents.loc[1] == 2

"""The area dashboard's tables (pure functions of scored answers), with numbers worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from assessment.dashboard import (
    agreed_sentence,
    answer_shares,
    partner_table,
    stage_shares,
    strengths_and_gaps_sentences,
)
from assessment.results.scored import combine_scores, subset_scores
from assessment.scoring import round_result, score_answers
from tests.assessment.answers import answers


@pytest.fixture
def programme(framework) -> pd.DataFrame:
    return pd.concat(
        [
            answers(framework, 1, 1, "council", 1, {"budgets": 1, "data": 2}),
            answers(framework, 1, 2, "council", 2, {"budgets": 2, "data": 2}),
            answers(framework, 2, 3, "council", 2, {"budgets": 2, "data": 3}),
            answers(framework, 2, 4, "council", 3, {"budgets": 3, "data": 3}),
            answers(framework, 2, 5, "council", 4, {"budgets": 3, "data": 3}),
            answers(framework, 2, 6, "nhs_commissioner", 0, {"budgets": 3, "data": 3}),
            answers(framework, 3, 7, "council", 3, {"budgets": 4, "data": 4}),
        ],
        ignore_index=True,
    )


def test_answer_shares_pool_every_components_answers():
    # budgets: 2 answers at stage 2 and 3; data: 2 answers both at stage 3 -> 1 of 4 at stage 2, 3 of 4 at 3.
    items = pd.DataFrame(
        {"n": [2, 2], **{f"stage_{s}": [0.0, 0.0] for s in range(1, 7)}},
        index=pd.MultiIndex.from_tuples([("component", "budgets"), ("component", "data")], names=["kind", "item_id"]),
    )
    items.loc[("component", "budgets"), ["stage_2", "stage_3"]] = [0.5, 0.5]
    items.loc[("component", "data"), "stage_3"] = 1.0

    shares = answer_shares(items)

    assert shares.to_dict() == {1: 0.0, 2: 0.25, 3: 0.75, 4: 0.0, 5: 0.0, 6: 0.0}


def test_answer_shares_of_a_round_without_continuum_answers_are_all_zero():
    assert answer_shares(pd.DataFrame()).sum() == 0.0


def test_combined_scores_equal_scoring_the_rounds_together(framework, programme):
    together = score_answers(programme, framework)
    first = score_answers(programme[programme["round_id"] == 1], framework)
    rest = score_answers(programme[programme["round_id"] != 1], framework)

    combined = combine_scores(first, rest)

    pd.testing.assert_frame_equal(combined.factors.sort_index(), together.factors.sort_index(), check_dtype=False)
    pd.testing.assert_frame_equal(combined.positions.sort_index(), together.positions.sort_index(), check_dtype=False)
    assert combined.respondents.sort_index().tolist() == [2, 4, 1]


def test_partner_table_hides_a_lone_group_with_the_next_smallest_so_here_everyone(framework, programme):
    round_two = programme[programme["round_id"] == 2]

    table = partner_table(round_two, framework)

    # Council 3, NHS commissioner 1: the 1 has no small group to merge with, so it is hidden with the next
    # smallest group, the council's 3; nothing is left to show but the count of the hidden.
    assert table["name"].tolist() == ["Hidden to protect small groups"]
    assert table["people"].tolist() == [4]
    assert table["hidden"].tolist() == [True]
    assert table[[f.id for f in framework.factors]].isna().all(axis=None)


def test_partner_table_merges_small_groups_into_other_partner(framework):
    room = pd.concat(
        [
            answers(framework, 4, 1, "council", 2),
            answers(framework, 4, 2, "council", 3),
            answers(framework, 4, 3, "council", 4),
            answers(framework, 4, 4, "nhs_commissioner", 0),
            answers(framework, 4, 5, "school", 1),
            answers(framework, 4, 6, "school", 1),
        ],
        ignore_index=True,
    )

    table = partner_table(room, framework).set_index("name")

    # Council: 2, 3, 4 -> median 3. NHS 1 + schools 2 = 3 people, shown as Other partner: 0, 1, 1 -> 1.
    assert table.index.tolist() == ["Council children's services", "Other partner"]
    assert table["people"].tolist() == [3, 3]
    assert table["leadership"].tolist() == [3.0, 1.0]
    assert not table["hidden"].any()


def test_partner_table_of_a_round_where_everyone_answered_dont_know_shows_no_medians(framework):
    table = partner_table(answers(framework, 9, 1, "council", None), framework)

    assert table["hidden"].tolist() == [True]
    assert table[[f.id for f in framework.factors]].isna().all(axis=None)


def test_strengths_and_gaps_name_the_top_and_bottom_two_factors_with_their_medians(framework):
    levels = {
        "leadership": 4,
        "governance": 3,
        "understanding": 2,
        "workforce": 2,
        "roles": 2,
        "contestability": 2,
        "vision": 1,
        "capacity": 0,
    }
    result = round_result(score_answers(answers(framework, 1, 1, "council", levels), framework), 1, framework)

    strengths, gaps = strengths_and_gaps_sentences(result)

    assert strengths == "Strongest: Clear leadership (median 4.0 of 4) and Effective governance (median 3.0 of 4)."
    assert gaps == (
        "Weakest: Capacity for change (median 0.0 of 4) and An agreed vision for the shape of the system (median 1.0 of 4)."
    )


def test_strengths_and_gaps_without_scores_say_there_are_none(framework):
    result = round_result(score_answers(answers(framework, 1, 1, "council", None), framework), 1, framework)

    assert strengths_and_gaps_sentences(result) == ("No factor has a score yet, so there are no strengths to name.", "")


def test_stage_shares_give_each_component_its_share_of_answers_per_stage(framework, programme):
    result = round_result(score_answers(programme, framework), 1, framework)

    shares = stage_shares(result.items, "component").set_index("name")

    # Round 1 budgets: one answer at stage 1 and one at 2; data: both at stage 2.
    assert shares.loc["Budgets and resources", [1, 2, 3]].tolist() == [0.5, 0.5, 0.0]
    assert shares.loc["Data and information", [1, 2, 3]].tolist() == [0.0, 1.0, 0.0]
    assert shares.loc["Data and information", "n"] == 2
    assert stage_shares(result.items, "priority").empty


def test_subset_keeps_the_chosen_rounds_and_the_participants_of_some(framework, programme):
    scores = score_answers(programme, framework)

    part = subset_scores(scores, [2, 3], [2])

    assert part.respondents.index.tolist() == [2, 3]
    assert sorted(set(part.factors.index.get_level_values("round_id"))) == [2, 3]
    assert set(part.respondent_scores["round_id"]) == {2}
    assert part.positions.index.tolist() == [2, 3]


def test_the_agreed_sentence_counts_the_factors_with_an_agreed_score(framework, programme):
    scores = score_answers(programme, framework)
    result = round_result(scores, 2, framework)
    assert agreed_sentence(result) == "The room has not agreed a score for any of the 8 factors yet."
    agreed = round_result(scores, 2, framework)
    agreed.factors.loc[["leadership", "governance", "vision"], "consensus"] = [3.0, 2.0, 1.0]
    assert agreed_sentence(agreed) == "The room has agreed 3 of the 8 factor scores so far."
    agreed.factors["consensus"] = 2.0
    assert agreed_sentence(agreed) == "The room agreed a score for all 8 factors."

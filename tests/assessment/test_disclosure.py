"""The small-group rule (assessment.disclosure.decide), case by case, with k = 3 and the groups worked
out by hand: which groups are shown, under which label, and which items are withheld from whom."""

from __future__ import annotations

import pandas as pd

from assessment.disclosure import OTHER, decide, shown_answers, shown_factor_scores, small_groups_sentence
from assessment.scoring import respondent_factor_scores
from tests.assessment.answers import answers


def room(framework, groups: list[tuple[str, int]], levels=2, **by_person) -> pd.DataFrame:  # noqa: ANN001
    """One round: for each (partner type, people) that many participants, numbered from 1 in order,
    each answering every statement at `levels` unless by_person names their own (p<number>=levels)."""
    frames, number = [], 0
    for partner, size in groups:
        for _ in range(size):
            number += 1
            frames.append(answers(framework, 1, number, partner, by_person.get(f"p{number}", levels)))
    return pd.concat(frames, ignore_index=True)


def shown(decision) -> dict[str, int]:  # noqa: ANN001
    return dict(decision.people)


def test_k_is_the_frameworks_suppression_k_of_three(framework):
    assert framework.suppression_k == 3


def test_five_four_one_hides_the_one_with_the_four_and_shows_only_the_five(framework):
    decision = decide(room(framework, [("council", 5), ("school", 4), ("youth_justice", 1)]), framework)
    assert shown(decision) == {"council": 5}
    assert decision.hidden_people == 5
    assert [decision.label(p) for p in range(1, 11)] == ["council"] * 5 + [None] * 5
    # 5 hidden people answered every item: 5 >= 3, so nothing more is withheld.
    assert decision.withheld_cells == 0


def test_five_one_one_one_merges_the_three_ones_into_an_other_of_three(framework):
    groups = [("council", 5), ("school", 1), ("youth_justice", 1), ("voluntary", 1)]
    decision = decide(room(framework, groups), framework)
    assert shown(decision) == {"council": 5, OTHER: 3}
    assert decision.hidden_people == 0
    assert decision.label(6) == decision.label(7) == decision.label(8) == OTHER


def test_five_two_three_hides_the_two_with_the_next_smallest_the_three(framework):
    # The 2 is under 3 with no other small group to merge with (2 < 3), so it goes with the 3.
    decision = decide(room(framework, [("council", 5), ("school", 2), ("public_health", 3)]), framework)
    assert shown(decision) == {"council": 5}
    assert decision.hidden_people == 5


def test_six_two_and_a_real_other_of_four_merge_the_two_into_other(framework):
    decision = decide(room(framework, [("council", 6), ("school", 2), (OTHER, 4)]), framework)
    assert shown(decision) == {"council": 6, OTHER: 6}
    assert decision.hidden_people == 0


def test_a_real_other_of_three_on_its_own_is_shown_as_it_is(framework):
    decision = decide(room(framework, [("council", 4), (OTHER, 3)]), framework)
    assert shown(decision) == {"council": 4, OTHER: 3}


def test_a_lone_group_of_two_hides_the_whole_breakdown(framework):
    decision = decide(room(framework, [("school", 2)]), framework)
    assert shown(decision) == {}
    assert decision.hidden_people == 2


def governance_dont_knows(framework, numbers) -> dict[str, dict]:  # noqa: ANN001
    """These people answer 2 everywhere but "don't know" to every governance statement."""
    return {f"p{n}": {f.id: 2 for f in framework.factors} | {"governance": None} for n in numbers}


def test_a_hidden_set_with_one_person_answering_governance_withholds_the_smallest_shown_groups_governance(
    framework,
):
    # Council 5 (p1-p5), NHS 4 (p6-p9), public health 3 (p10-p12), youth justice 1 (p13). The 1 has no
    # small group to merge with, so it is hidden with the next smallest, public health: 4 hidden people
    # (the smallest hidden set the rule can make with k = 3 is 1 + 3). p11, p12 and p13 say "don't know"
    # to governance, so only p10 of the hidden answers it: 1 < 3.
    groups = [("council", 5), ("nhs_commissioner", 4), ("public_health", 3), ("youth_justice", 1)]
    decision = decide(room(framework, groups, **governance_dont_knows(framework, (11, 12, 13))), framework)
    assert shown(decision) == {"council": 5, "nhs_commissioner": 4}
    assert decision.hidden_people == 4
    # So the smallest shown group answering governance, the NHS (4), is withheld on it: 1 + 4 = 5 people's
    # governance not shown. The council's stays, and so do the NHS's other factors (4 hidden answered them).
    assert decision.withholds("nhs_commissioner", "factor", "governance")
    for number in range(1, 5):
        assert decision.withholds("nhs_commissioner", "statement", f"governance_{number}")
    assert not decision.withholds("council", "factor", "governance")
    assert not decision.withholds("nhs_commissioner", "factor", "leadership")
    assert decision.withheld_cells == 5  # the NHS on governance and on its four statements


def test_a_group_withheld_on_one_statement_is_withheld_on_its_factor_too(framework):
    # As above, but p11-p13 say "don't know" to governance_1 only: governance_1 has 1 hidden answer, so
    # the NHS is withheld on governance_1; then the NHS's governance scores could not be worked out from
    # what is shown, so the NHS is withheld on governance (4 + 4 = 8 people not shown on it: >= 3).
    table = room(framework, [("council", 5), ("nhs_commissioner", 4), ("public_health", 3), ("youth_justice", 1)])
    table.loc[table["participant_id"].isin([11, 12, 13]) & (table["item_id"] == "governance_1"), "value"] = None
    decision = decide(table, framework)
    assert decision.withholds("nhs_commissioner", "statement", "governance_1")
    assert decision.withholds("nhs_commissioner", "factor", "governance")
    assert decision.withholds("nhs_commissioner", "statement", "governance_2")
    assert not decision.withholds("council", "factor", "governance")


def test_withheld_answers_and_scores_are_marked_and_hidden_people_left_out(framework):
    groups = [("council", 5), ("nhs_commissioner", 4), ("public_health", 3), ("youth_justice", 1)]
    table = room(framework, groups, **governance_dont_knows(framework, (11, 12, 13)))
    decision = decide(table, framework)
    listed = shown_answers(table, decision)
    assert sorted(listed["participant_id"].unique()) == list(range(1, 10))
    nhs_governance = listed[(listed["group"] == "nhs_commissioner") & listed["item_id"].str.startswith("governance")]
    assert len(nhs_governance) == 4 * 4 and nhs_governance["withheld"].all()
    assert not listed.loc[listed["group"] == "council", "withheld"].any()
    scores = shown_factor_scores(respondent_factor_scores(table, framework), decision)
    # 9 shown people x 8 factors, less the NHS's 4 governance scores.
    assert len(scores) == 9 * 8 - 4
    assert set(scores["participant_id"]) == set(range(1, 10))


def test_the_sentence_says_what_is_hidden(framework):
    assert small_groups_sentence(framework) == (
        "Partner types with fewer than 3 people are combined into Other partner, or hidden with the next "
        "smallest group, so no one can be picked out."
    )

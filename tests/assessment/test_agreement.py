"""The split rule named in the framework file: the share rule (more than a quarter of the scores over a
level from the median) and the published count rule (at least four scores over a level from it), each
checked on rooms of 5, 8, 12 and 40 people worked out by hand."""

import io

import numpy as np
import pandas as pd
import pytest
import yaml
from python_calamine import CalamineWorkbook

from assessment.agreement import (
    comparison_sentence,
    fewest_outside_to_split,
    is_split,
    other_rule,
    rooms_where_rules_agree,
    rule_sentence,
)
from assessment.appraisal import room_scores
from assessment.excel.export import results_workbook
from assessment.framework import DEFAULT_FRAMEWORK_PATH, AgreementRule, FrameworkError, parse_framework
from assessment.paper import board_paper
from assessment.scoring import score_answers
from tests.assessment.excel.conftest import small_round
from tests.assessment.helpers import answers_table, statements
from tests.assessment.paper.conftest import texts

SHARE = AgreementRule(rule="share", band=1.0, max_outside_share=0.25, min_outside=4)
COUNT = AgreementRule(rule="count", band=1.0, max_outside_share=0.25, min_outside=4)

# (people who scored, of them over a level from the median, split under the share rule, under the count rule)
ROOMS = [
    # 5 people: 1 outside is 20%, not over 25%; and 1 is under 4. Both: agreement.
    (5, 1, False, False),
    # 5 people: 2 outside is 40% > 25%, split; but 2 is under 4. The rules differ.
    (5, 2, True, False),
    # 5 people: 4 outside is 80% > 25%, and 4 >= 4. Both: split.
    (5, 4, True, True),
    # 8 people: 2 outside is 25%, not over 25%; 2 < 4. Both: agreement.
    (8, 2, False, False),
    # 8 people: 3 outside is 37.5% > 25%, split; 3 < 4. The rules differ.
    (8, 3, True, False),
    # 8 people: 4 outside is 50% > 25%; 4 >= 4. Both: split.
    (8, 4, True, True),
    # 12 people: 3 outside is 25%, not over 25%; 3 < 4. Both: agreement.
    (12, 3, False, False),
    # 12 people: 4 outside is 33% > 25%; 4 >= 4. Both: split (with 12 people the rules always agree).
    (12, 4, True, True),
    # 40 people: 3 outside is 7.5%; 3 < 4. Both: agreement.
    (40, 3, False, False),
    # 40 people: 4 outside is 10%, not over 25%; but 4 >= 4, split. The rules differ.
    (40, 4, False, True),
    # 40 people: 10 outside is 25%, not over 25%; 10 >= 4, split. The rules differ.
    (40, 10, False, True),
    # 40 people: 11 outside is 27.5% > 25%; 11 >= 4. Both: split.
    (40, 11, True, True),
]


def test_each_rule_says_split_or_not_for_every_room_at_once():
    n, outside, share_split, count_split = (np.array(column) for column in zip(*ROOMS, strict=True))
    assert is_split(n, outside, SHARE).tolist() == share_split.tolist()
    assert is_split(n, outside, COUNT).tolist() == count_split.tolist()


def test_with_twelve_people_the_two_rules_agree_on_every_number_outside():
    outside = np.arange(13)
    # share: k / 12 > 1/4 exactly when k > 3; count: k >= 4. The same rooms.
    assert is_split(np.full(13, 12), outside, SHARE).tolist() == is_split(np.full(13, 12), outside, COUNT).tolist()


def test_a_room_with_no_scores_is_never_split():
    assert not is_split([0], [0], SHARE)[0]
    assert not is_split([0], [0], COUNT)[0]


@pytest.mark.parametrize(
    ("people", "share_needs", "count_needs"),
    [
        (5, 2, 4),  # share: 2/5 = 40% is the first over 25%
        (8, 3, 4),  # share: 2/8 = 25% is not over, 3/8 is
        (12, 4, 4),  # share: 3/12 = 25% is not over, 4/12 is
        (40, 11, 4),  # share: 10/40 = 25% is not over, 11/40 is
        (3, 1, None),  # share: 1/3 = 33%; count: 3 people can never be 4 far from the median
    ],
)
def test_fewest_people_far_from_the_median_that_split_a_room(people, share_needs, count_needs):
    assert fewest_outside_to_split(people, SHARE) == share_needs
    assert fewest_outside_to_split(people, COUNT) == count_needs


def test_the_rules_need_the_same_number_only_in_rooms_of_12_to_15():
    # share needs floor(n / 4) + 1 people far from the median: 4 for n = 12, 13, 14, 15; 5 from n = 16.
    assert rooms_where_rules_agree(SHARE) == (12, 15)
    assert rooms_where_rules_agree(COUNT) == (12, 15)
    assert comparison_sentence(SHARE).startswith(
        "With 12 to 15 people scoring, the two rules agree: both call a split once 4 of them are far from the median."
    )
    assert "In a smaller room the share rule calls a split sooner" in comparison_sentence(SHARE)
    assert "In a larger room the count rule calls it sooner." in comparison_sentence(SHARE)


def test_each_rule_in_words():
    assert rule_sentence(SHARE) == (
        "The room is split on a factor when more than 25% of the people scoring it are over one level away from "
        "the median (the middle score)."
    )
    assert rule_sentence(COUNT) == (
        "The room is split on a factor when at least 4 people scoring it are over one level away from the median "
        "(the middle score), however many people scored it."
    )
    assert other_rule(SHARE) == COUNT and other_rule(COUNT) == SHARE


# -- the framework file --------------------------------------------------------------------------


def _framework_text(**agreement) -> str:
    raw = yaml.safe_load(DEFAULT_FRAMEWORK_PATH.read_text(encoding="utf-8"))
    raw["agreement"] = agreement
    return yaml.safe_dump(raw, sort_keys=False)


def test_the_framework_file_uses_the_share_rule_and_keeps_the_published_number():
    rule = parse_framework(DEFAULT_FRAMEWORK_PATH.read_text(encoding="utf-8")).agreement
    assert (rule.rule, rule.band, rule.max_outside_share, rule.min_outside) == ("share", 1.0, 0.25, 4)


def test_a_framework_file_that_names_no_rule_keeps_todays_share_rule():
    rule = parse_framework(_framework_text(band=1.0, max_outside_share=0.25)).agreement
    assert (rule.rule, rule.min_outside) == ("share", 4)


def test_a_framework_file_can_name_the_count_rule_and_its_number():
    rule = parse_framework(_framework_text(rule="count", min_outside=3)).agreement
    assert (rule.rule, rule.min_outside) == ("count", 3)


@pytest.mark.parametrize(
    ("agreement", "problem"),
    [
        ({"rule": "median"}, "framework.yaml: agreement.rule: Input should be 'share' or 'count'"),
        ({"rule": "count", "min_outside": 0}, "framework.yaml: agreement.min_outside: Input should be greater than or"),
        (
            {"rule": "count", "min_outside": 2.5},
            "framework.yaml: agreement.min_outside: Input should be a valid integer",
        ),
        ({"rule": "count", "min_outsde": 4}, "framework.yaml: agreement.min_outsde: Extra inputs are not permitted"),
        ({"max_outside_share": 1.5}, "framework.yaml: agreement.max_outside_share: Input should be less than 1"),
    ],
)
def test_a_bad_split_rule_is_refused_naming_the_field(agreement, problem):
    with pytest.raises(FrameworkError) as error:
        parse_framework(_framework_text(**agreement), "framework.yaml")
    assert str(error.value).startswith(problem)


# -- scoring under the framework file's rule -------------------------------------------------------


def _counting_framework():
    return parse_framework(_framework_text(rule="count", band=1.0, max_outside_share=0.25, min_outside=4))


def _leadership_room(scores: list[int]) -> pd.DataFrame:
    # Each person answers the four leadership statements alike, so their leadership score is that answer.
    rows = []
    for person, score in enumerate(scores, start=1):
        rows += statements(1, person, "council", "leadership", [score] * 4)
    return answers_table(rows)


def test_five_people_two_far_from_the_median_split_the_share_rule_but_not_the_count_rule(framework):
    # Scores 0, 2, 2, 2, 4: median 2; 0 and 4 lie 2 levels away, 2 of 5 = 40%.
    answers = _leadership_room([0, 2, 2, 2, 4])
    share = score_answers(answers, framework).factors.loc[(1, "leadership")]
    count = score_answers(answers, _counting_framework()).factors.loc[(1, "leadership")]
    assert share["outside_share"] == pytest.approx(0.4) and share["agreement"] == "split"  # 40% > 25%
    assert count["outside_share"] == pytest.approx(0.4) and count["agreement"] == "agreement"  # 2 < 4


def test_forty_people_four_far_from_the_median_split_the_count_rule_but_not_the_share_rule(framework):
    # 36 people score 2, two score 0 and two score 4: median 2; 4 of 40 = 10% lie 2 levels away.
    answers = _leadership_room([2] * 36 + [0, 0, 4, 4])
    share = score_answers(answers, framework).factors.loc[(1, "leadership")]
    count = score_answers(answers, _counting_framework()).factors.loc[(1, "leadership")]
    assert share["n"] == 40 and share["outside_share"] == pytest.approx(0.1)
    assert share["agreement"] == "agreement"  # 10% is not over 25%
    assert count["agreement"] == "split"  # 4 >= 4


def test_options_criteria_follow_the_same_rule(framework):
    # Eight people score option 2 on outcomes 0, 0, 0, 3, 3, 3, 3, 3: median 3; the three 0s lie 3 levels
    # away: 3 of 8 = 37.5% > 25% splits the share rule; 3 < 4 does not split the count rule.
    long = pd.DataFrame(
        [("targeted", "outcomes", float(v)) for v in (0, 0, 0, 3, 3, 3, 3, 3)],
        columns=["option_id", "criterion_id", "value"],
    )
    assert room_scores(long, framework).loc[("targeted", "outcomes"), "agreement"] == "split"
    assert room_scores(long, _counting_framework()).loc[("targeted", "outcomes"), "agreement"] == "agreement"


# -- the rule's words in the workbook and the Board paper ------------------------------------------


def _about_sheet_text(data: bytes) -> str:
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("About").to_python()
    return " ".join(str(cell) for row in rows for cell in row)


def test_the_workbook_and_the_paper_say_the_rule_the_framework_file_names(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    counting = _counting_framework()
    share_words = "more than 25% of the people scoring it are over one level away from the median"
    count_words = "at least 4 people scoring it are over one level away from the median"

    assert share_words in _about_sheet_text(results_workbook(sqlite_store, framework, round_row.id))
    counted = _about_sheet_text(results_workbook(sqlite_store, counting, round_row.id))
    assert count_words in counted and share_words not in counted

    assert any(share_words in t for t in texts(board_paper(sqlite_store, framework, round_row.id, renderer=None)))
    paper = texts(board_paper(sqlite_store, counting, round_row.id, renderer=None))
    assert any(count_words in t for t in paper) and not any(share_words in t for t in paper)

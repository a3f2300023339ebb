"""The partnership's cost estimates in words, checked as entered, and as the options tables carry them."""

from __future__ import annotations

import pandas as pd
import pytest

from assessment.appraisal import ScoreSource, build_appraisal
from assessment.costs import CostError, check_estimate, estimate_words, posts_range, pounds, pounds_range
from assessment.models import CostEstimate
from assessment.options_tables import costs_table
from assessment.scoring import round_result, score_answers
from assessment.storage.rows import HybridRow
from tests.assessment.helpers import answers_table, statements

TARGETED = {
    "one_off_low": 40_000,
    "one_off_high": 60_000,
    "recurring_low": 120_000,
    "recurring_high": 150_000,
    "posts_low": 2,
    "posts_high": 3,
}


def test_money_is_written_in_whole_pounds_with_thousands_separated():
    assert pounds(40_000) == "£40,000"
    assert pounds(0) == "£0"
    assert pounds(1_234_567.5) == "£1,234,568"  # half a pound rounds up
    assert pounds(999.49) == "£999"


def test_a_range_names_both_ends_or_one_figure_when_they_are_the_same():
    assert pounds_range(40_000, 60_000) == "£40,000-£60,000"
    assert pounds_range(5_000, 5_000) == "£5,000"
    assert posts_range(2, 3) == "2-3 posts"
    assert posts_range(1, 1) == "1 post"
    assert posts_range(0.5, 0.5) == "0.5 posts"
    assert posts_range(2.5, 3) == "2.5-3 posts"


def test_an_estimate_reads_as_one_line_leaving_out_what_is_not_given():
    estimate = check_estimate("Option 2", "targeted", TARGETED)
    assert estimate_words(estimate) == "£40,000-£60,000 one-off; £120,000-£150,000 a year; 2-3 posts"
    assert estimate_words(check_estimate("Option 1", "virtual", {"recurring_low": 10_000})) == "£10,000 a year"
    assert estimate_words(CostEstimate(option_id="virtual", note="to follow")) == "No estimate yet"
    assert estimate_words(None) == "No estimate yet"


def test_one_figure_is_an_exact_estimate_at_both_ends():
    estimate = check_estimate("Option 2", "targeted", {"one_off_high": 25_000, "posts_low": 1.5})
    assert (estimate.one_off_low, estimate.one_off_high) == (25_000, 25_000)
    assert (estimate.posts_low, estimate.posts_high) == (1.5, 1.5)


@pytest.mark.parametrize(
    ("figures", "error"),
    [
        (
            {"one_off_low": 60_000, "one_off_high": 40_000},
            "Option 2, one-off cost: the low figure is above the high figure.",
        ),
        ({"posts_low": 3, "posts_high": 2}, "Option 2, posts: the low figure is above the high figure."),
        ({"recurring_low": -1, "recurring_high": 10}, "Option 2, cost a year: the low figure cannot be below 0."),
        ({"recurring_high": -5}, "Option 2, cost a year: the figure cannot be below 0."),
        (
            {"one_off_low": 1, "one_off_high": 60_000_000},
            "Option 2, one-off cost: the high figure is more than £50,000,000, the most an estimate can hold.",
        ),
        ({"posts_low": 501}, "Option 2, posts: the figure is more than 500, the most an estimate can hold."),
        (
            {"one_off_low": 1_000.5, "one_off_high": 2_000},
            "Option 2, one-off cost: give the low figure in whole pounds.",
        ),
        ({"recurring_low": "a lot"}, "Option 2, cost a year: the figure must be a number."),
    ],
)
def test_a_wrong_figure_is_named_in_one_line_by_option_and_field(figures, error):
    with pytest.raises(CostError) as raised:
        check_estimate("Option 2", "targeted", figures)
    assert str(raised.value) == error


def test_a_note_with_a_nul_character_is_refused():
    with pytest.raises(CostError, match=r"^Option 2, note: text may not contain NUL characters\.$"):
        check_estimate("Option 2", "targeted", {}, "legal\x00advice")


def test_an_estimate_with_no_figure_and_no_note_is_empty():
    assert check_estimate("Option 2", "targeted", {"one_off_low": None}, "  ").empty
    assert not check_estimate("Option 2", "targeted", {}, "see the finance report").empty


def test_the_costs_table_carries_each_options_resources_and_estimate_hybrids_included(framework):
    rows = statements(1, 1, "council", "leadership", [2])
    result = round_result(score_answers(answers_table(rows), framework), 1, framework)
    hybrid = HybridRow(7, 1, "Targeted plus", dict.fromkeys([d.id for d in framework.dimensions], "targeted"))
    no_scores = pd.DataFrame(columns=["scorer", "participant_id", "option_id", "criterion_id", "value"])
    appraisal = build_appraisal(framework, result, [hybrid], no_scores, {}, ScoreSource.BOARD)
    estimates = {
        "targeted": check_estimate("Option 2", "targeted", TARGETED, "Legal advice on a section 75 agreement."),
        "hybrid_7": check_estimate("Targeted plus", "hybrid_7", {"one_off_low": 10_000}),
    }
    table = costs_table(appraisal, estimates).set_index("Option ID")
    assert list(table.index) == ["status_quo", "virtual", "targeted", "whole_system", "hybrid_7"]
    targeted = table.loc["targeted"]
    assert targeted["Resource implications"] == framework.option("targeted").resources
    assert targeted["The partnership's estimate"] == "£40,000-£60,000 one-off; £120,000-£150,000 a year; 2-3 posts"
    assert [targeted[c] for c in ("One-off cost from (£)", "One-off cost to (£)", "Posts to (FTE)")] == [
        40_000,
        60_000,
        3,
    ]
    assert targeted["Note"] == "Legal advice on a section 75 agreement."
    assert table.loc["status_quo", "The partnership's estimate"] == "No estimate yet"
    assert pd.isna(table.loc["status_quo", "One-off cost from (£)"])
    # A hybrid of Option 2 alone takes Option 2's resource implications for every dimension.
    assert table.loc["hybrid_7", "Resource implications"].startswith("Mix and match of Option 2:")
    assert table.loc["hybrid_7", "The partnership's estimate"] == "£10,000 one-off"

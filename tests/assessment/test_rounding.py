"""Figures rounded to what their scale supports, as a person rounds by hand."""

import math

import pandas as pd

from assessment.rounding import half_up, percent_points, percent_text, score_text, stage_text


def test_a_score_shows_one_decimal_rounded_half_up():
    # 2.25 lies exactly half way: by hand it is 2.3 (Python's round would give 2.2).
    assert score_text(2.25) == "2.3"
    assert score_text(1.75) == "1.8"
    assert score_text(2.125) == "2.1"
    assert score_text(4) == "4.0"
    assert score_text(None) == score_text(math.nan) == "-"


def test_a_stage_shows_one_decimal():
    # 2.6818 (the sample's Ashvale trend) reads 2.7; 30 / 14 = 2.142857... reads 2.1.
    assert stage_text(2.6818) == "2.7"
    assert stage_text(30 / 14) == "2.1"


def test_a_share_shows_a_whole_percentage():
    # 1 of 22 answers = 4.545...% -> 5%; 0.455 is 45.5% -> 46%; none -> '-'.
    assert percent_text(1 / 22) == "5%"
    assert percent_text(0.455) == "46%"
    assert percent_text(0) == "0%"
    # 1 of 250 answers is 0.4%: more than none, so '<1%' rather than '0%'.
    assert percent_text(1 / 250) == "<1%"
    assert percent_text(None) == "-"


def test_half_up_rounds_away_from_zero_at_the_half():
    assert half_up(0.25, 1) == 0.3
    assert half_up(-0.25, 1) == -0.3
    assert half_up(2.5, 0) == 3.0


def test_shares_in_a_table_become_whole_percentage_points():
    frame = pd.DataFrame({"Factor": ["Leadership", "Governance", "Vision"], "Share": [4 / 13, 0.045, None]})
    shown = percent_points(frame, ["Share"])
    # 4 of 13 = 30.77% -> 31; 0.045 -> 4.5 -> 5 (half up); missing stays missing.
    assert shown["Share"].tolist()[:2] == [31.0, 5.0] and pd.isna(shown["Share"].iloc[2])
    assert shown["Factor"].tolist() == ["Leadership", "Governance", "Vision"]

"""Matching a typed area name to the programme's areas, so a near miss is offered before a new area is made."""

from assessment.areas import AreaMatch, match_area_name

SAMPLE = ["Ashvale", "Brookmere", "Calderwick", "Dunmoor"]


def test_the_start_of_a_name_means_that_area():
    assert match_area_name("Brook", SAMPLE) == AreaMatch("Brookmere", exact=False)


def test_a_different_case_and_a_trailing_space_is_the_same_area():
    assert match_area_name("brookmere ", SAMPLE) == AreaMatch("Brookmere", exact=True)


def test_a_name_like_no_other_matches_nothing():
    assert match_area_name("Zeta", SAMPLE) is None


def test_a_misspelling_is_close_to_the_area():
    # 'dunmor' against 'dunmoor': 2 * 6 matching characters / (6 + 7) = 0.92, over the 0.8 cutoff.
    assert match_area_name("Dunmor", SAMPLE) == AreaMatch("Dunmoor", exact=False)


def test_two_letters_are_too_few_to_mean_an_area():
    assert match_area_name("Br", SAMPLE) is None
    assert match_area_name("   ", SAMPLE) is None

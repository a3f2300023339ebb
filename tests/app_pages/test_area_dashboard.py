"""The area dashboard shows the scoring engine's numbers, for the sample and for awkward rounds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from assessment.disclosure import HIDDEN_LABEL
from assessment.models import Answer, ConsensusEntry, ItemKind, RoundStatus
from assessment.results import score_round
from assessment.rounding import half_up
from assessment.scoring import NO_POSITION_SENTENCE, respondent_factor_scores
from assessment.storage import Store
from tests.app_pages.apptest import signed_in
from tests.app_pages.results_data import add_round, point_app_at
from tests.assessment.helpers import benchmark_of
from ui import state

PAGE = str(Path(__file__).resolve().parents[2] / "app_pages" / "area_dashboard.py")


def open_dashboard(store: Store, monkeypatch, area: str | None = None, round_id: int | None = None, section=None):
    point_app_at(store, monkeypatch)
    at = signed_in(AppTest.from_file(PAGE, default_timeout=60))
    if area is not None:
        area_id = store.rounds.find_area(area).id
        at.session_state[state.AREA_ID] = area_id
        at.session_state[state.ROUND_ID] = round_id
    if section:
        at.session_state[state.DASHBOARD_SECTION] = section
    at.run()
    assert not at.exception, at.exception
    return at


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page that has this column."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_sample_headline_shows_the_engines_sentence_participants_and_position(sample_store, framework, monkeypatch):
    at = open_dashboard(sample_store, monkeypatch)
    round_id = sample_store.rounds.list_rounds(sample_store.rounds.find_area("Ashvale").id)[-1].id
    result = score_round(sample_store, framework, round_id)

    assert at.subheader[0].value == result.sentence
    assert metric(at, "Participants") == str(result.respondents)
    assert metric(at, "Continuum position (1-6)") == f"{result.position:.1f}"
    assert metric(at, "Split factors") == str(int((result.factors["agreement"] == "split").sum()))


def test_sample_factor_table_equals_the_engines_medians_and_benchmark(sample_store, framework, monkeypatch):
    area_id = sample_store.rounds.find_area("Calderwick").id
    round_id = sample_store.rounds.list_rounds(area_id)[-1].id
    at = open_dashboard(sample_store, monkeypatch, "Calderwick", round_id, "Success factors")
    result = score_round(sample_store, framework, round_id)
    bench = benchmark_of(sample_store, framework, round_id)

    table = table_with(at, "Percentile among other areas")
    assert table["Factor"].tolist() == [f.name for f in framework.factors]
    np.testing.assert_allclose(table["Median"], result.factors["median"])
    np.testing.assert_allclose(table["Other areas: lower quartile"], bench["peer_q1"])
    np.testing.assert_allclose(table["Other areas: upper quartile"], bench["peer_q3"])
    np.testing.assert_allclose(table["Percentile among other areas"], bench["percentile"])
    np.testing.assert_allclose(table["Previous round"], bench["previous"])
    np.testing.assert_allclose(table["Agreed"].astype(float), result.factors["consensus"].astype(float))
    # Calderwick's room agreed every factor, so every score is the agreed one and says so.
    np.testing.assert_allclose(table["Score"], result.factors["consensus"].astype(float))
    assert set(table["From"]) == {"agreed"}


def test_sample_partner_table_shows_no_group_under_k(sample_store, framework, monkeypatch):
    round_id = sample_store.rounds.list_rounds(sample_store.rounds.find_area("Ashvale").id)[-1].id
    at = open_dashboard(sample_store, monkeypatch, section="By partner type")
    k = framework.suppression_k
    answers = sample_store.responses.answers_frame([round_id])
    sizes = answers.drop_duplicates("participant_id")["partner_type"].value_counts()
    assert (sizes < k).any(), "the sample's Ashvale has partner types under k"

    table = table_with(at, "Partner type")
    # Every row, the hidden one too, is k or more people, and only partner types of k or more keep a row.
    assert (table["People"] >= k).all()
    assert table["People"].sum() == sizes.sum()
    named = {framework.partner_name(p) for p, n in sizes.items() if n >= k and p != "other"}
    assert set(table["Partner type"]) - {"Other partner", HIDDEN_LABEL} <= named
    council = table[table["Partner type"] == framework.partner_name("council")].iloc[0]
    council_scores = respondent_factor_scores(answers[answers["partner_type"] == "council"], framework)
    leadership = council_scores.loc[council_scores["factor_id"] == "leadership", "score"].median()
    assert council["Leadership"] == pytest.approx(leadership)


def test_sample_trend_has_every_round_of_the_area_up_to_the_chosen_one(sample_store, framework, monkeypatch):
    rounds = sample_store.rounds.list_rounds(sample_store.rounds.find_area("Calderwick").id)
    at = open_dashboard(sample_store, monkeypatch, "Calderwick", rounds[1].id, "Trend")

    table = table_with(at, "Continuum position")
    assert [str(d) for d in table["Round held on"]] == [r.held_on.isoformat() for r in rounds[:2]]
    expected = [score_round(sample_store, framework, r.id).position for r in rounds[:2]]
    np.testing.assert_allclose(table["Continuum position"], expected, atol=0.005)
    assert len(at.get("plotly_chart")) == 2  # the continuum strip and the trend


def test_sample_agreement_names_the_split_factors(sample_store, framework, monkeypatch):
    round_id = sample_store.rounds.list_rounds(sample_store.rounds.find_area("Ashvale").id)[-1].id
    at = open_dashboard(sample_store, monkeypatch, section="Agreement")
    result = score_round(sample_store, framework, round_id)
    split = result.factors.loc[result.factors["agreement"] == "split", "name"].tolist()

    assert split, "the sample's Ashvale is split on governance"
    assert all(name in at.warning[0].value for name in split)
    table = table_with(at, "Share over a level away")
    # Shown as whole percentages: 1 of 26 over a level away is 3.8%, shown 4.
    shown = [half_up(share * 100, 0) for share in result.factors["outside_share"]]
    np.testing.assert_allclose(table["Share over a level away"], shown)


def test_a_round_with_one_participant_shows_their_scores_and_hides_their_partner_group(store, framework, monkeypatch):
    round_id = add_round(store, framework, "Solo", "2025-05-01", [("council", 3, 2)])
    at = open_dashboard(store, monkeypatch, section="By partner type")

    assert metric(at, "Participants") == "1"
    assert metric(at, "Continuum position (1-6)") == "2.0"
    assert at.subheader[0].value == score_round(store, framework, round_id).sentence
    # One person is a group under 3 with nothing to merge with: no chart, but why.
    assert at.info[0].value.startswith("No scores can be shown by partner type in this round")
    assert not [t for t in at.dataframe if "Partner type" in t.value.columns]
    at.session_state[state.DASHBOARD_SECTION] = "Success factors"
    at.run()
    factors = table_with(at, "Percentile among other areas")
    assert factors["Median"].tolist() == [3.0] * 8
    assert factors["Other areas: median"].isna().all()


def test_a_round_where_everyone_answered_dont_know_says_so_without_failing(store, framework, monkeypatch):
    add_round(store, framework, "Unsure", "2025-05-01", [("council", None, None), ("school", None, None)])
    at = open_dashboard(store, monkeypatch)

    assert metric(at, "Participants") == "2"
    assert metric(at, "Continuum position (1-6)") == "-"
    assert at.subheader[0].value == NO_POSITION_SENTENCE
    assert at.text[0].value.startswith("No factor has a score yet")
    for section in ("Success factors", "Continuum detail", "Agreement", "By partner type", "Trend"):
        at.session_state[state.DASHBOARD_SECTION] = section
        at.run()
        assert not at.exception, section
    factors_at = open_dashboard(store, monkeypatch, section="Success factors")
    assert table_with(factors_at, "Median")["Median"].isna().all()


def test_an_area_with_one_round_has_no_trend_chart_but_a_one_row_table(store, framework, monkeypatch):
    add_round(store, framework, "Newcomer", "2025-05-01", [("council", 2, 3)] * 3)
    at = open_dashboard(store, monkeypatch, section="Trend")

    assert "first round" in at.info[0].value
    assert len(at.get("plotly_chart")) == 1  # only the continuum strip
    assert len(table_with(at, "Continuum position")) == 1


def test_a_group_under_k_with_nothing_to_merge_with_is_hidden_with_the_next_smallest(store, framework, monkeypatch):
    # Council 3 and NHS commissioners 2: the 2 is under 3 and alone, so it is hidden with the council.
    add_round(store, framework, "Pair", "2025-05-01", [("council", 3, 3)] * 3 + [("nhs_commissioner", 1, 2)] * 2)
    at = open_dashboard(store, monkeypatch, section="By partner type")

    assert at.info[0].value == (
        "No scores can be shown by partner type in this round: every partner type has fewer than 3 people, "
        "or showing one would let the answers of fewer than 3 people be worked out from the room's. "
        "The room's scores are on the Success factors tab."
    )
    assert len(at.get("plotly_chart")) == 1  # the continuum strip only: no blank chart
    assert any("combined into Other partner, or hidden with the next smallest group" in c.value for c in at.caption)


def test_twenty_people_over_ten_partner_types_are_the_whole_room_so_the_tab_says_so(store, framework, monkeypatch):
    # Two people of each of the ten partner types: every group is under 3, so all 20 make one Other partner.
    people = [(p.id, 2, 2) for p in framework.partner_types] * 2
    add_round(store, framework, "Spread", "2025-05-01", people)
    at = open_dashboard(store, monkeypatch, section="By partner type")

    assert at.info[0].value == (
        "No partner type has 3 or more people in this round, so all 20 are combined into Other partner: "
        "that is the whole room, so there is nothing to compare by partner type. "
        "The room's scores are on the Success factors tab."
    )
    assert len(at.get("plotly_chart")) == 1  # the continuum strip only: no blank chart


def test_groups_under_k_are_combined_into_other_partner_when_they_make_k(store, framework, monkeypatch):
    # Council 3 (scoring 3); NHS 2 (scoring 1) and a school 1 (scoring 2) make an Other partner of 3: 1, 1, 2.
    people = [("council", 3, 3)] * 3 + [("nhs_commissioner", 1, 2)] * 2 + [("school", 2, 2)]
    add_round(store, framework, "Mixed", "2025-05-01", people)
    at = open_dashboard(store, monkeypatch, section="By partner type")

    table = table_with(at, "Partner type").set_index("Partner type")
    assert table.index.tolist() == [framework.partner_name("council"), "Other partner"]
    assert table["People"].tolist() == [3, 3]
    assert table["Leadership"].tolist() == [3.0, 1.0]


def test_a_round_nobody_has_answered_says_there_is_nothing_to_show(store, framework, monkeypatch):
    add_round(store, framework, "Empty", "2025-05-01", [], status="open")
    at = open_dashboard(store, monkeypatch)

    assert "Nobody has answered" in at.info[0].value


def test_agreed_stages_appear_on_the_strip_as_their_mean(store, framework, monkeypatch):
    round_id = add_round(store, framework, "Agreed", "2025-05-01", [("council", 2, 3)] * 3, status=RoundStatus.CLOSED)
    for item_id, stage in (("budgets", 2.0), ("data", 4.0)):
        entry = ConsensusEntry(kind=ItemKind.COMPONENT, item_id=item_id, value=stage)
        store.consensus.record(round_id, entry, expected_revision=None)
    store.rounds.set_status(round_id, RoundStatus.FINALISED)
    at = open_dashboard(store, monkeypatch)

    strip = table_with(at, "Line").set_index("Line")
    assert strip.loc["Agreed", "Value"] == "3.0"  # (2 + 4) / 2
    assert strip.loc["This round", "Value"] == "3.0"
    assert "averaged over the 2 components and priority areas" in " ".join(c.value for c in at.caption)


def test_a_new_answer_in_an_open_round_shows_on_the_next_rerun(store, framework, monkeypatch):
    round_id = add_round(store, framework, "Live", "2025-05-01", [("council", 2, 3)] * 3, status="open")
    at = open_dashboard(store, monkeypatch)
    assert metric(at, "Participants") == "3"

    participant, _code = store.responses.join(round_id, "school")
    statement = framework.factors[0].statements[0].id
    store.responses.save_answers(participant.id, [Answer(kind=ItemKind.STATEMENT, item_id=statement, value=4)])
    at.run()

    assert metric(at, "Participants") == "4"
    expected = score_round(store, framework, round_id).factors["median"]
    assert table_with(at, "Median")["Median"].tolist() == pytest.approx(expected.tolist(), nan_ok=True)


def test_a_consensus_recorded_after_the_page_opened_shows_on_the_next_rerun(store, framework, monkeypatch):
    round_id = add_round(store, framework, "Agreeing", "2025-05-01", [("council", 2, 3)] * 3, status="open")
    at = open_dashboard(store, monkeypatch)
    assert metric(at, "Agreed scores") == "0 of 8"

    entry = ConsensusEntry(kind=ItemKind.FACTOR, item_id=framework.factors[0].id, value=3.0)
    store.consensus.record(round_id, entry, expected_revision=None)
    at.run()

    assert metric(at, "Agreed scores") == "1 of 8"
    table = table_with(at, "Agreed")
    assert table["Agreed"].iloc[0] == 3.0
    assert (table["Score"].iloc[0], table["From"].iloc[0]) == (3.0, "agreed")  # the agreed 3 over a median of 2
    assert (table["Score"].iloc[1], table["From"].iloc[1]) == (2.0, "median")


def test_each_section_shows_the_engines_numbers_when_opened_after_another(sample_store, framework, monkeypatch):
    at = open_dashboard(sample_store, monkeypatch, area="Ashvale", section="Agreement")
    at.session_state[state.DASHBOARD_SECTION] = "Success factors"
    at.run()

    round_id = at.session_state[state.ROUND_ID]
    expected = score_round(sample_store, framework, round_id).factors["median"]
    factor_table = next(df.value for df in at.dataframe if {"Median", "Agreed"} <= set(df.value.columns))
    assert factor_table["Median"].tolist() == pytest.approx(expected.tolist(), nan_ok=True)

"""The area dashboard of a round the room re-scored after discussion says which pass the scores use and
which factors are uncertain."""

from __future__ import annotations

from assessment.models import Answer, ItemKind, RoundStatus
from tests.app_pages.results_data import add_round
from tests.app_pages.test_area_dashboard import open_dashboard, table_with

VISION = "An agreed vision for the shape of the system"


def level(factor: str, value: int) -> list[Answer]:
    return [Answer(kind=ItemKind.STATEMENT, item_id=f"{factor}_{i}", value=value) for i in range(1, 5)]


def test_the_dashboard_says_which_pass_the_scores_use_and_marks_the_uncertain_factor(store, framework, monkeypatch):
    # Five people answer every statement 0, 0, 4, 4 and 2: every factor has median 2 with four of five
    # scores over a level away, so every factor is split. Pass 2 re-scores governance and vision.
    # Governance: P1 0 -> 2, P2 0 -> 1, P3 4 -> 3, so 2, 1, 3, 4, 2: only the 4 is over a level from the
    # median 2 (1 of 5, under a quarter), no longer split. Vision: P1 0 -> 1, so 1, 0, 4, 4, 2: three
    # of five over a level away, still split, and uncertain once the round closes.
    people = [("council", value, 2) for value in (0, 0, 4, 4, 2)]
    round_id = add_round(store, framework, "Testshire", "2026-03-10", people, status=RoundStatus.OPEN)
    ids = store.responses.participants_frame([round_id])["participant_id"].sort_values().tolist()
    store.rescores.open(round_id, ["governance", "vision"], framework=framework)
    for person, value in zip(ids[:3], (2, 1, 3), strict=True):
        store.rescores.save_answers(person, 2, level("governance", value))
    store.rescores.save_answers(ids[0], 2, level("vision", 1))
    store.rounds.set_status(round_id, RoundStatus.CLOSED)

    at = open_dashboard(store, monkeypatch, "Testshire", round_id, "Success factors")
    (note,) = [info.value for info in at.info if info.value.startswith("Re-scored")]
    assert note == (
        "Re-scored after discussion: 2 factors use the second pass's scores. The others use the first answers. "
        f"Still split after re-scoring, so uncertain: {VISION}."
    )
    table = table_with(at, "Answers used").set_index("Factor")
    assert table.loc["Effective governance", ["Answers used", "Uncertain"]].tolist() == ["second pass", ""]
    assert table.loc[VISION, ["Answers used", "Uncertain"]].tolist() == ["second pass", "Uncertain"]
    assert table.loc["Clear leadership", "Answers used"] == "first answers"
    assert at.metric[2].label == "Split factors" and at.metric[2].value == "7"  # governance no longer split
    # The passes one under another: governance 0, 0, 4, 4, 2 has 1 of 5 at the median 2 and within one
    # level of it (20%); after pass 2 (2, 1, 3, 4, 2) 2 of 5 are at it (40%) and 4 of 5 within one level
    # (80%). Vision after pass 2 (1, 0, 4, 4, 2): 1 at the median (20%), 2 within one level (40%).
    passes = table_with(at, "Within one level")
    assert passes.values.tolist() == [
        ["Effective governance", "first answers", 2.0, 5, 20, 20, "Split"],
        ["Effective governance", "second pass", 2.0, 5, 40, 80, ""],
        [VISION, "first answers", 2.0, 5, 20, 20, "Split"],
        [VISION, "second pass", 2.0, 5, 20, 40, "Split"],
    ]


def test_a_round_nobody_re_scored_says_nothing_about_passes(store, framework, monkeypatch):
    round_id = add_round(store, framework, "Testshire", "2026-03-10", [("council", 2, 2)], status=RoundStatus.OPEN)
    at = open_dashboard(store, monkeypatch, "Testshire", round_id, "Success factors")
    assert not [info for info in at.info if info.value.startswith("Re-scored")]
    assert "Answers used" not in table_with(at, "Percentile among other areas").columns
    assert not [df for df in at.dataframe if "Within one level" in df.value.columns]

"""Re-scoring passes in the read side: a round is scored on each person's latest answers, and each
re-scored factor's history shows its passes, worked out by hand below.

The room: five people (P1-P5). Every statement of every factor is answered 2, except:

    governance (pass 1)  P1 2, P2 2, P3 2, P4 4, P5 0
    vision     (pass 1)  P1 0, P2 0, P3 4, P4 4, P5 2

The split rule in the framework: split when more than a quarter of the scores lie more than one level
from the median.

Pass 1, governance: scores 0 2 2 2 4, median 2. At the median: P1-P3, 3 of 5 = 0.6. Within one level
(1 to 3): the same three, 0.6. Outside: P4 and P5, 2 of 5 = 0.4 > 0.25, so split.
Pass 1, vision: scores 0 0 2 4 4, median 2. At the median: P5 only, 0.2; within one level: 0.2; outside
4 of 5 = 0.8: split.

Pass 2 re-scores governance and vision. Three people move on governance: P3 2 -> 3, P4 4 -> 3,
P5 0 -> 1; P1 and P2 do not re-score and keep their 2. On vision only P1 moves (0 -> 1); P2-P4 keep
their answers with "I keep my answer" (P2 keeps governance too), P5 does nothing.
Pass 2, governance: 1 2 2 3 3, median 2. At the median: P1, P2, 2 of 5 = 0.4. Within one level: all
5, 1.0; nobody outside, so no longer split.
Pass 2, vision: 0 1 2 4 4, median 2. At the median 0.2 (P5); within one level: P1 (1) and P5 (2),
0.4; outside 3 of 5 = 0.6: still split.

Pass 3 re-scores vision only: P2 0 -> 2. Vision: 1 2 2 4 4, median 2; at the median 0.4 (P2, P5);
within one level 0.6 (P1, P2, P5); outside 2 of 5 = 0.4: still split, so once pass 3 closes vision is
uncertain. Governance keeps its pass 2 answers.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from assessment.models import Answer, ItemKind, RoundInput, RoundStatus
from assessment.passes import effective_answers
from assessment.results import score_round
from assessment.results.rescoring import KEPT, RESCORED, TO_DO, rescore_progress, rescore_view, room_spread
from assessment.results.scored import latest_answers
from tests.assessment.helpers import answers_table, statements

GOVERNANCE_1 = {"governance": 2, "vision": 0}, {"governance": 2, "vision": 0}, {"governance": 2, "vision": 4}
ROOM = (*GOVERNANCE_1, {"governance": 4, "vision": 4}, {"governance": 0, "vision": 2})


def factor(name: str, level: int) -> list[Answer]:
    return [Answer(kind=ItemKind.STATEMENT, item_id=f"{name}_{i}", value=level) for i in range(1, 5)]


@pytest.fixture
def room(sqlite_store, framework):
    """The round of the module's docstring after pass 1: (store, round id, the five participant ids)."""
    store = sqlite_store
    spec = RoundInput(area="Testshire", held_on=dt.date(2026, 3, 10), pin="2468")
    round_id = store.rounds.open_round(spec, framework.version).id
    people = []
    for levels in ROOM:
        batch = [
            Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=levels.get(f.id, 2))
            for f in framework.factors
            for s in f.statements
        ]
        people.append(store.responses.add_response(round_id, "council", batch).id)
    return store, round_id, people


def second_pass(store, framework, round_id: int, people: list[int]) -> None:  # noqa: ANN001
    store.rescores.open(round_id, ["governance", "vision"], framework=framework)
    p1, p2, p3, p4, p5 = people
    store.rescores.save_answers(p3, 2, factor("governance", 3))
    store.rescores.save_answers(p4, 2, factor("governance", 3))
    store.rescores.save_answers(p5, 2, factor("governance", 1))
    store.rescores.save_answers(p1, 2, factor("vision", 1))
    for person in (p2, p3, p4):
        store.rescores.keep(person, 2, ["vision"])
    store.rescores.keep(p2, 2, ["governance"])  # keeps their 2


def passes_of(result, factor_id: str) -> list[list]:
    """The factor's passes as [pass, median, n, at_median, within_one, split] rows."""
    table = result.passes.xs(factor_id, level="factor_id").reset_index()
    return table[["pass", "median", "n", "at_median", "within_one", "split"]].values.tolist()


def test_before_any_re_score_every_factor_has_its_first_pass_only(room, framework):
    store, round_id, _people = room
    result = score_round(store, framework, round_id)
    assert passes_of(result, "governance") == [[1, 2.0, 5, 0.6, 0.6, True]]
    assert passes_of(result, "vision") == [[1, 2.0, 5, pytest.approx(0.2), pytest.approx(0.2), True]]
    assert passes_of(result, "leadership") == [[1, 2.0, 5, 1.0, 1.0, False]]
    assert set(result.factors["pass"]) == {1}
    assert not result.factors["uncertain"].any()


def test_three_people_move_and_governance_is_no_longer_split(room, framework):
    store, round_id, people = room
    second_pass(store, framework, round_id, people)
    result = score_round(store, framework, round_id)
    assert passes_of(result, "governance") == [[1, 2.0, 5, 0.6, 0.6, True], [2, 2.0, 5, 0.4, 1.0, False]]
    assert passes_of(result, "vision") == [
        [1, 2.0, 5, pytest.approx(0.2), pytest.approx(0.2), True],
        [2, 2.0, 5, pytest.approx(0.2), pytest.approx(0.4), True],
    ]
    governance = result.factors.loc["governance"]
    assert (governance["median"], governance["agreement"], governance["pass"]) == (2.0, "agreement", 2)
    assert result.factors.loc["vision", "agreement"] == "split"
    assert result.factors.loc["leadership", "pass"] == 1
    # P5 re-scored governance from 0 to 1; P1 and P2 did not re-score it and keep their 2.
    scores = result.respondent_scores.set_index(["participant_id", "factor_id"])["score"]
    assert [scores[(person, "governance")] for person in people] == [2, 2, 3, 3, 1]


def test_a_factor_still_split_is_uncertain_once_its_last_pass_closes(room, framework):
    store, round_id, people = room
    second_pass(store, framework, round_id, people)
    assert not score_round(store, framework, round_id).factors["uncertain"].any()  # pass 2 still open
    store.rescores.open(round_id, ["vision"], framework=framework)  # closes pass 2
    result = score_round(store, framework, round_id)
    # vision's latest pass is 2 until someone re-scores it in pass 3; pass 2 has closed and it is split.
    assert result.factors.loc["vision", ["pass", "uncertain"]].tolist() == [2, True]
    store.rescores.save_answers(people[1], 3, factor("vision", 2))
    result = score_round(store, framework, round_id)
    assert result.factors.loc["vision", ["pass", "uncertain"]].tolist() == [3, False]  # pass 3 is open
    assert passes_of(result, "vision")[-1] == [3, 2.0, 5, pytest.approx(0.4), pytest.approx(0.6), True]
    store.rounds.set_status(round_id, RoundStatus.CLOSED)
    result = score_round(store, framework, round_id)
    assert result.factors.loc["vision", ["pass", "uncertain"]].tolist() == [3, True]
    assert result.factors.loc["governance", ["pass", "uncertain"]].tolist() == [2, False]
    assert [p for p, *_rest in passes_of(result, "governance")] == [1, 2]


def test_a_pass_nobody_answered_adds_nothing_to_the_history(room, framework):
    store, round_id, _people = room
    store.rescores.open(round_id, ["governance"], framework=framework)
    store.rescores.close(round_id)
    result = score_round(store, framework, round_id)
    assert [p for p, *_rest in passes_of(result, "governance")] == [1]
    assert result.factors.loc["governance", ["pass", "uncertain"]].tolist() == [1, False]


def test_the_first_answers_stay_in_the_store_and_latest_answers_are_what_is_scored(room, framework):
    store, round_id, people = room
    second_pass(store, framework, round_id, people)
    first = store.responses.answers_frame([round_id]).set_index(["participant_id", "item_id"])["value"]
    latest = latest_answers(store, round_id).set_index(["participant_id", "item_id"])["value"]
    assert (first[(people[4], "governance_1")], latest[(people[4], "governance_1")]) == (0, 1)
    assert len(latest) == len(first)


def test_the_latest_pass_wins_per_statement_and_a_statement_first_answered_in_a_pass_is_added():
    # P1 answered governance_1 and governance_2 (1 and 1, with a comment on the first) and left
    # governance_3 unanswered. Pass 2: governance_1 -> 3 and governance_3 -> 2 (answered for the first
    # time). Pass 3: governance_1 -> don't know.
    first = answers_table(statements(7, 1, "council", "governance", [1, 1]))
    first.loc[0, "comment"] = "our Board minutes"
    rescored = answers_table(
        statements(7, 1, "council", "governance", [3, None, 2])[::2] + statements(7, 1, "council", "governance", [None])
    ).drop(columns="comment")
    rescored.insert(4, "number", [2, 2, 3])
    after_2 = effective_answers(first, rescored, upto=2)
    assert after_2[["item_id", "value", "comment"]].values.tolist() == [
        ["governance_1", 3.0, "our Board minutes"],
        ["governance_2", 1.0, ""],
        ["governance_3", 2.0, ""],
    ]
    after_3 = effective_answers(first, rescored)
    assert after_3["value"].isna().tolist() == [True, False, False]
    assert effective_answers(first, rescored.iloc[0:0]) is first
    assert pd.api.types.is_float_dtype(after_3["value"])


def test_a_participant_sees_their_own_earlier_answers_and_the_rooms_spread_before_the_pass(room, framework):
    store, round_id, people = room
    assert rescore_view(store, framework, people[0]) is None  # no pass open
    second_pass(store, framework, round_id, people)
    view = rescore_view(store, framework, people[4])  # P5 re-scored governance 0 -> 1 and left vision
    assert (view.number, [f.factor_id for f in view.factors]) == (2, ["governance", "vision"])
    governance, vision = view.factors
    assert [s.id for s in governance.statements] == [f"governance_{i}" for i in range(1, 5)]
    assert governance.earlier == {f"governance_{i}": 0 for i in range(1, 5)}
    assert governance.answers == {f"governance_{i}": 1 for i in range(1, 5)}
    # Before pass 2: governance 2 2 2 4 0 (one at 0, three at 2, one at 4), vision 0 0 4 4 2.
    assert (governance.room.counts, governance.room.median, governance.room.people) == ((1, 0, 3, 0, 1), 2.0, 5)
    assert (vision.room.counts, vision.room.median) == ((2, 0, 1, 0, 2), 2.0)
    assert (governance.status, vision.status, view.done) == (RESCORED, TO_DO, 1)
    assert [f.status for f in rescore_view(store, framework, people[2]).factors] == [RESCORED, KEPT]


def test_the_spread_before_a_later_pass_rounds_each_score_to_the_nearest_level(room, framework):
    store, round_id, people = room
    second_pass(store, framework, round_id, people)
    half = [Answer(kind=ItemKind.STATEMENT, item_id=f"governance_{i}", value=v) for i, v in enumerate([2, 3, 2, 3], 1)]
    store.rescores.save_answers(people[0], 2, half)  # P1: 2.5
    store.rescores.open(round_id, ["governance"], framework=framework)
    (governance,) = rescore_view(store, framework, people[1]).factors
    # After pass 2: P1 2.5 (shown at 3), P2 2, P3 3, P4 3, P5 1; the median of 1 2 2.5 3 3 is 2.5.
    assert (governance.room.counts, governance.room.median) == ((0, 1, 1, 3, 0), 2.5)
    assert governance.earlier == {f"governance_{i}": 2 for i in range(1, 5)} and governance.status == TO_DO


def test_the_open_pass_progress_counts_who_re_scored_kept_or_has_yet_to_do_each_factor(room, framework):
    store, round_id, people = room
    store.responses.join(round_id, "school")  # joined but never answered: not asked
    assert rescore_progress(store, framework, round_id) is None  # no pass open
    second_pass(store, framework, round_id, people)
    progress = rescore_progress(store, framework, round_id)
    governance, vision = progress.factors
    # Governance: P3, P4, P5 moved; P2 kept; P1 did nothing. Vision: P1 moved; P2-P4 kept; P5 did nothing.
    assert progress.number == 2
    assert (governance.asked, governance.rescored, governance.kept, governance.to_do) == (5, 3, 1, 1)
    assert (vision.name, vision.asked, vision.rescored, vision.kept, vision.to_do) == (
        framework.factor("vision").name,
        5,
        1,
        3,
        1,
    )
    store.rescores.close(round_id)
    assert rescore_progress(store, framework, round_id) is None


def test_the_view_with_the_rooms_spread_kept_for_the_pass_is_the_same_view(room, framework):
    store, round_id, people = room
    second_pass(store, framework, round_id, people)
    store.rescores.open(round_id, ["vision"], framework=framework)  # pass 3: P1's earlier vision is pass 2's 1
    kept = room_spread(store, framework, round_id, 3)
    for person in people:
        assert rescore_view(store, framework, person, kept) == rescore_view(store, framework, person)
    (vision,) = rescore_view(store, framework, people[0], kept).factors
    assert vision.earlier == {f"vision_{i}": 1 for i in range(1, 5)}

"""Re-scoring in the workshop pages: the facilitator's control on the live view and the participant's
re-score pages.

The room: three people answer every question 2, except governance, answered 0 (P1), 2 (P2) and 4 (P3)
on all four statements; a fourth person joins but never answers. Governance: scores 0 2 4, median 2;
0 and 4 are over a level from it, 2 of 3 > a quarter, so the room is split on it. Every other factor: all
at 2, broad agreement. So the re-score's first choice is governance alone.
"""

from __future__ import annotations

import pytest

from assessment.models import Answer, ItemKind
from assessment.workshop import questionnaire_steps
from tests.app_pages.workshop.helpers import button, page, texts
from tests.app_pages.workshop.test_workshop_facilitator import facilitator_session

PARTICIPANT = "app_pages/workshop_participant.py"
GOVERNANCE = (0, 2, 4)


def everything(framework, round_row, governance: int) -> list[Answer]:  # noqa: ANN001
    """Every question of the questionnaire answered 2, but governance's statements `governance`."""
    return [
        Answer(kind=step.kind, item_id=item, value=governance if step.key == "governance" else 2)
        for step in questionnaire_steps(framework, round_row)
        for item in step.items
    ]


@pytest.fixture
def room(app_store, framework, open_round):
    """The module's room: [(participant id, resume code)] of P1-P3, then the one who never answered."""
    people = []
    for level in GOVERNANCE:
        participant, code = app_store.responses.join(open_round.id, "council")
        app_store.responses.save_answers(participant.id, everything(framework, open_round, level))
        people.append((participant.id, code))
    participant, code = app_store.responses.join(open_round.id, "school")
    return [*people, (participant.id, code)]


def participant_session(round_row, code: str):  # noqa: ANN001, ANN201
    """A participant's device opening their resume link."""
    at = page(PARTICIPANT)
    at.query_params["join"] = round_row.join_code
    at.query_params["resume"] = code
    return at.run()


def test_the_re_score_starts_on_the_split_factors_and_shows_its_progress_until_closed(
    open_round, room, app_store, framework
):
    at = facilitator_session(open_round)
    factors = at.multiselect(key="rescore_factors_2")
    assert factors.value == ["governance"]
    assert "This will be re-score 1 of at most 3 (the second pass)" in texts(at)
    button(at, "Open a re-score").click().run()
    current = app_store.rescores.current(open_round.id)
    assert (current.number, current.factor_ids) == (2, ("governance",))
    assert "Re-score 1 of at most 3 (the second pass) is open on: Effective governance." in texts(at)
    # P1-P3 answered governance before; the fourth person never answered, so is not asked.
    bar = "Effective governance: {} re-scored, {} kept, {} to do (of 3 people)"
    assert bar.format(0, 0, 3) in [p.text for p in at.get("progress")]
    (p1, _), (p2, _), _p3, _never = room
    app_store.rescores.keep(p1, 2)
    app_store.rescores.save_answers(p2, 2, [Answer(kind=ItemKind.STATEMENT, item_id="governance_1", value=3)])
    at.run()
    assert bar.format(1, 1, 1) in [p.text for p in at.get("progress")]
    button(at, "Close the re-score").click().run()
    assert app_store.rescores.current(open_round.id) is None
    assert at.multiselect(key="rescore_factors_3").value == ["governance"]  # P2 moved 2 to 2.25: still split
    assert "This will be re-score 2 of at most 3 (the third pass)" in texts(at)


def test_a_fourth_re_score_is_refused_with_the_reason(open_round, room, app_store, framework):
    for _pass in range(3):
        app_store.rescores.open(open_round.id, ["governance"], framework=framework)
        app_store.rescores.close(open_round.id)
    at = facilitator_session(open_round)
    assert "This round has been re-scored 3 times, the most it can be, so it cannot be re-scored again." in texts(at)
    assert "Open a re-score" not in [b.label for b in at.button]


def test_a_participant_sees_their_own_answer_and_the_rooms_counts_and_can_keep_it(
    open_round, room, app_store, framework
):
    app_store.rescores.open(open_round.id, ["governance"], framework=framework)
    (_p1, _), _p2, (p3, code), _never = room
    at = participant_session(open_round, code)
    assert not at.exception
    assert at.header[0].value == "Effective governance"
    scale = framework.scale
    assert [c.value for c in at.caption].count(f"Your answer before: 4 {scale.label(4)}") == 4
    counts = {4: "1 person", 3: "0 people", 2: "1 person", 1: "0 people", 0: "1 person"}
    spread = "\n".join(f"- {level} {scale.label(level)}: {people}" for level, people in counts.items())
    assert spread in texts(at)  # P1's 0, P2's 2 and P3's own 4: counts only
    assert "How the room scored it before** (3 people, middle score 2)" in texts(at)
    assert all(r.value == 4 for r in at.radio)  # filled in with their earlier answer
    assert (at.query_params["rescore"], at.query_params["step"]) == ("2", "1")
    button(at, "Keep my answer").click().run()
    kept = app_store.rescores.answers_of(p3, 2)
    assert sorted((item, a.value) for (_kind, item), a in kept.items()) == [(f"governance_{i}", 4) for i in range(1, 5)]
    assert "Thank you, your re-score is saved." in texts(at)
    assert "**Effective governance**: kept your answer" in texts(at)
    assert at.query_params["step"] == "2"
    again = participant_session(open_round, code)  # a reload, or the resume link on another device
    again.query_params["rescore"], again.query_params["step"] = "2", "2"
    assert "Thank you, your re-score is saved." in texts(again.run())


def test_a_participant_re_scores_with_new_choices(open_round, room, app_store, framework):
    app_store.rescores.open(open_round.id, ["governance"], framework=framework)
    (p1, code), *_others = room
    at = participant_session(open_round, code)
    for radio in at.radio:
        radio.set_value(1)
    button(at, "Save and next").click().run()
    given = app_store.rescores.answers_of(p1, 2)
    assert sorted(a.value for a in given.values()) == [1, 1, 1, 1]
    assert "**Effective governance**: re-scored" in texts(at)


def test_someone_who_never_answered_is_not_asked_to_re_score(open_round, room, app_store, framework):
    app_store.rescores.open(open_round.id, ["governance"], framework=framework)
    *_answered, (_never, code) = room
    at = participant_session(open_round, code)
    assert at.header[0].value == "Clear leadership"  # the first page of the questionnaire
    assert "rescore" not in at.query_params


def test_someone_still_answering_finishes_the_questionnaire_before_the_re_score(open_round, app_store, framework):
    participant, code = app_store.responses.join(open_round.id, "council")
    governance = [
        Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=1) for s in framework.factor("governance").statements
    ]
    app_store.responses.save_answers(participant.id, governance)  # page 2 answered, the rest not yet
    app_store.rescores.open(open_round.id, ["governance"], framework=framework)
    at = participant_session(open_round, code)
    assert at.header[0].value == "Clear leadership"  # their first page without answers
    at.query_params["step"] = str(len(questionnaire_steps(framework, open_round)) + 1)  # 'Check and submit'
    at.run()
    assert at.header[0].value == "Effective governance"
    assert (at.query_params["rescore"], at.query_params["step"]) == ("2", "1")

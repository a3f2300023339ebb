"""The participant's 'Score the options' page."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from assessment.models import AppraisalScore, RoundStatus
from tests.pages.conftest import answered_round

PAGE = str(Path(__file__).resolve().parents[2] / "app_pages" / "score_options.py")


def run_page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_participant_joins_with_the_rounds_code_and_gets_a_resume_code(app_store, framework):
    round_id = answered_round(app_store, framework)
    code = app_store.get_round(round_id).join_code
    at = run_page()
    at.text_input(key="score_options_join_code").input(code.lower())
    next(b for b in at.button if b.label == "Join").click()
    at.run()
    assert any("Your resume code is" in s.value for s in at.success)
    assert len(app_store.participants_frame([round_id])) == 4  # the three who answered, and this one
    # 4 framework options x 6 criteria, none scored yet
    assert "0 of 24 scores given so far." in [c.value for c in at.caption]


def test_a_wrong_join_code_is_refused_without_saying_more(app_store, framework):
    answered_round(app_store, framework)
    at = run_page()
    at.text_input(key="score_options_join_code").input("NOPE99")
    next(b for b in at.button if b.label == "Join").click()
    at.run()
    assert any("does not open a round" in e.value for e in at.error)


def test_a_closed_round_cannot_be_joined(app_store, framework):
    round_id = answered_round(app_store, framework)
    app_store.set_status(round_id, RoundStatus.CLOSED)
    at = run_page()
    at.text_input(key="score_options_join_code").input(app_store.get_round(round_id).join_code)
    next(b for b in at.button if b.label == "Join").click()
    at.run()
    assert any("closed" in e.value for e in at.error)


def test_a_returning_participant_sees_how_many_scores_they_have_given(app_store, framework):
    round_id = answered_round(app_store, framework)
    participant, resume = app_store.join(round_id, "nhs_commissioner")
    app_store.save_appraisal_scores(
        round_id,
        [AppraisalScore(option_id="targeted", criterion_id=c.id, value=3) for c in framework.criteria],
        participant_id=participant.id,
    )
    at = run_page()
    at.text_input(key="score_options_resume_code").input(resume)
    next(b for b in at.button if b.label == "Continue").click()
    at.run()
    assert "6 of 24 scores given so far." in [c.value for c in at.caption]

"""The participant's way in and through a workshop, on a small screen of its own: a join code admits,
a wrong one is refused and slows the session down, a busy server names the wait, a resume code brings
back the same participant at the same step, leaving forgets them, and a step is saved as it is left."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from assessment.access import CODE_POLICY
from assessment.models import Answer, ItemKind, RoundInput
from assessment.signin import open_join_code
from assessment.storage import RoundRow, Store
from ui import resources, state
from ui.components.questionnaire_step import StepOutcome

WRONG_CODE = (
    "That code did not open a workshop that is taking answers. It may be mistyped, or the workshop may "
    "have closed. Check the code with your facilitator."
)


def participant_screen() -> None:
    """The participant page cut down to what the flow decides: the two codes, where the session is, Leave."""
    import streamlit as st

    from assessment.workshop import questionnaire_steps
    from ui import resources, state
    from ui.components import participant_flow

    store = resources.store()
    participant_flow.follow_link(store)
    if state.participant_round() is None:
        participant_flow.show_wait()
        code = st.text_input("Join code")
        if st.button("Join"):
            participant_flow.join(store, code)
        resume = st.text_input("Resume code")
        if st.button("Bring back my answers"):
            participant_flow.resume(store, resume)
        st.stop()
    round_row = participant_flow.joined_round(store, state.participant_round())
    participant_id = state.participant_id()
    if participant_id is None:
        st.write(f"In round {round_row.id}, not registered yet")
    else:
        steps = questionnaire_steps(resources.framework(), round_row)
        step = participant_flow.current_step(round_row, steps, store.responses.answers_of(participant_id))
        st.write(f"Participant {participant_id} on step {step}")
    if st.button("Leave"):
        participant_flow.leave()


def step_screen(outcome) -> None:  # noqa: ANN001 - the script runs alone, without this module's imports
    """One questionnaire step whose Back or Next gives `outcome` (a StepOutcome)."""
    import streamlit as st

    from ui import resources, state
    from ui.components import participant_flow

    step = int(st.query_params["step"]) - 1
    st.write(f"Step {step}")
    if st.button("Leave the step"):
        participant_flow.save_step(resources.store(), state.participant_id(), step, outcome)


@pytest.fixture
def app_store(tmp_path, monkeypatch) -> Store:
    """The Store the component uses (ui.resources.store), on a new SQLite file for this test."""
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", f"sqlite:///{tmp_path / 'flow.db'}")
    resources.store.clear()
    store = resources.store()
    yield store
    store.dispose()
    resources.store.clear()


@pytest.fixture
def open_round(app_store, framework) -> RoundRow:
    spec = RoundInput(area="Testshire", held_on=dt.date(2026, 3, 10), title="Spring workshop", pin="8642")
    return app_store.rounds.open_round(spec, framework.version)


def screen(**query: str) -> AppTest:
    at = AppTest.from_function(participant_screen, default_timeout=30)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def typed(at: AppTest, box: str, code: str) -> AppTest:
    """Type a code into the box and press its button."""
    next(t for t in at.text_input if t.label == box).input(code)
    label = "Join" if box == "Join code" else "Bring back my answers"
    return next(b for b in at.button if b.label == label).click().run()


def value(at: AppTest, key: str):  # noqa: ANN201
    return at.session_state[key] if key in at.session_state else None  # noqa: SIM401 - no .get on AppTest state


def written(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def test_a_right_join_code_admits_the_session_to_its_round_and_puts_it_in_the_address(open_round):
    at = typed(screen(), "Join code", open_round.join_code.lower())
    assert not at.exception
    assert value(at, state.PARTICIPANT_ROUND) == open_round.id
    assert value(at, state.PARTICIPANT_ID) is None  # they say who they are next
    assert at.query_params["join"] == open_round.join_code
    assert written(at) == [f"In round {open_round.id}, not registered yet"]


def test_a_wrong_code_is_refused_with_the_pages_words_and_counted_against_the_session(open_round):
    at = typed(screen(), "Join code", "ZZZZZZ")
    assert [e.value for e in at.error] == [WRONG_CODE]
    assert value(at, state.PARTICIPANT_ROUND) is None
    assert value(at, state.JOIN_FAILURES) == 1
    assert not at.warning  # the first three slips cost nothing


def test_a_wrong_join_link_is_refused_and_dropped_from_the_address(open_round):
    at = screen(join="QQQQQQ")
    assert [e.value for e in at.error] == [WRONG_CODE]
    assert "join" not in at.query_params


def test_the_third_wrong_code_makes_the_session_wait_five_seconds_even_for_the_right_code(open_round):
    at = screen()
    for _attempt in range(3):
        at = typed(at, "Join code", "ZZZZZZ")
    assert [w.value for w in at.warning] == ["Too many codes that did not work. Please wait 5 seconds, then try again."]
    at = typed(at, "Join code", open_round.join_code)
    assert value(at, state.PARTICIPANT_ROUND) is None
    assert value(at, state.JOIN_FAILURES) == 3  # refused before it was checked, so not counted either


def test_after_the_servers_limit_of_wrong_codes_the_busy_message_names_the_wait(open_round, app_store):
    # 30 wrong codes from anywhere, the first half a minute ago: the server refuses codes for 30 more seconds.
    started = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=30)
    for number in range(CODE_POLICY.max_failures):
        assert open_join_code(app_store, f"WRONG{number}", now=started) is None

    def busy(seconds: int) -> str:
        return (
            "Too many codes that did not work have been tried on this server in the last minute. "
            f"Please wait {seconds} seconds, then try again."
        )

    # 30 seconds, rounded up; 29 only when this machine took over a second to get from `started` to the page
    waits = [busy(30), busy(29)]
    at = typed(screen(), "Join code", open_round.join_code)
    assert [w.value for w in at.warning] in ([waits[0]], [waits[1]])
    assert not at.error
    assert value(at, state.PARTICIPANT_ROUND) is None
    assert value(at, state.JOIN_FAILURES) is None  # the server's refusal is not this session's fault
    link = screen(join=open_round.join_code)
    assert [w.value for w in link.warning] in ([waits[0]], [waits[1]])
    assert link.query_params["join"] == open_round.join_code  # kept, so a reload after the wait joins


def test_a_resume_code_brings_back_the_same_participant_at_the_first_step_left_to_answer(
    open_round, app_store, framework
):
    participant, code = app_store.responses.join(open_round.id, "council")
    app_store.responses.save_answers(
        participant.id,
        [Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=2) for s in framework.factor("leadership").statements],
    )
    at = typed(screen(), "Resume code", f"  {code.lower()} ")
    assert not at.exception
    assert value(at, state.PARTICIPANT_ID) == participant.id
    assert value(at, state.PARTICIPANT_ROUND) == open_round.id
    assert written(at) == [f"Participant {participant.id} on step 1"]  # leadership (step 0) is answered
    assert at.query_params["step"] == "2"  # page numbers count from 1
    assert at.query_params["join"] == open_round.join_code
    assert at.query_params["resume"] == code
    link = screen(join=open_round.join_code, resume=code)
    assert written(link) == [f"Participant {participant.id} on step 1"]


def test_a_resume_code_that_is_nobodys_is_refused(open_round):
    at = typed(screen(), "Resume code", "ABCDEFGHJK")
    assert [e.value for e in at.error] == ["That resume code did not bring back any answers. Check it and try again."]
    assert value(at, state.PARTICIPANT_ID) is None


def test_leaving_forgets_the_participant_and_the_address_but_keeps_the_answers(open_round, app_store, framework):
    participant, code = app_store.responses.join(open_round.id, "council")
    first = framework.factor("leadership").statements[0].id
    app_store.responses.save_answers(participant.id, [Answer(kind=ItemKind.STATEMENT, item_id=first, value=3)])
    at = screen(join=open_round.join_code, resume=code)
    at = next(b for b in at.button if b.label == "Leave").click().run()
    assert value(at, state.PARTICIPANT_ID) is None
    assert value(at, state.PARTICIPANT_ROUND) is None
    assert value(at, state.PARTICIPANT_RESUME_CODE) is None
    assert not at.query_params
    assert [t.label for t in at.text_input] == ["Join code", "Resume code"]
    assert app_store.responses.answers_of(participant.id)[(ItemKind.STATEMENT, first)].value == 3


def test_a_round_that_no_longer_exists_is_left(open_round):
    at = AppTest.from_function(participant_screen, default_timeout=30)
    at.session_state[state.PARTICIPANT_ROUND] = open_round.id + 100
    at.run()
    assert not at.exception
    assert value(at, state.PARTICIPANT_ROUND) is None
    assert [t.label for t in at.text_input] == ["Join code", "Resume code"]


def joined_step_screen(round_row: RoundRow, participant_id: int, step: int, outcome: StepOutcome) -> AppTest:
    at = AppTest.from_function(step_screen, default_timeout=30, args=(outcome,))
    at.session_state[state.PARTICIPANT_ROUND] = round_row.id
    at.session_state[state.PARTICIPANT_ID] = participant_id
    at.query_params["step"] = str(step + 1)
    return at.run()


def test_leaving_a_step_with_next_saves_its_answers_and_shows_the_next_step(open_round, app_store, framework):
    participant, _code = app_store.responses.join(open_round.id, "council")
    first = framework.factor("leadership").statements[0].id
    outcome = StepOutcome("next", [Answer(kind=ItemKind.STATEMENT, item_id=first, value=4)], [])
    at = joined_step_screen(open_round, participant.id, 0, outcome)
    at = next(b for b in at.button if b.label == "Leave the step").click().run()
    assert written(at) == ["Step 1"]
    assert app_store.responses.answers_of(participant.id)[(ItemKind.STATEMENT, first)].value == 4
    back = StepOutcome("back", [], [])
    at = joined_step_screen(open_round, participant.id, 3, back)
    at = next(b for b in at.button if b.label == "Leave the step").click().run()
    assert written(at) == ["Step 2"]


def test_a_comment_without_an_answer_keeps_the_participant_on_the_step(open_round, app_store, framework):
    participant, _code = app_store.responses.join(open_round.id, "council")
    first = framework.factor("leadership").statements[0].id
    outcome = StepOutcome("next", [], [first])
    at = joined_step_screen(open_round, participant.id, 0, outcome)
    at = next(b for b in at.button if b.label == "Leave the step").click().run()
    assert [e.value for e in at.error] == [
        "You wrote a comment without choosing an answer. Choose an answer (or 'Don't know') to keep it."
    ]
    assert written(at) == ["Step 0"]
    assert app_store.responses.answers_of(participant.id) == {}

"""The participant's page: joining by link or code, answering step by step, resuming, submitting,
and being refused by a closed round; a participant never sees anyone else's answers."""

from __future__ import annotations

import datetime as dt

import pytest

from assessment.models import Answer, AppraisalScore, ItemKind, RoundInput, RoundStatus
from tests.app_pages.workshop.helpers import ROOT, button, page, texts
from ui import state

PAGE = "app_pages/workshop_participant.py"
WRONG_CODE_WORDS = "did not open a workshop that is taking answers"


def joined_session(round_row, partner: str = "council"):  # noqa: ANN001, ANN201
    """A participant session that opened the join link and chose a partner type."""
    at = page(PAGE)
    at.query_params["join"] = round_row.join_code
    at.run()
    at.radio[0].set_value(partner)
    button(at, "Start").click().run()
    return at


def session_value(at, key: str):  # noqa: ANN001, ANN201
    """A session-state value, None when the page never set it."""
    return at.session_state[key] if key in at.session_state else None  # noqa: SIM401 - no .get on AppTest state


def participant_of(at) -> int:  # noqa: ANN001
    return at.session_state[state.PARTICIPANT_ID]


def radio(at, participant: int, kind: ItemKind, item: str):  # noqa: ANN001, ANN201
    return at.radio(key=f"question_{participant}_{kind.value}_{item}_value")


def comment(at, participant: int, kind: ItemKind, item: str):  # noqa: ANN001, ANN201
    return at.text_area(key=f"question_{participant}_{kind.value}_{item}_comment")


def test_the_join_link_asks_for_the_partner_type_but_never_a_name(open_round):
    at = page(PAGE)
    at.query_params["join"] = open_round.join_code
    at.run()
    assert not at.exception
    assert at.title[0].value == "About you"
    assert at.radio[0].label == "Partner type"
    assert "council" in at.radio[0].options or "Council children's services" in at.radio[0].options
    labels = [t.label for t in at.text_input]
    assert labels == ["Your role (optional)"]
    assert "never ask for your name" in texts(at)


def test_starting_registers_the_participant_and_puts_the_resume_code_in_the_address(open_round, app_store):
    at = joined_session(open_round, "nhs_commissioner")
    participants = app_store.responses.participants_frame([open_round.id])
    assert participants["partner_type"].tolist() == ["nhs_commissioner"]
    code = at.query_params["resume"]
    assert len(code) == 10
    assert code in texts(at)  # shown once, on the first step
    assert app_store.responses.resume(code, open_round.id).id == participant_of(at)
    assert at.header[0].value == "Clear leadership"
    at.run()
    assert code not in texts(at)  # ... and not again


def test_a_typed_code_is_accepted_in_any_case_and_with_a_dash(open_round):
    at = page(PAGE).run()
    code = open_round.join_code.lower()
    at.text_input[0].input(f"{code[:3]}-{code[3:]}")
    button(at, "Join").click().run()
    assert at.session_state[state.PARTICIPANT_ROUND] == open_round.id


def test_a_wrong_code_and_a_closed_rounds_code_get_the_same_message(open_round, app_store, framework):
    wrong = page(PAGE).run()
    wrong.text_input[0].input("ZZZZZZ")
    button(wrong, "Join").click().run()
    app_store.rounds.set_status(open_round.id, RoundStatus.CLOSED)
    closed = page(PAGE).run()
    closed.text_input[0].input(open_round.join_code)
    button(closed, "Join").click().run()
    assert [e.value for e in wrong.error] == [e.value for e in closed.error]
    assert WRONG_CODE_WORDS in wrong.error[0].value
    assert session_value(closed, state.PARTICIPANT_ROUND) is None


def test_repeated_wrong_codes_make_the_session_wait(open_round):
    at = page(PAGE).run()
    for _attempt in range(3):
        at.text_input[0].input("ZZZZZZ")
        button(at, "Join").click().run()
    assert at.session_state[state.JOIN_FAILURES] == 3
    assert "Please wait 5 seconds" in texts(at)
    at.run()
    assert button(at, "Join").disabled
    # even the right code is refused while the session waits
    at.text_input[0].input(open_round.join_code)
    at.run()
    assert session_value(at, state.PARTICIPANT_ROUND) is None


def test_a_wrong_join_link_shows_the_generic_message_and_is_dropped_from_the_address(open_round):
    at = page(PAGE)
    at.query_params["join"] = "QQQQQQ"
    at.run()
    assert WRONG_CODE_WORDS in at.error[0].value
    assert "join" not in at.query_params
    assert at.title[0].value == "Join a workshop"


def test_leaving_a_step_saves_its_answers_and_comments(open_round, app_store, framework):
    at = joined_session(open_round)
    me = participant_of(at)
    statements = [s.id for s in framework.factor("leadership").statements]
    radio(at, me, ItemKind.STATEMENT, statements[0]).set_value(3)
    radio(at, me, ItemKind.STATEMENT, statements[1]).set_value(-1)  # don't know
    comment(at, me, ItemKind.STATEMENT, statements[0]).input("The joint director since 2025")
    button(at, "Save and next").click().run()
    saved = app_store.responses.answers_of(me)
    assert saved[(ItemKind.STATEMENT, statements[0])] == Answer(
        kind=ItemKind.STATEMENT, item_id=statements[0], value=3, comment="The joint director since 2025"
    )
    assert saved[(ItemKind.STATEMENT, statements[1])].value is None
    assert len(saved) == 2  # unanswered statements are not saved as "don't know"
    assert at.header[0].value == "Effective governance"
    button(at, "Back").click().run()
    assert at.header[0].value == "Clear leadership"
    assert radio(at, me, ItemKind.STATEMENT, statements[0]).value == 3


def test_a_comment_without_an_answer_is_refused_rather_than_saved_as_dont_know(open_round, app_store, framework):
    at = joined_session(open_round)
    me = participant_of(at)
    first = framework.factor("leadership").statements[0].id
    comment(at, me, ItemKind.STATEMENT, first).input("Not sure what this means")
    button(at, "Save and next").click().run()
    assert "without choosing an answer" in at.error[0].value
    assert app_store.responses.answers_of(me) == {}
    assert at.header[0].value == "Clear leadership"


def test_two_participants_at_once_do_not_see_each_others_answers(open_round, app_store, framework):
    first = framework.factor("leadership").statements[0].id
    alice, bob = joined_session(open_round, "council"), joined_session(open_round, "school")
    alice_id, bob_id = participant_of(alice), participant_of(bob)
    assert alice_id != bob_id
    radio(alice, alice_id, ItemKind.STATEMENT, first).set_value(4)
    button(alice, "Save and next").click().run()
    bob.run()
    assert radio(bob, bob_id, ItemKind.STATEMENT, first).value is None
    radio(bob, bob_id, ItemKind.STATEMENT, first).set_value(0)
    button(bob, "Save and next").click().run()
    button(alice, "Back").click().run()
    assert radio(alice, alice_id, ItemKind.STATEMENT, first).value == 4
    assert app_store.responses.answers_of(alice_id)[(ItemKind.STATEMENT, first)].value == 4
    assert app_store.responses.answers_of(bob_id)[(ItemKind.STATEMENT, first)].value == 0
    assert "Show the join code" not in texts(alice)  # and no facilitator content at all


def test_a_resumed_session_restores_every_answer(open_round, app_store, framework):
    at = joined_session(open_round)
    me = participant_of(at)
    code = at.query_params["resume"]
    given: dict[tuple[ItemKind, str], tuple[int | None, str]] = {}
    for index, factor in enumerate(framework.factors):
        for number, statement in enumerate(factor.statements):
            value = (index + number) % 5
            given[(ItemKind.STATEMENT, statement.id)] = (value, f"note {statement.id}" if number == 0 else "")
    for component in framework.components:
        given[(ItemKind.COMPONENT, component.id)] = (None if component.id == "data" else 4, "")
    given[(ItemKind.PRIORITY, "camhs")] = (2, "CAMHS pooled in 2024")
    given[(ItemKind.PRIORITY, "Short breaks")] = (5, "")
    app_store.responses.save_answers(
        me, [Answer(kind=kind, item_id=item, value=v, comment=c) for (kind, item), (v, c) in given.items()]
    )

    resumed = page(PAGE)
    resumed.query_params["join"] = open_round.join_code
    resumed.query_params["resume"] = code
    resumed.run()
    assert participant_of(resumed) == me
    assert "Check and submit" in texts(resumed)  # every step answered: it opens on the last one
    seen: dict[tuple[ItemKind, str], tuple[int | None, str]] = {}
    for _step in range(17):
        button(resumed, "Back").click().run()
        for element in resumed.radio:
            kind, item = _key_item(element.key, me)
            value = element.value
            seen[(kind, item)] = (None if value == -1 else value, comment(resumed, me, kind, item).value)
    assert seen == given


def _key_item(key: str, participant: int) -> tuple[ItemKind, str]:
    """Read (kind, item id) back out of a questionnaire widget key."""
    rest = key.removeprefix(f"question_{participant}_").removesuffix("_value")
    kind, item = rest.split("_", 1)
    return ItemKind(kind), item


def test_a_resume_code_of_another_round_is_refused(open_round, app_store, framework):
    at = joined_session(open_round)
    code = at.query_params["resume"]
    other = app_store.rounds.open_round(
        RoundInput(area="Otherby", held_on=dt.date(2026, 4, 1), pin="1111"), framework.version
    )
    resumed = page(PAGE)
    resumed.query_params["join"] = other.join_code
    resumed.query_params["resume"] = code
    resumed.run()
    assert session_value(resumed, state.PARTICIPANT_ID) is None
    assert "did not bring back any answers" in resumed.error[0].value


def test_submitting_marks_the_response_complete_and_it_can_still_change(open_round, app_store):
    at = joined_session(open_round)
    me = participant_of(at)
    at.query_params["step"] = "18"  # the review page, after 17 question pages
    at.run()
    assert at.header[0].value == "Check and submit"
    button(at, "Submit my answers").click().run()
    assert app_store.responses.get_participant(me).completed
    assert "can still change them" in texts(at)
    button(at, "Back").click().run()
    assert at.header[0].value == "Continuum: your priority areas"


def test_after_submitting_a_participant_can_score_the_options_without_signing_in_again(
    open_round, app_store, framework
):
    at = joined_session(open_round)
    me = participant_of(at)
    at.query_params["step"] = "18"  # the review page, after 17 question pages
    at.run()
    assert "Optional: score the structural options" not in [h.value for h in at.header]  # not before submitting
    button(at, "Submit my answers").click().run()
    assert "Optional: score the structural options" in [h.value for h in at.header]
    # 4 framework options x 7 criteria (cost of change included), none scored yet by this participant
    assert "0 of 28 scores given so far." in [c.value for c in at.caption]
    app_store.appraisal.save_scores(
        open_round.id,
        [AppraisalScore(option_id="virtual", criterion_id=c.id, value=2) for c in framework.criteria[:2]],
        participant_id=me,
    )
    at.run()
    assert "2 of 28 scores given so far." in [c.value for c in at.caption]


def test_a_closed_round_refuses_answers_with_a_clear_message(open_round, app_store, framework):
    at = joined_session(open_round)
    me = participant_of(at)
    first = framework.factor("leadership").statements[0].id
    radio(at, me, ItemKind.STATEMENT, first).set_value(2)
    app_store.rounds.set_status(open_round.id, RoundStatus.CLOSED)
    button(at, "Save and next").click().run()
    assert at.title[0].value == "Workshop closed"
    assert "closed, so answers can no longer be given or changed" in at.info[0].value
    assert not list(at.radio)
    assert app_store.responses.answers_of(me) == {}


def test_a_participant_opening_the_join_link_sees_only_the_questionnaire(open_round):
    at = page("app.py")
    at.query_params["join"] = open_round.join_code
    at.run()
    assert not at.exception
    assert at.title[0].value == "About you"
    with pytest.raises(ValueError, match="Known pages: \\[.*workshop_participant.py'\\]"):
        at.switch_page(str(ROOT / "app_pages/workshop_facilitator.py"))


def test_leaving_forgets_the_workshop_on_this_device_but_keeps_the_answers(open_round, app_store, framework):
    at = joined_session(open_round)
    me = participant_of(at)
    first = framework.factor("leadership").statements[0].id
    radio(at, me, ItemKind.STATEMENT, first).set_value(1)
    button(at, "Save and next").click().run()
    at.query_params["step"] = "18"  # the review page, after 17 question pages
    at.run()
    button(at, "Leave this workshop on this device").click().run()
    assert session_value(at, state.PARTICIPANT_ID) is None
    assert "resume" not in at.query_params and "join" not in at.query_params
    assert at.title[0].value == "Join a workshop"
    assert app_store.responses.answers_of(me)[(ItemKind.STATEMENT, first)].value == 1


def test_the_review_page_sends_the_participant_back_to_a_page_with_questions_left(open_round, framework):
    at = joined_session(open_round)
    at.query_params["step"] = "18"  # the review page, after 17 question pages
    at.run()
    assert "17 page(s) have questions without an answer" in texts(at)
    pages_left = at.selectbox[0]
    pages_left.select_index(8).run()
    button(at, "Go to that page").click().run()
    assert at.header[0].value == "Continuum: Budgets and resources"


# -- the address, Back and this device ----------------------------------------------------------------


def test_every_page_puts_the_join_code_the_resume_code_and_the_page_in_the_address(open_round):
    at = joined_session(open_round)
    code = at.query_params["resume"]
    assert dict(at.query_params) == {"join": open_round.join_code, "resume": code, "step": "1"}
    button(at, "Save and next").click().run()
    assert dict(at.query_params) == {"join": open_round.join_code, "resume": code, "step": "2"}
    assert at.header[0].value == "Effective governance"


def test_browser_back_shows_the_page_before_with_the_same_participant(open_round, app_store):
    at = joined_session(open_round)
    me = participant_of(at)
    button(at, "Save and next").click().run()
    button(at, "Save and next").click().run()
    assert at.header[0].value == "Understanding of commissioning"
    # Back: the browser's previous entry is the address of page 2; the session stays as it was.
    at.query_params["step"] = "2"
    at.run()
    assert at.header[0].value == "Effective governance"
    assert participant_of(at) == me
    # Back to the bare join link (the first entry): the participant stays, and the address gets them back.
    at.query_params.clear()
    at.query_params["join"] = open_round.join_code
    at.run()
    assert "About you" not in [t.value for t in at.title]
    assert at.header[0].value == "Clear leadership"  # nothing answered yet: the first page left to answer
    assert at.query_params["resume"] and at.query_params["join"] == open_round.join_code
    assert len(app_store.responses.participants_frame([open_round.id])) == 1


def test_a_reload_after_back_brings_back_the_same_participant_on_that_page(open_round, app_store):
    at = joined_session(open_round)
    me, code = participant_of(at), at.query_params["resume"]
    button(at, "Save and next").click().run()
    reloaded = page(PAGE)  # a reload is a new session with the address of the entry Back went to
    reloaded.query_params.update({"join": open_round.join_code, "resume": code, "step": "1"})
    reloaded.run()
    assert participant_of(reloaded) == me
    assert reloaded.header[0].value == "Clear leadership"
    assert len(app_store.responses.participants_frame([open_round.id])) == 1


def remembered_on_this_device(monkeypatch, code: str) -> None:  # noqa: ANN001
    """This browser keeps `code` as its resume code (a cookie, which AppTest cannot send)."""
    from ui.components import device_memory

    monkeypatch.setattr(device_memory, "remembered", lambda join_code: code)


def test_the_join_link_alone_on_a_device_that_joined_offers_to_continue_not_to_register(
    open_round, app_store, monkeypatch
):
    first = joined_session(open_round)
    me, code = participant_of(first), first.query_params["resume"]
    remembered_on_this_device(monkeypatch, code)
    again = page(PAGE)  # a reload of the bare join link, or a second tab
    again.query_params["join"] = open_round.join_code
    again.run()
    assert again.title[0].value == "Welcome back"
    assert not list(again.radio)  # no partner question: nobody new is registered by accident
    button(again, f"Continue with your answers (resume code {code})").click().run()
    assert participant_of(again) == me
    assert again.header[0].value == "Clear leadership"
    assert again.query_params["resume"] == code
    assert len(app_store.responses.participants_frame([open_round.id])) == 1


def test_someone_else_on_a_device_that_joined_can_still_join_as_a_new_participant(open_round, app_store, monkeypatch):
    first = joined_session(open_round)
    remembered_on_this_device(monkeypatch, first.query_params["resume"])
    other = page(PAGE)
    other.query_params["join"] = open_round.join_code
    other.run()
    button(other, "I am someone else: join as a new participant").click().run()
    assert other.title[0].value == "About you"
    other.radio[0].set_value("school")
    button(other, "Start").click().run()
    assert participant_of(other) != participant_of(first)
    assert len(app_store.responses.participants_frame([open_round.id])) == 2


def test_a_kept_resume_code_that_no_longer_works_asks_who_they_are(open_round, app_store, monkeypatch):
    remembered_on_this_device(monkeypatch, "ABCDEFGHJK")
    at = page(PAGE)
    at.query_params["join"] = open_round.join_code
    at.run()
    button(at, "Continue with your answers (resume code ABCDEFGHJK)").click().run()
    assert "did not come back" in at.error[0].value
    assert at.title[-1].value == "About you"
    assert session_value(at, state.PARTICIPANT_ID) is None


# -- comments and progress ---------------------------------------------------------------------------


def test_a_pasted_comment_over_the_limit_keeps_its_first_2000_characters_and_says_so(open_round, app_store, framework):
    at = joined_session(open_round)
    me = participant_of(at)
    second = framework.factor("leadership").statements[1].id
    pasted = "E" * 2345
    radio(at, me, ItemKind.STATEMENT, second).set_value(2)
    comment(at, me, ItemKind.STATEMENT, second).input(pasted)
    button(at, "Save and next").click().run()
    assert app_store.responses.answers_of(me)[(ItemKind.STATEMENT, second)].comment == "E" * 2000
    assert at.header[0].value == "Clear leadership"  # kept on the page to check how it ends
    assert "your comment on statement 2 (2,345 characters)" in at.warning[0].value
    assert "kept the first 2,000 characters" in at.warning[0].value
    assert comment(at, me, ItemKind.STATEMENT, second).value == "E" * 2000
    assert "0 of 2,000 characters left." in [c.value for c in at.caption]
    button(at, "Save and next").click().run()
    assert at.header[0].value == "Effective governance"
    assert not at.warning


def test_the_progress_line_says_what_each_number_counts(open_round, app_store, framework):
    at = joined_session(open_round)
    me = participant_of(at)
    for statement in framework.factor("leadership").statements:
        radio(at, me, ItemKind.STATEMENT, statement.id).set_value(2)
    button(at, "Save and next").click().run()
    # 17 question pages and the review page; 4 of 32 statements + 8 components + 2 priority areas = 42
    bar = at.get("progress")[0]
    assert bar.proto.text == "Page 2 of 18 · you have answered 4 of all 42 questions (10%)"


# -- the wait after wrong codes ----------------------------------------------------------------------


def test_after_the_wait_the_right_code_joins_without_a_reload(open_round):
    at = page(PAGE).run()
    for _attempt in range(3):
        at.text_input[0].input("ZZZZZZ")
        button(at, "Join").click().run()
    at.run()  # the countdown redraws the form: Join is disabled while the session waits
    assert button(at, "Join").disabled
    at.session_state[state.JOIN_BLOCKED_UNTIL] = 0.0  # the five seconds have gone by
    at.run()  # the countdown's own redraw, in the same session
    assert not button(at, "Join").disabled
    assert "Please wait" not in texts(at)
    at.text_input[0].input(open_round.join_code)
    button(at, "Join").click().run()
    assert at.session_state[state.PARTICIPANT_ROUND] == open_round.id
    assert at.title[0].value == "About you"


def test_a_participant_scores_one_option_at_a_time_with_a_choice_per_criterion(open_round, app_store, framework):
    at = joined_session(open_round)
    me = participant_of(at)
    at.query_params["step"] = "18"
    at.run()
    button(at, "Submit my answers").click().run()
    chooser = at.selectbox(key="participant_options_option")
    assert chooser.options[0] == f"{framework.options[0].name} (0 of 7 scored)"
    second = framework.options[1].id
    chooser.set_value(second).run()
    outcomes, cost = framework.criteria[0], framework.criteria[-1]
    at.selectbox(key=f"participant_options_{second}_{outcomes.id}").set_value(3)
    at.selectbox(key=f"participant_options_{second}_{cost.id}").set_value(0)
    button(at, "Save my scores").click().run()
    scores = app_store.appraisal.scores_frame(open_round.id)
    mine = scores[scores["scorer"] == f"p{me}"].sort_values("criterion_id")
    assert sorted(mine[["option_id", "criterion_id", "value"]].values.tolist()) == sorted(
        [[second, outcomes.id, 3], [second, cost.id, 0]]
    )
    assert "2 of 28 scores given so far." in [c.value for c in at.caption]
    assert f"{framework.options[1].name} (2 of 7 scored)" in at.selectbox(key="participant_options_option").options
    # Not scored yet clears a score.
    at.selectbox(key=f"participant_options_{second}_{cost.id}").select_index(0)  # the first choice
    button(at, "Save my scores").click().run()
    assert "1 of 28 scores given so far." in [c.value for c in at.caption]

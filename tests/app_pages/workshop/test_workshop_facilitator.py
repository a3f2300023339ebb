"""The facilitator's pages: the PIN gate, the live view's counts and charts, consensus, closing the
round, the set-up page and presentation mode."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from assessment.access import Access
from assessment.models import Answer, ConsensusEntry, ItemKind, RoundStatus
from assessment.results import score_round
from assessment.signin import SignInRefused, sign_in_with_pin
from tests.app_pages.apptest import signed_in
from tests.app_pages.workshop.helpers import PIN, ROOT, button, page, sign_in, text_input, texts
from ui import state

FACILITATOR = "app_pages/workshop_facilitator.py"
PRESENTATION = "app_pages/workshop_presentation.py"
SETUP = "app_pages/workshop_setup.py"


def facilitator_session(round_row, path: str = FACILITATOR, pin: str = PIN):  # noqa: ANN001, ANN201
    """A browser session on a facilitator page with the round picked and the area's PIN given."""
    at = page(path)
    at.session_state[state.AREA_ID] = round_row.area_id
    at.session_state[state.ROUND_ID] = round_row.id
    at.run()
    return sign_in(at, round_row.area_name, pin)


def statement_answers(framework, factor_id: str, value: int | None) -> list[Answer]:  # noqa: ANN001
    return [Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=value) for s in framework.factor(factor_id).statements]


def room(app_store, framework, round_row):  # noqa: ANN001, ANN201
    """Four people: two council (one submitted), one school (submitted), one NHS who joined but has
    not answered. Governance: scores 0, 4 and 4 (split); leadership 2, 2 and 3."""
    people = []
    for partner, governance, leadership, submitted in (
        ("council", 0, 2, True),
        ("council", 4, 2, False),
        ("school", 4, 3, True),
    ):
        participant, _code = app_store.responses.join(round_row.id, partner)
        app_store.responses.save_answers(
            participant.id,
            statement_answers(framework, "governance", governance)
            + statement_answers(framework, "leadership", leadership)
            + [Answer(kind=ItemKind.COMPONENT, item_id="budgets", value=2)],
        )
        if submitted:
            app_store.responses.set_complete(participant.id)
        people.append(participant)
    app_store.responses.join(round_row.id, "nhs_commissioner")
    return people


def test_the_facilitator_view_needs_a_pin_of_the_area(open_round):
    at = page(FACILITATOR)
    at.session_state[state.AREA_ID] = open_round.area_id
    at.session_state[state.ROUND_ID] = open_round.id
    at.run()
    assert at.title[0].value == "Sign in"
    assert [t.label for t in at.tabs] == ["Facilitator PIN", "Programme passphrase"]
    assert open_round.join_code not in texts(at)
    sign_in(at, "Testshire", "0000")
    assert at.error[0].value == "That area and PIN do not match."
    assert at.title[0].value == "Sign in"
    sign_in(at, "testshire", PIN)  # the area's name in any case
    assert [t.label for t in at.tabs][:3] == ["Live results", "Agree scores", "Close and finalise"]
    assert at.session_state[state.ACCESS].area_ids == {open_round.area_id}
    at.run()  # once per session: no second PIN
    assert "Sign in" not in texts(at)


def test_five_wrong_pins_lock_the_area_even_with_the_right_pin(open_round, app_store):
    at = page(FACILITATOR)
    at.session_state[state.AREA_ID] = open_round.area_id
    at.session_state[state.ROUND_ID] = open_round.id
    at.run()
    for _attempt in range(5):
        sign_in(at, "Testshire", "0000")
    sign_in(at, "Testshire", PIN)
    assert "Too many wrong attempts, so this PIN cannot be checked now: try again in 15 minutes" in at.error[0].value
    assert at.title[0].value == "Sign in"
    assert "facilitator PIN locked" in app_store.audit.for_round(open_round.id)["event"].tolist()


def test_the_live_counts_match_the_stored_answers(open_round, app_store, framework):
    room(app_store, framework, open_round)
    at = facilitator_session(open_round)
    metrics = {m.label: int(m.value) for m in at.metric if m.label in ("Joined", "Answering", "Submitted")}
    assert metrics == {"Joined": 4, "Answering": 3, "Submitted": 2}
    participants = app_store.responses.participants_frame([open_round.id])
    answering = app_store.responses.answers_frame([open_round.id])["participant_id"].nunique()
    assert metrics == {"Joined": len(participants), "Answering": answering, "Submitted": participants["complete"].sum()}
    by_partner = at.dataframe[0].value.set_index("Partner type")
    assert by_partner.loc["Council children's services", ["Joined", "Answering", "Submitted"]].tolist() == [2, 2, 1]
    assert by_partner.loc[
        "NHS commissioner (ICB; formerly PCT or CCG)", ["Joined", "Answering", "Submitted"]
    ].tolist() == [1, 0, 0]
    assert by_partner.loc["Total", "Joined"] == 4


def test_the_live_view_flags_the_split_factor_first_with_each_persons_dot(open_round, app_store, framework):
    room(app_store, framework, open_round)
    at = facilitator_session(open_round)
    assert "The room is split on 1 of 8 factors: Effective governance" in at.warning[0].value
    strip = json.loads(at.get("plotly_chart")[0].proto.spec)
    dots = {trace["name"]: trace for trace in strip["data"]}
    # governance 0, 4, 4: median 4, and 1 of 3 scores (a third) is more than a level away: split
    assert sorted(dots["Split factor"]["x"]) == [0, 4, 4]
    assert sorted(dots["A person's score"]["x"]) == [2, 2, 3]
    result = score_round(app_store, framework, open_round.id)
    assert sorted(dots["Median"]["x"]) == sorted([result.factors.loc["governance", "median"], 2.0])
    table = at.dataframe[1].value
    # The table names the factors by their short names, as the dashboard's tables do, to fit a laptop.
    assert table["Factor"].tolist()[:2] == ["Governance", "Leadership"]
    assert table["Room"].tolist()[:2] == ["Split: discuss", "Broad agreement"]
    assert result.sentence in texts(at)


def test_the_live_view_refreshes_itself_while_the_round_is_open(open_round, app_store, framework):
    at = facilitator_session(open_round)
    assert "Updates by itself every 5 seconds" in texts(at)
    assert "Nobody has saved an answer yet" in texts(at)
    room(app_store, framework, open_round)
    at.run()
    assert {m.label: int(m.value) for m in at.metric if m.label == "Joined"} == {"Joined": 4}


def test_recording_consensus_keeps_the_median_beside_it(open_round, app_store, framework):
    room(app_store, framework, open_round)
    at = facilitator_session(open_round)
    picker = at.selectbox(key=f"consensus_item_{open_round.id}")
    assert picker.label == "What is the room agreeing now?"
    assert picker.format_func(picker.value) == "Factor: Effective governance · SPLIT (not agreed yet)"
    median = next(m for m in at.metric if m.label == "The room's median")
    assert median.value == "4"
    key = f"consensus_{open_round.id}_factor_governance"
    at.radio(key=f"{key}_value").set_value(2)
    at.text_area(key=f"{key}_rationale").input("Council and NHS read the board's role differently")
    button(at, "Record the agreed value").click().run()
    record = app_store.consensus.for_round(open_round.id)[(ItemKind.FACTOR, "governance")]
    assert (record.value, record.rationale, record.revision) == (
        2.0,
        "Council and NHS read the board's role differently",
        1,
    )
    assert "Recorded Effective governance: 2 Developing. Next: Clear leadership." in texts(at)


def test_a_consensus_saved_meanwhile_by_someone_else_is_not_overwritten(open_round, app_store, framework):
    room(app_store, framework, open_round)
    at = facilitator_session(open_round)
    app_store.consensus.record(
        open_round.id,
        ConsensusEntry(kind=ItemKind.FACTOR, item_id="governance", value=3, rationale="From the other laptop"),
        expected_revision=None,
    )
    key = f"consensus_{open_round.id}_factor_governance"
    at.radio(key=f"{key}_value").set_value(1)
    button(at, "Record the agreed value").click().run()
    assert "Someone else recorded this item after you opened it" in at.error[0].value
    assert "3 Established" in at.error[0].value
    record = app_store.consensus.for_round(open_round.id)[(ItemKind.FACTOR, "governance")]
    assert (record.value, record.rationale) == (3.0, "From the other laptop")
    button(at, "Record the agreed value").click().run()  # saving again replaces theirs, knowingly
    assert app_store.consensus.for_round(open_round.id)[(ItemKind.FACTOR, "governance")].value == 1.0


def test_closing_finalising_and_reopening_the_round_are_recorded(open_round, app_store):
    at = facilitator_session(open_round)
    at.button(key="round_status_close").click().run()
    at.button(key="round_status_confirm").click().run()
    assert app_store.rounds.get_round(open_round.id).status == RoundStatus.CLOSED
    at.button(key="round_status_finalise").click().run()
    at.button(key="round_status_confirm").click().run()
    assert app_store.rounds.get_round(open_round.id).status == RoundStatus.FINALISED
    assert at.button(key="round_status_reopen").disabled
    at.checkbox(key="round_status_sure").check().run()
    at.button(key="round_status_reopen").click().run()
    assert app_store.rounds.get_round(open_round.id).status == RoundStatus.OPEN
    events = app_store.audit.for_round(open_round.id)["event"].tolist()
    assert events[:3] == ["round re-opened", "round finalised", "round closed"]


def test_a_finalised_round_does_not_take_consensus_until_reopened(open_round, app_store, framework):
    room(app_store, framework, open_round)
    app_store.rounds.set_status(open_round.id, RoundStatus.CLOSED)
    app_store.rounds.set_status(open_round.id, RoundStatus.FINALISED)
    at = facilitator_session(open_round)
    assert "This round is finalised" in texts(at)
    assert not [b for b in at.button if b.label == "Record the agreed value"]


def test_setting_up_a_round_shows_its_join_code_and_admits_the_facilitator(app_store, framework):
    app_store.rounds.ensure_area("Newtown")  # AppTest cannot type a new option into a selectbox
    at = signed_in(page("app.py")).run()
    at.switch_page(str(ROOT / SETUP)).run()  # through the router, so the page's links resolve
    at.selectbox[0].set_value("Newtown")
    at.date_input[0].set_value(dt.date(2026, 5, 6))
    text_input(at, "Title (optional)").input("Spring workshop")
    board = text_input(at, "Board the paper goes to (optional)")
    assert board.placeholder == "e.g. Health and Wellbeing Board"
    board.input("  Health and Wellbeing Board ")
    executive = next(r for r in at.radio if r.label.startswith("Does the partnership have an executive group"))
    assert executive.value is None  # not answered until the facilitator says
    executive.set_value("No")
    at.multiselect[0].set_value(["send", "camhs"])
    at.text_area[0].input("Short breaks\n\nshort breaks\nSEND")
    text_input(at, "PIN").input("2580")
    text_input(at, "PIN again").input("2580")
    button(at, "Open the round").click().run()
    assert not at.exception
    (row,) = app_store.rounds.list_rounds()
    assert (row.area_name, row.title, row.held_on) == ("Newtown", "Spring workshop", dt.date(2026, 5, 6))
    assert row.board == "Health and Wellbeing Board"
    assert row.has_executive is False
    assert row.priority_areas == ("send", "camhs", "Short breaks")
    assert sign_in_with_pin(app_store, Access(), "Newtown", "2580").may_open(row.area_id)
    with pytest.raises(SignInRefused):
        sign_in_with_pin(app_store, Access(), "Newtown", "2581")
    assert f"# {row.join_code}" in texts(at)
    assert f"?join={row.join_code}" in at.code[0].value
    assert at.session_state[state.ACCESS].may_open(row.area_id)


def test_setting_up_refuses_unmatched_pins_and_a_missing_area(app_store):
    at = signed_in(page(SETUP)).run()
    text_input(at, "PIN").input("2580")
    text_input(at, "PIN again").input("2590")
    button(at, "Open the round").click().run()
    errors = [e.value for e in at.error]
    assert "Pick an area, or type the name of a new one." in errors
    assert "The two PINs are not the same. Type the PIN twice, exactly the same." in errors
    assert app_store.rounds.list_rounds() == []


def test_setting_up_names_a_too_long_priority_area_line(app_store):
    app_store.rounds.ensure_area("Newtown")
    at = signed_in(page(SETUP)).run()
    at.selectbox[0].set_value("Newtown")
    at.text_area[0].input("Short breaks\n" + "x" * 81)
    text_input(at, "PIN").input("2580")
    text_input(at, "PIN again").input("2580")
    button(at, "Open the round").click().run()
    assert "Line 2 of your own priority areas is 81 characters long" in at.error[0].value
    assert [r.area_name for r in app_store.rounds.list_rounds()] == []


def test_presentation_mode_steps_through_slides_without_individual_answers(open_round, app_store, framework):
    room(app_store, framework, open_round)
    at = facilitator_session(open_round, PRESENTATION)
    titles, tables = [], 0
    for slide in range(7):
        titles.append(at.title[0].value)
        assert at.markdown[0].value.startswith(f"Slide {slide + 1} of 7 · ")
        for chart in at.get("plotly_chart"):
            names = {trace.get("name") for trace in json.loads(chart.proto.spec)["data"]}
            assert "A person's score" not in names and "Split factor" not in names
        # Each chart has its numbers as a table too, of the room's figures only: no one's own score.
        assert len(at.dataframe) == len(at.get("plotly_chart"))
        tables += len(at.dataframe)
        for table in at.dataframe:
            assert not {"Lowest", "Highest"} & set(table.value.columns)
        if slide < 6:
            button(at, "Next").click().run()
    assert tables >= 4
    assert titles == [
        "Who has answered",
        "The success factors",
        "The continuum by component",
        "The continuum by priority area",
        "How the room moved",
        "The agreed scores",
        "Summary",
    ]
    assert button(at, "Next").disabled
    button(at, "Previous").click().run()
    assert at.title[0].value == "The agreed scores"


def presentation_at(open_round, slide: int):  # noqa: ANN001, ANN201
    at = page(PRESENTATION)
    at.session_state[state.AREA_ID] = open_round.area_id
    at.session_state[state.ROUND_ID] = open_round.id
    at.session_state[state.PRESENTATION_SLIDE] = slide
    at.run()
    return sign_in(at, open_round.area_name, PIN)


def test_how_the_room_moved_says_so_plainly_when_nobody_re_scored(open_round, app_store, framework):
    room(app_store, framework, open_round)
    at = presentation_at(open_round, 4)
    assert at.title[0].value == "How the room moved"
    assert at.header[0].value == "The room has not re-scored any factor in this round."
    assert not at.get("plotly_chart")


def test_how_the_room_moved_puts_the_first_answers_beside_the_re_score(open_round, app_store, framework):
    people = room(app_store, framework, open_round)
    # Governance 0, 4, 4: median 4, 2 of 3 at it and within one level (67%), 1 of 3 over a level away:
    # split. In pass 2 the first council member re-scores 0 -> 3: 3, 4, 4, still 2 of 3 at the median,
    # all 3 within one level (100%): no longer split.
    app_store.rescores.open(open_round.id, ["governance"], framework=framework)
    app_store.rescores.save_answers(people[0].id, 2, statement_answers(framework, "governance", 3))
    at = presentation_at(open_round, 4)
    assert at.header[0].value == "1 factor re-scored after discussion: 1 no longer split."
    assert len(at.get("plotly_chart")) == 1
    (table,) = [t.value for t in at.dataframe]
    assert table.values.tolist() == [
        ["Effective governance", 4.0, 67, 67, "second pass", 4.0, 67, 100, "no longer split"]
    ]
    button(at, "Next").click().run()
    button(at, "Next").click().run()
    assert at.title[0].value == "Summary"
    summary = at.markdown[1].value  # Markdown made plain: a colon is escaped
    assert "- 1 factor re-scored after discussion" in summary and " 1 no longer split.\n" in summary


def test_presentation_mode_needs_the_pin_too(open_round):
    at = page(PRESENTATION)
    at.session_state[state.AREA_ID] = open_round.area_id
    at.session_state[state.ROUND_ID] = open_round.id
    at.run()
    assert at.title[0].value == "Sign in"
    assert not at.get("plotly_chart")


def test_setting_up_needs_a_sign_in_and_a_pin_opens_rounds_of_its_own_area_only(open_round, app_store):
    app_store.rounds.ensure_area("Otherby")
    at = page(SETUP).run()
    assert at.title[0].value == "Sign in"
    sign_in(at, "Testshire")
    assert at.selectbox[0].options == ["Testshire"]  # not Otherby: a PIN opens its own area only
    assert "sign in with the programme passphrase" in at.selectbox[0].help


def test_presentation_mode_shows_the_agreed_scores_and_closes_with_a_summary(open_round, app_store, framework):
    room(app_store, framework, open_round)
    app_store.consensus.record(
        open_round.id,
        ConsensusEntry(kind=ItemKind.FACTOR, item_id="governance", value=3, rationale="We agreed."),
        expected_revision=None,
    )
    at = page(PRESENTATION)
    at.session_state[state.AREA_ID] = open_round.area_id
    at.session_state[state.ROUND_ID] = open_round.id
    at.session_state[state.PRESENTATION_SLIDE] = 5
    at.run()
    at = sign_in(at, open_round.area_name, PIN)
    assert at.title[0].value == "The agreed scores"
    assert at.header[0].value == "The room has agreed 1 of the 8 factor scores so far."
    bars = {t["name"]: t for t in json.loads(at.get("plotly_chart")[0].proto.spec)["data"]}
    factor_ids = [f.id for f in framework.factors]
    agreed = dict(zip(factor_ids, bars["Agreed score"]["x"], strict=True))
    assert agreed["governance"] == 3
    # Leadership was not agreed: its pale bar goes to the room's median of 2, 2 and 3, that is 2.
    not_agreed = dict(zip(factor_ids, bars["Median, not agreed yet"]["text"], strict=True))
    assert not_agreed["leadership"] == "2.0 median, not agreed yet"
    assert not_agreed["governance"] == ""
    button(at, "Next").click().run()
    assert at.title[0].value == "Summary"
    summary = at.markdown[1].value
    assert "The room has agreed 1 of the 8 factor scores so far." in summary
    assert "The room's own scores were split on Effective governance." in summary  # 0, 4 and 4

"""Agreeing scores one item after another: the picker, Previous and Next, the progress line, the
comments beside each item and the question an uncertain factor asks.

The room (test_workshop_facilitator.room): governance scored 0, 4 and 4 (median 4, split), leadership 2,
2 and 3 (median 2). The round has 8 factors, 8 continuum components and 2 priority areas: 18 items."""

from __future__ import annotations

from assessment.models import Answer, ItemKind
from assessment.passes import UNCERTAIN_MEANING
from tests.app_pages.workshop.helpers import button, texts
from tests.app_pages.workshop.test_workshop_facilitator import facilitator_session, room, statement_answers

ITEMS = 18


def progress_text(at) -> str:  # noqa: ANN001
    return at.get("progress")[0].proto.text


def picker(at, round_row):  # noqa: ANN001, ANN201
    return at.selectbox(key=f"consensus_item_{round_row.id}")


def shown_item(at, round_row) -> str:  # noqa: ANN001
    box = picker(at, round_row)
    return box.format_func(box.value)


def test_recording_an_item_marks_it_agreed_and_moves_on_to_the_next(open_round, app_store, framework):
    room(app_store, framework, open_round)
    at = facilitator_session(open_round)
    assert progress_text(at) == f"0 of {ITEMS} agreed"
    assert shown_item(at, open_round) == "Factor: Effective governance · SPLIT (not agreed yet)"
    assert at.button(key=f"consensus_previous_{open_round.id}").disabled  # the first item
    key = f"consensus_{open_round.id}_factor_governance"
    at.radio(key=f"{key}_value").set_value(2)
    button(at, "Record the agreed value").click().run()
    assert "Recorded Effective governance: 2 Developing. Next: Clear leadership." in texts(at)
    assert progress_text(at) == f"1 of {ITEMS} agreed"
    assert shown_item(at, open_round) == "Factor: Clear leadership (not agreed yet)"
    box = picker(at, open_round)
    assert box.options[0] == "Factor: Effective governance · SPLIT (agreed: 2 Developing)"
    assert next(m for m in at.metric if m.label == "The room's median").value == "2"  # leadership: 2, 2, 3

    # The second item, then Previous goes back to the first and Next forward again.
    at.radio(key=f"consensus_{open_round.id}_factor_leadership_value").set_value(3)
    button(at, "Record the agreed value").click().run()
    assert progress_text(at) == f"2 of {ITEMS} agreed"
    third = shown_item(at, open_round)
    assert third.startswith("Factor: ") and third.endswith("(not agreed yet)")
    at.button(key=f"consensus_previous_{open_round.id}").click().run()
    assert shown_item(at, open_round) == "Factor: Clear leadership (agreed: 3 Established)"
    at.button(key=f"consensus_previous_{open_round.id}").click().run()
    assert shown_item(at, open_round).startswith("Factor: Effective governance")
    at.button(key=f"consensus_next_{open_round.id}").click().run()
    assert shown_item(at, open_round) == "Factor: Clear leadership (agreed: 3 Established)"
    agreed = at.table[0].value.set_index("Item")
    assert agreed.loc["Factor: Effective governance", ["Room's median", "Room", "Agreed"]].tolist() == [
        "4",
        "Split",
        "2 Developing",
    ]
    assert agreed.loc["Factor: Clear leadership", ["Room's median", "Agreed"]].tolist() == ["2", "3 Established"]


def test_the_participants_comments_are_shown_beside_the_item_as_typed(open_round, app_store, framework):
    hostile = "<b>Board</b> minutes [link](https://evil.example) *not* agreed"
    people = []
    for partner, comment in (("council", hostile), ("council", ""), ("school", "We never saw the terms")):
        participant, _code = app_store.responses.join(open_round.id, partner)
        batch = statement_answers(framework, "governance", 2)
        batch[0] = Answer(kind=ItemKind.STATEMENT, item_id=batch[0].item_id, value=2, comment=comment)
        app_store.responses.save_answers(participant.id, batch)
        people.append(participant)
    at = facilitator_session(open_round)
    governance = "consensus_" + str(open_round.id) + "_factor_governance"
    assert at.radio(key=f"{governance}_value")  # governance is shown (its median is known, leadership's is not)
    assert "What participants wrote** (2 comments)" in texts(at)
    assert [t.value for t in at.text] == [hostile, "We never saw the terms"]  # as typed, in text order
    statement = framework.factor("governance").statements[0].text
    assert any(c.value.startswith("On the statement: ") and "separate, written roles" in c.value for c in at.caption)
    assert statement.startswith("The partnership board")
    # Council 2 and school 1, both under 3 people: merged into 'other' (3 people), the only group shown.
    assert any(c.value == f"A participant from {framework.partner_name('other')}" for c in at.caption)
    assert not any(framework.partner_name("council") in c.value for c in at.caption)
    at.button(key=f"consensus_next_{open_round.id}").click().run()
    assert "(0 comments)" in texts(at)
    assert "No one left a comment on this." in texts(at)


def test_an_uncertain_factor_asks_why_the_room_is_still_uncertain(open_round, app_store, framework):
    people = room(app_store, framework, open_round)
    # Pass 2 re-scores governance; the first person keeps 0, so it stays split (0, 4, 4); closing the
    # pass makes it uncertain.
    app_store.rescores.open(open_round.id, ["governance"], framework=framework)
    app_store.rescores.save_answers(people[0].id, 2, statement_answers(framework, "governance", 0))
    app_store.rescores.close(open_round.id)
    at = facilitator_session(open_round)
    assert shown_item(at, open_round) == "Factor: Effective governance · UNCERTAIN (not agreed yet)"
    assert UNCERTAIN_MEANING in [w.value for w in at.warning]
    key = f"consensus_{open_round.id}_factor_governance"
    why = at.text_area(key=f"{key}_uncertain")
    assert why.label == "Why is the room still uncertain? (required)"
    at.radio(key=f"{key}_value").set_value(2)
    button(at, "Record the agreed value").click().run()
    assert "Say why the room is still uncertain about Effective governance before recording it." in texts(at)
    assert app_store.consensus.for_round(open_round.id) == {}
    at.text_area(key=f"{key}_uncertain").input("  Schools were not in the room  ")
    button(at, "Record the agreed value").click().run()
    record = app_store.consensus.for_round(open_round.id)[(ItemKind.FACTOR, "governance")]
    assert (record.value, record.uncertain_reason) == (2.0, "Schools were not in the room")
    agreed = at.table[0].value.set_index("Item")
    assert agreed.loc["Factor: Effective governance", ["Room", "Why still uncertain"]].tolist() == [
        "Uncertain",
        "Schools were not in the room",
    ]
    # Leadership is not uncertain: it asks no such question.
    assert not [t for t in at.text_area if t.label.startswith("Why is the room still uncertain")]

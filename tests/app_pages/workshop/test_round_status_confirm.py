"""Closing and finalising a round each ask to confirm, saying which items the room has not agreed yet.

The Testshire round has 18 items to agree: 8 success factors, 8 continuum components and its 2 priority
areas (CAMHS and its own 'Short breaks')."""

from __future__ import annotations

from assessment.models import ConsensusEntry, ItemKind, RoundStatus
from tests.app_pages.workshop.helpers import button, texts
from tests.app_pages.workshop.test_workshop_facilitator import facilitator_session


def _agree(app_store, round_row, kind: ItemKind, item_id: str, value: float) -> None:  # noqa: ANN001
    entry = ConsensusEntry(kind=kind, item_id=item_id, value=value, rationale="Agreed in the room")
    app_store.consensus.record(round_row.id, entry, expected_revision=None)


def test_closing_asks_first_and_cancel_keeps_the_round_open(open_round, app_store):
    at = facilitator_session(open_round)
    at.button(key="round_status_close").click().run()
    assert app_store.rounds.get_round(open_round.id).status == RoundStatus.OPEN
    assert "Close the round?" in [s.value for s in at.subheader]
    assert "18 of 18 items have no agreed score or stage yet:" in [i.value for i in at.info]
    button(at, "Cancel").click().run()
    assert "Close the round?" not in [s.value for s in at.subheader]
    assert app_store.rounds.get_round(open_round.id).status == RoundStatus.OPEN
    at.button(key="round_status_close").click().run()
    button(at, "Yes, close the round").click().run()
    assert app_store.rounds.get_round(open_round.id).status == RoundStatus.CLOSED


def test_finalising_names_every_item_the_room_has_not_agreed(open_round, app_store, framework):
    _agree(app_store, open_round, ItemKind.FACTOR, "governance", 2)
    _agree(app_store, open_round, ItemKind.COMPONENT, "budgets", 3)
    _agree(app_store, open_round, ItemKind.PRIORITY, "Short breaks", 2)
    app_store.rounds.set_status(open_round.id, RoundStatus.CLOSED)
    at = facilitator_session(open_round)
    at.button(key="round_status_finalise").click().run()
    assert app_store.rounds.get_round(open_round.id).status == RoundStatus.CLOSED
    assert "15 of 18 items have no agreed score or stage yet:" in [w.value for w in at.warning]
    (listed,) = [m.value for m in at.markdown if "**Success factors:**" in m.value]
    factors, components, priorities = listed.splitlines()
    assert "Clear leadership" in factors and "Effective governance" not in factors
    assert factors.count(", ") == 6  # the 7 factors not agreed
    assert "Data and information" in components and "Budgets and resources" not in components
    assert components.count(", ") == 6  # the 7 components not agreed
    assert priorities == "- **Priority areas:** Children's mental health (CAMHS)"
    button(at, "Yes, finalise the round").click().run()
    assert app_store.rounds.get_round(open_round.id).status == RoundStatus.FINALISED


def test_finalising_with_everything_agreed_still_asks_and_says_so(open_round, app_store, framework):
    for factor in framework.factors:
        _agree(app_store, open_round, ItemKind.FACTOR, factor.id, 3)
    for component in framework.components:
        _agree(app_store, open_round, ItemKind.COMPONENT, component.id, 4)
    for priority in open_round.priority_areas:
        _agree(app_store, open_round, ItemKind.PRIORITY, priority, 4)
    app_store.rounds.set_status(open_round.id, RoundStatus.CLOSED)
    at = facilitator_session(open_round)
    at.button(key="round_status_finalise").click().run()
    assert "The room has agreed all 18 items." in [s.value for s in at.success]
    assert app_store.rounds.get_round(open_round.id).status == RoundStatus.CLOSED
    button(at, "Yes, finalise the round").click().run()
    assert app_store.rounds.get_round(open_round.id).status == RoundStatus.FINALISED
    assert "Finalised: the result is settled" in texts(at)

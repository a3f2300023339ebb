"""A generated programme goes into the store in one bulk load and reads back unchanged."""

from __future__ import annotations

import numpy as np

from assessment.models import Answer, ItemKind, RoundInput
from assessment.results import rounds_frame
from assessment.sample import load_programme, programme_frame


def test_a_generated_programme_loads_as_finalised_rounds_with_every_answer(store, framework):
    round_ids = load_programme(store, framework, areas=3, participants=4)

    rounds = rounds_frame(store)
    assert sorted(rounds["round_id"]) == sorted(round_ids)
    assert (rounds["status"] == "finalised").all()
    assert rounds["area"].tolist() == ["Generated area 001", "Generated area 002", "Generated area 003"]
    assert rounds["updated_at"].notna().all()

    loaded = store.responses.answers_frame()
    expected = programme_frame(framework, areas=3, participants=4)
    assert len(loaded) == len(expected)
    assert loaded["participant_id"].nunique() == 12
    # Same answers in the same order per participant: compare the sorted values of each item.
    for item in ("leadership_1", "budgets"):
        got = np.sort(loaded.loc[loaded["item_id"] == item, "value"].to_numpy())
        want = np.sort(expected.loc[expected["item_id"] == item, "value"].to_numpy())
        assert len(got) == 12
        np.testing.assert_array_equal(got, want)


def test_the_rounds_stamp_changes_when_an_answer_is_changed(store, framework):
    row = store.rounds.open_round(RoundInput(pin="2468", area="Stamped", held_on="2025-05-01"), framework.version)
    participant, _code = store.responses.join(row.id, "council")
    store.responses.save_answers(participant.id, [Answer(kind=ItemKind.COMPONENT, item_id="budgets", value=2)])
    first = store.stamps.round(row.id)
    store.responses.save_answers(participant.id, [Answer(kind=ItemKind.COMPONENT, item_id="budgets", value=3)])
    assert store.stamps.round(row.id) != first

"""Storage of appraisal weights, scores and hybrid options, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError
from sqlalchemy import create_engine, inspect

from assessment.models import AppraisalScore, CriterionWeight, HybridInput, RoundInput, RoundStatus
from assessment.storage import NotFound, RoundClosed, Store, StoreError, metadata

CHOICES = {
    "governance": "targeted",
    "commissioner_provider": "virtual",
    "lead_commissioner": "virtual",
    "commissioning_officers": "targeted",
    "commissioning_support": "status_quo",
}


def open_round(store: Store, area: str = "Testshire") -> int:
    return store.rounds.open_round(RoundInput(pin="2468", area=area, held_on=dt.date(2026, 3, 1)), "2026.1").id


def test_a_round_without_saved_weights_has_none(store):
    assert store.appraisal.weights(open_round(store)) == {}


def test_saved_weights_replace_the_previous_ones(store):
    round_id = open_round(store)
    store.appraisal.save_weights(
        round_id,
        [CriterionWeight(criterion_id="outcomes", weight=40), CriterionWeight(criterion_id="boundaries", weight=0)],
    )
    store.appraisal.save_weights(round_id, [CriterionWeight(criterion_id="outcomes", weight=12.5)])
    assert store.appraisal.weights(round_id) == {"outcomes": 12.5}
    assert "appraisal weights saved" in store.audit.for_round(round_id)["event"].tolist()


def test_weights_outside_0_to_100_are_refused_before_storage():
    with pytest.raises(ValidationError):
        CriterionWeight(criterion_id="outcomes", weight=101)
    with pytest.raises(ValidationError):
        CriterionWeight(criterion_id="outcomes", weight=-1)


def test_scores_outside_0_to_4_or_not_whole_are_refused():
    for bad in (5, -1, 2.5, "3"):
        with pytest.raises(ValidationError):
            AppraisalScore(option_id="virtual", criterion_id="outcomes", value=bad)


def test_board_scores_are_upserted_and_cleared_with_none(store):
    round_id = open_round(store)
    store.appraisal.save_scores(
        round_id,
        [
            AppraisalScore(option_id="virtual", criterion_id="outcomes", value=1),
            AppraisalScore(option_id="targeted", criterion_id="outcomes", value=3),
        ],
    )
    store.appraisal.save_scores(
        round_id,
        [
            AppraisalScore(option_id="virtual", criterion_id="outcomes", value=2),
            AppraisalScore(option_id="targeted", criterion_id="outcomes", value=None),
        ],
    )
    frame = store.appraisal.scores_frame(round_id)
    assert frame[["scorer", "option_id", "criterion_id", "value"]].values.tolist() == [
        ["board", "virtual", "outcomes", 2.0]
    ]


def test_board_can_score_a_finalised_round(store):
    round_id = open_round(store)
    store.rounds.set_status(round_id, RoundStatus.FINALISED)
    store.appraisal.save_scores(round_id, [AppraisalScore(option_id="virtual", criterion_id="outcomes", value=4)])
    assert len(store.appraisal.scores_frame(round_id)) == 1


def test_participants_score_only_their_own_open_round(store):
    round_id, other = open_round(store), open_round(store, "Otherton")
    participant, _code = store.responses.join(round_id, "council")
    score = AppraisalScore(option_id="targeted", criterion_id="outcomes", value=3)
    store.appraisal.save_scores(round_id, [score], participant_id=participant.id)
    frame = store.appraisal.scores_frame(round_id)
    assert frame[["scorer", "participant_id", "value"]].values.tolist() == [[f"p{participant.id}", participant.id, 3.0]]
    with pytest.raises(NotFound):
        store.appraisal.save_scores(other, [score], participant_id=participant.id)
    store.rounds.set_status(round_id, RoundStatus.CLOSED)
    with pytest.raises(RoundClosed):
        store.appraisal.save_scores(round_id, [score], participant_id=participant.id)


def test_scores_for_a_missing_round_are_refused(store):
    with pytest.raises(NotFound):
        store.appraisal.save_scores(999, [AppraisalScore(option_id="virtual", criterion_id="outcomes", value=1)])


def test_hybrid_options_are_saved_renamed_and_listed_with_the_round(store):
    round_id = open_round(store)
    saved = store.appraisal.add_hybrid(round_id, HybridInput(name="Targeted with virtual leads", choices=CHOICES))
    assert saved.option_id == f"hybrid_{saved.id}"
    changed = store.appraisal.update_hybrid(
        saved.id, HybridInput(name="Targeted plus", choices=CHOICES | {"governance": "whole_system"})
    )
    assert store.appraisal.hybrids(round_id) == [changed]
    assert changed.choices["governance"] == "whole_system"


def test_two_hybrids_of_one_round_cannot_share_a_name(store):
    round_id = open_round(store)
    store.appraisal.add_hybrid(round_id, HybridInput(name="Our mix", choices=CHOICES))
    with pytest.raises(StoreError, match="already has an option called 'OUR MIX'"):
        store.appraisal.add_hybrid(round_id, HybridInput(name="OUR MIX", choices=CHOICES))
    store.appraisal.add_hybrid(open_round(store, "Otherton"), HybridInput(name="Our mix", choices=CHOICES))


def test_deleting_a_hybrid_deletes_its_scores_only(store):
    round_id = open_round(store)
    hybrid = store.appraisal.add_hybrid(round_id, HybridInput(name="Mix", choices=CHOICES))
    store.appraisal.save_scores(
        round_id,
        [
            AppraisalScore(option_id=hybrid.option_id, criterion_id="outcomes", value=3),
            AppraisalScore(option_id="virtual", criterion_id="outcomes", value=1),
        ],
    )
    store.appraisal.delete_hybrid(hybrid.id)
    assert store.appraisal.hybrids(round_id) == []
    assert store.appraisal.scores_frame(round_id)["option_id"].tolist() == ["virtual"]
    with pytest.raises(NotFound):
        store.appraisal.delete_hybrid(hybrid.id)


def test_a_hybrid_must_choose_every_dimension():
    with pytest.raises(ValidationError, match="missing"):
        HybridInput(name="Half", choices={"governance": "virtual"})


def test_opening_an_older_database_adds_the_appraisal_tables(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    old_tables = [
        t for t in metadata.sorted_tables if t.name not in {"appraisal_weights", "appraisal_scores", "hybrid_options"}
    ]
    metadata.create_all(engine, tables=old_tables)
    assert "hybrid_options" not in inspect(engine).get_table_names()
    engine.dispose()
    store = Store(url)
    assert {"appraisal_weights", "appraisal_scores", "hybrid_options"} <= set(inspect(store.engine).get_table_names())
    store.dispose()

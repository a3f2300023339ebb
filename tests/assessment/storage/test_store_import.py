"""Store.import_batch: whole rounds and extra participants saved in one transaction, on both databases."""

from __future__ import annotations

import datetime as dt

import pytest

from assessment.models import Answer, ConsensusEntry, ItemKind, RoundInput, RoundStatus
from assessment.storage import DuplicateRound, ImportedParticipant, ImportedRound, RoundClosed


def person(partner: str, value: int) -> ImportedParticipant:
    return ImportedParticipant(partner, (Answer(kind=ItemKind.STATEMENT, item_id="leadership_1", value=value),))


def test_a_batch_adds_rounds_and_participants_together(store, framework):
    existing = store.rounds.open_round(
        RoundInput(pin="2468", area="Open", held_on=dt.date(2026, 1, 1)), framework.version
    )
    imported = ImportedRound(
        spec=RoundInput(
            pin="2468", area="Past", held_on=dt.date(2024, 5, 1), title="Old workshop", priority_areas=("send",)
        ),
        framework_version=framework.version,
        status=RoundStatus.FINALISED,
        participants=(person("council", 1), person("school", 3)),
        consensus=(ConsensusEntry(kind=ItemKind.FACTOR, item_id="leadership", value=2.0, rationale="agreed"),),
    )
    [new_id] = store.imports.import_batch([imported], {existing.id: [person("voluntary", 4)]}).round_ids
    assert store.rounds.get_round(new_id).status == RoundStatus.FINALISED
    assert store.rounds.get_round(new_id).priority_areas == ("send",)
    answers = store.responses.answers_frame()
    assert sorted(answers["value"].tolist()) == [1.0, 3.0, 4.0]
    assert store.consensus.for_round(new_id)[(ItemKind.FACTOR, "leadership")].rationale == "agreed"


def test_a_duplicate_round_undoes_the_whole_batch(store, framework):
    existing = store.rounds.open_round(
        RoundInput(pin="2468", area="Open", held_on=dt.date(2026, 1, 1)), framework.version
    )
    again = ImportedRound(
        spec=RoundInput(pin="2468", area="open", held_on=dt.date(2026, 1, 1)),
        framework_version=framework.version,
        status=RoundStatus.CLOSED,
        participants=(),
    )
    with pytest.raises(DuplicateRound):
        store.imports.import_batch([again], {existing.id: [person("voluntary", 4)]})
    assert store.responses.answers_frame().empty
    assert len(store.rounds.list_rounds()) == 1


def test_a_closed_round_takes_no_imported_participants(store, framework):
    existing = store.rounds.open_round(
        RoundInput(pin="2468", area="Shut", held_on=dt.date(2026, 1, 1)), framework.version
    )
    store.rounds.set_status(existing.id, RoundStatus.CLOSED)
    with pytest.raises(RoundClosed):
        store.imports.import_batch([], {existing.id: [person("voluntary", 4)]})
    assert store.responses.participants_frame().empty


def test_imported_files_are_named_in_the_audit_trail(store, framework):
    existing = store.rounds.open_round(
        RoundInput(pin="2468", area="Open", held_on=dt.date(2026, 1, 1)), framework.version
    )
    store.imports.import_batch(
        [], {existing.id: [ImportedParticipant("school", (), source="abc123")]}, actor="facilitator"
    )
    trail = store.audit.for_round(existing.id)
    assert trail.iloc[0]["detail"] == "1 participant from Excel; files abc123"
    assert trail.iloc[0]["actor"] == "facilitator"

"""A workshop burst: 40 people saving at the same moment lose nothing and see no errors."""

import datetime as dt

from assessment.models import RoundInput
from benchmarks.workshop_load import participant_steps, run_burst


def test_forty_participants_saving_at_once_are_all_stored_once(store, framework):
    round_row = store.rounds.open_round(
        RoundInput(pin="2468", area="Burst", held_on=dt.date(2026, 5, 1)), framework.version
    )
    result = run_burst(store, framework, round_row.id, people=40)
    assert result.errors == []
    assert len(result.participant_ids) == 40
    answers = store.responses.answers_frame([round_row.id])
    per_person = sum(len(step) for step in participant_steps(framework, round_row, 0))
    assert len(answers) == 40 * per_person
    assert not answers.duplicated(["participant_id", "kind", "item_id"]).any()
    people = store.responses.participants_frame([round_row.id])
    assert len(people) == 40 and people["complete"].all()

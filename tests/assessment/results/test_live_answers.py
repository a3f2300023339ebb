"""The live view's incremental read (results.AnswerTables, issue 17): after a sequence of saves, updates,
a completed response and removals, the kept answers brought up to date equal a full read of the round,
and each refresh reads only the answers stamped since the last one (counted by hand below).

The saves' clock is a fake one that moves ten minutes per save, so which rows fall at or after the last
stamp less the change window (a minute) is known exactly."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from assessment.models import Answer, ItemKind, RoundInput
from assessment.results import AnswerTables, score_rounds
from assessment.results.live import CHANGE_WINDOW
from assessment.storage import Store, responses
from assessment.storage.database import upsert
from assessment.storage.schema import answers

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
KEY = ["participant_id", "kind", "item_id"]


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=10)
        return self.now


def _statements(*pairs: tuple[str, int | None]) -> list[Answer]:
    return [Answer(kind=ItemKind.STATEMENT, item_id=item, value=value) for item, value in pairs]


def _full(store: Store, round_id: int) -> pd.DataFrame:
    return store.responses.answers_frame([round_id]).sort_values(KEY, ignore_index=True)


@pytest.fixture
def counted(store, monkeypatch):  # noqa: ANN001, ANN201
    """The store, with every call of answers_since counted: how many answer rows it returned."""
    reads: list[int] = []
    original = store.responses.answers_since

    def answers_since(since):  # noqa: ANN001, ANN202
        read = original(since)
        reads.append(sum(len(changed) for changed, _people, _total in read.values()))
        return read

    monkeypatch.setattr(store.responses, "answers_since", answers_since)
    monkeypatch.setattr(responses, "utc_now", Clock())
    return store, reads


def test_the_incremental_read_equals_a_full_read_and_reads_only_what_changed(counted, framework):
    store, reads = counted
    assert dt.timedelta(minutes=10) > CHANGE_WINDOW  # the fake clock's step: the counts below depend on it
    spec = RoundInput(area="Livesey", held_on=dt.date(2026, 3, 1), title="Workshop", pin="2468")
    round_id = store.rounds.open_round(spec, framework.version).id
    ann, ben, cat = (store.responses.join(round_id, kind)[0].id for kind in ("council", "school", "nhs_commissioner"))
    store.responses.save_answers(ann, _statements(("vision_1", 1), ("vision_2", 2), ("vision_3", 3)))  # 09:10
    store.responses.save_answers(ben, _statements(("vision_1", 4), ("vision_2", None)))  # 09:20
    store.responses.save_answers(cat, _statements(("vision_1", 0), ("vision_2", 1)))  # 09:30
    tables = AnswerTables()

    def refresh() -> pd.DataFrame:
        frame = tables.frame(store, [round_id])
        assert_frame_equal(frame, _full(store, round_id), check_dtype=False)
        return frame

    refresh()
    assert reads == [7]  # the first read is the whole round: 3 + 2 + 2 answers

    store.responses.save_answers(ann, _statements(("vision_2", 4), ("vision_4", 2)))  # 09:40: one changed, one new
    frame = refresh()
    assert reads[-1] == 2 + 2  # the two just saved, and cat's two stamped 09:30 (the last stamp seen: >=)
    assert frame.set_index(KEY).loc[(ann, "statement", "vision_2"), "value"] == 4
    assert len(frame) == 8

    refresh()
    assert reads[-1] == 2  # nothing new: only ann's two at the last stamp seen (09:40)

    store.responses.set_complete(ben)  # participants are read whole each time (a few dozen rows)
    frame = refresh()
    assert reads[-1] == 2
    assert frame[frame["participant_id"] == ben]["complete"].all()

    # An answer removed: the counts differ, so the round is read whole: first ann's two at 09:40 and ben's
    # new one, then all 8 (8 - 1 removed + 1 new).
    with store.database.write() as conn:
        conn.execute(answers.delete().where((answers.c.participant_id == cat) & (answers.c.item_id == "vision_1")))
    store.responses.save_answers(ben, _statements(("vision_3", 2)))  # 09:50
    frame = refresh()
    assert reads[-2:] == [3, 8]
    assert len(frame) == 8

    # An answer committed with a stamp older than the window (not something the app's saves do): the count
    # catches it too, and the round is read whole: ben's one at 09:50 (the last stamp), then all 9.
    with store.database.write() as conn:
        row = {"participant_id": cat, "kind": "statement", "item_id": "vision_5", "value": 3, "comment": ""}
        conn.execute(upsert(conn, answers, KEY), [{**row, "updated_at": T0}])
    frame = refresh()
    assert reads[-2:] == [1, 9]
    assert len(frame) == 9

    # And the scores made from it are the scores of a full read.
    incremental = score_rounds(store, framework, [round_id], tables)
    full = score_rounds(store, framework, [round_id])
    assert_frame_equal(incremental.factors, full.factors)
    assert_frame_equal(incremental.items, full.items)
    assert incremental.respondents.equals(full.respondents)


def test_each_process_keeps_its_own_copy_and_the_database_is_the_truth(counted, framework):
    store, reads = counted
    spec = RoundInput(area="Livesey", held_on=dt.date(2026, 3, 1), title="Workshop", pin="2468")
    round_id = store.rounds.open_round(spec, framework.version).id
    ann = store.responses.join(round_id, "council")[0].id
    store.responses.save_answers(ann, _statements(("vision_1", 1)))
    first, second = AnswerTables(), AnswerTables()  # two app processes' copies
    first.frame(store, [round_id])
    store.responses.save_answers(ann, _statements(("vision_1", 3)))  # saved through the other process
    second.frame(store, [round_id])
    store.responses.save_answers(ann, _statements(("vision_2", 2)))
    for tables in (first, second):
        assert_frame_equal(tables.frame(store, [round_id]), _full(store, round_id), check_dtype=False)

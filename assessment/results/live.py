"""Rounds' answers kept between reads, brought up to date with what changed since the last read: the
live view refreshes every few seconds while 40 people answer, and reading the whole round each time
grows with the round while what changes between two refreshes does not.

A RoundAnswers holds one round's answers as last read and the latest stamp (answers.updated_at) among
them. A refresh reads, at one moment (storage's ResponsesRepository.answers_since): the answers stamped
at or after that stamp less CHANGE_WINDOW, the round's participants (a few dozen rows), and how many
answers the round has. The changed rows replace the kept ones with the same key (participant, kind,
item); answers of participants no longer there are dropped; and when the count still differs from the
database's (some answer was removed, or a new one was committed with an old stamp), the round is read
whole. The window covers a save committed a moment after a later-stamped one (saves stamp their rows
inside their transaction, just before writing; concurrent saves commit in any order): every answer
committed within CHANGE_WINDOW of its stamp is read. A change that took longer than that to commit (a save
stuck behind a lock), if it replaced an answer rather than added one, would not be seen that way, so the
round is read whole again every FULL_READ_SECONDS at most. The database stays the truth; each app process
keeps its own copies.

Results of the programme, not of a user: the copies may be shared between sessions (ui.cache does).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence

import pandas as pd

from assessment.storage import Store

CHANGE_WINDOW = dt.timedelta(seconds=10)
FULL_READ_SECONDS = 300
COLUMNS = ["round_id", "participant_id", "partner_type", "complete", "kind", "item_id", "value", "comment"]


class RoundAnswers:
    """One round's answers as last read, and how to bring them up to date (AnswerTables does, under its lock)."""

    def __init__(self, round_id: int) -> None:
        self.round_id = round_id
        self.rows_read = 0  # answer rows the last refresh read from the database
        self.full_reads = 0  # refreshes that read the whole round
        self._answers: dict[tuple, tuple] = {}  # (participant, kind, item) -> (value, comment, stamp)
        self._seen: dt.datetime | None = None  # the latest stamp among them
        self._read_whole_at: float | None = None  # time.monotonic() of the last read of the whole round
        self._frame: pd.DataFrame | None = None  # the last frame made, of these participants
        self._people: list[tuple] = []
        self._changed = False

    def since(self) -> dt.datetime | None:
        """The time to read changes from (None: read the round whole)."""
        if self._read_whole_at is None or self._seen is None:
            return None
        if time.monotonic() - self._read_whole_at > FULL_READ_SECONDS:
            return None
        return self._seen - CHANGE_WINDOW

    def apply(self, since: dt.datetime | None, read: tuple[list[tuple], list[tuple], int]) -> bool:
        """Bring the copy up to date with what was read from `since`; False when it cannot be (answers were
        removed, or committed with an old stamp): then the round must be read whole."""
        changed, people, total = read
        self._changed = False
        if since is None:
            self._answers, self._seen = {}, None
            self.full_reads += 1
            self._read_whole_at = time.monotonic()
            self._changed = True
        self.rows_read = len(changed)
        for participant_id, kind, item_id, value, comment, stamp in changed:
            key, kept = (participant_id, kind, item_id), (value, comment, stamp)
            if self._answers.get(key) != kept:
                self._answers[key] = kept
                self._changed = True
            if self._seen is None or stamp > self._seen:
                self._seen = stamp
        present = {row[0] for row in people}
        if any(key[0] not in present for key in self._answers):  # a participant was removed
            self._answers = {key: kept for key, kept in self._answers.items() if key[0] in present}
            self._changed = True
        if len(self._answers) != total:
            return False
        if self._frame is None or self._changed or people != self._people:
            self._frame = _answers_frame(self.round_id, self._answers, people)
            self._people = people
        return True

    def frame(self) -> pd.DataFrame:
        """The round's answers as last brought up to date, in the shape of answers_frame (ordered by key).
        Callers must not change it (it is made again only when something in it changed)."""
        return self._frame


def _answers_frame(round_id: int, kept: dict[tuple, tuple], people: list[tuple]) -> pd.DataFrame:
    who = {participant_id: (partner_type, complete) for participant_id, partner_type, complete in people}
    records = [
        (round_id, key[0], *who[key[0]], key[1], key[2], kept[key][0], kept[key][1])
        for key in sorted(kept)
        if key[0] in who
    ]
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    frame["complete"] = frame["complete"].astype(bool)
    return frame


class AnswerTables:
    """RoundAnswers of the most recently read rounds (at most `rounds` of them), shared between callers:
    each call brings the rounds it asks for up to date in one read of the database."""

    def __init__(self, rounds: int = 64) -> None:
        self._rounds: OrderedDict[int, RoundAnswers] = OrderedDict()
        self._limit = rounds
        self._lock = threading.Lock()

    def round(self, round_id: int) -> RoundAnswers:
        """The kept answers of this round (an empty copy, read whole on first use, if none yet)."""
        with self._lock:
            return self._round(round_id)

    def _round(self, round_id: int) -> RoundAnswers:
        table = self._rounds.pop(round_id, None) or RoundAnswers(round_id)
        self._rounds[round_id] = table
        while len(self._rounds) > self._limit:
            self._rounds.popitem(last=False)
        return table

    def frame(self, store: Store, round_ids: Sequence[int]) -> pd.DataFrame:
        """These rounds' answers now, as ResponsesRepository.answers_frame(round_ids) reads them."""
        with self._lock:
            tables = {round_id: self._round(round_id) for round_id in dict.fromkeys(round_ids)}
            since = {round_id: table.since() for round_id, table in tables.items()}
            read = store.responses.answers_since(since)
            again = [round_id for round_id, table in tables.items() if not table.apply(since[round_id], read[round_id])]
            if again:
                read = store.responses.answers_since(dict.fromkeys(again))
                for round_id in again:
                    already = tables[round_id].rows_read
                    tables[round_id].apply(None, read[round_id])
                    tables[round_id].rows_read += already
            frames = [tables[round_id].frame() for round_id in tables]
        non_empty = [f for f in frames if len(f)]
        if not non_empty:
            return frames[0] if frames else pd.DataFrame(columns=COLUMNS)
        return pd.concat(non_empty, ignore_index=True) if len(non_empty) > 1 else non_empty[0]

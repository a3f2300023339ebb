"""The programme: every area and round, the finalised rounds scored, and the comparison of areas."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from assessment.compare import comparison_table, percentiles
from assessment.framework import Framework
from assessment.results.rounds import Rounds, latest_finalised, read_rounds
from assessment.results.scored import combine_scores, score_rounds, subset_scores
from assessment.scoring import Scores
from assessment.storage import Store


@dataclass(frozen=True)
class Programme:
    """Every area and round, and the scores of its finalised rounds, each scored the first time a
    result asks for it and kept: a finalised round's scores cannot change while it stays finalised
    (answers are taken only while a round is open, and a finalised round's consensus is fixed), and a
    change of status makes a new Programme. Read-only to its users: it may be shared between sessions.

    Scoring only what is asked for keeps a programme's first page from reading every answer it holds:
    a dashboard needs its area's rounds and the other areas' latest finalised rounds, the comparison
    each area's latest, not ten years of every area's workshops."""

    rounds: Rounds
    store: Store = field(compare=False, repr=False)
    framework: Framework = field(compare=False, repr=False)
    _scores: list[Scores] = field(default_factory=list, compare=False, repr=False)  # one, once any is scored
    _scored_ids: set[int] = field(default_factory=set, compare=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    def finalised(self, round_ids: Sequence[int], people_round_ids: Sequence[int] | None = None) -> Scores:
        """The scores of these rounds (those of them finalised when the programme was read), with the
        participants' own scores for people_round_ids (all of round_ids when None)."""
        final = set(self.rounds.finalised_ids())
        wanted = [r for r in dict.fromkeys(round_ids) if r in final]
        with self._lock:
            missing = [r for r in wanted if r not in self._scored_ids]
            if missing or not self._scores:
                new = score_rounds(self.store, self.framework, missing)
                self._scores[:] = [combine_scores(*self._scores, new)]
                self._scored_ids.update(missing)
            scores = self._scores[0]
        return subset_scores(scores, wanted, wanted if people_round_ids is None else people_round_ids)


def read_programme(store: Store, framework: Framework) -> Programme:
    """The programme as stored now; its finalised rounds are scored, with their agreed factor scores,
    as results ask for them (Programme.finalised)."""
    return Programme(read_rounds(store), store, framework)


def comparison(
    programme: Programme, framework: Framework, start: dt.date | None = None, end: dt.date | None = None
) -> pd.DataFrame:
    """One row per area with a finalised round (held from start to end, when given): its latest one,
    as compare.comparison_table describes."""
    chosen = latest_finalised(programme.rounds.frame, start, end)
    return comparison_table(programme.finalised(chosen["round_id"].tolist()), chosen, framework)


def comparison_percentiles(table: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Each area's percentile per factor among every other area of the comparison, indexed by area id."""
    factor_ids = [f.id for f in framework.factors]
    return percentiles(table, factor_ids).set_index(table["area_id"])

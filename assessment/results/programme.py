"""The programme: every area and round, the finalised rounds scored, and the comparison of areas."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from assessment.compare import comparison_table, percentiles
from assessment.framework import Framework
from assessment.results.rounds import Rounds, latest_finalised, read_rounds
from assessment.results.scored import score_rounds
from assessment.scoring import Scores
from assessment.storage import Store


@dataclass(frozen=True)
class Programme:
    """Every area and round, and the scores of every finalised round (which cannot change while the
    round stays finalised: answers are taken only while a round is open, and a finalised round's
    consensus is fixed). Read-only: it may be shared."""

    rounds: Rounds
    finalised: Scores = field(compare=False)


def read_programme(store: Store, framework: Framework) -> Programme:
    """The programme as stored now, its finalised rounds scored with their agreed factor scores."""
    rounds = read_rounds(store)
    return Programme(rounds, score_rounds(store, framework, rounds.finalised_ids()))


def comparison(
    programme: Programme, framework: Framework, start: dt.date | None = None, end: dt.date | None = None
) -> pd.DataFrame:
    """One row per area with a finalised round (held from start to end, when given): its latest one,
    as compare.comparison_table describes."""
    chosen = latest_finalised(programme.rounds.frame, start, end)
    return comparison_table(programme.finalised, chosen, framework)


def comparison_percentiles(table: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Each area's percentile per factor among every other area of the comparison, indexed by area id."""
    factor_ids = [f.id for f in framework.factors]
    return percentiles(table, factor_ids).set_index(table["area_id"])

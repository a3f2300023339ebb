"""Stored answers and agreed scores turned into scores: the one place the read side scores rounds."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from assessment.framework import Framework
from assessment.passes import effective_answers, score_passes
from assessment.results.live import AnswerTables
from assessment.results.rounds import previous_round
from assessment.scoring import RoundResult, Scores, round_result
from assessment.storage import NotFound, RoundRow, Store


class EmptyRound(NotFound):
    """The round has no answers yet."""


def score_rounds(
    store: Store, framework: Framework, round_ids: Sequence[int] | None = None, tables: AnswerTables | None = None
) -> Scores:
    """These rounds (every round when None) scored at once on each participant's latest answers (after
    any re-scoring passes), with the rooms' agreed factor scores and each factor's pass history. With
    tables (and round_ids), the answers are those tables brought up to date (only what changed is read)."""
    if tables is not None and round_ids is not None:
        answers = tables.frame(store, round_ids)
    else:
        answers = store.responses.answers_frame(round_ids)
    agreed = store.consensus.agreed_factors(round_ids)
    return score_passes(
        answers, store.rescores.answers_frame(round_ids), store.rescores.frame(round_ids), framework, agreed
    )


def latest_answers(store: Store, round_id: int) -> pd.DataFrame:
    """One round's answers as its scores read them: each participant's latest answer to each item, after
    any re-scoring passes (passes.effective_answers), in the shape of ResponsesRepository.answers_frame."""
    return effective_answers(store.responses.answers_frame([round_id]), store.rescores.answers_frame([round_id]))


def result_of(
    scores: Scores, store: Store, framework: Framework, round_row: RoundRow, previous: RoundRow | None = None
) -> RoundResult:
    """One round's result out of scores that hold it: names, the continuum items' agreed stages and the
    option assessments added, and the change in position since previous (the area's round before this
    one, when the scores hold it too)."""
    consensus = store.consensus.for_round(round_row.id)
    return round_result(
        scores,
        round_row.id,
        framework,
        consensus,
        priority_areas=round_row.priority_areas,
        previous=None if previous is None else (previous.id, previous.held_on),
    )


def score_round(store: Store, framework: Framework, round_id: int, tables: AnswerTables | None = None) -> RoundResult:
    """The result of one round, scored now from what is stored, with the area's previous round scored
    beside it for the change in position; with tables, reading only the answers that changed since the
    tables were last brought up to date (live.AnswerTables)."""
    round_row = store.rounds.get_round(round_id)
    previous = previous_round(store, round_row)
    ids = [round_id] if previous is None else [previous.id, round_id]
    return result_of(score_rounds(store, framework, ids, tables), store, framework, round_row, previous)


def combine_scores(*parts: Scores) -> Scores:
    """One Scores holding the rounds of every part (parts must not share rounds)."""
    parts = tuple(p for p in parts if p is not None)

    def stack(tables: list) -> pd.DataFrame | pd.Series:
        non_empty = [t for t in tables if len(t)]
        if not non_empty:
            return tables[0]
        return pd.concat(non_empty) if len(non_empty) > 1 else non_empty[0]

    return Scores(
        respondents=stack([p.respondents for p in parts]),
        respondent_scores=stack([p.respondent_scores for p in parts]),
        factors=stack([p.factors for p in parts]),
        items=stack([p.items for p in parts]),
        positions=stack([p.positions for p in parts]),
        passes=stack([p.passes for p in parts]),
    )


def subset_scores(scores: Scores, round_ids: Sequence[int], people_round_ids: Sequence[int] = ()) -> Scores:
    """The part of scores about round_ids, keeping the participants' own scores only for people_round_ids."""
    wanted = pd.Index(list(round_ids))

    def rows(table: pd.DataFrame) -> pd.DataFrame:
        return table[table.index.get_level_values("round_id").isin(wanted)]

    people = scores.respondent_scores
    return Scores(
        respondents=scores.respondents[scores.respondents.index.isin(wanted)],
        respondent_scores=people[people["round_id"].isin(list(people_round_ids))] if len(people) else people,
        factors=rows(scores.factors),
        items=rows(scores.items),
        positions=rows(scores.positions),
        passes=rows(scores.passes),
    )

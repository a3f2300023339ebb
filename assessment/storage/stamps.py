"""Version stamps: one value per round, and one for the programme's areas and rounds, that change whenever
what they stand for changes. Caches key what they keep by them; storage knows nothing of the caches."""

from __future__ import annotations

from sqlalchemy import Table, bindparam, func, select

from assessment.storage.database import Database
from assessment.storage.schema import (
    actions,
    answers,
    appraisal_scores,
    appraisal_weights,
    areas,
    audit,
    consensus,
    decisions,
    hybrid_options,
    option_costs,
    participants,
    ratifications,
    rescore_answers,
    rescores,
    rounds,
)

# Built once: the results pages run them on every rerun (SQLAlchemy caches their compiled form).
_PROGRAMME = select(
    select(func.count(rounds.c.id)).scalar_subquery().label("rounds"),
    select(func.coalesce(func.max(rounds.c.id), 0)).scalar_subquery().label("last_round"),
    select(func.max(rounds.c.updated_at)).scalar_subquery().label("last_change"),
    select(func.count(areas.c.id)).scalar_subquery().label("areas"),
    select(func.coalesce(func.max(areas.c.id), 0)).scalar_subquery().label("last_area"),
    # Renaming, merging or removing an area is recorded as an event of no round: its name is in every list.
    select(func.max(audit.c.id)).where(audit.c.round_id.is_(None)).scalar_subquery().label("last_area_event"),
)


def _latest(table: Table, *columns: str) -> list:
    """Scalar subqueries: the round's row count in table and the latest of each column."""
    where = table.c.round_id == bindparam("round_id")
    return [
        select(func.count()).select_from(table).where(where).scalar_subquery(),
        *(select(func.max(table.c[name])).where(where).scalar_subquery() for name in columns),
    ]


_ROUND = select(
    select(rounds.c.status).where(rounds.c.id == bindparam("round_id")).scalar_subquery(),
    select(rounds.c.updated_at).where(rounds.c.id == bindparam("round_id")).scalar_subquery(),
    *_latest(participants, "id", "completed_at"),
    *(
        select(aggregate)
        .select_from(answers.join(participants, participants.c.id == answers.c.participant_id))
        .where(participants.c.round_id == bindparam("round_id"))
        .scalar_subquery()
        for aggregate in (func.count(), func.max(answers.c.updated_at))
    ),
    *_latest(consensus, "recorded_at", "revision"),
    *_latest(appraisal_weights, "updated_at"),
    *_latest(appraisal_scores, "updated_at"),
    *_latest(hybrid_options, "id", "updated_at"),
    *_latest(actions, "id", "updated_at"),
    *_latest(decisions, "id"),
    select(func.max(ratifications.c.updated_at))
    .select_from(ratifications.join(decisions, decisions.c.id == ratifications.c.decision_id))
    .where(decisions.c.round_id == bindparam("round_id"))
    .scalar_subquery(),
    *_latest(option_costs, "updated_at"),
    *_latest(rescores, "opened_at", "closed_at"),
    *(
        select(aggregate)
        .select_from(rescore_answers.join(participants, participants.c.id == rescore_answers.c.participant_id))
        .where(participants.c.round_id == bindparam("round_id"))
        .scalar_subquery()
        for aggregate in (func.count(), func.max(rescore_answers.c.updated_at))
    ),
)


class Stamps:
    """The programme's stamp and each round's stamp, each read with one small query."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def programme(self) -> tuple:
        """Changes whenever an area or a round is added, an area renamed, merged or removed, or a round's
        status or details change: everything the lists of areas and rounds show, and (since a finalised
        round's answers and consensus cannot change while it stays finalised) the scores of every
        finalised round."""
        with self._db.read() as conn:
            row = conn.execute(_PROGRAMME).one()
        return (self._db.url, *("" if value is None else str(value) for value in row))

    def round(self, round_id: int) -> tuple:
        """Changes whenever anything stored about the round changes: its status and details, its
        participants and answers, its consensus, weights, appraisal scores, hybrids, cost estimates, plan,
        decisions and ratifications, re-scoring passes and their answers (counts catch removals, the latest
        times changes)."""
        with self._db.read() as conn:
            row = conn.execute(_ROUND, {"round_id": round_id}).one()
        return (self._db.url, round_id, *("" if value is None else str(value) for value in row))

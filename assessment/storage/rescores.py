"""Re-scoring passes: the facilitator opens a pass on chosen success factors after discussion, and each
participant re-scores their statements or keeps their answer. Pass 1 is the first answers (in `answers`,
never changed here); passes 2, 3 and 4 keep their own answers, so every pass stays on record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import pandas as pd
from sqlalchemy import Connection, func, insert, select, update

from assessment.framework import Framework, load_framework
from assessment.models import FIRST_PASS, MAX_RESCORES, Answer, ItemKind, RoundStatus
from assessment.storage.database import Database, as_utc, log_event, retry_conflicts, to_frame, upsert, utc_now
from assessment.storage.rows import NotFound, RescoreRefused, RescoreRow, RoundClosed
from assessment.storage.schema import answers, participants, rescore_answers, rescores, rounds

_KEYS = ["participant_id", "number", "kind", "item_id"]


def _pass_query():  # noqa: ANN202
    """Passes with their round's status (a pass is open only while its round is)."""
    return select(rescores, rounds.c.status.label("round_status")).join(rounds, rounds.c.id == rescores.c.round_id)


def _pass_row(row) -> RescoreRow:  # noqa: ANN001
    return RescoreRow(
        round_id=row.round_id,
        number=row.number,
        factor_ids=tuple(row.factor_ids),
        opened_at=as_utc(row.opened_at),
        closed_at=as_utc(row.closed_at),
        is_open=row.closed_at is None and row.round_status == RoundStatus.OPEN.value,
        statements={factor_id: tuple(ids) for factor_id, ids in row.statements.items()},
    )


def close_open_pass(conn: Connection, round_id: int, actor: str, reason: str = "") -> int | None:
    """Close the round's open pass, if it has one, within the caller's transaction; returns its number."""
    number = conn.execute(
        select(rescores.c.number).where((rescores.c.round_id == round_id) & rescores.c.closed_at.is_(None))
    ).scalar()
    if number is None:
        return None
    conn.execute(
        update(rescores)
        .where((rescores.c.round_id == round_id) & (rescores.c.number == number))
        .values(closed_at=utc_now())
    )
    log_event(conn, round_id, actor, "re-score closed", f"pass {number}{reason}")
    return number


def _pass_for_answers(conn: Connection, participant_id: int, number: int) -> tuple[int, RescoreRow]:
    """The participant's round and the pass, refusing (RoundClosed) a pass that no longer takes answers."""
    round_id = conn.execute(select(participants.c.round_id).where(participants.c.id == participant_id)).scalar()
    if round_id is None:
        raise NotFound(f"no participant with id {participant_id}")
    row = conn.execute(_pass_query().where((rescores.c.round_id == round_id) & (rescores.c.number == number))).first()
    if row is None:
        raise NotFound(f"round {round_id} has no re-score numbered {number}")
    found = _pass_row(row)
    if not found.is_open:
        raise RoundClosed("This re-score has closed, so its answers can no longer be changed.")
    return round_id, found


def _rows(participant_id: int, number: int, batch: Iterable[Answer], now: dt.datetime) -> list[dict[str, object]]:
    return [
        {
            "participant_id": participant_id,
            "number": number,
            "kind": answer.kind.value,
            "item_id": answer.item_id,
            "value": answer.value,
            "updated_at": now,
        }
        for answer in batch
    ]


class RescoresRepository:
    """Re-scoring passes of rounds (at most one open at a time) and the answers given in them."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @retry_conflicts
    def open(
        self,
        round_id: int,
        factor_ids: Sequence[str],
        *,
        actor: str = "facilitator",
        framework: Framework | None = None,
    ) -> RescoreRow:
        """Open the round's next re-scoring pass on these success factors (closing the pass open now, if
        any) and return it. framework: the one the factors are checked against (data/framework.yaml when
        None); the pass keeps their statements. Refused with RoundClosed when the round is not open, and
        RescoreRefused for no factors, a factor the framework lacks, or a round re-scored three times."""
        chosen = list(dict.fromkeys(factor_ids))
        if not chosen:
            raise RescoreRefused("Choose at least one success factor to re-score.")
        framework = framework or load_framework()
        known = {factor.id: factor for factor in framework.factors}
        unknown = [factor_id for factor_id in chosen if factor_id not in known]
        if unknown:
            named = ", ".join(repr(factor_id) for factor_id in unknown)
            raise RescoreRefused(f"{named} is not a success factor of the framework in use")
        statements = {factor_id: [s.id for s in known[factor_id].statements] for factor_id in chosen}
        with self._db.write() as conn:
            status = conn.execute(select(rounds.c.status).where(rounds.c.id == round_id).with_for_update()).scalar()
            if status is None:
                raise NotFound(f"no round with id {round_id}")
            if status != RoundStatus.OPEN.value:
                raise RoundClosed("This round is closed, so it cannot be re-scored.")
            done = conn.execute(select(func.count()).select_from(rescores).where(rescores.c.round_id == round_id))
            done = done.scalar()
            if done >= MAX_RESCORES:
                raise RescoreRefused(f"This round has been re-scored {MAX_RESCORES} times, the most it can be.")
            number = FIRST_PASS + done + 1
            close_open_pass(conn, round_id, actor, f", when pass {number} opened")
            conn.execute(
                insert(rescores).values(
                    round_id=round_id,
                    number=number,
                    factor_ids=chosen,
                    statements=statements,
                    opened_at=utc_now(),
                    closed_at=None,
                )
            )
            log_event(conn, round_id, actor, "re-score opened", f"pass {number}: {', '.join(chosen)}")
        return self.passes(round_id)[-1]

    @retry_conflicts
    def close(self, round_id: int, *, actor: str = "facilitator") -> RescoreRow | None:
        """Close the round's open pass; returns it, or None when no pass was open."""
        with self._db.write() as conn:
            number = close_open_pass(conn, round_id, actor)
        return None if number is None else self.passes(round_id)[number - FIRST_PASS - 1]

    def current(self, round_id: int) -> RescoreRow | None:
        """The round's open pass, or None."""
        return next((found for found in self.passes(round_id) if found.is_open), None)

    def passes(self, round_id: int) -> list[RescoreRow]:
        """The round's passes, in order (pass 2 first)."""
        query = _pass_query().where(rescores.c.round_id == round_id).order_by(rescores.c.number)
        with self._db.read() as conn:
            return [_pass_row(row) for row in conn.execute(query).all()]

    def frame(self, round_ids: Iterable[int] | None = None) -> pd.DataFrame:
        """The passes of these rounds (all when None) as a table: round_id, number, factor_ids (a tuple)
        and closed (True once closed, or once its round is no longer open)."""
        query = _pass_query().order_by(rescores.c.round_id, rescores.c.number)
        if round_ids is not None:
            query = query.where(rescores.c.round_id.in_(list(round_ids)))
        with self._db.read() as conn:
            found = [_pass_row(row) for row in conn.execute(query).all()]
        return pd.DataFrame(
            {
                "round_id": [p.round_id for p in found],
                "number": [p.number for p in found],
                "factor_ids": [p.factor_ids for p in found],
                "closed": [not p.is_open for p in found],
            }
        )

    @retry_conflicts
    def save_answers(self, participant_id: int, number: int, batch: Iterable[Answer]) -> int:
        """Upsert a participant's answers in pass `number` in one transaction; returns how many were
        written. RoundClosed once the pass or its round has closed; RescoreRefused for an answer to
        anything but a statement of the pass's factors (and nothing is written). Comments are not kept:
        a participant's evidence stays with their first answers."""
        batch = list(batch)
        with self._db.write() as conn:
            _round_id, found = _pass_for_answers(conn, participant_id, number)
            allowed = set(found.statement_ids)
            outside = [a.item_id for a in batch if a.kind != ItemKind.STATEMENT or a.item_id not in allowed]
            if outside:
                raise RescoreRefused(
                    f"{outside[0]!r} is not a statement of the success factors being re-scored in pass {number}"
                )
            rows = _rows(participant_id, number, batch, utc_now())
            if rows:
                conn.execute(upsert(conn, rescore_answers, _KEYS), rows)
        return len(rows)

    @retry_conflicts
    def keep(self, participant_id: int, number: int, factor_ids: Sequence[str] | None = None) -> int:
        """Record that the participant keeps their answers to these factors of the pass (all of them when
        None): their current answers to the factors' statements (from the latest earlier pass in which
        they gave one, else their first answers) are copied into pass `number`, replacing any they gave in
        it; returns how many. Refused as save_answers is, and RescoreRefused for a factor not in the pass."""
        with self._db.write() as conn:
            _round_id, found = _pass_for_answers(conn, participant_id, number)
            kept_factors = found.factor_ids if factor_ids is None else tuple(factor_ids)
            outside = [factor_id for factor_id in kept_factors if factor_id not in found.statements]
            if outside:
                raise RescoreRefused(f"{outside[0]!r} is not one of the success factors re-scored in pass {number}")
            statements = [s for factor_id in kept_factors for s in found.statements[factor_id]]
            current = {
                row.item_id: row.value
                for row in conn.execute(
                    select(answers.c.item_id, answers.c.value).where(
                        (answers.c.participant_id == participant_id)
                        & (answers.c.kind == ItemKind.STATEMENT.value)
                        & answers.c.item_id.in_(statements)
                    )
                ).all()
            }
            earlier = conn.execute(
                select(rescore_answers.c.item_id, rescore_answers.c.value)
                .where(
                    (rescore_answers.c.participant_id == participant_id)
                    & (rescore_answers.c.number < number)
                    & (rescore_answers.c.kind == ItemKind.STATEMENT.value)
                    & rescore_answers.c.item_id.in_(statements)
                )
                .order_by(rescore_answers.c.number)
            ).all()
            current |= {row.item_id: row.value for row in earlier}  # a later pass wins
            kept = [Answer(kind=ItemKind.STATEMENT, item_id=item_id, value=value) for item_id, value in current.items()]
            rows = _rows(participant_id, number, kept, utc_now())
            if rows:
                conn.execute(upsert(conn, rescore_answers, _KEYS), rows)
        return len(rows)

    def answers_of(self, participant_id: int, number: int) -> dict[tuple[ItemKind, str], Answer]:
        """One participant's own answers in pass `number`, keyed by (kind, item id)."""
        query = select(rescore_answers).where(
            (rescore_answers.c.participant_id == participant_id) & (rescore_answers.c.number == number)
        )
        with self._db.read() as conn:
            rows = conn.execute(query).all()
        return {
            (ItemKind(r.kind), r.item_id): Answer(kind=ItemKind(r.kind), item_id=r.item_id, value=r.value) for r in rows
        }

    def answers_frame(
        self, round_ids: Iterable[int] | None = None, participant_ids: Iterable[int] | None = None
    ) -> pd.DataFrame:
        """Every answer given in a re-scoring pass as one long table, like ResponsesRepository.answers_frame:
        round_id, participant_id, partner_type, complete, number, kind, item_id and value (float, NaN for
        don't know); all rounds when round_ids is None, only these participants' when participant_ids is
        given."""
        query = select(
            participants.c.round_id,
            rescore_answers.c.participant_id,
            participants.c.partner_type,
            participants.c.completed_at.is_not(None).label("complete"),
            rescore_answers.c.number,
            rescore_answers.c.kind,
            rescore_answers.c.item_id,
            rescore_answers.c.value,
        ).join(participants, participants.c.id == rescore_answers.c.participant_id)
        if round_ids is not None:
            query = query.where(participants.c.round_id.in_(list(round_ids)))
        if participant_ids is not None:
            query = query.where(rescore_answers.c.participant_id.in_(list(participant_ids)))
        with self._db.read() as conn:
            frame = to_frame(conn.execute(query))
        frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
        frame["complete"] = frame["complete"].astype(bool)
        frame["number"] = frame["number"].astype("int64")
        return frame

"""Participants and their answers: joining, saving as people answer, resuming, and the answers as tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import insert, select, update

from assessment.models import (
    Answer,
    ItemKind,
)
from assessment.storage.codes import (
    RESUME_CODE_LENGTH,
    new_code,
    resume_hash,
)
from assessment.storage.database import (
    Database,
    require_open,
    to_frame,
    upsert,
    utc_now,
)
from assessment.storage.rows import (
    NotFound,
    ParticipantRow,
    StoreError,
)
from assessment.storage.schema import (
    answers,
    participants,
)


def answer_row(participant_id: int, answer: Answer, now: dt.datetime) -> dict[str, object]:
    return {
        "participant_id": participant_id,
        "kind": answer.kind.value,
        "item_id": answer.item_id,
        "value": answer.value,
        "comment": answer.comment,
        "updated_at": now,
    }


def participant_row(row) -> ParticipantRow:  # noqa: ANN001
    return ParticipantRow(row.id, row.round_id, row.partner_type, row.role_title, row.completed_at is not None)


ROLE_TITLE_LENGTH = 120


def clean_role_title(text: str) -> str:
    """A participant's role title as stored: trimmed, at most ROLE_TITLE_LENGTH characters, no NUL."""
    return text.strip()[:ROLE_TITLE_LENGTH].replace("\x00", "")


class ResponsesRepository:
    """The participants of rounds and their answers (upserts keyed by participant, kind and item)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def join(
        self, round_id: int, partner_type: str, role_title: str = "", resume_code: str | None = None
    ) -> tuple[ParticipantRow, str]:
        """Register a participant in an open round; returns them and their resume code (shown once).

        A caller that may retry (the database went away while it waited for the answer) makes the resume
        code itself, once, and passes it on every try: a try whose predecessor was in fact saved then
        returns the participant saved, so one person is never registered twice."""
        role_title = clean_role_title(role_title)
        with self._db.write() as conn:
            require_open(conn, round_id)
            if resume_code is not None:
                code, digest = resume_code, resume_hash(resume_code)
                saved = conn.execute(select(participants).where(participants.c.resume_hash == digest)).first()
                if saved is not None:
                    if (saved.round_id, saved.partner_type, saved.role_title) != (round_id, partner_type, role_title):
                        raise StoreError("that resume code is already someone else's; try again with a new one")
                    return participant_row(saved), code
            else:
                while True:
                    code = new_code(RESUME_CODE_LENGTH)
                    digest = resume_hash(code)
                    taken = select(participants.c.id).where(participants.c.resume_hash == digest)
                    if conn.execute(taken).first() is None:
                        break
            participant_id = conn.execute(
                insert(participants).values(
                    round_id=round_id,
                    partner_type=partner_type,
                    role_title=role_title,
                    resume_hash=digest,
                    created_at=utc_now(),
                )
            ).inserted_primary_key[0]
        return ParticipantRow(participant_id, round_id, partner_type, role_title, False), code

    def add_response(
        self, round_id: int, partner_type: str, batch: Iterable[Answer], *, complete: bool = True, role_title: str = ""
    ) -> ParticipantRow:
        """Add a whole response (a new participant and all their answers) in one transaction, as an
        offline questionnaire or the sample arrives; returns the participant as stored (no resume code)."""
        role_title = clean_role_title(role_title)
        now = utc_now()
        with self._db.write() as conn:
            require_open(conn, round_id)
            participant_id = conn.execute(
                insert(participants).values(
                    round_id=round_id,
                    partner_type=partner_type,
                    role_title=role_title,
                    resume_hash=resume_hash(new_code(RESUME_CODE_LENGTH * 2)),
                    completed_at=now if complete else None,
                    created_at=now,
                )
            ).inserted_primary_key[0]
            rows = [answer_row(participant_id, a, now) for a in batch]
            if rows:
                conn.execute(upsert(conn, answers, ["participant_id", "kind", "item_id"]), rows)
        return ParticipantRow(participant_id, round_id, partner_type, role_title, complete)

    def resume(self, resume_code: str, round_id: int | None = None) -> ParticipantRow | None:
        """The participant a resume code belongs to (only within round_id when given), or None."""
        query = select(participants).where(participants.c.resume_hash == resume_hash(resume_code))
        if round_id is not None:
            query = query.where(participants.c.round_id == round_id)
        with self._db.read() as conn:
            row = conn.execute(query).first()
        return participant_row(row) if row else None

    def get_participant(self, participant_id: int) -> ParticipantRow:
        """The participant with this id; NotFound otherwise."""
        with self._db.read() as conn:
            row = conn.execute(select(participants).where(participants.c.id == participant_id)).first()
        if row is None:
            raise NotFound(f"no participant with id {participant_id}")
        return participant_row(row)

    def save_answers(self, participant_id: int, batch: Iterable[Answer]) -> int:
        """Upsert a participant's answers in one transaction; returns how many were written."""
        now = utc_now()
        rows = [answer_row(participant_id, a, now) for a in batch]
        with self._db.write() as conn:
            round_id = conn.execute(select(participants.c.round_id).where(participants.c.id == participant_id)).scalar()
            if round_id is None:
                raise NotFound(f"no participant with id {participant_id}")
            require_open(conn, round_id)
            if rows:
                conn.execute(upsert(conn, answers, ["participant_id", "kind", "item_id"]), rows)
        return len(rows)

    def set_complete(self, participant_id: int, complete: bool = True) -> None:
        """Mark a participant's response as submitted (or back to in progress)."""
        with self._db.write() as conn:
            round_id = conn.execute(select(participants.c.round_id).where(participants.c.id == participant_id)).scalar()
            if round_id is None:
                raise NotFound(f"no participant with id {participant_id}")
            require_open(conn, round_id)
            conn.execute(
                update(participants)
                .where(participants.c.id == participant_id)
                .values(completed_at=utc_now() if complete else None)
            )

    def answers_of(self, participant_id: int) -> dict[tuple[ItemKind, str], Answer]:
        """One participant's own answers, keyed by (kind, item id)."""
        with self._db.read() as conn:
            rows = conn.execute(select(answers).where(answers.c.participant_id == participant_id)).all()
        return {
            (ItemKind(r.kind), r.item_id): Answer(
                kind=ItemKind(r.kind), item_id=r.item_id, value=r.value, comment=r.comment
            )
            for r in rows
        }

    def answers_frame(
        self, round_ids: Iterable[int] | None = None, participant_ids: Iterable[int] | None = None
    ) -> pd.DataFrame:
        """Every answer as one long table: round_id, participant_id, partner_type, complete, kind, item_id,
        value (float, NaN for don't know) and comment; all rounds when round_ids is None, and only these
        participants' answers when participant_ids is given."""
        query = select(
            participants.c.round_id,
            answers.c.participant_id,
            participants.c.partner_type,
            participants.c.completed_at.is_not(None).label("complete"),
            answers.c.kind,
            answers.c.item_id,
            answers.c.value,
            answers.c.comment,
        ).join(participants, participants.c.id == answers.c.participant_id)
        if round_ids is not None:
            query = query.where(participants.c.round_id.in_(list(round_ids)))
        if participant_ids is not None:
            query = query.where(answers.c.participant_id.in_(list(participant_ids)))
        with self._db.read() as conn:
            frame = to_frame(conn.execute(query))
        frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
        frame["complete"] = frame["complete"].astype(bool)
        return frame

    def participants_frame(self, round_ids: Iterable[int] | None = None) -> pd.DataFrame:
        """Participants (id, round_id, partner_type, complete), including those with no answers yet."""
        query = select(
            participants.c.id.label("participant_id"),
            participants.c.round_id,
            participants.c.partner_type,
            participants.c.completed_at.is_not(None).label("complete"),
        )
        if round_ids is not None:
            query = query.where(participants.c.round_id.in_(list(round_ids)))
        with self._db.read() as conn:
            frame = to_frame(conn.execute(query))
        frame["complete"] = frame["complete"].astype(bool)
        return frame

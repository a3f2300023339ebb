"""Whole batches arriving at once: files imported all or nothing, and generated programmes bulk-loaded."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
from sqlalchemy import Connection, delete, func, insert, select

from assessment.dates import british_date
from assessment.models import (
    AreaName,
    RoundStatus,
)
from assessment.storage.codes import (
    RESUME_CODE_LENGTH,
    hash_pin,
    new_code,
    resume_hash,
)
from assessment.storage.database import (
    Database,
    insert_or,
    log_event,
    require_open,
    retry_conflicts,
    utc_now,
)
from assessment.storage.plan import action_values
from assessment.storage.responses import answer_row
from assessment.storage.rounds import insert_round
from assessment.storage.rows import (
    DuplicateRound,
    ImportedParticipant,
    ImportedRound,
    SavedImport,
    StoreError,
)
from assessment.storage.schema import (
    actions,
    answers,
    areas,
    consensus,
    participants,
    rounds,
)


def insert_participants(conn: Connection, round_id: int, people: Sequence[ImportedParticipant]) -> set[str]:
    """Add people with their answers; they get a random resume code that nobody is shown, since
    they answered on paper. Returns the response ids that replaced an earlier import's person."""
    now = utc_now()
    rows = [
        {
            "round_id": round_id,
            "partner_type": person.partner_type,
            "role_title": "",
            "resume_hash": resume_hash(new_code(RESUME_CODE_LENGTH)),
            "completed_at": now if person.complete else None,
            "created_at": now,
            "response_id": person.response_id,
        }
        for person in people
    ]
    new = [i for i, person in enumerate(people) if person.response_id is None]
    answer_rows = []
    if new:
        ids = conn.execute(
            insert(participants).returning(participants.c.id, sort_by_parameter_order=True), [rows[i] for i in new]
        )
        for participant_id, i in zip(ids.scalars().all(), new, strict=True):
            answer_rows += [answer_row(participant_id, answer, now) for answer in people[i].answers]
    if answer_rows:
        conn.execute(insert(answers), answer_rows)
    replaced = set()
    # In response id order, so that two batches holding the same copies cannot deadlock on PostgreSQL.
    responses = sorted(
        ((row, person) for row, person in zip(rows, people, strict=True) if person.response_id is not None),
        key=lambda pair: pair[1].response_id,
    )
    for row, person in responses:
        participant_id, again = save_response(conn, row)
        if again:
            replaced.add(person.response_id)
        if person.answers:
            conn.execute(insert(answers), [answer_row(participant_id, a, now) for a in person.answers])
    return replaced


def save_response(conn: Connection, row: dict[str, object]) -> tuple[int, bool]:
    """Insert an offline response's participant, or, when the round already has its response id,
    take over that participant: new partner type and completion, and its answers deleted for the new
    ones. Returns (participant id, True when it replaced one). One statement, so two imports of the
    same copy at once make one participant: the later waits for the earlier and then updates it."""
    statement = insert_or(conn, participants).values(row)
    statement = statement.on_conflict_do_update(
        index_elements=["round_id", "response_id"],
        set_={"partner_type": statement.excluded.partner_type, "completed_at": statement.excluded.completed_at},
    ).returning(participants.c.id, participants.c.resume_hash)
    saved = conn.execute(statement).one()
    # Our fresh resume hash came back only if our row was the one inserted.
    replaced = saved.resume_hash != row["resume_hash"]
    if replaced:
        conn.execute(delete(answers).where(answers.c.participant_id == saved.id))
    return saved.id, replaced


class ImportsRepository:
    """Writes batches of rounds and responses in one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @retry_conflicts
    def import_batch(
        self,
        new_rounds: Sequence[ImportedRound] = (),
        additions: Mapping[int, Sequence[ImportedParticipant]] | None = None,
        *,
        actor: str = "import",
    ) -> SavedImport:
        """Write whole new rounds and extra participants of existing open rounds in ONE transaction, so
        either everything is saved or nothing is; returns what was saved.

        A participant with a response_id that the round already has replaces that participant's
        partner type and answers instead of adding a person; the database's unique index decides, so
        two imports of the same copy at once still make one participant."""
        additions = additions or {}
        replaced: set[tuple[int, str]] = set()
        with self._db.write() as conn:
            for round_id, people in sorted(additions.items()):
                require_open(conn, round_id)
                again = insert_participants(conn, round_id, people)
                replaced |= {(round_id, response_id) for response_id in again}
                sources = ", ".join(p.source for p in people if p.source)
                count = f"{len(people)} participant{'s' if len(people) != 1 else ''}"
                detail = (
                    f"{count} from Excel"
                    + (f", {len(again)} replacing an earlier import of the same questionnaire" if again else "")
                    + (f"; files {sources}" if sources else "")
                )
                log_event(conn, round_id, actor, "answers imported", detail)
            round_ids = [self._insert_round(conn, imported, actor) for imported in new_rounds]
        return SavedImport(round_ids, frozenset(replaced))

    def _insert_round(self, conn: Connection, imported: ImportedRound, actor: str) -> int:
        spec = imported.spec
        pin_hash = imported.pin_hash or (hash_pin(spec.pin) if spec.pin else "")
        if not pin_hash:
            raise StoreError(f"the imported round of {spec.area} needs a facilitator PIN")
        area = conn.execute(select(areas).where(func.lower(areas.c.name) == spec.area.lower())).first()
        if area is None:
            area_id = conn.execute(
                insert(areas).values(name=spec.area, illustrative=imported.illustrative, created_at=utc_now())
            ).inserted_primary_key[0]
        else:
            area_id = area.id
            same = (rounds.c.area_id == area_id) & (rounds.c.held_on == spec.held_on) & (rounds.c.title == spec.title)
            if conn.execute(select(rounds.c.id).where(same)).first() is not None:
                raise DuplicateRound(
                    f"{area.name} already has a round on {british_date(spec.held_on)} called {spec.title!r}"
                )
        round_id = insert_round(
            conn,
            area_id,
            title=spec.title,
            held_on=spec.held_on,
            priority_areas=spec.priority_areas,
            status=imported.status,
            framework_version=imported.framework_version,
            pin_hash=pin_hash,
            board=spec.board,
            has_executive=spec.has_executive,
        )
        now = utc_now()
        insert_participants(conn, round_id, imported.participants)
        if imported.consensus:
            conn.execute(
                insert(consensus),
                [
                    {
                        "round_id": round_id,
                        "kind": entry.kind.value,
                        "item_id": entry.item_id,
                        "value": entry.value,
                        "rationale": entry.rationale,
                        "uncertain_reason": entry.uncertain_reason,
                        "revision": 1,
                        "recorded_at": now,
                    }
                    for entry in imported.consensus
                ],
            )
        for action in imported.actions:
            conn.execute(
                insert(actions).values(round_id=round_id, created_at=now, updated_at=now, **action_values(action))
            )
        log_event(conn, round_id, actor, "round imported", f"{len(imported.participants)} participants from Excel")
        return round_id

    @retry_conflicts
    def bulk_load(
        self,
        round_specs: pd.DataFrame,
        answer_rows: pd.DataFrame,
        framework_version: str,
        *,
        illustrative: bool,
        pin_hash: str,
    ) -> list[int]:
        """Write many finished rounds in one transaction (for generated programmes and benchmarks); returns
        the new round ids in the order of round_specs.

        round_specs has one row per round: key, area, held_on, status, title. answer_rows is the long
        table of programme_frame: round_id (a key of round_specs), participant_id (any unique number),
        partner_type, kind, item_id, value (NaN for don't know). Rows go in with executemany, so loading
        a 150-area programme takes seconds rather than the minutes of one save per participant."""
        now = utc_now()
        with self._db.write() as conn:
            area_ids = {}
            for name in dict.fromkeys(round_specs["area"]):
                name = AreaName(name=name).name
                existing = conn.execute(select(areas.c.id).where(areas.c.name == name)).scalar()
                area_ids[name] = (
                    existing
                    or conn.execute(
                        insert(areas).values(name=name, illustrative=illustrative, created_at=now)
                    ).inserted_primary_key[0]
                )
            round_ids = {}
            for spec in round_specs.itertuples(index=False):
                round_ids[spec.key] = insert_round(
                    conn,
                    area_ids[spec.area.strip()],
                    title=spec.title,
                    held_on=spec.held_on,
                    priority_areas=(),
                    status=RoundStatus(spec.status),
                    framework_version=framework_version,
                    pin_hash=pin_hash,
                )
            people = answer_rows.drop_duplicates("participant_id")
            participant_ids = {}
            for person in people.itertuples(index=False):
                participant_ids[person.participant_id] = conn.execute(
                    insert(participants).values(
                        round_id=round_ids[person.round_id],
                        partner_type=person.partner_type,
                        role_title="",
                        resume_hash=resume_hash(new_code(RESUME_CODE_LENGTH * 2)),
                        completed_at=now,
                        created_at=now,
                    )
                ).inserted_primary_key[0]
            values = answer_rows["value"].astype("float64")
            rows = [
                {
                    "participant_id": participant_ids[p],
                    "kind": kind,
                    "item_id": item,
                    "value": None if value != value else int(value),
                    "comment": "",
                    "updated_at": now,
                }
                for p, kind, item, value in zip(
                    answer_rows["participant_id"], answer_rows["kind"], answer_rows["item_id"], values, strict=True
                )
            ]
            if rows:
                conn.execute(insert(answers), rows)
            log_event(
                conn, None, "loader", "programme loaded", f"{len(round_ids)} rounds, {len(participant_ids)} people"
            )
        return [round_ids[key] for key in round_specs["key"]]

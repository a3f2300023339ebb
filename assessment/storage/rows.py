"""What storage hands out and takes in: row types and errors. Imports nothing from the schema."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from assessment.models import ActionInput, Answer, ConsensusEntry, ItemKind, RoundInput, RoundStatus


class StoreError(RuntimeError):
    """A storage problem worded for the person who hit it."""


class DatabaseUnavailable(StoreError):
    """The database server is not answering (stopped, restarting, unreachable): nothing was saved or read,
    and the same call may succeed once it is back."""


class NotFound(StoreError):
    """The area, round or participant asked for does not exist."""


class RoundClosed(StoreError):
    """The round no longer accepts answers."""


class ConsensusConflict(StoreError):
    """Someone else recorded this consensus since it was loaded."""


class RescoreRefused(StoreError):
    """A re-scoring pass cannot be opened as asked, or an answer is not one the pass takes."""


class Locked(StoreError):
    """Too many failed attempts at a guarded secret (a PIN, the passphrase, join codes): refused until `until`."""

    def __init__(self, until: dt.datetime) -> None:
        super().__init__(f"too many failed attempts; refused until {until.isoformat(timespec='seconds')}")
        self.until = until


class DuplicateRound(StoreError):
    """A round of the same area, date and title is already in the database."""


@dataclass(frozen=True)
class AreaRow:
    id: int
    name: str
    illustrative: bool


@dataclass(frozen=True)
class RoundRow:
    id: int
    area_id: int
    area_name: str
    title: str
    held_on: dt.date
    status: RoundStatus
    framework_version: str
    join_code: str
    priority_areas: tuple[str, ...]
    has_pin: bool
    updated_at: dt.datetime | None = None  # last change of status or details; answers of a finalised round are frozen
    board: str = ""  # the Board the round's paper goes to ("" when none is named)
    has_executive: bool | None = None  # whether the partnership has an executive group (None: not asked)

    @property
    def label(self) -> str:
        """A short human label such as '2025-03-14 Annual workshop'."""
        return f"{self.held_on.isoformat()} {self.title}".strip()


@dataclass(frozen=True)
class ParticipantRow:
    id: int
    round_id: int
    partner_type: str
    role_title: str
    completed: bool


@dataclass(frozen=True)
class RescoreRow:
    """A re-scoring pass of a round: its number (2, 3 or 4; pass 1 is the first answers), the success
    factors it re-scores and their statements as they were when it opened, and whether it is open (it is
    closed once closed_at is set or the round no longer takes answers)."""

    round_id: int
    number: int
    factor_ids: tuple[str, ...]
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    is_open: bool
    statements: dict[str, tuple[str, ...]] = field(default_factory=dict)  # factor id -> its statement ids

    @property
    def statement_ids(self) -> tuple[str, ...]:
        """Every statement the pass re-scores, factor by factor."""
        return tuple(s for factor_id in self.factor_ids for s in self.statements.get(factor_id, ()))


@dataclass(frozen=True)
class ConsensusRow:
    kind: ItemKind
    item_id: str
    value: float | None
    rationale: str
    revision: int
    recorded_at: dt.datetime
    uncertain_reason: str = ""  # why the room is still uncertain (an uncertain factor's record only)


@dataclass(frozen=True)
class HybridRow:
    id: int
    round_id: int
    name: str
    choices: dict[str, str]  # dimension id -> option id

    @property
    def option_id(self) -> str:
        """The id the hybrid goes by in the appraisal, beside the framework's option ids."""
        return f"hybrid_{self.id}"


@dataclass(frozen=True)
class RatificationRow:
    body: str
    status: str  # a models.RatificationStatus value
    on: dt.date | None


@dataclass(frozen=True)
class DecisionRow:
    """A Board's decision on a round's options, as recorded (never changed once recorded)."""

    id: int
    round_id: int
    option_id: str  # a framework option's id, or a hybrid's ("hybrid_3")
    option_name: str  # the option's name when the decision was recorded
    decided_on: dt.date
    meeting: str
    resolution: str
    conditions: str
    supersedes: int | None  # the decision this one replaced
    recorded_at: dt.datetime
    recorded_by: str
    ratifications: tuple[RatificationRow, ...] = ()


@dataclass(frozen=True)
class ActionRow:
    id: int
    round_id: int
    title: str
    owner: str
    due_on: dt.date | None
    status: str
    factor_id: str | None
    component_id: str | None
    rule_id: str | None
    step_id: str | None = None  # the implementation step it carries out
    depends_on: tuple[str, ...] = ()  # the rule or step ids of the actions it waits for
    priority: int | None = None  # its place in the list it was proposed in

    @property
    def key(self) -> str | None:
        """The rule or step id it was proposed under (None for the facilitator's own action)."""
        return self.step_id or self.rule_id


@dataclass(frozen=True)
class ImportedParticipant:
    """One person's answers arriving from a file (an offline questionnaire or a results workbook)."""

    partner_type: str
    answers: tuple[Answer, ...]
    complete: bool = True
    source: str = ""  # a fingerprint of the file, kept in the audit trail so a re-import can be spotted
    response_id: str | None = None  # an offline questionnaire's own ID: saving it again replaces it


@dataclass(frozen=True)
class SavedImport:
    """What import_batch wrote: the new rounds' ids, and the (round id, response id) of each offline
    response that replaced the answers of an earlier import of the same copy instead of adding a person."""

    round_ids: list[int]
    replaced: frozenset[tuple[int, str]]


@dataclass(frozen=True)
class ImportedRound:
    """A whole round arriving from a results workbook: the round, its people, consensus and plan."""

    spec: RoundInput
    framework_version: str
    status: RoundStatus
    participants: tuple[ImportedParticipant, ...]
    consensus: tuple[ConsensusEntry, ...] = ()
    actions: tuple[ActionInput, ...] = ()
    illustrative: bool = False
    pin_hash: str = ""  # hash_pin of the new round's PIN (or give spec.pin): every round has one


# Who gave an appraisal score: the Board ("board") or a participant ("p<id>").
BOARD_SCORER = "board"


def appraisal_scorer(participant_id: int | None) -> str:
    """Who gave an appraisal score: 'board' for the Board, 'p<id>' for a participant."""
    return BOARD_SCORER if participant_id is None else f"p{participant_id}"

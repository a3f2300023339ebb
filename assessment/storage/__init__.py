"""Storage: the only package that talks to the database. One repository per thing it stores.

    store.rounds      areas and rounds            store.responses   participants and their answers
    store.consensus   the room's agreed scores    store.appraisal   options weights, scores, hybrids
    store.plan        development-plan actions    store.imports     whole batches, all or nothing
    store.costs       the partnership's cost estimates of each option
    store.access      PIN hashes, attempts, settings                store.audit       the audit trail
    store.decisions   the Board's decisions and who must ratify them
    store.rescores    re-scoring passes and the answers given in them
    store.stamps      version stamps of the programme and of each round
    store.accounts    hosted mode's accounts: each address's role and areas

Repositories hold no wording for users beyond their errors' and no logic that exists for a cache.
"""

from __future__ import annotations

from assessment.storage.access import AccessRepository
from assessment.storage.accounts import AccountsRepository, LastAdmin
from assessment.storage.appraisal import AppraisalRepository
from assessment.storage.audit import AuditRepository
from assessment.storage.codes import (
    CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    PIN_LENGTH,
    RESUME_CODE_LENGTH,
    hash_pin,
    new_code,
    new_pin,
    normalise_code,
    verify_secret,
)
from assessment.storage.consensus import ConsensusRepository
from assessment.storage.costs import CostsRepository
from assessment.storage.database import Database, database_url
from assessment.storage.decisions import DecisionsRepository
from assessment.storage.imports import ImportsRepository
from assessment.storage.plan import PlanRepository
from assessment.storage.rescores import RescoresRepository
from assessment.storage.responses import ResponsesRepository
from assessment.storage.rounds import RoundsRepository
from assessment.storage.rows import (
    BOARD_SCORER,
    ActionRow,
    AreaRow,
    ConsensusConflict,
    ConsensusRow,
    DatabaseUnavailable,
    DecisionRow,
    DuplicateRound,
    HybridRow,
    ImportedParticipant,
    ImportedRound,
    Locked,
    NotFound,
    ParticipantRow,
    RescoreRefused,
    RescoreRow,
    RoundClosed,
    RoundRow,
    SavedImport,
    StoreError,
    appraisal_scorer,
)
from assessment.storage.schema import metadata
from assessment.storage.stamps import Stamps

__all__ = [
    "BOARD_SCORER",
    "CODE_ALPHABET",
    "JOIN_CODE_LENGTH",
    "PIN_LENGTH",
    "RESUME_CODE_LENGTH",
    "ActionRow",
    "AreaRow",
    "ConsensusConflict",
    "ConsensusRow",
    "DatabaseUnavailable",
    "DecisionRow",
    "DuplicateRound",
    "HybridRow",
    "LastAdmin",
    "ImportedParticipant",
    "ImportedRound",
    "Locked",
    "NotFound",
    "ParticipantRow",
    "RescoreRefused",
    "RescoreRow",
    "RoundClosed",
    "RoundRow",
    "SavedImport",
    "Store",
    "StoreError",
    "appraisal_scorer",
    "database_url",
    "hash_pin",
    "metadata",
    "new_code",
    "new_pin",
    "normalise_code",
    "verify_secret",
]


class Store:
    """The database and its repositories."""

    def __init__(self, url: str | None = None) -> None:
        self.database = Database(url)
        self.url = self.database.url
        self.engine = self.database.engine
        self.rounds = RoundsRepository(self.database)
        self.responses = ResponsesRepository(self.database)
        self.consensus = ConsensusRepository(self.database)
        self.appraisal = AppraisalRepository(self.database)
        self.costs = CostsRepository(self.database)
        self.plan = PlanRepository(self.database)
        self.imports = ImportsRepository(self.database)
        self.access = AccessRepository(self.database)
        self.audit = AuditRepository(self.database)
        self.decisions = DecisionsRepository(self.database)
        self.rescores = RescoresRepository(self.database)
        self.stamps = Stamps(self.database)
        self.accounts = AccountsRepository(self.database)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.database.dispose()

    def delete_all(self) -> None:
        """Remove every row of every table (used by `demo --reset`)."""
        with self.database.write() as conn:
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())

"""A download is recorded in the audit trail with who made it, when its file is made (the click)."""

from __future__ import annotations

import datetime as dt

from assessment.access import FACILITATOR_ACTOR
from assessment.accounts import AuditEvent
from assessment.models import RoundInput
from ui.components.download_audit import audited


def test_a_download_is_audited_with_the_account_when_the_file_is_made(sqlite_store, framework):
    row = sqlite_store.rounds.open_round(
        RoundInput(area="Testshire", held_on=dt.date(2026, 3, 10), pin="2468"), framework.version
    )
    made = []
    data = audited(
        lambda: made.append(1) or b"workbook",
        sqlite_store,
        actor="lead@testshire.gov.uk",
        event=AuditEvent.WORKBOOK_DOWNLOADED,
        detail="results workbook",
        round_id=row.id,
    )
    assert made == [] and "workbook downloaded" not in set(sqlite_store.audit.for_round(row.id)["event"])
    assert data() == b"workbook"
    trail = sqlite_store.audit.for_round(row.id)
    newest = trail.iloc[0]
    assert (newest["actor"], newest["event"], newest["detail"]) == (
        "lead@testshire.gov.uk",
        "workbook downloaded",
        "results workbook",
    )


def test_a_paper_already_written_is_audited_in_workshop_mode_too(sqlite_store):
    data = audited(b"%PDF", sqlite_store, actor=FACILITATOR_ACTOR, event=AuditEvent.PAPER_DOWNLOADED, detail="PDF")
    assert data() == b"%PDF"
    events = sqlite_store.audit.programme_events()
    assert (events.iloc[0]["actor"], events.iloc[0]["event"]) == (FACILITATOR_ACTOR, "paper downloaded")

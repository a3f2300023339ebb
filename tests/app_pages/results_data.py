"""Small rounds built by hand for the results pages' tests, and a way to point the app at them."""

from __future__ import annotations

import datetime as dt

from assessment.framework import Framework
from assessment.models import Answer, ItemKind, RoundInput, RoundStatus
from assessment.storage import Store
from ui import resources


def add_round(
    store: Store,
    framework: Framework,
    area: str,
    held_on: str,
    people: list[tuple[str, int | None, int | None]],
    *,
    status: RoundStatus = RoundStatus.FINALISED,
) -> int:
    """A round where each person (partner type, level for every statement, stage for every component)
    gives the same answer throughout; None is "don't know". Returns the round id."""
    row = store.rounds.open_round(
        RoundInput(pin="2468", area=area, held_on=dt.date.fromisoformat(held_on)), framework.version
    )
    for partner, level, stage in people:
        participant, _code = store.responses.join(row.id, partner)
        batch = [
            Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=level) for f in framework.factors for s in f.statements
        ]
        batch += [Answer(kind=ItemKind.COMPONENT, item_id=c.id, value=stage) for c in framework.components]
        store.responses.save_answers(participant.id, batch)
    if status != RoundStatus.OPEN:
        store.rounds.set_status(row.id, RoundStatus.CLOSED)
    if status == RoundStatus.FINALISED:
        store.rounds.set_status(row.id, RoundStatus.FINALISED)
    return row.id


def point_app_at(store: Store, monkeypatch) -> None:  # noqa: ANN001
    """Make the pages open this store (the app keeps one Store per process, so drop the cached one)."""
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", store.url)
    resources.store.clear()

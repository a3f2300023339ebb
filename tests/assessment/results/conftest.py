"""A small programme in a real store, with numbers the tests work out by hand:

* Ashvale: round A1 held 2025-01-01 (finalised) with two council people (every statement 1 and 2;
  budgets 1 and 2, data 2 and 2); round A2 held 2026-01-01 (open) with four people (3 council at 2, 3, 4
  and one NHS commissioner at 0; budgets 2, 3, 3, 3 and data 3 each).
* Brookmere: round B1 held 2025-06-01 (finalised), one council person at 3 (budgets and data 4).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from assessment.models import Answer, ItemKind, RoundInput, RoundStatus
from assessment.storage import Store


def person(framework, level, stages: dict[str, int] | None = None) -> list[Answer]:  # noqa: ANN001
    """Every statement at one level (None: don't know), and the given stage per component."""
    batch = [
        Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=level) for f in framework.factors for s in f.statements
    ]
    return batch + [Answer(kind=ItemKind.COMPONENT, item_id=c, value=v) for c, v in (stages or {}).items()]


def open_round(store: Store, framework, area: str, held_on: dt.date, title: str = "") -> int:  # noqa: ANN001
    spec = RoundInput(area=area, held_on=held_on, title=title, pin="2468")
    return store.rounds.open_round(spec, framework.version).id


def finalise(store: Store, round_id: int) -> None:
    store.rounds.set_status(round_id, RoundStatus.CLOSED)
    store.rounds.set_status(round_id, RoundStatus.FINALISED)


@dataclass
class Small:
    store: Store
    a1: int
    a2: int
    b1: int


@pytest.fixture
def small(sqlite_store, framework) -> Small:
    store = sqlite_store
    a1 = open_round(store, framework, "Ashvale", dt.date(2025, 1, 1))
    store.responses.add_response(a1, "council", person(framework, 1, {"budgets": 1, "data": 2}))
    store.responses.add_response(a1, "council", person(framework, 2, {"budgets": 2, "data": 2}))
    finalise(store, a1)
    b1 = open_round(store, framework, "Brookmere", dt.date(2025, 6, 1))
    store.responses.add_response(b1, "council", person(framework, 3, {"budgets": 4, "data": 4}))
    finalise(store, b1)
    a2 = open_round(store, framework, "Ashvale", dt.date(2026, 1, 1))
    for partner, level, budgets in (
        ("council", 2, 2),
        ("council", 3, 3),
        ("council", 4, 3),
        ("nhs_commissioner", 0, 3),
    ):
        store.responses.add_response(a2, partner, person(framework, level, {"budgets": budgets, "data": 3}))
    return Small(store, a1, a2, b1)

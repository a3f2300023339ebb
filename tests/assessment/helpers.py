"""Small builders for hand-written answer tables."""

from __future__ import annotations

import math

import pandas as pd

from assessment.models import CostEstimate, ItemKind

COLUMNS = ["round_id", "participant_id", "partner_type", "complete", "kind", "item_id", "value", "comment"]


def answers_table(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (round_id, participant_id, partner_type, kind, item_id, value); value None = don't know."""
    records = [
        (
            round_id,
            participant,
            partner,
            True,
            ItemKind(kind).value,
            item,
            math.nan if value is None else float(value),
            "",
        )
        for round_id, participant, partner, kind, item, value in rows
    ]
    return pd.DataFrame(records, columns=COLUMNS)


def statements(round_id: int, participant: int, partner: str, factor: str, values: list) -> list[tuple]:
    """One participant's answers to the statements factor_1, factor_2 ... of one factor."""
    return [(round_id, participant, partner, "statement", f"{factor}_{i}", v) for i, v in enumerate(values, start=1)]


def stages(round_id: int, participant: int, partner: str, kind: str, chosen: dict[str, int | None]) -> list[tuple]:
    """One participant's continuum answers: item id -> stage (None = don't know)."""
    return [(round_id, participant, partner, kind, item, v) for item, v in chosen.items()]


def benchmark_of(store, framework, round_id: int):  # noqa: ANN001, ANN201
    """The round's benchmark as every screen reads it (results.area_dashboard's)."""
    from assessment.results import area_dashboard, read_programme

    return area_dashboard(store, framework, round_id, read_programme(store, framework)).benchmark


FELL_TO = "The partnership sits at 'commissioners meeting to align plans' \u2013 down 0.2 stages since the round of 11 March 2025."


def falling_area(store, framework, area: str = "Testshire") -> tuple[int, int]:  # noqa: ANN001
    """An area whose continuum position falls from 2.00 to 1.79 while its sentence stays the same: the
    (id of its round of 11 March 2025, id of its round of 10 March 2026).

    The first round (finalised): one council person puts every component at stage 2, so the position is
    16 / 8 = 2.00. The second (open, with six priority areas): one council person puts every component at
    stage 2 and the priority areas at 2, 2, 2, 1, 1, 1, so the position is (16 + 6 + 3) / 14 = 25 / 14 =
    1.79. Only 3 of its 14 items are at stage 1, under a quarter, so both rounds sit 'at' stage 2. Every
    statement is answered 2 in both."""
    import datetime as dt

    from assessment.models import Answer, RoundInput, RoundStatus

    def answers(priority: dict[str, int]) -> list[Answer]:
        batch = [
            Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=2) for f in framework.factors for s in f.statements
        ]
        batch += [Answer(kind=ItemKind.COMPONENT, item_id=c.id, value=2) for c in framework.components]
        return batch + [Answer(kind=ItemKind.PRIORITY, item_id=p, value=v) for p, v in priority.items()]

    first = store.rounds.open_round(
        RoundInput(pin="2468", area=area, held_on=dt.date(2025, 3, 11), title="First workshop"), framework.version
    ).id
    store.responses.add_response(first, "council", answers({}))
    store.rounds.set_status(first, RoundStatus.CLOSED)
    store.rounds.set_status(first, RoundStatus.FINALISED)
    priority = [p.id for p in framework.priority_areas][:6]
    spec = RoundInput(
        pin="2468", area=area, held_on=dt.date(2026, 3, 10), title="Second workshop", priority_areas=tuple(priority)
    )
    second = store.rounds.open_round(spec, framework.version).id
    store.responses.add_response(second, "council", answers(dict(zip(priority, (2, 2, 2, 1, 1, 1), strict=True))))
    return first, second


def targeted_estimate(note: str) -> CostEstimate:
    """The partnership's estimate for option 2 the cost tests work by hand: £40,000-£60,000 one-off,
    £120,000-£150,000 a year and 2-3 posts, with the note given."""
    return CostEstimate(
        option_id="targeted",
        one_off_low=40_000,
        one_off_high=60_000,
        recurring_low=120_000,
        recurring_high=150_000,
        posts_low=2,
        posts_high=3,
        note=note,
    )

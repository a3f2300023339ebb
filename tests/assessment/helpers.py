"""Small builders for hand-written answer tables."""

from __future__ import annotations

import math

import pandas as pd

from assessment.models import ItemKind

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

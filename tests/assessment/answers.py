"""Long answer tables written by hand for unit tests (the shape of Store.answers_frame)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from assessment.framework import Framework


def answers(
    framework: Framework,
    round_id: int,
    participant_id: int,
    partner: str,
    levels: dict[str, float | None] | float | None,
    stages: dict[str, float | None] | None = None,
) -> pd.DataFrame:
    """One participant's answers: the same level for every statement of a factor (levels maps factor id
    to level, or is one level for all) and the given stage per component id."""
    rows = []
    for factor in framework.factors:
        level = levels.get(factor.id) if isinstance(levels, dict) else levels
        for statement in factor.statements:
            rows.append(("statement", statement.id, np.nan if level is None else float(level)))
    for item_id, stage in (stages or {}).items():
        rows.append(("component", item_id, np.nan if stage is None else float(stage)))
    frame = pd.DataFrame(rows, columns=["kind", "item_id", "value"])
    frame.insert(0, "complete", True)
    frame.insert(0, "partner_type", partner)
    frame.insert(0, "participant_id", participant_id)
    frame.insert(0, "round_id", round_id)
    frame["comment"] = ""
    return frame

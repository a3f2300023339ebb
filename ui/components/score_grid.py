"""A grid for scoring options against criteria, 0 (very poor) to 4 (very good), saved together."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from assessment.appraisal import SCORE_LABELS
from assessment.framework import Criterion
from assessment.models import APPRAISAL_MAX, APPRAISAL_MIN


def show(
    names: Mapping[str, str],
    criteria: Sequence[Criterion],
    scores: pd.DataFrame,
    key: str,
    button: str = "Save scores",
    headers: Mapping[str, str] | None = None,
) -> pd.DataFrame | None:
    """Draw an editable grid (options as rows, criteria as columns, headed by headers[id] or the
    criterion's name, with the full name and description in the column's help); returns the edited scores, indexed
    by option id with criterion ids as columns, when the button is pressed, otherwise None."""
    grid = scores.reindex(index=list(names), columns=[c.id for c in criteria]).copy()
    grid.insert(0, "option", [names[o] for o in grid.index])
    scale = ", ".join(f"{value} {label.lower()}" for value, label in SCORE_LABELS.items())
    with st.form(key, border=False):
        edited = st.data_editor(
            grid,
            hide_index=True,
            disabled=["option"],
            width="stretch",
            column_config={
                "option": st.column_config.TextColumn("Option", width="large"),
                **{
                    c.id: st.column_config.NumberColumn(
                        (headers or {}).get(c.id, c.name),
                        min_value=APPRAISAL_MIN,
                        max_value=APPRAISAL_MAX,
                        step=1,
                        format="%d",
                        help=f"{c.name}. {c.description}",
                    )
                    for c in criteria
                },
            },
            key=f"{key}_grid",
        )
        st.caption(f"Scores: {scale}. Leave a cell empty for 'not scored yet'.")
        pressed = st.form_submit_button(button, type="primary")
    if not pressed:
        return None
    result = edited.drop(columns="option")
    result.index = grid.index
    return result

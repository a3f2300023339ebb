"""A grid for scoring options against criteria, 0 (very poor) to 4 (very good), saved together."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from assessment.appraisal import SCORE_LABELS
from assessment.framework import Criterion
from assessment.models import APPRAISAL_MAX, APPRAISAL_MIN, AppraisalScore


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
            placeholder="not scored",  # instead of "None" in an empty cell
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


def to_scores(
    edited: pd.DataFrame, names: Mapping[str, str], criterion_names: Mapping[str, str]
) -> tuple[list[AppraisalScore], list[str]]:
    """The edited grid as validated scores (an empty cell clears a score), and a description of every
    cell that is not a whole number from 0 to 4, naming its option and criterion."""
    batch, problems = [], []
    for option_id, row in edited.iterrows():
        for criterion_id, value in row.items():
            empty = value is None or (isinstance(value, float) and math.isnan(value))
            try:
                number = None if empty else float(value)
                if number is not None and not number.is_integer():
                    raise ValueError("not a whole number")
                whole = None if number is None else int(number)
                batch.append(AppraisalScore(option_id=option_id, criterion_id=criterion_id, value=whole))
            except (TypeError, ValueError, ValidationError):
                problems.append(
                    f"{names[option_id]}, {criterion_names[criterion_id]}: {value!r} is not a whole number from 0 to 4"
                )
    return batch, problems

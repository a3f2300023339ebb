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

# Pixels for the criterion's name when criteria are rows: with four options' columns the grid then fits
# the main area of a 1366-pixel laptop screen beside the sidebar.
CRITERION_WIDTH = 300
# Rows taller than 64 pixels let Streamlit wrap a cell's text: the longest criterion's name then shows in
# full on two lines instead of being cut at the column's edge.
WRAPPING_ROW_HEIGHT = 66
HEADER_HEIGHT = 40


def show(
    names: Mapping[str, str],
    criteria: Sequence[Criterion],
    scores: pd.DataFrame,
    key: str,
    button: str = "Save scores",
    headers: Mapping[str, str] | None = None,
    *,
    criteria_as_rows: bool = False,
    option_headers: Mapping[str, str] | None = None,
) -> pd.DataFrame | None:
    """Draw an editable grid (options as rows, criteria as columns, headed by headers[id] or the
    criterion's name, with the full name and description in the column's help; or, criteria_as_rows,
    one row per criterion and a column per option headed by option_headers[id] or its name, so that
    seven criteria fit a laptop's screen); returns the edited scores, indexed by option id with
    criterion ids as columns, when the button is pressed, otherwise None."""
    grid = scores.reindex(index=list(names), columns=[c.id for c in criteria]).copy()
    scale = ", ".join(f"{value} {label.lower()}" for value, label in SCORE_LABELS.items())

    def score_column(label: str, help_text: str) -> object:
        return st.column_config.NumberColumn(
            label, min_value=APPRAISAL_MIN, max_value=APPRAISAL_MAX, step=1, format="%d", help=help_text
        )

    if criteria_as_rows:
        grid = grid.T
        grid.insert(0, "criterion", [c.name for c in criteria])
        columns = {"criterion": st.column_config.TextColumn("Criterion", width=CRITERION_WIDTH)} | {
            o: score_column((option_headers or {}).get(o, names[o]), names[o]) for o in names
        }
        fixed = "criterion"
    else:
        grid.insert(0, "option", [names[o] for o in grid.index])
        columns = {"option": st.column_config.TextColumn("Option", width="large")} | {
            c.id: score_column((headers or {}).get(c.id, c.name), f"{c.name}. {c.description}") for c in criteria
        }
        fixed = "option"
    with st.form(key, border=False):
        edited = st.data_editor(
            grid,
            hide_index=True,
            disabled=[fixed],
            width="stretch",
            placeholder="not scored",  # instead of "None" in an empty cell
            column_config=columns,
            row_height=WRAPPING_ROW_HEIGHT if criteria_as_rows else None,
            # Streamlit works out a content height from its usual row height: every tall row shown here.
            height=len(criteria) * WRAPPING_ROW_HEIGHT + HEADER_HEIGHT if criteria_as_rows else "auto",
            key=f"{key}_grid",
        )
        st.caption(f"Scores: {scale}. Leave a cell empty for 'not scored yet'.")
        pressed = st.form_submit_button(button, type="primary")
    if not pressed:
        return None
    result = edited.drop(columns=fixed)
    if criteria_as_rows:
        result.index = [c.id for c in criteria]
        return result.T.reindex(index=list(names))
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

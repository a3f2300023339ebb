"""The partnership's cost estimate of one option at a time: one-off cost, cost a year and posts, each a
range from low to high, and a note, saved together."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from assessment.models import COST_FIGURES, MAX_COMMENT, MAX_POSTS, MAX_POUNDS, CostEstimate

# Each range's label on the form, and whether it is money (whole pounds) or posts (full-time equivalents).
RANGES = (
    ("one_off", "One-off cost (£)", True),
    ("recurring", "Cost a year (£)", True),
    ("posts", "Posts (FTE)", False),
)


@dataclass(frozen=True)
class Entered:
    """What the facilitator saved: the option, its figures by field name (None where left empty) and the note."""

    option_id: str
    figures: dict[str, float | None]
    note: str


def show(names: Mapping[str, str], estimates: Mapping[str, CostEstimate], key: str = "costs") -> Entered | None:
    """Draw a picker of the option to estimate and a form of its figures, filled with its saved estimate;
    returns what was entered when the facilitator saves, otherwise None."""
    option_id = st.selectbox("Option to estimate", list(names), format_func=names.get, key=f"{key}_option")
    saved = estimates.get(option_id)
    figures: dict[str, float | None] = {}
    with st.form(f"{key}_form_{option_id}", border=True):
        for name, label, money in RANGES:
            low, high = st.columns(2)
            for column, end, word in ((low, "low", "from"), (high, "high", "to")):
                field = f"{name}_{end}"
                widget = f"{key}_{option_id}_{field}"
                if widget not in st.session_state:
                    # Filled through the widget's state, not its default: a number box with a default
                    # gives the default back when emptied, and an emptied box must mean "not estimated".
                    value = getattr(saved, field, None)
                    st.session_state[widget] = value if money or value is None else float(value)
                figures[field] = column.number_input(
                    f"{label} {word}",
                    min_value=0 if money else 0.0,
                    max_value=MAX_POUNDS if money else MAX_POSTS,
                    value=None,
                    step=1000 if money else 0.5,
                    format="%d" if money else "%g",
                    placeholder="not estimated",
                    key=widget,
                )
        note = st.text_area(
            "Note (what the figures include, where they come from)",
            value=saved.note if saved else "",
            max_chars=MAX_COMMENT,
            key=f"{key}_{option_id}_note",
        )
        st.caption(
            "Give one figure for an exact estimate. Leave every figure and the note empty to remove the estimate."
        )
        pressed = st.form_submit_button("Save the estimate", type="primary")
    if not pressed:
        return None
    return Entered(option_id, {field: figures[field] for field in COST_FIGURES}, note)

"""A chart and the table of its numbers (for screen readers and for copying), drawn the same way on every
results page."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from assessment.framework import Framework
from assessment.rounding import CHANGE_FORMAT, PERCENT_FORMAT, SCORE_FORMAT, STAGE_FORMAT

CONFIG = {"displayModeBar": False}
# Pixels for each factor's column in a table of all eight factors: with an area's or a partner type's
# name beside them they fit a laptop's main area (1366 pixels wide, sidebar open). A longer short name
# is cut in the heading; its tooltip gives the factor's full name.
FACTOR_WIDTH = 72


def score_column(label: str | None = None, help: str | None = None, width: int | None = None) -> object:  # noqa: A002
    """A column of scores (0-4) shown to one decimal (assessment.rounding)."""
    return st.column_config.NumberColumn(label, help=help, format=SCORE_FORMAT, width=width)


def factor_score_columns(framework: Framework) -> dict[str, object]:
    """The eight factors' score columns, keyed and headed by their short names, narrow enough to fit a
    laptop's screen together, each with the factor's full name as its tooltip."""
    return {f.short_name: score_column(f.short_name, f.name, FACTOR_WIDTH) for f in framework.factors}


def stage_column(label: str | None = None, help: str | None = None) -> object:  # noqa: A002
    """A column of continuum stages or positions (1-6) shown to one decimal."""
    return st.column_config.NumberColumn(label, help=help, format=STAGE_FORMAT)


def change_column(label: str | None = None, help: str | None = None) -> object:  # noqa: A002
    """A column of changes in score, signed, to one decimal ('+0.3')."""
    return st.column_config.NumberColumn(label, help=help, format=CHANGE_FORMAT)


def percent_column(label: str | None = None, help: str | None = None) -> object:  # noqa: A002
    """A column of shares already in whole percentage points (rounding.percent_points), shown '45%'."""
    return st.column_config.NumberColumn(label, help=help, format=PERCENT_FORMAT)


def chart(figure: go.Figure, key: str) -> None:
    """Draw a plotly figure without its toolbar."""
    st.plotly_chart(figure, config=CONFIG, key=key)


def table(title: str, frame: pd.DataFrame, **column_config: object) -> None:
    """The chart's numbers as a table in a closed expander titled 'Table: <title>'."""
    with st.expander(f"Table: {title}"):
        st.dataframe(frame, hide_index=True, column_config=column_config or None, placeholder="-")

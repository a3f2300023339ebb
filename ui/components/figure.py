"""A chart and the table of its numbers (for screen readers and for copying), drawn the same way on every
results page."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

CONFIG = {"displayModeBar": False}


def chart(figure: go.Figure, key: str) -> None:
    """Draw a plotly figure without its toolbar."""
    st.plotly_chart(figure, config=CONFIG, key=key)


def table(title: str, frame: pd.DataFrame, **column_config: object) -> None:
    """The chart's numbers as a table in a closed expander titled 'Table: <title>'."""
    with st.expander(f"Table: {title}"):
        st.dataframe(frame, hide_index=True, column_config=column_config or None, placeholder="-")

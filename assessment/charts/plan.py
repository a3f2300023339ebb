"""The development plan's progress by month as a plotly figure: a pure function of the table that
plan.progress_by_month makes."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from assessment.charts.palette import AGREEMENT, FONT_FAMILY, MEDIAN, SPLIT

MONTH_WIDTH = 24 * 24 * 60 * 60 * 1000  # a bar 24 days wide, in the date axis's milliseconds

# (column, legend name, colour, bar pattern): the pattern tells overdue apart without colour.
SERIES = (
    ("done", "Done", AGREEMENT, ""),
    ("on_time", "Open, not yet due", MEDIAN, ""),
    ("overdue", "Open and overdue", SPLIT, "/"),
)


def progress_by_month_figure(by_month: pd.DataFrame) -> go.Figure:
    """Per month, the actions due in it as one stacked bar: done, still open but not yet past due, and
    overdue (the three add up to the month's actions due)."""
    frame = by_month.assign(on_time=by_month["open"] - by_month["overdue"])
    # A date axis, so a month with nothing due shows as a gap rather than being left out.
    # Each bar stands in the middle of its month, under the month's label.
    months = [m.replace(day=15).isoformat() for m in frame["month"]]
    labels = [f"{m:%b %Y}" for m in frame["month"]]
    figure = go.Figure()
    for column, name, colour, pattern in SERIES:
        figure.add_trace(
            go.Bar(
                x=months,
                y=frame[column],
                name=name,
                width=MONTH_WIDTH,
                customdata=labels,
                marker={"color": colour, "pattern": {"shape": pattern}},
                hovertemplate=f"%{{customdata}}: %{{y}} {name.lower()}<extra></extra>",
            )
        )
    figure.update_layout(
        barmode="stack",
        height=320,
        margin={"l": 10, "r": 20, "t": 30, "b": 40},
        font={"family": FONT_FAMILY, "size": 13},
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend={"orientation": "h", "y": 1.12, "x": 0, "traceorder": "normal"},
        xaxis={"type": "date", "tickformat": "%b %Y", "title": "Month the actions are due", "ticklabelmode": "period"},
        yaxis={"title": "Actions", "dtick": 1, "rangemode": "tozero", "gridcolor": "#e5e5e5"},
    )
    return figure

"""Workshop charts: the room's individual factor scores as a strip plot with the median and a 'split'
flag, the spread of factors without individual dots (for the projector), the continuum distribution
by component or priority area, and who has answered.

Pure functions of scored data (assessment.scoring / assessment.workshop tables); no streamlit.
Every label that may come from user text (a round's own priority areas) is HTML-escaped, because
plotly renders some HTML tags in labels.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from assessment.charts import palette
from assessment.framework import Framework

SPLIT_LABEL = "SPLIT"
DOT_SPREAD = 0.2  # how far, in rows, dots with equal scores fan out around their factor's line
LABEL_GAP = 0.42  # row labels sit this far above their row, so long names never squeeze the plot on a phone


def _font_size(large: bool) -> int:
    return 22 if large else 14


def _layout(figure: go.Figure, *, large: bool, height: int, title: str, legend_on_top: bool = False) -> go.Figure:
    legend = {"orientation": "h", "yanchor": "top", "y": -0.08, "x": 0, "xanchor": "left"}
    if legend_on_top:
        legend = {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "xanchor": "left"}
    figure.update_layout(
        title={
            "text": html.escape(title),
            "x": 0,
            "xanchor": "left",
            "y": 0.995,
            "yref": "container",
            "yanchor": "top",
        },
        font={"family": palette.FONT_FAMILY, "size": _font_size(large), "color": "#222222"},
        height=height,
        margin={
            "l": 10,
            "r": 10,
            "t": ((80 if large else 60) if title else 40) + (70 if legend_on_top else 0),
            "b": 10,
        },
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend=legend,
    )
    return figure


def _spread(count: int) -> np.ndarray:
    """Vertical offsets for `count` dots with the same score, centred on 0, so none hides another."""
    if count == 1:
        return np.zeros(1)
    return np.linspace(-DOT_SPREAD, DOT_SPREAD, count)


def strip_offsets(scores: pd.Series) -> np.ndarray:
    """Row offsets for one factor's dots: equal scores (to 2 decimals) fan out evenly, others sit on the line."""
    rounded = scores.round(2).to_numpy()
    offsets = np.zeros(len(rounded))
    for value in np.unique(rounded):
        where = np.flatnonzero(rounded == value)
        offsets[where] = _spread(len(where))
    return offsets


def factor_label(name: str, split: bool) -> str:
    """A factor's row label; split factors say so in words (and bold), not only in colour."""
    return f"<b>{html.escape(name)} · {SPLIT_LABEL}</b>" if split else html.escape(name)


def _row_labels(figure: go.Figure, labels: list[str], positions: list[float], *, large: bool) -> None:
    """Write each row's label just above the row, from the left edge, instead of as a y-axis tick."""
    for label, y in zip(labels, positions, strict=True):
        figure.add_annotation(
            x=0,
            xref="paper",
            y=y,
            yref="y",
            text=label,
            showarrow=False,
            xanchor="left",
            yanchor="middle",
            font={"size": _font_size(large) - 1, "color": "#222222"},
        )
    figure.update_yaxes(showticklabels=False)


def factor_strip(
    factors: pd.DataFrame,
    respondent_scores: pd.DataFrame,
    order: list[str],
    framework: Framework,
    *,
    large: bool = False,
) -> go.Figure:
    """Strip plot: one row per factor (order = discussion order, first at the top), a dot per
    participant's score (0-4), the median as a tall bar marker, and split factors labelled 'SPLIT'
    with their dots drawn in the split colour."""
    rows = {factor_id: len(order) - 1 - i for i, factor_id in enumerate(order)}
    split = {f: factors.loc[f, "agreement"] == "split" for f in order}
    figure = go.Figure()
    for is_split, colour, name in ((False, palette.NEUTRAL, "A person's score"), (True, palette.SPLIT, "Split factor")):
        xs: list[float] = []
        ys: list[float] = []
        for factor_id in order:
            if split[factor_id] != is_split:
                continue
            scores = respondent_scores.loc[respondent_scores["factor_id"] == factor_id, "score"].dropna()
            xs += scores.tolist()
            ys += (rows[factor_id] + strip_offsets(scores)).tolist()
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="markers",
                name=name,
                marker={"color": colour, "size": 11 if large else 8, "opacity": 0.75, "line": {"width": 0}},
                hovertemplate="Score %{x:.2f}<extra></extra>",
                showlegend=bool(xs),
            )
        )
    medians = factors.reindex(order)["median"]
    present = medians.dropna()
    figure.add_trace(
        go.Scatter(
            x=present.tolist(),
            y=[rows[f] for f in present.index],
            mode="markers",
            name="Median",
            marker={
                "symbol": "line-ns",
                "size": 34 if large else 26,
                "line": {"width": 4, "color": palette.MEDIAN},
                "color": palette.MEDIAN,
            },
            hovertemplate="Median %{x:.2f}<extra></extra>",
        )
    )
    labels = [factor_label(framework.factor(f).short_name, split[f]) for f in order]
    figure.update_yaxes(
        tickvals=[rows[f] for f in order],
        range=[-0.4, len(order) - 0.4],
        showgrid=True,
        gridcolor="#eeeeee",
        zeroline=False,
    )
    _row_labels(figure, labels, [rows[f] + LABEL_GAP for f in order], large=large)
    _level_axis(figure, framework, large=large)
    per_row = 80 if large else 58
    return _layout(figure, large=large, height=140 + per_row * len(order), title="Each person's score by factor")


def _two_lines(label: str) -> str:
    """Break a long scale label over two lines so five of them fit across a phone screen."""
    words = html.escape(label).split()
    if len(label) <= 9 or len(words) < 2:
        return " ".join(words)
    middle = (len(words) + 1) // 2
    return " ".join(words[:middle]) + "<br>" + " ".join(words[middle:])


def _level_axis(figure: go.Figure, framework: Framework, *, large: bool = False) -> None:
    figure.update_xaxes(
        range=[-0.45, 4.45],
        tickvals=[0, 1, 2, 3, 4],
        ticktext=[f"{level.value}<br>{_two_lines(level.label)}" for level in framework.scale.levels],
        showgrid=True,
        gridcolor="#dddddd",
        zeroline=False,
        side="top",
        tickangle=0,
        tickfont={"size": 18 if large else 12},
    )


def factor_spread(
    factors: pd.DataFrame,
    order: list[str],
    framework: Framework,
    *,
    large: bool = False,
    title: str = "Where the room sits on each factor",
) -> go.Figure:
    """For the projector: per factor the median (a dot) and the middle half of the room (a bar from the
    first to the third quartile), split factors labelled 'SPLIT'; no individual scores."""
    table = factors.reindex(order)
    rows = list(range(len(order) - 1, -1, -1))
    labels = [factor_label(framework.factor(f).short_name, table.loc[f, "agreement"] == "split") for f in order]
    colours = [palette.SPLIT if table.loc[f, "agreement"] == "split" else palette.MEDIAN for f in order]
    figure = go.Figure()
    for row, factor_id, colour in zip(rows, order, colours, strict=True):
        q1, q3 = table.loc[factor_id, "q1"], table.loc[factor_id, "q3"]
        if pd.notna(q1):
            figure.add_trace(
                go.Scatter(
                    x=[q1, q3],
                    y=[row, row],
                    mode="lines",
                    line={"color": colour, "width": 14 if large else 9},
                    opacity=0.35,
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
    figure.add_trace(
        go.Scatter(
            x=table["median"].astype(float).tolist(),
            y=rows,
            mode="markers+text",
            marker={"color": colours, "size": 20 if large else 13, "symbol": "diamond"},
            text=[("" if pd.isna(m) else f"{m:.1f}") for m in table["median"]],
            textposition="middle right",
            name="Median (bar: middle half of the room)",
            hovertemplate="Median %{x:.2f}<extra></extra>",
        )
    )
    figure.update_yaxes(tickvals=rows, range=[-0.4, len(order) - 0.4], zeroline=False, gridcolor="#eeeeee")
    _row_labels(figure, labels, [row + LABEL_GAP for row in rows], large=large)
    _level_axis(figure, framework, large=large)
    per_row = 80 if large else 58
    return _layout(figure, large=large, height=140 + per_row * len(order), title=title)


def continuum_distribution(counts: pd.DataFrame, framework: Framework, *, large: bool = False, title: str) -> go.Figure:
    """Stacked horizontal bars, one per component (or priority area) in the table's order, split into
    how many people chose each stage 1-6 (light to dark, each segment also numbered with its stage);
    the row label carries the median stage. `counts` comes from workshop.continuum_counts."""
    labels = [
        f"{html.escape(str(name))} (median {median:.1f})" if pd.notna(median) else html.escape(str(name))
        for name, median in zip(counts["name"], counts["median"], strict=True)
    ]
    rows = list(range(len(counts)))
    figure = go.Figure()
    for stage in range(1, 7):
        values = counts[stage].astype(int).tolist() if len(counts) else []
        figure.add_trace(
            go.Bar(
                y=rows,
                width=0.5,
                x=values,
                orientation="h",
                name=f"{stage} {html.escape(framework.stage(stage).short_name)}",
                marker={"color": palette.STAGE_SCALE[stage - 1], "line": {"color": "white", "width": 1}},
                text=[f"S{stage}" if v else "" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                textfont={"color": "#111111" if stage <= 3 else "#ffffff"},
                hovertemplate=f"Stage {stage}: %{{x}} people<extra></extra>",
            )
        )
    figure.update_layout(barmode="stack", legend_traceorder="normal", uniformtext={"minsize": 10, "mode": "hide"})
    figure.update_yaxes(range=[len(counts) - 0.5, -0.9], tickvals=rows, zeroline=False)
    _row_labels(figure, labels, [row - 0.5 for row in rows], large=large)
    figure.update_xaxes(dtick=1 if counts.get("n", pd.Series([0])).max() <= 12 else None)
    per_row = 84 if large else 62
    return _layout(figure, large=large, height=240 + per_row * max(1, len(counts)), title=title, legend_on_top=True)


def partner_bars(counts: pd.DataFrame, *, large: bool = False, title: str = "Who has answered") -> go.Figure:
    """Who has answered: per partner type, people who joined and people who submitted (bars, with the
    numbers written on them). `counts` comes from workshop.partner_counts (the Total row is left out)."""
    rows = counts[counts.index != "total"]
    names = [html.escape(str(n)) for n in rows["partner"]]
    positions = list(range(len(rows)))
    figure = go.Figure()
    for column, colour, label in (
        ("joined", palette.colour(4), "Joined"),
        ("submitted", palette.colour(0), "Submitted"),
    ):
        figure.add_trace(
            go.Bar(
                y=positions,
                x=rows[column].astype(int).tolist(),
                orientation="h",
                name=label,
                marker={"color": colour},
                text=rows[column].astype(int).tolist(),
                textposition="outside",
                hovertemplate=f"{label}: %{{x}}<extra></extra>",
            )
        )
    figure.update_layout(barmode="group", bargap=0.35)
    figure.update_yaxes(range=[len(rows) - 0.5, -0.95], tickvals=positions, zeroline=False)
    _row_labels(figure, names, [row - 0.55 for row in positions], large=large)
    figure.update_xaxes(rangemode="tozero")
    per_row = 84 if large else 60
    return _layout(figure, large=large, height=160 + per_row * max(1, len(rows)), title=title, legend_on_top=True)

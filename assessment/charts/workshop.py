"""Workshop charts: the room's individual factor scores as a strip plot with the median and a 'split'
flag, the spread of factors without individual dots (for the projector), the continuum distribution
by component or priority area, who has answered, and the scores the room agreed.

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
from assessment.passes import STILL_SPLIT, UNCERTAIN

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
            "t": ((80 if large else 60) if title else 10) + (70 if legend_on_top else 0),
            "b": 10,
        },
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend=legend,
    )
    # Room for every axis label: a tick label is never cut off at the chart's edge.
    figure.update_xaxes(automargin=True)
    figure.update_yaxes(automargin=True)
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
                text=[f"Stage {stage}" if v else "" for v in values],
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
    """Who has answered: per partner type, a pale bar for the people who joined with a dark bar over it
    for those who submitted, and '4 of 5' written beside it. `counts` comes from
    workshop.partner_counts (the Total row is left out)."""
    rows = counts[counts.index != "total"]
    names = [html.escape(str(n)) for n in rows["partner"]]
    positions = list(range(len(rows)))
    joined, submitted = rows["joined"].astype(int).tolist(), rows["submitted"].astype(int).tolist()
    figure = go.Figure()
    for values, colour, label, text in (
        (joined, palette.colour(4), "Joined", [f"{s} of {j}" for s, j in zip(submitted, joined, strict=True)]),
        (submitted, palette.colour(0), "Submitted", None),
    ):
        figure.add_trace(
            go.Bar(
                y=positions,
                x=values,
                width=0.5,
                orientation="h",
                name=label,
                marker={"color": colour},
                text=text,
                textposition="outside",
                cliponaxis=False,
                hovertemplate=f"{label}: %{{x}}<extra></extra>",
            )
        )
    figure.update_layout(barmode="overlay")
    figure.update_yaxes(range=[len(rows) - 0.5, -0.95], tickvals=positions, zeroline=False)
    _row_labels(figure, names, [row - 0.55 for row in positions], large=large)
    figure.update_xaxes(rangemode="tozero", dtick=1 if max(joined, default=0) <= 12 else None)
    per_row = 70 if large else 50
    return _layout(figure, large=large, height=160 + per_row * max(1, len(rows)), title=title, legend_on_top=True)


def agreed_scores(factors: pd.DataFrame, framework: Framework, *, large: bool = False, title: str = "") -> go.Figure:
    """For the projector: one bar per factor (framework order, first at the top) to the score the room
    agreed, written on it; a factor with no agreed score yet gets a pale bar to the room's median, labelled
    'median, not agreed yet'. factors: RoundResult.factors."""
    table = factors.reindex([f.id for f in framework.factors])
    rows = list(range(len(table) - 1, -1, -1))
    figure = go.Figure()
    for agreed, colour, name in (
        (True, palette.MEDIAN, "Agreed score"),
        (False, palette.NEUTRAL, "Median, not agreed yet"),
    ):
        chosen = table["consensus"].notna() == agreed
        values = (table["consensus"] if agreed else table["median"]).where(chosen).astype(float)
        figure.add_trace(
            go.Bar(
                x=values.fillna(0).tolist(),
                y=rows,
                orientation="h",
                width=0.45,
                name=name,
                marker={"color": colour, "opacity": 1 if agreed else 0.45},
                text=[
                    "" if pd.isna(v) else (f"{v:g}" if agreed else f"{v:.1f} median, not agreed yet") for v in values
                ],
                textposition="outside",
                cliponaxis=False,
                hovertemplate=f"{name}: %{{x:.1f}}<extra></extra>",
                showlegend=bool(chosen.any()),
            )
        )
    figure.update_layout(barmode="overlay")
    figure.update_yaxes(tickvals=rows, range=[-0.5, len(rows) - 0.1], zeroline=False, showgrid=False)
    names = [html.escape(framework.factor(f).short_name) for f in table.index]
    _row_labels(figure, names, [row + LABEL_GAP for row in rows], large=large)
    _level_axis(figure, framework, large=large)
    per_row = 80 if large else 58
    return _layout(figure, large=large, height=140 + per_row * len(rows), title=title)


ROWS_PER_FACTOR = 2.8  # the first answers' bar, the latest pass's, and the next factor's name


def _pass_text(median: float, at_median: float, within_one: float) -> str:
    """A bar's words: '80% within one level · median 2.0 · 40% at it' ('nobody scored it' without a median)."""
    if pd.isna(median):
        return "nobody scored it"
    return f"{within_one:.0%} within one level · median {median:.1f} · {at_median:.0%} at it"


def rescore_movement(moved: pd.DataFrame, *, large: bool = False, title: str = "") -> go.Figure:
    """For the projector: per re-scored factor (moved: passes.movement, first at the top) two bars, the
    first answers and the latest pass, each as long as the share of the room within one level of the
    median and labelled with that share, the median and the share at it; each factor's name says in
    words whether it is now split ('STILL SPLIT', 'UNCERTAIN') or not."""
    count = len(moved)
    # Two bars a factor with its name above them, the first factor at the top.
    first_rows = [ROWS_PER_FACTOR * (count - 1 - i) + 1 for i in range(count)]
    latest_rows = [row - 1 for row in first_rows]
    figure = go.Figure()
    latest_colours = [palette.SPLIT if split else palette.AGREEMENT for split in moved["latest_split"]]
    for name, prefix, rows, colour in (
        ("First answers", "first", first_rows, palette.NEUTRAL),
        ("After re-scoring", "latest", latest_rows, latest_colours),
    ):
        shares = moved[f"{prefix}_within_one"].astype(float)
        figure.add_trace(
            go.Bar(
                x=shares.tolist(),
                y=rows,
                orientation="h",
                width=0.75,
                name=name,
                marker={"color": colour},
                text=[
                    _pass_text(m, a, w)
                    for m, a, w in zip(moved[f"{prefix}_median"], moved[f"{prefix}_at_median"], shares, strict=True)
                ],
                textposition="outside",
                cliponaxis=False,
                hovertemplate=f"{name}: %{{x:.0%}} within one level<extra></extra>",
            )
        )
    labels = [
        f"<b>{html.escape(name)} · {status.upper()}</b>" if status in {STILL_SPLIT, UNCERTAIN} else html.escape(name)
        for name, status in zip(moved["name"], moved["status"], strict=True)
    ]
    _row_labels(figure, labels, [row + 0.75 for row in first_rows], large=large)
    figure.update_yaxes(range=[-0.5, ROWS_PER_FACTOR * (count - 1) + 2], zeroline=False, showgrid=False)
    # Room to the right of a full bar for its words.
    figure.update_xaxes(
        range=[-0.02, 2.05],
        tickvals=[0, 0.25, 0.5, 0.75, 1],
        ticktext=["0%", "25%", "50%", "75%", "100%"],
        showgrid=True,
        gridcolor="#dddddd",
        zeroline=False,
        side="top",
        tickfont={"size": 18 if large else 12},
    )
    per_factor = 170 if large else 120
    figure = _layout(figure, large=large, height=170 + per_factor * count, title=title)
    figure.update_layout(legend={"traceorder": "normal"})
    return figure

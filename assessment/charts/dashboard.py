"""Figures of the area dashboard and of comparing areas: pure functions of the tables in
assessment.dashboard and assessment.compare, so they can be tested without Streamlit.

Every figure labels its marks with text or marker shapes as well as colour, keeps its axes fixed
(0-4 for factors, stages 1-6 for the continuum) so that two charts can be compared by eye, and
escapes names that users typed, since plotly renders some HTML tags.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from assessment.agreement import split_label
from assessment.charts import palette
from assessment.framework import Framework
from assessment.rounding import percent_text, stage_text

FONT_SIZE = 14
ROW_HEIGHT = 34
MANY_AREAS = 25  # above this the continuum strip shows dots without names, to keep labels apart


def _text(value: object) -> str:
    return html.escape(str(value))


def _trace(kind: str, **properties: object) -> dict:
    return {"type": kind, **properties}


def _figure(traces: list[dict], layout: dict, height: int, **extra: object) -> go.Figure:
    """A figure from plain trace and layout dicts with the app's font, margins and legend.

    Built without plotly's property validation, which costs more than the rest of a page; the tests
    check the figures' properties instead."""
    settings: dict[str, object] = {
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "font": {"family": palette.FONT_FAMILY, "size": FONT_SIZE, "color": "#262730"},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.08, "x": 0, "font": {"size": FONT_SIZE}},
    }
    return go.Figure(data=traces, layout=settings | layout | extra, _validate=False)


def _share_label(share: float) -> str:
    """'45%' for a share, '<1%' for a sliver (rounding.percent_text); '' for none."""
    return "" if share <= 0 else percent_text(share)


def wrap(label: str, width: int = 12) -> str:
    """An escaped label broken onto lines of about `width` characters (at spaces and slashes), so that
    neighbouring axis labels never run into each other."""
    words = str(label).replace("/", "/ ").split(" ")
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + len(word) + 1 <= width:
            joiner = "" if lines[-1].endswith("/") else " "
            lines[-1] = f"{lines[-1]}{joiner}{word}"
        else:
            lines.append(word)
    return "<br>".join(_text(line) for line in lines if line)


def stage_ticks(framework: Framework, *, top: bool = False) -> tuple[list[int], list[str]]:
    """Tick values 1-6 and labels: the stage number next to the axis and its name beyond it, the names of
    even stages a line further out than odd ones, so that on a phone no two neighbouring names touch.
    top: for an axis above the plot, whose labels stack upwards."""
    labels = []
    for stage in framework.stages:
        name = wrap(stage.short_name, 12)
        spacer = "<br> " if stage.number % 2 == 0 else ""
        labels.append(f"{name}{spacer}<br>{stage.number}" if top else f"{stage.number}{spacer}<br>{name}")
    return list(range(1, 7)), labels


def wrapped_rows(labels: Sequence[str], width: int = 18) -> tuple[list[str], int]:
    """Row labels (escaped) broken onto lines of about `width` characters, so that long names leave room
    for the cells on a phone, and the most lines any label takes."""
    wrapped = [wrap(label, width) for label in labels]
    return wrapped, max((w.count("<br>") + 1 for w in wrapped), default=1)


# -- the continuum strip -------------------------------------------------------------------------


@dataclass(frozen=True)
class StripMarker:
    """One labelled point on the continuum strip (row: which line of the strip it sits on)."""

    row: str
    stage: float
    label: str
    symbol: str
    colour: str
    low: float | None = None  # a range drawn behind the marker, such as the middle half of the items
    high: float | None = None
    label_below: bool = False  # neighbouring options alternate above and below, so labels never touch


def continuum_strip(framework: Framework, shares: pd.Series, markers: Sequence[StripMarker]) -> go.Figure:
    """The six stages left to right: bars with the share of answers at each stage above, and below
    them one line per marker row (this round, consensus, previous round, options)."""
    rows = list(dict.fromkeys(m.row for m in markers))
    stages = list(range(1, 7))
    values = [float(shares.get(s, 0.0)) for s in stages]
    # Two stacked panels on hand-set axes: make_subplots costs more than the rest of the page.
    traces: list[dict] = [
        _trace(
            "bar",
            x=stages,
            y=values,
            xaxis="x",
            yaxis="y",
            text=[_share_label(v) for v in values],
            textposition="outside",
            cliponaxis=False,
            marker={"color": palette.STAGE_SCALE[3], "line": {"color": palette.MEDIAN, "width": 1}},
            name="Share of answers",
            hovertemplate="Stage %{x}: %{y:.0%} of answers<extra></extra>",
            showlegend=False,
        )
    ]
    for marker in markers:
        if marker.low is not None and marker.high is not None:
            traces.append(
                _trace(
                    "scatter",
                    x=[marker.low, marker.high],
                    y=[marker.row, marker.row],
                    xaxis="x2",
                    yaxis="y2",
                    mode="lines",
                    line={"color": palette.BENCHMARK_BAND.replace("0.25", "0.6"), "width": 14},
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
        traces.append(
            _trace(
                "scatter",
                x=[marker.stage],
                y=[marker.row],
                xaxis="x2",
                yaxis="y2",
                mode="markers+text",
                marker={
                    "symbol": marker.symbol,
                    "size": 16,
                    "color": marker.colour,
                    "line": {"color": "white", "width": 1},
                },
                text=[_text(marker.label)],
                textposition="bottom center" if marker.label_below else "top center",
                cliponaxis=False,
                name=_text(marker.label),
                hovertemplate=f"{_text(marker.row)}: %{{x:.1f}}<extra></extra>",
                showlegend=False,
            )
        )
    tickvals, ticktext = stage_ticks(framework)
    axis = {"range": [0.5, 6.5], "tickvals": tickvals, "showgrid": True, "gridcolor": "#e6e6e6"}
    layout = {
        "xaxis": axis | {"showticklabels": False, "domain": [0, 1], "anchor": "y"},
        "xaxis2": axis
        | {
            "ticktext": ticktext,
            "domain": [0, 1],
            "anchor": "y2",
            "matches": "x",
            "tickangle": 0,
            "tickfont": {"size": 12},
        },
        "yaxis": {"visible": False, "range": [0, max(max(values), 0.01) * 1.35], "domain": [0.58, 1]},
        "yaxis2": {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": list(reversed(rows)),
            "range": [-0.9, len(rows) - 0.2],
            "showgrid": False,
            "domain": [0, 0.54],
            "anchor": "x2",
        },
    }
    return _figure(traces, layout, 200 + 48 * len(rows), margin={"l": 10, "r": 20, "t": 10, "b": 10})


def strip_markers(
    framework: Framework,
    position: float | None,
    lower: int | None,
    upper: int | None,
    consensus: float | None,
    previous: float | None,
) -> list[StripMarker]:
    """The markers of an area's continuum strip: this round (with the middle half of its items), the
    agreed position, the previous round and each structural option's stage."""
    markers = []
    if position is not None:
        markers.append(
            StripMarker("This round", position, stage_text(position), "diamond", palette.MEDIAN, low=lower, high=upper)
        )
    if consensus is not None:
        markers.append(StripMarker("Agreed", consensus, stage_text(consensus), "star", palette.CONSENSUS))
    if previous is not None:
        markers.append(StripMarker("Last round", previous, stage_text(previous), "circle-open", palette.NEUTRAL))
    for index, option in enumerate(o for o in framework.options if o.stage is not None):
        # The stage's name is on the axis under the marker, so the marker carries the option's number.
        short = framework.option_number(option.id)
        markers.append(
            StripMarker(
                "Options",
                option.stage,
                short,
                palette.marker(index + 2),
                palette.colour(index + 1),
                label_below=index % 2 == 1,
            )
        )
    return markers


# -- success factors ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RadarSeries:
    """One closed line on the radar: a label and a median (or NaN) per factor, in framework order."""

    label: str
    values: Sequence[float]
    style: int = 0  # index into the palette's colours and markers
    dashed: bool = False


def factor_radar(
    framework: Framework,
    series: Sequence[RadarSeries],
    band: tuple[Sequence[float], Sequence[float]] | None = None,
    band_label: str = "Middle half of other areas",
    height: int = 520,
) -> go.Figure:
    """The eight success factors on a fixed 0-4 radar: a shaded band (q1 to q3 of other areas) and one
    line per series, each with its own colour, marker shape and dash."""
    names = [wrap(f.short_name, 10) for f in framework.factors]
    closed = [*names, names[0]]
    traces = []
    if band is not None and not np.all(np.isnan(np.asarray(band[1], dtype=float))):
        low = [float(v) if not np.isnan(v) else 0.0 for v in band[0]]
        high = [float(v) if not np.isnan(v) else 0.0 for v in band[1]]
        # One path out along the upper quartiles and back along the lower ones fills only the ring between.
        traces.append(
            _trace(
                "scatterpolar",
                r=[*high, high[0], low[0], *reversed(low)],
                theta=[*closed, names[0], *reversed(names)],
                fill="toself",
                fillcolor=palette.BENCHMARK_BAND,
                line={"color": "rgba(0,0,0,0)"},
                name=_text(band_label),
                hoverinfo="skip",
            )
        )
    for item in series:
        values = [None if v is None or np.isnan(v) else round(float(v), 2) for v in item.values]
        traces.append(
            _trace(
                "scatterpolar",
                r=[*values, values[0]],
                theta=closed,
                mode="lines+markers",
                line={"color": palette.colour(item.style), "width": 3, "dash": "dash" if item.dashed else "solid"},
                marker={"symbol": palette.marker(item.style), "size": 10},
                name=_text(item.label),
                connectgaps=False,
                hovertemplate="%{theta}: %{r:.1f}<extra>" + _text(item.label) + "</extra>",
            )
        )
    polar = {
        # The radial scale sits between the first two factors, clear of their spokes and labels.
        "radialaxis": {"range": [0, 4], "tickvals": [0, 1, 2, 3, 4], "angle": 67.5, "tickfont": {"size": 12}},
        "angularaxis": {"direction": "clockwise", "rotation": 90},
    }
    # The legend sits well below the bottom factor's (two-line) label.
    legend = {"orientation": "h", "yanchor": "top", "y": -0.2, "x": 0.5, "xanchor": "center"}
    return _figure(traces, {"polar": polar}, height, margin={"l": 90, "r": 90, "t": 40, "b": 100}, legend=legend)


def agreement_chart(framework: Framework, spread: pd.DataFrame) -> go.Figure:
    """Per factor, the middle half of the room's scores (q1 to q3) as a bar with the median on it; split
    factors get a cross marker, a different colour and the word 'split' with the share outside (under the
    count rule, how many of how many)."""
    ordered = spread.reindex([f.id for f in framework.factors])
    names = [_text(f.short_name) for f in framework.factors]
    traces = []
    for split in (False, True):
        mask = (ordered["agreement"] == "split").to_numpy() == split
        if not mask.any():
            continue
        colour = palette.SPLIT if split else palette.AGREEMENT
        rows = ordered[mask]
        y = [n for n, m in zip(names, mask, strict=True) if m]
        traces.append(
            _trace(
                "bar",
                y=y,
                x=(rows["q3"] - rows["q1"]).astype(float).fillna(0).tolist(),
                base=rows["q1"].astype(float).tolist(),
                orientation="h",
                marker={"color": colour, "opacity": 0.35},
                width=0.5,
                hoverinfo="skip",
                showlegend=False,
            )
        )
        labels = [
            split_label(share, int(n), framework.agreement) if split else f"{median:.1f}"
            for share, n, median in zip(
                rows["outside_share"].fillna(0), rows["n"].fillna(0), rows["median"].fillna(np.nan), strict=True
            )
        ]
        traces.append(
            _trace(
                "scatter",
                y=y,
                x=rows["median"].astype(float).tolist(),
                mode="markers+text",
                marker={"symbol": "x" if split else "circle", "size": 14, "color": colour},
                text=labels,
                textposition="middle right",
                cliponaxis=False,
                name="Split: median and middle half" if split else "Agreement: median and middle half",
                hovertemplate="%{y}: median %{x:.1f}<extra></extra>",
            )
        )
    layout = {
        "xaxis": {
            "range": [0, 4],
            "dtick": 1,
            "title": {"text": "Score (0 not in place, 4 embedded)"},
            "gridcolor": "#e6e6e6",
        },
        "yaxis": {"categoryorder": "array", "categoryarray": list(reversed(names))},
    }
    # Room on the right for the 'split' labels next to a median near 4.
    legend = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0}
    return _figure(
        traces,
        layout,
        150 + ROW_HEIGHT * len(names),
        margin={"l": 10, "r": 260, "t": 40, "b": 10},
        barmode="overlay",
        legend=legend,
    )


# -- grids ----------------------------------------------------------------------------------------


def share_heatmap(framework: Framework, shares: pd.DataFrame) -> go.Figure:
    """Items (rows: components or priority areas) x the six stages, each cell the share of that item's
    answers at that stage, written in the cell."""
    z = shares[list(range(1, 7))].to_numpy(dtype=float)
    text = [[_share_label(v) for v in row] for row in z]
    y, lines = wrapped_rows(
        [
            f"{name} ({n} {'person' if n == 1 else 'people'})"
            for name, n in zip(shares["name"], shares["n"], strict=True)
        ]
    )
    tickvals, ticktext = stage_ticks(framework, top=True)
    trace = _trace(
        "heatmap",
        z=z,
        x=tickvals,
        y=y,
        text=text,
        texttemplate="%{text}",
        textfont={"size": 11},
        zmin=0,
        zmax=1,
        colorscale=[[0, "#ffffff"], [0.5, palette.STAGE_SCALE[3]], [1, palette.STAGE_SCALE[5]]],
        showscale=False,  # every cell has its share written in it
        hovertemplate="%{y}<br>Stage %{x}: %{z:.0%}<extra></extra>",
        xgap=2,
        ygap=2,
    )
    layout = {
        "xaxis": {"tickvals": tickvals, "ticktext": ticktext, "side": "top", "tickangle": 0, "tickfont": {"size": 12}},
        "yaxis": {"autorange": "reversed", "tickfont": {"size": 12}},
    }
    height = 120 + _row_height(lines) * max(len(y), 1)
    return _figure([trace], layout, height, margin={"l": 10, "r": 10, "t": 100, "b": 10})


def _row_height(lines: int) -> int:
    """Pixels per heatmap row whose labels take up to `lines` lines of 12 px type."""
    return max(ROW_HEIGHT, 15 * lines + 8)


def score_heatmap(
    framework: Framework, rows: Sequence[str], medians: np.ndarray, notes: Sequence[str | None] | None = None
) -> go.Figure:
    """Rows (partner types or areas) x the eight factors, each cell the median written in it (0-4 scale).
    A row with a note (such as 'too few to show') has it added to its label and shows no numbers."""
    medians = np.asarray(medians, dtype=float)
    notes = list(notes) if notes is not None else [None] * len(rows)
    many = len(rows) > 40
    text = [["" if note or np.isnan(v) else f"{v:.1f}" for v in row] for row, note in zip(medians, notes, strict=True)]
    z = np.where(np.array([[bool(note)] for note in notes], dtype=bool), np.nan, medians) if len(rows) else medians
    labels = [f"{row}, {note}" if note else str(row) for row, note in zip(rows, notes, strict=True)]
    y, lines = wrapped_rows(labels, 22 if many else 18)
    # Names on one line: plotly slants them when the columns are too narrow for them (a phone); the
    # non-breaking spaces count as part of a name, so names that would just touch are slanted too.
    # Numbers stay in the cells even for a whole programme, so colour is never the only signal.
    x = [f"\u00a0{_text(f.short_name)}\u00a0" for f in framework.factors]
    trace = _trace(
        "heatmap",
        z=z,
        x=x,
        y=y,
        text=text,
        texttemplate="%{text}",
        textfont={"size": 10 if many else 12},
        zmin=0,
        zmax=4,
        colorscale=[list(stop) for stop in palette.SCORE_SCALE],
        showscale=False,  # every cell has its median written in it
        hovertemplate="%{y}<br>%{x}: %{z:.1f}<extra></extra>",
        hoverongaps=False,
        xgap=2,
        ygap=1 if many else 2,
    )
    layout = {
        "xaxis": {"side": "top", "tickfont": {"size": 11}, "automargin": True},
        "yaxis": {"autorange": "reversed", "tickfont": {"size": 11 if many else 12}},
    }
    height = 100 + (18 if many else _row_height(lines)) * max(len(rows), 1)
    return _figure([trace], layout, height, margin={"l": 10, "r": 10, "t": 30, "b": 10})


# -- trend ----------------------------------------------------------------------------------------


def trend_chart(framework: Framework, trend: pd.DataFrame) -> go.Figure:
    """Small multiples, one per success factor (0-4) and one for the continuum position (1-6), each
    with the rounds' dates along the bottom and the value written at every point."""
    titles = [_text(f.short_name) for f in framework.factors] + ["Continuum position"]
    dates = [d.isoformat() if hasattr(d, "isoformat") else str(d) for d in trend["held_on"]]
    columns = [f.id for f in framework.factors] + ["position"]
    traces, layout, annotations = [], {}, []
    gap_x, gap_y = 0.06, 0.12
    width, height = (1 - 2 * gap_x) / 3, (1 - 2 * gap_y) / 3
    for index, column in enumerate(columns):
        values = trend[column].astype(float)
        row, col = index // 3, index % 3
        suffix = "" if index == 0 else str(index + 1)
        is_position = column == "position"
        x0 = col * (width + gap_x)
        y1 = 1 - row * (height + gap_y)
        traces.append(
            _trace(
                "scatter",
                x=dates,
                y=values.round(2).tolist(),
                xaxis=f"x{suffix}",
                yaxis=f"y{suffix}",
                mode="lines+markers+text",
                text=["" if np.isnan(v) else f"{v:.1f}" for v in values],
                textposition="top center",
                cliponaxis=False,
                line={"color": palette.colour(5 if is_position else 0), "width": 2},
                marker={"symbol": palette.marker(1 if is_position else 0), "size": 9},
                showlegend=False,
                hovertemplate="%{x}: %{y:.1f}<extra>" + titles[index] + "</extra>",
            )
        )
        # Hand-set axes instead of make_subplots, which costs more than the rest of the page.
        layout[f"xaxis{suffix}"] = {
            "domain": [x0, min(1.0, x0 + width)],
            "anchor": f"y{suffix}",
            "type": "category",
            "tickfont": {"size": 12},
        }
        layout[f"yaxis{suffix}"] = {
            "domain": [max(0.0, y1 - height), min(1.0, y1)],
            "anchor": f"x{suffix}",
            "range": [0.5, 6.9] if is_position else [-0.2, 4.6],
            "tickvals": [1, 2, 3, 4, 5, 6] if is_position else [0, 1, 2, 3, 4],
            "gridcolor": "#e6e6e6",
        }
        annotations.append(
            {
                "text": titles[index],
                "x": x0 + width / 2,
                "y": y1,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": FONT_SIZE},
            }
        )
    return _figure(traces, layout | {"annotations": annotations}, 640, margin={"l": 10, "r": 10, "t": 40, "b": 10})


# -- areas on the continuum -------------------------------------------------------------------------


def areas_strip(framework: Framework, table: pd.DataFrame) -> go.Figure:
    """Areas placed on one continuum axis: with a few areas, one line each (name on the left, a bar for
    the middle half of its items and a diamond at its position); with many, one dot per area."""
    table = table.dropna(subset=["position"])
    tickvals, ticktext = stage_ticks(framework, top=True)
    traces = []
    if len(table) <= MANY_AREAS:
        names = [_text(a) for a in table["area"]]
        for name, low, high in zip(names, table["lower"], table["upper"], strict=True):
            traces.append(
                _trace(
                    "scatter",
                    x=[low, high],
                    y=[name, name],
                    mode="lines",
                    line={"color": palette.BENCHMARK_BAND.replace("0.25", "0.6"), "width": 12},
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
        traces.append(
            _trace(
                "scatter",
                x=table["position"].round(2).tolist(),
                y=names,
                mode="markers+text",
                marker={"symbol": "diamond", "size": 14, "color": palette.MEDIAN},
                text=[f"{p:.1f}" for p in table["position"]],
                textposition="middle right",
                name="Position (diamond) and middle half of items (bar)",
                hovertemplate="%{y}: %{x:.1f}<extra></extra>",
            )
        )
        # The first area of the table on top, so the strip reads in the table's order.
        yaxis = {"categoryorder": "array", "categoryarray": list(reversed(names)), "type": "category"}
        height = 130 + ROW_HEIGHT * len(names)
    else:
        jitter = np.random.default_rng(0).uniform(-0.35, 0.35, size=len(table))
        traces.append(
            _trace(
                "scatter",
                x=table["position"].round(2).tolist(),
                y=jitter.tolist(),
                mode="markers",
                marker={"symbol": "diamond", "size": 9, "color": palette.MEDIAN, "opacity": 0.7},
                text=[_text(a) for a in table["area"]],
                name=f"{len(table)} areas (hover for names; every value is in the table)",
                hovertemplate="%{text}: %{x:.1f}<extra></extra>",
            )
        )
        yaxis = {"visible": False, "range": [-0.6, 0.6]}
        height = 260
    xaxis = {
        "range": [0.5, 6.5],
        "tickvals": tickvals,
        "ticktext": ticktext,
        "gridcolor": "#e6e6e6",
        "side": "top",
        "tickangle": 0,
        "tickfont": {"size": 12},
    }
    layout = {"xaxis": xaxis, "yaxis": yaxis, "showlegend": True}
    return _figure(traces, layout, height, margin={"l": 10, "r": 40, "t": 60, "b": 10})

"""Plotly figures for the structural options: step change, readiness, the weighted appraisal and its
sensitivity. Pure functions of scored data; labels from user text (hybrid names) are HTML-escaped."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from assessment.appraisal import WeightSensitivity, ranked
from assessment.charts.palette import AGREEMENT, FONT_FAMILY, MEDIAN, NEUTRAL, SPLIT, colour
from assessment.framework import Framework, Option
from assessment.models import MAX_WEIGHT
from assessment.scoring import OptionAssessment

PATTERNS = ("", "/", ".", "x", "\\", "+", "-", "|")


def _label(text: str, width: int = 28) -> str:
    """Escape user text for plotly and wrap it onto lines of about width characters."""
    words, lines, line = html.escape(text).split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def _layout(figure: go.Figure, height: int, **extra: object) -> go.Figure:
    figure.update_layout(
        height=height,
        margin={"l": 10, "r": 20, "t": 30, "b": 40},
        font={"family": FONT_FAMILY, "size": 13},
        plot_bgcolor="white",
        paper_bgcolor="white",
        **extra,
    )
    return figure


def step_change_figure(
    assessments: Sequence[OptionAssessment],
    position: float | None,
    framework: Framework,
    labels: Mapping[str, str] | None = None,
) -> go.Figure:
    """One row per option (labelled by labels[id], else its name): an arrow from today's continuum
    position to the option's stage, labelled with the step change in stages."""
    figure = go.Figure()
    labels = labels or {a.id: a.name for a in assessments}
    names = [_label(labels[a.id], 18) for a in assessments]
    if position is not None:
        figure.add_trace(
            go.Scatter(
                x=[position] * len(assessments),
                y=names,
                mode="markers",
                marker={"symbol": "circle", "size": 12, "color": NEUTRAL},
                name=f"Where the partnership is now ({position:.1f})",
                hovertemplate="Now: %{x:.1f}<extra></extra>",
            )
        )
    staged = [a for a in assessments if a.stage is not None]
    figure.add_trace(
        go.Scatter(
            x=[a.stage for a in staged],
            y=[_label(labels[a.id], 18) for a in staged],
            mode="markers+text",
            marker={"symbol": "diamond", "size": 14, "color": MEDIAN},
            text=[_gap_text(a.gap) for a in staged],
            textposition="top center",
            name="Where the option puts it",
            hovertemplate="Option stage: %{x}<extra></extra>",
        )
    )
    for assessment in staged:
        if position is not None and assessment.gap:
            figure.add_annotation(
                x=assessment.stage,
                y=_label(labels[assessment.id], 18),
                ax=position,
                ay=_label(labels[assessment.id], 18),
                xref="x",
                yref="y",
                axref="x",
                ayref="y",
                showarrow=True,
                arrowhead=3,
                arrowwidth=2,
                arrowcolor=MEDIAN,
                standoff=8,
            )
    figure.update_xaxes(
        range=[0.6, 6.9],
        tickvals=list(range(1, 7)),
        ticktext=[str(s.number) for s in framework.stages],
        tickangle=0,
        showgrid=True,
        gridcolor="#e5e5e5",
        title=_label(
            f"Continuum stage (1 {framework.stage(1).short_name.lower()} to 6 {framework.stage(6).short_name.lower()})",
            26,
        ),
    )
    figure.update_yaxes(autorange="reversed", title=None)
    return _layout(figure, 90 + 70 * len(assessments), legend={"orientation": "h", "y": -0.25})


def _gap_text(gap: float | None) -> str:
    if gap is None:
        return ""
    if abs(gap) < 0.05:
        return "  no change"
    return f"  {gap:+.1f} stages"


def readiness_figure(
    framework: Framework,
    factor_medians: Mapping[str, float],
    options: Sequence[Option],
    labels: Mapping[str, str] | None = None,
) -> go.Figure:
    """A grid of success factors (rows) by options (columns, headed labels[id], else the framework's
    option label): each prerequisite shown as met (filled circle) or short (cross), with 'level needed /
    room's median' written under it."""
    labels = labels or {o.id: framework.option_label(o.id) for o in options}
    rows = {"met": ([], [], []), "short": ([], [], [])}
    for option in options:
        for factor in framework.factors:
            needed = option.prerequisites.get(factor.id)
            if needed is None:
                continue
            have = factor_medians.get(factor.id)
            met = have is not None and not pd.isna(have) and have >= needed
            xs, ys, texts = rows["met" if met else "short"]
            xs.append(_label(labels[option.id], 16))
            ys.append(factor.short_name)
            texts.append(f"{needed} / {'-' if have is None or pd.isna(have) else f'{have:.1f}'}")
    figure = go.Figure()
    for key, symbol, shade, name in (
        ("met", "circle", AGREEMENT, "Met"),
        ("short", "x", SPLIT, "Below what the option needs"),
    ):
        xs, ys, texts = rows[key]
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="markers+text",
                marker={"symbol": symbol, "size": 16, "color": shade},
                text=texts,
                textposition="bottom center",
                textfont={"size": 11},
                name=name,
                hovertemplate="%{y}: needs / has %{text}<extra>" + name + "</extra>",
            )
        )
    figure.update_xaxes(
        categoryorder="array",
        categoryarray=[_label(labels[o.id], 16) for o in options],
        side="top",
        range=[-0.6, len(options) - 0.4],
    )
    figure.update_yaxes(
        categoryorder="array", categoryarray=[f.short_name for f in framework.factors], autorange="reversed"
    )
    return _layout(figure, 120 + 48 * len(framework.factors), legend={"orientation": "h", "y": -0.05})


def appraisal_figure(
    parts: pd.DataFrame, table: pd.DataFrame, names: Mapping[str, str], criterion_names: Mapping[str, str]
) -> go.Figure:
    """Stacked horizontal bars, best option on top: each segment is what one criterion contributes to
    the weighted score (0-4), with the total and rank written at the end of the bar."""
    order = ranked(table)
    figure = go.Figure()
    labels = [_label(names[o], 18) for o in order]
    for index, criterion_id in enumerate(parts.columns):
        figure.add_trace(
            go.Bar(
                x=parts.loc[order, criterion_id],
                y=labels,
                orientation="h",
                name=html.escape(criterion_names[criterion_id]),
                marker={"color": colour(index), "pattern": {"shape": PATTERNS[index % len(PATTERNS)]}},
                hovertemplate=html.escape(criterion_names[criterion_id]) + ": %{x:.2f}<extra></extra>",
            )
        )
    figure.add_trace(
        go.Scatter(
            x=table.loc[order, "score"],
            y=labels,
            mode="text",
            text=[f"  {table.loc[o, 'score']:.2f}  (rank {int(table.loc[o, 'rank'])})" for o in order],
            textposition="middle right",
            showlegend=False,
            hoverinfo="skip",
        )
    )
    figure.update_xaxes(range=[0, 5.2], tickvals=[0, 1, 2, 3, 4], title="Weighted score (0 to 4)")
    figure.update_yaxes(autorange="reversed")
    figure = _layout(
        figure,
        170 + 60 * max(1, len(order)),
        barmode="stack",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "traceorder": "normal"},
    )
    figure.update_layout(margin={"t": 70})
    return figure


def sensitivity_figure(
    sensitivities: Sequence[WeightSensitivity], criterion_names: Mapping[str, str], max_weight: float = MAX_WEIGHT
) -> go.Figure:
    """One row per criterion: a bar over the weights at which the ranking stays as it is, with a dot at
    the current weight; where the bar stops, two options would tie."""
    figure = go.Figure()
    labels = [_label(criterion_names[s.criterion_id], 16) for s in sensitivities]
    lows = [0.0 if s.lowest is None else s.lowest for s in sensitivities]
    highs = [max_weight if s.highest is None else s.highest for s in sensitivities]
    figure.add_trace(
        go.Bar(
            x=[h - lo for lo, h in zip(lows, highs, strict=True)],
            base=lows,
            y=labels,
            orientation="h",
            marker={"color": "rgba(0, 114, 178, 0.25)", "line": {"color": MEDIAN, "width": 1}},
            name="Weights that keep the ranking",
            text=[_range_text(s, max_weight) for s in sensitivities],
            textposition="outside",
            hovertemplate="%{y}<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=[s.weight for s in sensitivities],
            y=labels,
            mode="markers",
            marker={"symbol": "circle", "size": 11, "color": MEDIAN},
            name="Weight now",
            hovertemplate="Weight now: %{x:g}<extra></extra>",
        )
    )
    figure.update_xaxes(range=[0, max_weight * 1.6], tickvals=[0, 25, 50, 75, 100], title="Weight (points)")
    figure.update_yaxes(autorange="reversed")
    return _layout(figure, 120 + 55 * len(sensitivities), legend={"orientation": "h", "y": -0.3})


def _range_text(s: WeightSensitivity, max_weight: float) -> str:
    """'changes at 11.7 and 55' style: the weights at which two options tie."""
    if s.margin is None:
        return "never changes"
    if s.margin == 0:
        return "any change"
    limits = [f"{w:.1f}".removesuffix(".0") for w in (s.lowest, s.highest) if w is not None]
    return "changes at " + " and ".join(limits)

"""The Findings section: where the partnership sits on the continuum, its components and priority
areas, and the eight success factors beside the other areas, with the dashboard's two charts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from docx.document import Document

from assessment.charts.dashboard import RadarSeries, continuum_strip, factor_radar, strip_markers
from assessment.dashboard import strip_table
from assessment.dates import british_date
from assessment.framework import Framework
from assessment.models import ItemKind
from assessment.paper import document as doc
from assessment.paper.gather import PaperData
from assessment.passes import UNCERTAIN_MEANING
from assessment.rounding import stage_text
from assessment.scoring import PERCENTILE_RULE, SCORE_RULE

# Short headers, so that the narrow columns of numbers need not break a word; the caption says more.
FACTOR_HEADER = (
    "Success factor",
    "Median",
    "Agreed",
    "The room's reason",
    "Score used",
    "Split",
    "Change",
    "Percentile",
)
POSITION_LABEL = "Continuum position (1 to 6)"
KIND_WORDS = {ItemKind.COMPONENT.value: "Component", ItemKind.PRIORITY.value: "Priority area"}


@dataclass(frozen=True)
class Chart:
    """A chart of the paper: its figure, its name, its alternative text and its numbers as a table."""

    name: str
    figure: go.Figure
    alt_text: str
    header: Sequence[str]
    rows: list[list[object]]


def number(value: object, digits: int = 2, sign: bool = False) -> str | None:
    """A number as the paper prints it (the summary's rounding); None for no number."""
    if value is None or pd.isna(value):
        return None
    return f"{float(value):{'+' if sign else ''}.{digits}f}"


def charts(framework: Framework, data: PaperData) -> tuple[Chart, Chart]:
    """The continuum strip and the factor radar, drawn from what the dashboard draws them from."""
    board = data.board
    result, bench = board.result, board.benchmark
    agreed, _items = board.consensus_position
    previous = board.previous.position if board.previous else None
    markers = strip_markers(framework, result.position, result.lower, result.upper, agreed, previous)
    strip = strip_table(framework, board.answer_shares, markers)
    continuum = Chart(
        "Where the partnership sits on the continuum",
        continuum_strip(framework, board.answer_shares, markers),
        "Chart of the six continuum stages: bars give the share of all continuum answers at each stage; "
        "below them, markers show this round's position"
        + ("" if previous is None else ", the last round's")
        + ("" if agreed is None else ", the agreed position")
        + " and the stage of each structural option. The table after the chart gives every value.",
        ("Line", "Stage", "Value"),
        strip.values.tolist(),
    )
    peers = int(bench["n_areas"].max()) if len(bench) else 0
    series = [RadarSeries("This round", result.factors["score"].tolist(), style=0)]
    if board.previous is not None:
        series.append(RadarSeries("Previous round", board.previous.factors["score"].tolist(), style=7, dashed=True))
    band = (bench["peer_q1"].tolist(), bench["peer_q3"].tolist()) if peers else None
    radar = Chart(
        "The eight success factors (0 to 4)",
        factor_radar(framework, series, band, band_label=f"Middle half of {peers} other areas"),
        "Radar chart of the eight success factors on a scale of 0 to 4: a line for this round's scores"
        + ("" if board.previous is None else ", a dashed line for the previous round's")
        + (f", and a shaded band for the middle half of {peers} other areas" if peers else "")
        + ". The table after the chart gives every value.",
        (
            "Success factor",
            "This round",
            "Previous round",
            "Other areas: lower quartile",
            "Other areas: upper quartile",
        ),
        [
            [
                row["short_name"],
                number(row["score"]),
                number(row["previous"]),
                number(row["peer_q1"]),
                number(row["peer_q3"]),
            ]
            for _id, row in bench.iterrows()
        ],
    )
    return continuum, radar


def write_findings(document: Document, framework: Framework, data: PaperData, images: dict[str, bytes]) -> None:
    """Findings: the continuum sentence and change, the continuum chart, the components and priority
    areas, the factor table and the radar (images: chart name -> PNG; a chart without one is left out)."""
    board = data.board
    result = board.result
    document.add_heading("Findings", level=1)
    document.add_heading("Where the partnership sits", level=2)
    doc.paragraph(document, result.sentence)
    doc.paragraph(document, number(result.position) or "none yet", label=POSITION_LABEL)
    doc.paragraph(document, change_sentence(data))
    continuum, radar = charts(framework, data)
    write_chart(document, continuum, images)
    document.add_heading("Components and priority areas", level=2)
    doc.table(document, ("Kind", "Item", "Stage", "Median", "Agreed", "People"), item_rows(framework, data))
    doc.caption(
        document,
        "The stage is the median of the room's answers, rounded half down. Median: the median stage before "
        "rounding; Agreed: the stage the room agreed, if it agreed one.",
    )
    document.add_heading("The eight success factors", level=2)
    doc.table(document, FACTOR_HEADER, factor_rows(framework, data))
    doc.caption(
        document,
        f"Median: the median of the participants' scores; Agreed: the score the room agreed, with its reason. "
        f"{SCORE_RULE} 'Split' marks a factor the room disagrees on (see the appendix); {UNCERTAIN_MEANING} Change: since the last "
        f"round. Percentile: where the area sits among the other areas. {PERCENTILE_RULE}",
    )
    write_chart(document, radar, images)


def change_sentence(data: PaperData) -> str:
    """The positions the change the continuum sentence ends with runs between, or why it has none."""
    board = data.board
    before = board.previous_round
    if before is None:
        return "This is the area's first self-assessment, so there is no earlier round to compare with."
    change = board.result.change
    if change is None:
        return f"The previous round, on {british_date(before.held_on)}, has no continuum position to compare with."
    return (
        f"At the round of {british_date(change.since)} the partnership stood at {stage_text(change.before)}; it now "
        f"stands at {stage_text(change.now)}."
    )


def item_rows(framework: Framework, data: PaperData) -> list[list[object]]:
    """The components and priority areas with their stages."""
    rows = []
    for (kind, _item_id), row in data.board.result.items.iterrows():
        stage = None if pd.isna(row["stage"]) else int(row["stage"])
        rows.append(
            [
                KIND_WORDS.get(kind, kind),
                row["name"],
                None if stage is None else f"{stage}: {framework.stage(stage).short_name}",
                number(row["median"]),
                number(row["consensus"], 1),
                int(row["n"]),
            ]
        )
    return rows


def factor_rows(framework: Framework, data: PaperData) -> list[list[object]]:
    """Per factor: median, agreed score and the room's reason, score used, split, change, percentile."""
    factors, bench = data.board.result.factors, data.board.benchmark
    rows = []
    for factor in framework.factors:
        row, peer = factors.loc[factor.id], bench.loc[factor.id]
        rows.append(
            [
                factor.name,
                number(row["median"]),
                number(row["consensus"]),
                factor_reason(data, factor.id, uncertain=bool(row["uncertain"])),
                f"{number(row['score'])} ({row['score_source']})" if number(row["score"]) else None,
                "Uncertain" if row["uncertain"] else "Split" if row["agreement"] == "split" else "",
                number(peer["change"], sign=True),
                number(peer["percentile"], 1),
            ]
        )
    return rows


def factor_reason(data: PaperData, factor_id: str, *, uncertain: bool) -> str:
    """The room's reason for a factor's agreed score and, for an uncertain factor, why it is still uncertain."""
    reason = data.rationales.get((ItemKind.FACTOR.value, factor_id), "")
    still = data.uncertain_reasons.get(factor_id, "") if uncertain else ""
    if not still:
        return reason
    return f"{reason} Still uncertain: {still}" if reason else f"Still uncertain: {still}"


def write_chart(document: Document, chart: Chart, images: dict[str, bytes]) -> None:
    """The chart's image with its alternative text and caption, then its numbers as a table."""
    png = images.get(chart.name)
    if png is not None:
        doc.picture(document, png, chart.alt_text, chart.name)
    doc.caption(document, f"Figure: {chart.name}.")
    doc.table(document, chart.header, chart.rows)
    doc.caption(document, f"The figures of the chart '{chart.name}'.")
